/// A per-field twin with a per-thread counter.
#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
pub struct Hits {
    #[atomic(per_thread)]
    pub hits: u64,
    pub misses: u64,
}

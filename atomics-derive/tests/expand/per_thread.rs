/// Counters of a server, one shard per thread.
#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
#[atomic(per_thread)]
pub struct Stats {
    /// Requests served.
    pub requests: u64,
    pub errors: u32,
    #[atomic(unit = "bytes")]
    pub(crate) bytes: i64,
}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(ordering = Ordering::AcqRel)]
    requests: u64,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(ordering = "sequentially_consistent")]
struct Stats {
    requests: u64,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(per_thread = "yes")]
struct Stats {
    requests: u64,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    requests: atomics_core::Atomic<u64>,
}

fn main() {}

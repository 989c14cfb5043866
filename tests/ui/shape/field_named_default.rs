use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    default: u64,
    requests: u64,
}

fn main() {}

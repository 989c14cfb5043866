use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    requests: u64,
    bytes: u64,
    requests: u64,
}

fn main() {}

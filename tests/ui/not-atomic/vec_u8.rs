use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    requests: u64,
    bad: Vec<u8>,
}

fn main() {}

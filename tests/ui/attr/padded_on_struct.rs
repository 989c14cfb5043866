use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(padded)]
struct Stats {
    hits: u64,
}

fn main() {}

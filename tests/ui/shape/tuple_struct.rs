use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Pair(u64, u64);

fn main() {}

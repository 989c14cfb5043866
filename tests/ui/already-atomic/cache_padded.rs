use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    bytes: atomics_core::CachePadded<u64>,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    limit: atomics_core::Value<u64>,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    hits: atomics_core::PerThreadCounter,
}

fn main() {}

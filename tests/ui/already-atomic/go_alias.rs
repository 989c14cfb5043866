use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    errors: atomics_core::Int32,
}

fn main() {}

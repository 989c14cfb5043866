use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Nothing;

fn main() {}

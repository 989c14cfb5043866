use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Copy, Debug)]
enum Never {}

fn main() {}

use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq)]
#[repr(transparent)]
struct Id(u128);

fn main() {}

use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq)]
#[repr(transparent)]
struct Wrapper<T>(T);

fn main() {}

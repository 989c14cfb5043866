use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Debug, Default, PartialEq)]
#[repr(transparent)]
struct Name(String);

fn main() {}

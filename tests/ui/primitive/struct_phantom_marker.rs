use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq)]
#[repr(transparent)]
struct Meters(u32, std::marker::PhantomData<()>);

fn main() {}

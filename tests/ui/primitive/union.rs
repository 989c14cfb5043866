use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Copy)]
#[repr(C)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {}

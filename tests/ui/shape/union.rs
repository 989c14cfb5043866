use atomics_core::AtomicFields;

#[derive(AtomicFields)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {}

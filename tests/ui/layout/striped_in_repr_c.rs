use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[repr(C)]
struct Shared {
    #[atomic(striped)]
    sequence: u64,
    writers: u32,
}

fn main() {}

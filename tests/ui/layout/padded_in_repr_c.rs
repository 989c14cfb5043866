use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[repr(C)]
struct Shared {
    sequence: u64,
    #[atomic(padded)]
    writers: u32,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[repr(C, packed(4))]
struct Stats {
    flags: u8,
    requests: u64,
}

fn main() {}

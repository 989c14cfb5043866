use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[repr(packed)]
struct Stats {
    flags: u8,
    requests: u64,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[repr(C)]
#[atomic(per_thread)]
struct Stats {
    requests: u64,
}

fn main() {}

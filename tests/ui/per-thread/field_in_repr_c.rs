use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[repr(C)]
struct Stats {
    #[atomic(per_thread)]
    requests: u64,
}

fn main() {}

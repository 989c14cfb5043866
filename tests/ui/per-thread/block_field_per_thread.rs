use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(per_thread)]
struct Stats {
    #[atomic(per_thread)]
    requests: u64,
}

fn main() {}

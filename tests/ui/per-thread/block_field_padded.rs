use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(per_thread)]
struct Stats {
    #[atomic(padded)]
    requests: u64,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(per_thread, padded)]
    requests: u64,
}

fn main() {}

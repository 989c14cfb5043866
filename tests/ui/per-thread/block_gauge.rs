use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(per_thread)]
struct Stats {
    requests: u64,
    #[atomic(gauge)]
    in_flight: u64,
}

fn main() {}

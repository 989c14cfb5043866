use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(per_thread, gauge)]
    in_flight: u64,
}

fn main() {}

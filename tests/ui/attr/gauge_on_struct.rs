use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(gauge)]
struct Stats {
    in_flight: u64,
}

fn main() {}

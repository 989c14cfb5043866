use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(gauge = true)]
    in_flight: u64,
}

fn main() {}

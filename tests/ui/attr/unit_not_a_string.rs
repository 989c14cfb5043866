use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(unit = bytes)]
    sent: u64,
}

fn main() {}

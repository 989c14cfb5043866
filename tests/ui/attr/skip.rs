use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    requests: u64,
    #[atomic(skip)]
    label: u64,
}

fn main() {}

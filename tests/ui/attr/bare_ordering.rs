use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(relaxed)]
    requests: u64,
}

fn main() {}

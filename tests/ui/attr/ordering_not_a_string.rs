use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(ordering = relaxed)]
    requests: u64,
}

fn main() {}

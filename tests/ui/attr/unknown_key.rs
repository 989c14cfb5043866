use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(paded)]
    requests: u64,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(padded = true)]
    hits: u64,
}

fn main() {}

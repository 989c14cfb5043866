use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic]
    hits: u64,
}

fn main() {}

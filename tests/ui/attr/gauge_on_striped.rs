use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(striped, gauge)]
    hits: u64,
}

fn main() {}

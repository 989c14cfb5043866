use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(striped, padded)]
    hits: u64,
}

fn main() {}

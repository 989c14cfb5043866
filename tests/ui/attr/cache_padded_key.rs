use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(cache_padded)]
    requests: u64,
}

fn main() {}

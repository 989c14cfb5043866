use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(striped, per_thread)]
    requests: u64,
}

fn main() {}

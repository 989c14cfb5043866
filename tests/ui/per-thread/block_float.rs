use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(per_thread)]
struct Stats {
    requests: u64,
    seconds: f64,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    requests: u64,
    latency: Histogram,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(Clone, Copy, Default)]
struct Latency {
    p50: u32,
    p99: u32,
}

#[derive(AtomicFields)]
struct Stats {
    requests: u64,
    latency: Latency,
}

fn main() {}

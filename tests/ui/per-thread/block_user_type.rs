use atomics_core::AtomicFields;

#[derive(Clone, Copy)]
enum Level {
    Low,
    High,
}

#[derive(AtomicFields)]
#[atomic(per_thread)]
struct Stats {
    requests: u64,
    level: Level,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(per_thread)]
struct Stats {
    requests: u64,
}

fn reset(s: &AtomicStats) {
    s.store(Stats { requests: 0 });
}

fn main() {}

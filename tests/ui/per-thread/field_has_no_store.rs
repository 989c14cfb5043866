use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(per_thread)]
    requests: u64,
}

fn reset(s: &AtomicStats) {
    s.store_requests(0);
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(per_thread)]
struct Stats {
    requests: u64,
    ready: bool,
}

fn main() {}

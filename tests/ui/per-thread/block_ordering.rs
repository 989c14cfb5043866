use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(per_thread, ordering = "relaxed")]
struct Stats {
    requests: u64,
}

fn main() {}

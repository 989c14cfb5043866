use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(per_thread, ordering = "relaxed")]
    requests: u64,
}

fn main() {}

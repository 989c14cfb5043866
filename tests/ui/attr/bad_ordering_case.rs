use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(ordering = "SeqCst")]
struct Stats {
    requests: u64,
}

fn main() {}

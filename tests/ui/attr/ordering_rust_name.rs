use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(ordering = "Ordering::SeqCst")]
    requests: u64,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(per_thread)]
struct Stats {
    #[atomic(ordering = "seq_cst")]
    requests: u64,
}

fn main() {}

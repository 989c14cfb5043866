use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(ordering = "relaxed")]
    #[atomic(ordering = "seq_cst")]
    requests: u64,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(striped, ordering = "seq_cst")]
    hits: u64,
}

fn main() {}

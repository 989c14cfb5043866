use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(order = "relaxed")]
    requests: u64,
}

fn main() {}

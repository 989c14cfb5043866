use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(name = "reqs")]
    requests: u64,
}

fn main() {}

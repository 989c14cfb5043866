use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(rename = "reqs")]
    requests: u64,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(rename = "SharedStats")]
struct Stats {
    requests: u64,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(name = "Atomic Stats")]
struct Stats {
    hits: u64,
}

fn main() {}

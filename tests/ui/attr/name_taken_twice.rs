// Two twins given one name: rustc's E0428 is reported at the two `name`s.
use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(name = "Shared")]
struct Stats {
    requests: u64,
}

#[derive(AtomicFields)]
#[atomic(name = "Shared")]
struct Other {
    errors: u64,
}

fn main() {}

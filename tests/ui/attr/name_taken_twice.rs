// Two twins given one name: rustc's one error (E0252), at the two `name`s.
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

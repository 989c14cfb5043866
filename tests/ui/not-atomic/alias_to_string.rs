use atomics_core::AtomicFields;

type Name = String;

#[derive(AtomicFields)]
struct Stats {
    requests: u64,
    owner: Name,
}

fn main() {}

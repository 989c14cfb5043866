use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    requests: u64,
    previous: Option<Box<Self>>,
}

fn main() {}

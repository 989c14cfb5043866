use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    requests: u64,
    #[atomic(striped)]
    ready: bool,
}

fn main() {}

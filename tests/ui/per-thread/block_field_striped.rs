use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(per_thread)]
struct Stats {
    #[atomic(striped)]
    requests: u64,
}

fn main() {}

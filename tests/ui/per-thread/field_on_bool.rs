use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(per_thread)]
    ready: bool,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(per_thread)]
    seconds: f64,
}

fn main() {}

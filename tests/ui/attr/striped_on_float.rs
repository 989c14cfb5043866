use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(striped)]
    seconds: f64,
}

fn main() {}

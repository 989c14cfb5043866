use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Meter {
    load: f64,
    peak: f64,
}

fn main() {}

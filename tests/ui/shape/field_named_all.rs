use atomics_core::AtomicFields;

// `add_all` is the twin's, for adding a whole `Totals` of deltas.
#[derive(AtomicFields)]
struct Totals {
    all: u64,
    some: u64,
}

fn main() {}

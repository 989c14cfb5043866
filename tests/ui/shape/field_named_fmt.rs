use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    fmt: u8,
}

fn main() {}

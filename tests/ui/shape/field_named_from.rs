use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    from: u32,
    to: u32,
}

fn main() {}

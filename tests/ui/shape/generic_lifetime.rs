use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Borrowed<'a> {
    value: &'a u64,
}

fn main() {}

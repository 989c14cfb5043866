use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Counter<T> {
    value: T,
}

fn main() {}

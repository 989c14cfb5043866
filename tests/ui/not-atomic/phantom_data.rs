use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    requests: u64,
    marker: core::marker::PhantomData<u8>,
}

fn main() {}

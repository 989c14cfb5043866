use atomics_core::Atomic;

static TOTAL: Atomic<u128> = Atomic::new(0);

fn main() {}

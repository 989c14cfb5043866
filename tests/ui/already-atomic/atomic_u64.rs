use std::sync::atomic::AtomicU64;

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    requests: AtomicU64,
}

fn main() {}

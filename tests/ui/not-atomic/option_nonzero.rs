use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    last_id: Option<core::num::NonZeroU64>,
}

fn main() {}

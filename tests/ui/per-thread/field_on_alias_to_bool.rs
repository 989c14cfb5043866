use atomics_core::AtomicFields;

type Flag = bool;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(per_thread)]
    ready: Flag,
}

fn main() {}

use atomics_core::AtomicFields;

type Flag = bool;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(striped)]
    ready: Flag,
}

fn main() {}

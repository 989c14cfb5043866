use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(striped)]
    name: String,
}

fn main() {}

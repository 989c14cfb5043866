use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    requests: u64,
    path: String,
    total: u128,
    window: [u32; 8],
    grade: char,
    #[atomic(striped)]
    ready: bool,
}

fn main() {}

use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    #[atomic(ordering = "acquire")]
    ready: bool,
}

fn main() {}

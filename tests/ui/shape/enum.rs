use atomics_core::AtomicFields;

#[derive(AtomicFields)]
enum State {
    Idle,
    Busy,
}

fn main() {}

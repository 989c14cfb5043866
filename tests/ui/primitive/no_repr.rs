use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq)]
enum State {
    #[default]
    Idle,
    Running,
}

fn main() {}

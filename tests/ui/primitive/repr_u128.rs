use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq)]
#[repr(u128)]
enum State {
    #[default]
    Idle,
    Running,
}

fn main() {}

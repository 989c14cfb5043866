use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq)]
#[repr(C)]
enum State {
    #[default]
    Idle,
    Running,
}

fn main() {}

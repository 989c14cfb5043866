use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq)]
#[repr(u8)]
enum State {
    #[default]
    #[atomic(gauge)]
    Idle,
    Running,
}

fn main() {}

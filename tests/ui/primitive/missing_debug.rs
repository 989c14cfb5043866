use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Copy, Default)]
#[repr(u8)]
enum State {
    #[default]
    Idle,
    Running,
}

fn main() {}

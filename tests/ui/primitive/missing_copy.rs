use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Debug, Default)]
#[repr(u8)]
enum State {
    #[default]
    Idle,
    Running,
}

fn main() {}

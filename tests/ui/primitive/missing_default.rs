use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Copy, Debug)]
#[repr(u8)]
enum State {
    Idle,
    Running,
}

fn main() {}

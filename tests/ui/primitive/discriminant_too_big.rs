use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq)]
#[repr(u8)]
enum State {
    #[default]
    Idle,
    Huge = 256,
}

fn main() {}

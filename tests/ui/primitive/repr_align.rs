use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq)]
#[repr(u8, align(8))]
enum State {
    #[default]
    Idle,
    Running,
}

fn main() {}

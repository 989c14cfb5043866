use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq)]
#[repr(u8)]
#[atomic(ordering = "relaxed")]
enum State {
    #[default]
    Idle,
    Running,
}

fn main() {}

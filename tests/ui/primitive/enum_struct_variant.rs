use atomics_core::AtomicPrimitive;

#[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq)]
#[repr(u8)]
enum Msg {
    #[default]
    Quit,
    Move { x: i32 },
}

fn main() {}

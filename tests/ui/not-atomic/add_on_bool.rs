use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Flags {
    ready: bool,
}

fn main() {
    let flags = AtomicFlags::new(Flags { ready: false });
    flags.add_ready(true);
}

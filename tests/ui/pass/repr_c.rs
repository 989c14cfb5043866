use atomics_core::AtomicFields;

#[derive(AtomicFields, Debug, Default, PartialEq)]
#[repr(C, align(16))]
struct Shared {
    sequence: u64,
    writers: u32,
    flags: u16,
    open: bool,
    level: i8,
}

static GLOBAL: AtomicShared = AtomicShared::new(Shared {
    sequence: 1,
    writers: 0,
    flags: 0,
    open: false,
    level: 0,
});

fn main() {
    assert_eq!(std::mem::size_of::<Shared>(), std::mem::size_of::<AtomicShared>());
    assert_eq!(std::mem::align_of::<AtomicShared>(), 16);
    let mut plain = Shared::default();
    let view = AtomicShared::from_mut(&mut plain);
    view.add_sequence(3);
    view.store_open(true);
    assert_eq!(plain.sequence, 3);
    assert!(plain.open);

    let mut boxed = Box::new(Shared::default());
    let ptr: *mut Shared = &mut *boxed;
    // SAFETY: `ptr` comes from a live, aligned `Box<Shared>` that is only
    // accessed through the view until the view is dropped.
    let view = unsafe { AtomicShared::from_ptr(ptr) };
    view.add_writers(2);
    assert_eq!(boxed.writers, 2);
    assert_eq!(GLOBAL.load_sequence(), 1);
}

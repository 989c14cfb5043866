/// A block of counters in shared memory.
#[derive(AtomicFields, Default)]
#[repr(C)]
#[atomic(name = "SharedView", crate = "atomics")]
pub struct Shared {
    pub sequence: u64,
    pub writers: u32,
    pub open: bool,
}

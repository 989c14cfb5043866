//! `#[atomic(crate = "...")]` pointed at a look-alike of `atomics_core`
//! with a fake `Atomic<T>` of the same size and alignment, in a crate that
//! forbids unsafe code: the layout view must not compile.
#![forbid(unsafe_code)]

use atomics_core::AtomicFields;

pub mod fake {
    pub use atomics_core::*;

    /// Same size and alignment as the real one, but no interior mutability.
    #[repr(transparent)]
    #[derive(Default)]
    pub struct Atomic<T>(T);

    impl<T: Copy + Default> Atomic<T> {
        pub const fn new(value: T) -> Self {
            Atomic(value)
        }
        pub fn load_with(&self, _: Ordering) -> T {
            self.0
        }
        pub fn store_with(&self, _: T, _: Ordering) {}
        pub fn swap_with(&self, value: T, _: Ordering) -> T {
            value
        }
        pub fn compare_and_swap_with(&self, _: T, _: T, _: Ordering, _: Ordering) -> bool {
            false
        }
        pub fn add_with(&self, value: T, _: Ordering) -> T {
            value
        }
        pub fn sub_with(&self, value: T, _: Ordering) -> T {
            value
        }
        pub fn into_inner(self) -> T {
            self.0
        }
    }
}

#[derive(AtomicFields)]
#[atomic(crate = "fake")]
#[repr(C)]
pub struct Shared {
    pub sequence: u64,
}

fn main() {}

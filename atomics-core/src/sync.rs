//! The one place that picks the atomics every algorithm of this crate runs on.
//!
//! Normally these are `core::sync::atomic`'s. Under `--cfg atomics_loom` they
//! are loom's, so the model checker sees every load, store and RMW our
//! algorithms make and can explore their interleavings. Nothing else in the
//! crate names `core::sync::atomic` directly.

// Each width only where the target has atomics of it: on thumbv7m there is
// no 64-bit atomic to import.
macro_rules! atomics {
    ($($width:literal: $($name:ident),+;)*) => {$(
        #[cfg(all(not(atomics_loom), target_has_atomic = $width))]
        pub(crate) use core::sync::atomic::{$($name),+};
        #[cfg(all(atomics_loom, target_has_atomic = $width))]
        pub(crate) use loom::sync::atomic::{$($name),+};
    )*};
}

atomics! {
    "8": AtomicBool, AtomicI8, AtomicU8;
    "16": AtomicI16, AtomicU16;
    "32": AtomicI32, AtomicU32;
    "64": AtomicI64, AtomicU64;
    "ptr": AtomicIsize, AtomicPtr, AtomicUsize;
}

pub use core::sync::atomic::Ordering;

/// The ordering a CAS loop uses to read the current value, given the ordering
/// of its successful write: the strongest load ordering the write's ordering
/// allows (the rule std applies to `compare_exchange`'s failure ordering).
#[inline]
pub(crate) const fn load_ordering_for(order: Ordering) -> Ordering {
    match order {
        Ordering::Release | Ordering::Relaxed => Ordering::Relaxed,
        Ordering::Acquire | Ordering::AcqRel => Ordering::Acquire,
        _ => Ordering::SeqCst,
    }
}

/// A small per-thread number, handed out round-robin on a thread's first call:
/// the first `n` threads that touch a `StripedCounter` of `n` shards each get a
/// shard of their own.
#[cfg(all(feature = "std", not(atomics_loom)))]
#[inline]
pub(crate) fn thread_slot() -> usize {
    static NEXT: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(0);
    std::thread_local! {
        static SLOT: usize = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    SLOT.with(|slot| *slot)
}

/// Under loom the counter lives in a per-execution static, so every explored
/// execution hands out the same slots (loom requires determinism).
#[cfg(all(feature = "std", atomics_loom))]
pub(crate) fn thread_slot() -> usize {
    loom::lazy_static! {
        static ref NEXT: AtomicUsize = AtomicUsize::new(0);
    }
    loom::thread_local! {
        static SLOT: usize = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    SLOT.with(|slot| *slot)
}

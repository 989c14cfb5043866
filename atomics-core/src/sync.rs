//! The one place that picks the atomics every algorithm of this crate runs on,
//! and the one place each target condition is spelled.
//!
//! Normally the atomics are `core::sync::atomic`'s. Under `--cfg atomics_loom`
//! they are loom's, so the model checker sees every load, store and RMW our
//! algorithms make and can explore their interleavings. Nothing else in the
//! crate names `core::sync::atomic` directly.
//!
//! Each condition the crate depends on is a macro here that wraps the items
//! it gates (portable-atomic's `cfgs.rs` idea), so it is written once:
//!
//! - [`cfg_width!`]: the target has atomic load and store of a width;
//! - [`cfg_cas!`]: the target has compare-and-swap (every read-modify-write);
//! - [`cfg_striped!`]: `StripedCounter` and the per-thread types
//!   (`PerThreadCounter`, `PerThreadBlock`) exist (`std` and 64-bit atomics);
//! - [`cfg_std!`]: the `std` feature is on (and loom off: `Value`);
//! - [`cfg_flags!`]: flag sets exist (feature `bitflags`, compare-and-swap);
//! - [`cfg_wait!`]: blocking waits exist (feature `wait`, loom off);
//! - [`cfg_not_loom!`] / [`cfg_loom!`]: the model-checking build or not.

/// Keeps `items` where the target has atomic loads and stores of `width`.
///
/// Targets with compare-and-swap say so through `target_has_atomic`. Targets
/// without any (`thumbv6m-none-eabi`, `riscv32imc-unknown-none-elf`) still
/// load and store up to 32 bits atomically, but stable Rust cannot ask for
/// `target_has_atomic_load_store`; the architectures named here are the ones
/// whose no-CAS targets core gives 8/16/32-bit and pointer atomics.
macro_rules! cfg_width {
    ("64", $($item:item)*) => {$(
        #[cfg(target_has_atomic = "64")]
        $item
    )*};
    ($width:literal, $($item:item)*) => {$(
        #[cfg(any(
            target_has_atomic = $width,
            all(
                not(target_has_atomic = "8"),
                any(target_arch = "arm", target_arch = "riscv32")
            )
        ))]
        $item
    )*};
}
pub(crate) use cfg_width;

/// Keeps `items` where the target has compare-and-swap: there every
/// read-modify-write (swap, `fetch_add`, CAS loops) exists for every width
/// the target loads and stores.
macro_rules! cfg_cas {
    ($($item:item)*) => {$(
        #[cfg(target_has_atomic = "8")]
        $item
    )*};
}
pub(crate) use cfg_cas;

/// Keeps `items` where `StripedCounter`, `PerThreadCounter` and
/// `PerThreadBlock` exist: the `std` feature (their shards are
/// heap-allocated, their slots thread-local) and 64-bit atomics.
macro_rules! cfg_striped {
    ($($item:item)*) => {$(
        #[cfg(all(feature = "std", target_has_atomic = "64"))]
        $item
    )*};
}
pub(crate) use cfg_striped;

/// Keeps `items` where `Value` exists: the `std` feature, outside loom
/// (crossbeam-epoch's loom support is its own build).
macro_rules! cfg_value {
    ($($item:item)*) => {$(
        #[cfg(all(feature = "std", target_has_atomic = "ptr", not(atomics_loom)))]
        $item
    )*};
}
pub(crate) use cfg_value;

/// Keeps `items` where flag sets exist: the `bitflags` feature, on a target
/// with compare-and-swap (their set operations are read-modify-writes).
macro_rules! cfg_flags {
    ($($item:item)*) => {$(
        #[cfg(all(feature = "bitflags", target_has_atomic = "8"))]
        $item
    )*};
}
pub(crate) use cfg_flags;

/// Keeps `items` where blocking waits exist: the `wait` feature (which
/// implies `std`), outside loom (parking_lot_core's queue is not loom-aware).
macro_rules! cfg_wait {
    ($($item:item)*) => {$(
        #[cfg(all(feature = "wait", not(atomics_loom)))]
        $item
    )*};
}
pub(crate) use cfg_wait;

/// Keeps `items` outside the loom build: `const` constructors, the layout
/// view (`from_mut`, `from_ptr`, `get_mut`), std interop.
macro_rules! cfg_not_loom {
    ($($item:item)*) => {$(
        #[cfg(not(atomics_loom))]
        $item
    )*};
}
pub(crate) use cfg_not_loom;

/// Keeps `items` in the loom build only.
#[allow(unused_macros)] // used only where striped counters exist
macro_rules! cfg_loom {
    ($($item:item)*) => {$(
        #[cfg(atomics_loom)]
        $item
    )*};
}

// Each width only where the target has atomics of it: on thumbv7m there is
// no 64-bit atomic to import.
macro_rules! atomics {
    ($($width:tt: $($name:ident),+;)*) => {$(
        cfg_width! { $width,
            #[cfg(not(atomics_loom))]
            #[allow(unused_imports)]
            pub(crate) use core::sync::atomic::{$($name),+};
            #[cfg(atomics_loom)]
            #[allow(unused_imports)]
            pub(crate) use loom::sync::atomic::{$($name),+};
        }
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
#[allow(dead_code)] // unused on targets without compare-and-swap
pub(crate) const fn load_ordering_for(order: Ordering) -> Ordering {
    match order {
        Ordering::Release | Ordering::Relaxed => Ordering::Relaxed,
        Ordering::Acquire | Ordering::AcqRel => Ordering::Acquire,
        _ => Ordering::SeqCst,
    }
}

/// Panics, at the caller's line, if `order` cannot order a load (std panics
/// too, but inside `core`, which points the user at the wrong file). Folds
/// away when `order` is a constant.
#[inline]
#[track_caller]
pub(crate) const fn check_load(order: Ordering) {
    if matches!(order, Ordering::Release | Ordering::AcqRel) {
        panic!("there is no such thing as a release load: use Acquire, Relaxed or SeqCst");
    }
}

/// Panics, at the caller's line, if `order` cannot order a store.
#[inline]
#[track_caller]
pub(crate) const fn check_store(order: Ordering) {
    if matches!(order, Ordering::Acquire | Ordering::AcqRel) {
        panic!("there is no such thing as an acquire store: use Release, Relaxed or SeqCst");
    }
}

/// Panics, at the caller's line, if `failure` cannot order the load of a
/// failed compare-and-swap.
#[inline]
#[track_caller]
#[allow(dead_code)] // unused on targets without compare-and-swap
pub(crate) const fn check_failure(failure: Ordering) {
    if matches!(failure, Ordering::Release | Ordering::AcqRel) {
        panic!(
            "a failed compare-and-swap only loads: its failure ordering must be Acquire, Relaxed or SeqCst"
        );
    }
}

cfg_striped! {
    cfg_not_loom! {
        /// A small per-thread number, handed out round-robin on a thread's
        /// first call: the first `n` threads that touch a `StripedCounter` of
        /// `n` shards each get a shard of their own.
        #[inline]
        pub(crate) fn thread_slot() -> usize {
            static NEXT: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(0);
            std::thread_local! {
                static SLOT: usize = NEXT.fetch_add(1, Ordering::Relaxed);
            }
            SLOT.with(|slot| *slot)
        }
    }

    cfg_loom! {
        /// Under loom the counter lives in a per-execution static, so every
        /// explored execution hands out the same slots (loom requires
        /// determinism).
        pub(crate) fn thread_slot() -> usize {
            loom::lazy_static! {
                static ref NEXT: AtomicUsize = AtomicUsize::new(0);
            }
            loom::thread_local! {
                static SLOT: usize = NEXT.fetch_add(1, Ordering::Relaxed);
            }
            SLOT.with(|slot| *slot)
        }
    }
}

cfg_striped! {
    cfg_not_loom! {
        pub(crate) use core::sync::atomic::fence;
        pub(crate) use crossbeam_utils::Backoff;
        pub(crate) use std::sync::Mutex;
        pub(crate) use thread_local::ThreadLocal;
    }

    cfg_not_loom! {
        /// A load by the only thread that ever stores to `cell` (a per-thread
        /// slot's owner): it reads that thread's own last store.
        #[inline]
        pub(crate) fn load_own(cell: &AtomicU64) -> u64 {
            cell.load(Ordering::Relaxed)
        }

        /// This thread's slot of `slots`, inserted first if it has none.
        ///
        /// Always the reference that `get` returns, never the one that
        /// `get_or_default` returns when it inserts: that one is derived from
        /// the `&mut` which wrote the new value, so the first write through
        /// any later lookup of the slot ends its permission (miri reports the
        /// next use as undefined behaviour, under Stacked and Tree Borrows
        /// alike). A `with_local` handle is used across such writes (a plain
        /// `add` on the same thread inside the closure).
        #[inline]
        pub(crate) fn own_slot<T: Send + Default>(slots: &ThreadLocal<T>) -> &T {
            match slots.get() {
                Some(slot) => slot,
                None => insert_own_slot(slots),
            }
        }

        /// The first lookup on this thread: insert, then look up again.
        #[cold]
        fn insert_own_slot<T: Send + Default>(slots: &ThreadLocal<T>) -> &T {
            let _ = slots.get_or_default();
            slots
                .get()
                .unwrap_or_else(|| unreachable!("this thread's slot was just inserted"))
        }
    }

    cfg_loom! {
        /// A load by the only thread that ever stores to `cell`, made a check
        /// under loom: `unsync_load` fails the model unless every store to
        /// `cell` happens before it, so loom verifies the single-writer
        /// invariant and the hand-over of an exited thread's slot. (A relaxed
        /// load here would also hide the owner's store from loom's partial-order
        /// reduction, which tracks one last access per atomic: the owner's own
        /// load would stand in front of a reader's, and the reader's stale
        /// reads would go unexplored.)
        pub(crate) fn load_own(cell: &AtomicU64) -> u64 {
            // SAFETY: under loom, `unsync_load` reads loom's model of the cell
            // (its latest store), not memory another thread may be writing, and
            // loom panics if a store to `cell` does not happen before this load.
            // The callers are the cell's owner, the only thread that stores to it.
            unsafe { cell.unsync_load() }
        }

        /// This thread's slot of `slots` (loom's stand-in hands out plain
        /// references into a slice, so there is no inserting lookup to avoid).
        pub(crate) fn own_slot<T: Default>(slots: &ThreadLocal<T>) -> &T {
            slots.get_or_default()
        }

        pub(crate) use loom::sync::atomic::fence;
        pub(crate) use loom::sync::Mutex;
        pub(crate) use loom_slots::ThreadLocal;

        /// A retry loop's pause. Under loom a spinning thread must yield, or the
        /// model checker keeps scheduling it and never the thread it waits for.
        pub(crate) struct Backoff;

        impl Backoff {
            pub(crate) fn new() -> Self {
                Self
            }

            pub(crate) fn snooze(&self) {
                loom::thread::yield_now();
            }
        }

        /// The part of the `thread_local` crate the per-thread types use, for
        /// loom, which cannot see inside that crate: one value per thread and
        /// object, and a thread's slot handed to the next thread once it has
        /// exited.
        ///
        /// It keeps the facts the per-thread types rely on: a slot is only
        /// ever used by one live thread; an exited thread's slot goes to a
        /// later thread together with its contents, through a lock, so the
        /// new owner sees everything the old one wrote; and an iteration sees
        /// every slot. Unlike `thread_local` it has a slot for each of loom's
        /// at most `MAX_THREADS` threads from the start (a loom model is
        /// small), which only adds zeros to the sums.
        mod loom_slots {
            use std::boxed::Box;
            use std::vec::Vec;

            use super::Mutex;

            pub(crate) struct ThreadLocal<T> {
                slots: Box<[T]>,
            }

            impl<T: Default> ThreadLocal<T> {
                pub(crate) fn new() -> Self {
                    Self {
                        slots: (0..loom::MAX_THREADS).map(|_| T::default()).collect(),
                    }
                }

                pub(crate) fn get_or_default(&self) -> &T {
                    &self.slots[thread_id()]
                }

                pub(crate) fn iter(&self) -> core::slice::Iter<'_, T> {
                    self.slots.iter()
                }
            }

            /// The ids of the live threads; the smallest free one goes to the next
            /// thread that asks, as `thread_local` does.
            struct Ids {
                next: usize,
                free: Vec<usize>,
            }

            type Registry = std::sync::Arc<Mutex<Ids>>;

            loom::lazy_static! {
                static ref IDS: Registry =
                    std::sync::Arc::new(Mutex::new(Ids { next: 0, free: Vec::new() }));
            }

            /// A thread's id, given back when the thread exits. It holds the
            /// registry: loom drops its statics when the model's main thread
            /// returns, and other threads' thread-locals may be dropped after
            /// that (loom's `join` returns before them).
            struct Id {
                id: usize,
                ids: Registry,
            }

            impl Drop for Id {
                fn drop(&mut self) {
                    self.ids.lock().unwrap().free.push(self.id);
                }
            }

            fn thread_id() -> usize {
                loom::thread_local! {
                    static ID: Id = {
                        let registry = Registry::clone(&IDS);
                        let mut ids = registry.lock().unwrap();
                        let smallest = ids.free.iter().enumerate().min_by_key(|&(_, id)| *id);
                        let id = match smallest.map(|(at, _)| at) {
                            Some(at) => ids.free.swap_remove(at),
                            None => {
                                ids.next += 1;
                                ids.next - 1
                            }
                        };
                        drop(ids);
                        Id { id, ids: registry }
                    };
                }
                ID.with(|id| id.id)
            }
        }
    }
}

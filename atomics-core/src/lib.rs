//! Go's `sync/atomic` for Rust, and past it.
//!
//! ```
//! use atomics_core::*;
//!
//! let counter = Int64::new(0);
//! assert_eq!(counter.add(1), 1); // Go's Add: returns the new value
//! assert!(counter.compare_and_swap(1, 100));
//! assert_eq!(counter.swap(42), 100);
//! assert_eq!(counter.load(), 42);
//! ```
//!
//! # Which type for what
//!
//! | you share | use | notes |
//! |---|---|---|
//! | a counter, gauge, flag or word | [`Atomic<T>`] (or its Go name: [`Int64`], [`Bool`], …) | zero cost: the same instructions as `std::sync::atomic` |
//! | a struct of those | `#[derive(AtomicFields)]` | its atomic twin, with `load()`/`take()` of the whole |
//! | a hot field next to others | [`CachePadded<Atomic<T>>`](CachePadded) | its own cache line: no false sharing |
//! | a counter many threads add to at once | [`StripedCounter`] | one line per thread; reads sum the shards |
//! | a raw pointer | [`Pointer<T>`] | Go's `atomic.Pointer[T]`; ownership is yours |
//! | anything else (config, a `String`, a map) | [`Value<T>`] | an atomically swapped `Arc<T>`, reclaimed safely; a [`ValueCache`] reads it at about the cost of a plain load |
//!
//! The atomic-capable types are those of [`AtomicPrimitive`]: `bool`, the
//! integers (64-bit only where the target has 64-bit atomics), `f32` and `f64`.
//!
//! # Orderings
//!
//! Every plain method (`load`, `store`, `add`, `swap`, `compare_and_swap`, …)
//! is sequentially consistent ([`Ordering::SeqCst`]), as Go's are: the safe
//! default, and on x86 no slower for read-modify-writes. Each also has a
//! `_with` form that takes the same arguments followed by explicit
//! orderings: one for a load, store or read-modify-write, two (success, then
//! failure) for the compare-and-swap family and the CAS loops.
//!
//! ```
//! use atomics_core::{Atomic, Ordering::*};
//!
//! let data = Atomic::new(0u32);
//! let ready = Atomic::new(false);
//! data.store_with(7, Relaxed);
//! ready.store_with(true, Release); // publishes `data`…
//! if ready.load_with(Acquire) {
//!     // …to whoever observes `ready`.
//!     assert_eq!(data.load_with(Relaxed), 7);
//! }
//! ```
//!
//! A statistics counter that orders nothing else can use `Relaxed`; a flag
//! that publishes other memory needs `Release` on the write and `Acquire` on
//! the read. When in doubt, keep the plain methods.
//!
//! # Go's three caveats, and the answers here
//!
//! Go's documentation of `sync/atomic` lists three caveats. Each is a
//! documented hazard there; here, the compiler takes care of two of them.
//!
//! ## Limited scope: only basic types
//!
//! `Atomic<T>` requires `T: AtomicPrimitive`, and the trait is implemented for
//! the primitive types only. `Atomic<String>` or `Atomic<u128>` is a compile
//! error whose message lists the atomic-capable types and points to
//! [`Value<T>`], which makes any `T` shareable by swapping `Arc<T>`s, or to a
//! `Mutex`.
//!
//! ## Alignment: 64-bit words must be 64-bit aligned
//!
//! Go's 32-bit platforms fault at run time on an unaligned 64-bit atomic.
//! Here, `Atomic<u64>` is 8-aligned on every target (as Go's typed `Int64`),
//! and [`Atomic::from_mut`], which views a plain `&mut u64` as an atomic, does
//! not compile where a `u64` is less aligned than its atomic (32-bit x86
//! Linux). The derive's layout view of a `#[repr(C)]` struct checks every
//! field's offset at compile time. Only [`Atomic::from_ptr`], for memory you
//! get from outside (shared memory, `mmap`), leaves alignment to you, and
//! debug builds check it.
//!
//! ## Code complexity
//!
//! Atomics make code harder to follow than a lock. This crate keeps the
//! common cases short (`hits.add(1)`, a derived stats block with `take()` for
//! periodic reporting, a `Value` for configuration) and names the semantics
//! that surprise: Go's `add` returns the new value while std's `fetch_add`
//! returns the old one, and both exist under those names; a derived struct's
//! `load()` reads each field atomically but is **not** one atomic snapshot of
//! the whole; [`StripedCounter::sum`] is not linearizable. For invariants
//! that span several values, use a `Mutex`.
//!
//! # What "atomic" means
//!
//! An operation is atomic if it happens entirely or not at all, with nothing
//! else in the same context observed half-way. `i += 1` on a shared integer is
//! three steps (load, add, store) and two threads can interleave them and
//! lose an update; [`Atomic::add`] is one indivisible read-modify-write.
//! Atomicity is about one location: two atomic operations in a row are two
//! operations, and something may happen between them.
//!
//! # Features
//!
//! - `std` (default): [`Value`] and [`StripedCounter`]. Without it the crate
//!   is `no_std` and needs no allocator.
//! - `derive` (default): re-exports `#[derive(AtomicFields)]`.
//!
//! # Checking with loom
//!
//! Built with `RUSTFLAGS="--cfg atomics_loom"`, the crate runs on
//! [loom](https://docs.rs/loom)'s atomics, so code using it can be
//! model-checked; `const` constructors, `from_mut`/`from_ptr`/`get_mut` and
//! `Value` are unavailable in that mode.
#![no_std]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[cfg(feature = "std")]
extern crate std;

mod aliases;
mod atomic;
mod derive_support;
mod field;
mod pointer;
mod primitive;
#[cfg(all(feature = "std", target_has_atomic = "64"))]
mod striped;
mod sync;
#[cfg(all(feature = "std", not(atomics_loom)))]
mod value;

pub use aliases::*;
pub use atomic::Atomic;
pub use field::FieldValue;
pub use pointer::Pointer;
pub use primitive::{AtomicAligned, AtomicPrimitive};
#[cfg(all(feature = "std", target_has_atomic = "64"))]
pub use striped::StripedCounter;
pub use sync::Ordering;
#[cfg(all(feature = "std", not(atomics_loom)))]
pub use value::{Value, ValueCache, ValueRef};

/// Pads and aligns a value to the length of a cache line, so that two
/// neighbours never share one (no false sharing). A re-export of
/// [`crossbeam_utils::CachePadded`], whose per-architecture line sizes are
/// documented with their sources.
///
/// # Examples
///
/// ```
/// use atomics_core::{Atomic, CachePadded};
///
/// struct Stats {
///     hot: CachePadded<Atomic<u64>>, // written constantly by one thread
///     cold: Atomic<u64>,             // read by another
/// }
/// let s = Stats { hot: CachePadded::new(Atomic::new(0)), cold: Atomic::new(0) };
/// s.hot.add(1);
/// assert_eq!(s.hot.load() + s.cold.load(), 1);
/// assert!(std::mem::align_of::<CachePadded<Atomic<u64>>>() >= 32);
/// ```
pub use crossbeam_utils::CachePadded;

#[cfg(feature = "derive")]
pub use atomics_derive::AtomicFields;

/// Paths the derive's generated code names; not API.
#[doc(hidden)]
pub mod __private {
    pub use core;

    pub use crate::derive_support::*;
    pub use crate::{__atomics_const_fn as const_fn, __atomics_unless_loom as unless_loom};
}

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

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
//! | a struct of counters updated together | `#[derive(AtomicFields)]` with `#[atomic(per_thread)]` on the struct | one [`PerThreadBlock`]: `record(\|d\| …)` adds the plain struct as one record; `snapshot()`/`take()` return whole records only |
//! | a hot field next to others | [`CachePadded<Atomic<T>>`](CachePadded) | its own cache line: no false sharing |
//! | a counter many threads add to at once, threads coming and going by the thousand | [`StripedCounter`] | one line per thread; an add is still a locked add (about 5 ns here, as a `fetch_add`), but without contention; reads sum the shards |
//! | a counter added to on hot paths, read now and then | [`PerThreadCounter`] | each thread's own slot: an add is a plain load and store, 0.11-0.12x a `fetch_add` on one thread; in a loop, [`with_local`](PerThreadCounter::with_local)'s handle is the same instructions as a private counter (two threads: 0.99-1.01x the throughput of two private padded counters, 20x a `StripedCounter`'s); `sum`/`take` visit every thread's slot |
//! | counters updated together, read consistently | [`PerThreadBlock<N>`](PerThreadBlock) | `record` adds several as one step (three fields: 0.33-0.36x three `PerThreadCounter` adds); `snapshot`/`take` never see half a record; a snapshot of three fields with one writer thread costs about 28 ns (0.35x reading the three fields one by one; three plain `Atomic` loads: 0.25 ns) |
//! | a raw pointer | [`Pointer<T>`] | Go's `atomic.Pointer[T]`; ownership is yours |
//! | a state machine, or a newtype | `#[derive(AtomicPrimitive)]` on a fieldless `#[repr(u8)]` enum (or a `#[repr(transparent)]` newtype), then `Atomic<State>` | stored in the repr's width; the same instructions as the integer with the conversion by hand; never an invalid variant |
//! | a set of flags | `atomic_flags!` (feature `bitflags`) | a bitflags type with `insert`, `remove`, `toggle`, `set`, `contains` |
//! | a value to sleep on until it changes | `Atomic::wait` / `notify_all` (feature `wait`) | no spinning, no lost wake-up |
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
//! - `serde`: `Serialize`/`Deserialize` for [`Atomic<T>`] (as its value).
//! - `prometheus-client`: the `prometheus` module, which registers any
//!   [`FieldSet`] (a derived stats block) with a prometheus-client
//!   `Registry` as a collector.
//! - `metrics`: `Atomic<u64>`, [`StripedCounter`] and [`PerThreadCounter`] implement
//!   `metrics::CounterFn`, `Atomic<f64>` implements `metrics::GaugeFn`, so
//!   `metrics::Counter::from_arc` records into them.
//!
//! # Targets
//!
//! The crate builds on every target with atomic loads and stores. What
//! exists follows what the target has:
//!
//! - 64-bit types (`Atomic<u64>`, `Int64`, `Float64`, [`StripedCounter`])
//!   only where the target has 64-bit atomics (`thumbv7m-none-eabi` and
//!   `powerpc-unknown-linux-gnu` do not): a `u64` field of a derived struct
//!   there is a compile error naming the field.
//! - On targets without compare-and-swap (`thumbv6m-none-eabi`,
//!   `riscv32imc-unknown-none-elf`), the types up to 32 bits and
//!   [`Pointer`] have their loads and stores (`new`, `load`, `store`, the
//!   conversions) and nothing else: `swap`, `add`, `compare_and_swap` and
//!   the other read-modify-writes do not exist there (a "no method" error),
//!   and neither do the kind traits [`AtomicNumber`], [`AtomicInteger`] and
//!   [`AtomicFloat`]. A derived twin keeps its loads and stores too; its
//!   `swap`, `take` and per-field read-modify-writes are absent.
//!   Read-modify-writes on such targets need a critical section
//!   (portable-atomic's `critical-section` feature does that).
//! - `bitflags`: `atomic_flags!` declares a [bitflags](https://docs.rs/bitflags)
//!   2 type that lives in an atomic, with `insert`, `remove`, `toggle`, `set`
//!   and `contains` (`AtomicFlags`).
//! - `wait` (implies `std`): `Atomic::wait`, `wait_timeout`, `notify_one` and
//!   `notify_all`: a thread sleeps until an atomic changes instead of
//!   spinning, on [parking_lot_core](https://docs.rs/parking_lot_core)'s
//!   address-keyed queues (absent under loom, which cannot see them).
//!
//! # Checking with loom
//!
//! Built with `RUSTFLAGS="--cfg atomics_loom"` and the `loom` feature (which
//! only brings in the optional dependency: a build without the cfg ignores
//! it), the crate runs on [loom](https://docs.rs/loom)'s atomics, so code
//! using it can be model-checked; `const` constructors,
//! `from_mut`/`from_ptr`/`get_mut`, std interop and `Value` are unavailable
//! in that mode.
#![no_std]
#![deny(missing_docs)]
// docs.rs (nightly): features show as badges; the internal loom cfg and the
// atomic widths, which would badge every method of every type, do not.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![cfg_attr(
    docsrs,
    doc(auto_cfg(hide(
        atomics_loom,
        target_has_atomic = "8",
        target_has_atomic = "16",
        target_has_atomic = "32",
        target_has_atomic = "64",
        target_has_atomic = "ptr"
    )))
)]

#[cfg(feature = "std")]
extern crate std;

// The modules form a line: `sync` (atomics and cfgs), `table` (the types),
// `field` (the visitor's values), `primitive` (the traits), then the types
// built on them.
mod sync;
mod table;

mod field;
mod primitive;

mod via;

mod aliases;
mod atomic;
mod derive_support;
mod export;
#[cfg(feature = "serde")]
mod serde_impls;

sync::cfg_width! { "ptr",
    mod pointer;
}

// Not inside `cfg_flags!`: `atomic_flags!` is `#[macro_export]`, which a
// macro-expanded module cannot be; the module gates its own items.
mod flags;
sync::cfg_flags! {
    pub use flags::AtomicFlags;
}

sync::cfg_wait! {
    mod wait;
    pub use wait::Waited;
}

sync::cfg_striped! {
    mod per_thread;
    mod striped;
    pub use per_thread::{LocalBlock, LocalCounter, PerThreadBlock, PerThreadCounter};
    pub use striped::StripedCounter;
}
sync::cfg_value! {
    mod value;
    pub use value::{Value, ValueCache, ValueRef};
}

pub use aliases::*;
pub use atomic::Atomic;
pub use field::{FieldInfo, FieldKind, FieldSet, FieldValue};
pub use primitive::{AtomicAligned, AtomicPrimitive};
sync::cfg_cas! {
    pub use primitive::{AtomicFloat, AtomicInteger, AtomicNumber};
}
sync::cfg_width! { "ptr",
    pub use pointer::Pointer;
}
pub use sync::Ordering;

#[cfg(feature = "prometheus-client")]
pub use export::prometheus;

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

/// `#[derive(AtomicFields)]`: the atomic twin of a plain struct of counters
/// and flags (from `atomics-derive`; its attributes are described below).
///
/// # Examples
///
/// A stats block, updated through `&self` and reported with `take()`:
///
/// ```
/// use atomics_core::AtomicFields;
///
/// #[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
/// #[atomic(ordering = "relaxed")] // the default of every field (else seq_cst)
/// pub struct Stats {
///     /// Requests served.
///     pub requests: u64,
///     #[atomic(padded)] // a hot field: a cache line of its own
///     pub bytes: u64,
///     #[atomic(ordering = "acq_rel")] // a flag that publishes other memory
///     pub ready: bool,
///     pub errors: u32,
///     /// Requests being served now: a level, not a count.
///     #[atomic(gauge)]
///     pub in_flight: i32,
/// }
///
/// let stats = AtomicStats::new(Stats::default());
/// assert_eq!(stats.add_requests(1), 1); // Go's Add: the new value
/// stats.add_errors(10);
/// stats.add_in_flight(2);
/// stats.store_ready(true);
/// let snapshot: Stats = stats.load(); // field by field, not one atomic snapshot
/// assert_eq!((snapshot.requests, snapshot.errors, snapshot.ready), (1, 10, true));
/// // Periodic reporting: counters are swapped to zero, gauges (`in_flight`,
/// // and `ready`: a `bool` is always a gauge) are read and left as they are.
/// let delta: Stats = stats.take();
/// assert_eq!((delta.errors, delta.in_flight), (10, 2));
/// assert_eq!(
///     stats.load(),
///     Stats { ready: true, in_flight: 2, ..Stats::default() }
/// );
/// ```
///
/// Deltas added back with `add_all`: a reporter that `take()`s each
/// interval can keep a cumulative block for Prometheus (whose counters never
/// go down) without naming a field. Counters add; gauges are set to the
/// level given, since `take()` returns gauges' levels, not changes:
///
/// ```
/// use atomics_core::AtomicFields;
///
/// #[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
/// struct Jobs {
///     done: u64,
///     #[atomic(gauge)]
///     running: u32,
/// }
///
/// let (live, total) = (AtomicJobs::default(), AtomicJobs::default());
/// live.add_done(3);
/// live.add_running(2);
/// total.add_all(&live.take()); // each interval's report
/// live.add_done(4);
/// live.sub_running(1);
/// total.add_all(&live.take());
/// assert_eq!(total.load(), Jobs { done: 7, running: 1 });
/// ```
///
/// Every field's metadata, for exporters: the kind, the first paragraph of
/// the doc comment as help, and the unit of `#[atomic(unit = "...")]`.
/// `FieldSet` is implemented for the twin (its current values) and for the
/// plain struct (its own values: a snapshot, a `take()`'s deltas):
///
/// ```
/// use atomics_core::{AtomicFields, FieldKind, FieldSet, FieldValue};
///
/// #[derive(AtomicFields, Clone, Copy, Default)]
/// struct Io {
///     /// Bytes written to
///     /// clients.
///     ///
///     /// Not in the help: only the first paragraph is.
///     #[atomic(unit = "bytes")]
///     written: u64,
///     /// Writes in progress.
///     #[atomic(gauge)]
///     pending: u32,
/// }
///
/// let [written, pending] = AtomicIo::FIELDS;
/// assert_eq!(written.help(), "Bytes written to clients.");
/// assert_eq!((written.kind(), written.unit()), (FieldKind::Counter, Some("bytes")));
/// assert_eq!(pending.kind(), FieldKind::Gauge);
///
/// let io = AtomicIo::default();
/// io.add_written(512);
/// let mut seen = Vec::new();
/// io.take().try_for_each_field(|name, value| {
///     seen.push((name, value));
///     Ok::<(), ()>(())
/// })?;
/// assert_eq!(seen, [("written", FieldValue::Unsigned(512)), ("pending", FieldValue::Unsigned(0))]);
/// # Ok::<(), ()>(())
/// ```
///
/// The layout view of a `#[repr(C)]` struct:
///
/// ```
/// use atomics_core::AtomicFields;
///
/// #[derive(AtomicFields, Default)]
/// #[repr(C)]
/// struct Shared {
///     sequence: u64,
///     writers: u32,
///     open: bool,
/// }
///
/// let mut plain = Shared::default();
/// AtomicShared::from_mut(&mut plain).add_sequence(2);
/// assert_eq!(plain.sequence, 2);
/// ```
///
/// A per-thread stats block: `#[atomic(per_thread)]` on the struct makes the
/// twin one [`PerThreadBlock`], where `record` adds several fields as one
/// step and every `snapshot` and `take` holds whole records only (a
/// `#[atomic(per_thread)]` field is a [`PerThreadCounter`] instead):
///
/// ```
/// # #[cfg(feature = "std")] {
/// use atomics_core::AtomicFields;
/// use std::thread;
///
/// #[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
/// #[atomic(per_thread)]
/// struct Stats {
///     requests: u64,
///     errors: u64,
///     bytes: u64,
/// }
///
/// let stats = AtomicStats::default();
/// thread::scope(|s| {
///     s.spawn(|| {
///         for i in 0..1000 {
///             stats.record(|d| {
///                 d.requests = 1;
///                 d.errors = u64::from(i % 10 == 0);
///                 d.bytes = 512;
///             });
///         }
///     });
///     // While the worker records: never part of a record.
///     let seen: Stats = stats.snapshot();
///     assert!(seen.errors <= seen.requests);
///     assert_eq!(seen.bytes, seen.requests * 512);
/// });
/// stats.add_errors(1); // a record of one field
/// assert_eq!(stats.take(), Stats { requests: 1000, errors: 101, bytes: 512_000 });
/// assert_eq!(stats.load_requests(), 0);
/// # }
/// ```
///
/// A field that is not atomic-capable is a compile error at the field:
///
/// ```compile_fail
/// use atomics_core::AtomicFields;
///
/// #[derive(AtomicFields)]
/// struct Config {
///     name: String, // error: `String` is not atomic-capable (use `Value<String>`)
/// }
/// ```
#[cfg(feature = "derive")]
pub use atomics_derive::AtomicFields;

#[cfg(feature = "derive")]
pub use via::AtomicPrimitive;

/// Paths the derive's generated code names; not API.
#[doc(hidden)]
pub mod __private {
    pub use core;

    pub use crate::derive_support::*;

    /// User types in atomics: what `#[derive(AtomicPrimitive)]` expands to.
    pub use crate::__atomics_impl_primitive as impl_atomic_primitive;
    pub use crate::via::{Via, ViaCast, ViaRepr};

    /// The hooks `impl_atomic_primitive!` delegates to.
    pub mod via {
        pub use crate::via::*;
    }

    crate::sync::cfg_flags! {
        pub use bitflags;

        /// The hooks `atomic_flags!` delegates to.
        pub mod flags {
            pub use crate::flags::{fetch_clear, fetch_or, fetch_xor};
        }
    }
    pub use crate::{
        __atomics_const_fn as const_fn, __atomics_if_cas as if_cas,
        __atomics_unless_loom as unless_loom, __atomics_view_mut as view_mut,
        __atomics_view_ptr as view_ptr,
    };
}

/// The crate README's Rust examples (they use the default features),
/// compiled and run as doc tests.
#[cfg(all(doctest, feature = "std", feature = "derive"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

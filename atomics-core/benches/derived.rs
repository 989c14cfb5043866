//! Group 2: a `#[derive(AtomicFields)]` twin beside the struct of std
//! atomics one would write by hand, doing the same work in the same run.
//!
//! Each criterion group is one operation done both ways: `hand_written` (the
//! baseline) and `derived`. The goal is a ratio of 1.00 within noise, since
//! the generated accessors should compile to the same instructions. The
//! `_relaxed` groups repeat the comparison for a struct marked
//! `#[atomic(ordering = "relaxed")]` against hand-written relaxed atomics.
//! The `derived_block_` and `derived_per_thread_` groups compare a twin
//! with `#[atomic(per_thread)]` (on the struct, on a field) with the
//! `PerThreadBlock` or `PerThreadCounter` it wraps, used by hand.

use std::sync::atomic::{AtomicU64, Ordering, Ordering::Relaxed, Ordering::SeqCst};

use atomics_core::AtomicFields;
use criterion::{Criterion, criterion_main};

use atomics_bench as common;

use common::same_place_pair;

/// Per-endpoint request statistics, the derive's typical input.
#[derive(AtomicFields, Clone, Copy, Debug, Default, PartialEq)]
struct Stats {
    requests: u64,
    bytes: u64,
    errors: u64,
    latency_us: u64,
}

/// The same statistics, for a reporter that needs no ordering with other
/// memory.
#[derive(AtomicFields, Clone, Copy, Debug, Default, PartialEq)]
#[atomic(ordering = "relaxed")]
struct RelaxedStats {
    requests: u64,
    bytes: u64,
    errors: u64,
    latency_us: u64,
}

/// What one writes without the derive: a struct of std atomics and one
/// method per operation, with the ordering given at construction so the
/// same code serves both the sequentially consistent and the relaxed rows.
struct HandStats {
    requests: AtomicU64,
    bytes: AtomicU64,
    errors: AtomicU64,
    latency_us: AtomicU64,
}

impl HandStats {
    fn new(s: Stats) -> Self {
        Self {
            requests: AtomicU64::new(s.requests),
            bytes: AtomicU64::new(s.bytes),
            errors: AtomicU64::new(s.errors),
            latency_us: AtomicU64::new(s.latency_us),
        }
    }

    #[inline]
    fn add_requests(&self, d: u64, o: Ordering) -> u64 {
        self.requests.fetch_add(d, o).wrapping_add(d)
    }

    #[inline]
    fn add_bytes(&self, d: u64, o: Ordering) -> u64 {
        self.bytes.fetch_add(d, o).wrapping_add(d)
    }

    #[inline]
    fn add_errors(&self, d: u64, o: Ordering) -> u64 {
        self.errors.fetch_add(d, o).wrapping_add(d)
    }

    #[inline]
    fn add_latency_us(&self, d: u64, o: Ordering) -> u64 {
        self.latency_us.fetch_add(d, o).wrapping_add(d)
    }

    #[inline]
    fn store_requests(&self, v: u64, o: Ordering) {
        self.requests.store(v, o);
    }

    #[inline]
    fn load(&self, o: Ordering) -> Stats {
        Stats {
            requests: self.requests.load(o),
            bytes: self.bytes.load(o),
            errors: self.errors.load(o),
            latency_us: self.latency_us.load(o),
        }
    }
}

/// One operation, both ways, in its own criterion group, each side on a
/// struct it makes, at the same address (see `common::same_place_pair`).
fn pair<H, D>(
    c: &mut Criterion,
    name: &str,
    (make_hand, hand_op): (impl Fn() -> H, impl FnMut(&H, u64) -> u64),
    (make_derived, derived_op): (impl Fn() -> D, impl FnMut(&D, u64) -> u64),
) {
    same_place_pair(
        c,
        name,
        ("hand_written", make_hand, hand_op),
        ("derived", make_derived, derived_op),
    );
}

/// A full load folded into one `u64` for `time_loop`, the same on both sides.
fn fold(s: &Stats) -> u64 {
    s.requests ^ s.bytes ^ s.errors ^ s.latency_us
}

fn seq_cst(c: &mut Criterion) {
    let h = || HandStats::new(Stats::default());
    let d = || AtomicStats::new(Stats::default());
    pair(
        c,
        "derived_add_one",
        (h, |s: &HandStats, i| s.add_requests(i, SeqCst)),
        (d, |s: &AtomicStats, i| s.add_requests(i)),
    );
    // Recording one request touches every field: four adds.
    pair(
        c,
        "derived_record",
        (h, |s: &HandStats, i| {
            s.add_requests(1, SeqCst);
            s.add_bytes(i, SeqCst);
            s.add_errors(i & 1, SeqCst);
            s.add_latency_us(i, SeqCst)
        }),
        (d, |s: &AtomicStats, i| {
            s.add_requests(1);
            s.add_bytes(i);
            s.add_errors(i & 1);
            s.add_latency_us(i)
        }),
    );
    pair(
        c,
        "derived_store",
        (h, |s: &HandStats, i| {
            s.store_requests(i, SeqCst);
            0
        }),
        (d, |s: &AtomicStats, i| {
            s.store_requests(i);
            0
        }),
    );
    pair(
        c,
        "derived_load_all",
        (h, |s: &HandStats, _| fold(&s.load(SeqCst))),
        (d, |s: &AtomicStats, _| fold(&s.load())),
    );
    // One field read, so the accessors' reads are covered too.
    pair(
        c,
        "derived_load_one",
        (h, |s: &HandStats, _| s.requests.load(SeqCst)),
        (d, |s: &AtomicStats, _| s.load_requests()),
    );
}

fn relaxed(c: &mut Criterion) {
    let h = || HandStats::new(Stats::default());
    let d = || AtomicRelaxedStats::new(RelaxedStats::default());
    pair(
        c,
        "derived_record_relaxed",
        (h, |s: &HandStats, i| {
            s.add_requests(1, Relaxed);
            s.add_bytes(i, Relaxed);
            s.add_errors(i & 1, Relaxed);
            s.add_latency_us(i, Relaxed)
        }),
        (d, |s: &AtomicRelaxedStats, i| {
            s.add_requests(1);
            s.add_bytes(i);
            s.add_errors(i & 1);
            s.add_latency_us(i)
        }),
    );
    // A relaxed store is a plain `mov` where a sequentially consistent one is
    // an `xchg`: the row that shows the ordering attribute is honoured.
    pair(
        c,
        "derived_store_relaxed",
        (h, |s: &HandStats, i| {
            s.store_requests(i, Relaxed);
            0
        }),
        (d, |s: &AtomicRelaxedStats, i| {
            s.store_requests(i);
            0
        }),
    );
    pair(
        c,
        "derived_load_all_relaxed",
        (h, |s: &HandStats, _| fold(&s.load(Relaxed))),
        (d, |s: &AtomicRelaxedStats, _| {
            let r = s.load();
            r.requests ^ r.bytes ^ r.errors ^ r.latency_us
        }),
    );
}

/// A per-thread stats block, the derive's `#[atomic(per_thread)]` on the
/// struct.
#[cfg(feature = "std")]
#[derive(AtomicFields, Clone, Copy, Debug, Default, PartialEq)]
#[atomic(per_thread)]
struct BlockStats {
    requests: u64,
    errors: u64,
    bytes: u64,
}

/// A per-thread field.
#[cfg(feature = "std")]
#[derive(AtomicFields, Clone, Copy, Debug, Default, PartialEq)]
struct Hits {
    #[atomic(per_thread)]
    hits: u64,
}

#[cfg(feature = "std")]
fn per_thread(c: &mut Criterion) {
    use atomics_core::{PerThreadBlock, PerThreadCounter};

    let h = PerThreadBlock::<3>::new;
    let d = AtomicBlockStats::default;
    pair(
        c,
        "derived_block_record",
        (h, |b: &PerThreadBlock<3>, i| {
            b.record(|d| *d = [1, i & 1, 512]);
            0
        }),
        (d, |s: &AtomicBlockStats, i| {
            s.record(|d| {
                d.requests = 1;
                d.errors = i & 1;
                d.bytes = 512;
            });
            0
        }),
    );
    pair(
        c,
        "derived_block_snapshot",
        (h, |b: &PerThreadBlock<3>, _| {
            let s = b.snapshot();
            s[0] ^ s[1] ^ s[2]
        }),
        (d, |s: &AtomicBlockStats, _| {
            let s = s.snapshot();
            s.requests ^ s.errors ^ s.bytes
        }),
    );
    pair(
        c,
        "derived_per_thread_add",
        (PerThreadCounter::new, |p: &PerThreadCounter, i| {
            p.add(i);
            0
        }),
        (AtomicHits::default, |s: &AtomicHits, i| {
            s.add_hits(i);
            0
        }),
    );
}

/// Runs this file's benchmarks with the shared settings (command-line
/// options still override them, as with `criterion_group!`).
fn benches() {
    let mut c = common::config().configure_from_args();
    seq_cst(&mut c);
    relaxed(&mut c);
    #[cfg(feature = "std")]
    per_thread(&mut c);
}

criterion_main!(benches);

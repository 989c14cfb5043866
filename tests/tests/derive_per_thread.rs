//! `#[atomic(per_thread)]` in the derive: on a field (a `PerThreadCounter`
//! read and written as the field's type) and on the struct (one
//! `PerThreadBlock`, each field an index): totals exact under threads, and
//! every snapshot and take of a block whole per record, so the invariants
//! each record keeps hold in all of them while threads record.
#![cfg(not(atomics_loom))]

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use atomics_core::{AtomicFields, FieldKind, FieldSet, FieldValue};

/// An alias of an integer: a per-thread field through the bound.
type Count = u16;

/// A per-field twin with per-thread counters beside a plain field.
#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
struct Hits {
    #[atomic(per_thread)]
    hits: u64,
    #[atomic(per_thread)]
    balance: i32,
    plain: u64,
}

/// A per-thread field typed by an alias.
#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
struct Aliased {
    #[atomic(per_thread)]
    count: Count,
}

/// A per-thread stats block: each record adds a request, maybe an error,
/// and `SIZE` bytes per request.
#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
#[atomic(per_thread)]
struct Stats {
    /// Requests served.
    requests: u64,
    /// Requests that failed.
    errors: u64,
    /// Bytes sent.
    #[atomic(unit = "bytes")]
    bytes: u64,
}

/// A block of signed and narrow fields.
#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
#[atomic(per_thread)]
struct Mixed {
    level: i32,
    small: u8,
    wide: isize,
}

const THREADS: u64 = 4;
const PER_THREAD: u64 = 20_000;
const SIZE: u64 = 512;

#[test]
fn a_per_thread_field_reads_and_writes_its_type() {
    let t = AtomicHits::new(Hits {
        hits: 5,
        balance: -2,
        plain: 1,
    });
    assert_eq!(
        t.load(),
        Hits {
            hits: 5,
            balance: -2,
            plain: 1
        }
    );
    t.add_hits(3);
    t.add_balance(-3);
    assert_eq!(t.load_hits(), 8);
    assert_eq!(t.load_balance(), -5);
    assert_eq!(t.hits().sum(), 8, "the accessor is the PerThreadCounter");
    assert_eq!(t.take_balance(), -5);
    assert_eq!(t.load_balance(), 0);
    assert_eq!(
        t.swap(Hits {
            hits: 1,
            balance: 1,
            plain: 2
        })
        .hits,
        8
    );
    assert_eq!(
        t.take(),
        Hits {
            hits: 1,
            balance: 1,
            plain: 2
        }
    );
    assert_eq!(
        t.load(),
        Hits::default(),
        "take swaps every counter to zero"
    );
    assert_eq!(AtomicHits::FIELDS[0].kind(), FieldKind::Counter);

    let a = AtomicAliased::new(Aliased { count: u16::MAX });
    a.add_count(2);
    assert_eq!(a.take_count(), 1, "an alias of u16 wraps at 16 bits");
}

#[test]
fn per_thread_fields_add_take_and_sum_exactly_under_threads() {
    let t = AtomicHits::default();
    let done = AtomicBool::new(false);
    let mut taken = Hits::default();
    thread::scope(|s| {
        let workers: Vec<_> = (0..THREADS)
            .map(|_| {
                s.spawn(|| {
                    for i in 0..PER_THREAD {
                        t.add_hits(1);
                        t.add_balance(if i % 2 == 0 { -3 } else { 1 });
                    }
                })
            })
            .collect();
        let reporter = s.spawn(|| {
            let mut taken = Hits::default();
            while !done.load(Ordering::Acquire) {
                let d = t.take();
                taken.hits += d.hits;
                taken.balance = taken.balance.wrapping_add(d.balance);
            }
            taken
        });
        for w in workers {
            w.join().unwrap();
        }
        done.store(true, Ordering::Release);
        taken = reporter.join().unwrap();
    });
    let rest = t.take();
    let adds = THREADS * PER_THREAD;
    assert_eq!(taken.hits + rest.hits, adds, "every add taken exactly once");
    assert_eq!(
        taken.balance.wrapping_add(rest.balance),
        -((adds as i32) / 2) * 2,
        "half the adds are -3, half +1"
    );
    assert_eq!(t.load(), Hits::default());
}

#[test]
fn a_block_has_the_single_field_accessors_and_whole_reads() {
    let s = AtomicStats::new(Stats {
        requests: 2,
        errors: 1,
        bytes: 2 * SIZE,
    });
    s.add_requests(1);
    s.add_bytes(SIZE);
    assert_eq!(s.load_requests(), 3);
    assert_eq!(s.load_errors(), 1);
    s.record(|d| {
        d.requests += 1;
        d.errors += 1;
        d.bytes += SIZE;
    });
    let now = Stats {
        requests: 4,
        errors: 2,
        bytes: 4 * SIZE,
    };
    assert_eq!(s.snapshot(), now);
    assert_eq!(s.load(), now);
    assert_eq!(
        format!("{s:?}"),
        format!("{:?}", now).replace("Stats", "AtomicStats")
    );
    let mut seen = Vec::new();
    s.for_each_field(|name, value| seen.push((name, value)));
    assert_eq!(
        seen,
        [
            ("requests", FieldValue::Unsigned(4)),
            ("errors", FieldValue::Unsigned(2)),
            ("bytes", FieldValue::Unsigned(4 * SIZE)),
        ]
    );
    let first: Result<(), &str> = s.try_for_each_field(|name, _| Err(name));
    assert_eq!(first, Err("requests"));
    assert_eq!(AtomicStats::FIELD_NAMES, ["requests", "errors", "bytes"]);
    assert_eq!(AtomicStats::FIELDS[0].help(), "Requests served.");
    assert_eq!(AtomicStats::FIELDS[2].unit(), Some("bytes"));
    assert!(
        AtomicStats::FIELDS
            .iter()
            .all(|f| f.kind() == FieldKind::Counter)
    );
    assert_eq!(<Stats as FieldSet>::FIELDS.len(), 3);
    // A cumulative copy: the takes of one block added into another.
    let total = AtomicStats::default();
    total.add_all(&now);
    total.add_all(&now);
    assert_eq!(total.load_requests(), 8);
    assert_eq!(total.load_bytes(), 8 * SIZE);
    assert_eq!(s.take(), now);
    assert_eq!(s.snapshot(), Stats::default());
    s.add_errors(7);
    s.reset();
    assert_eq!(s.into_inner(), Stats::default());
}

#[test]
fn a_block_wraps_signed_and_narrow_fields_at_their_width() {
    let m = AtomicMixed::new(Mixed {
        level: -1,
        small: 250,
        wide: isize::MIN,
    });
    m.record(|d| {
        d.level = -2;
        d.small = 10;
        d.wide = -1;
    });
    assert_eq!(
        m.take(),
        Mixed {
            level: -3,
            small: 4,
            wide: isize::MAX,
        },
        "a signed field's negative adds subtract; totals wrap at the field's width"
    );
    m.add_level(-5);
    assert_eq!(m.load_level(), -5);
    assert_eq!(m.take().level, -5);
}

/// Every invariant a record keeps, checked on one reading.
fn check(seen: &Stats, what: &str) {
    assert!(seen.errors <= seen.requests, "{what}: {seen:?}");
    assert_eq!(seen.bytes, seen.requests * SIZE, "{what}: {seen:?}");
}

#[test]
fn every_snapshot_and_take_of_a_block_is_whole_per_record() {
    let stats = AtomicStats::default();
    let done = AtomicBool::new(false);
    let mut taken = Stats::default();
    let mut readings = 0u64;
    thread::scope(|s| {
        let workers: Vec<_> = (0..THREADS)
            .map(|_| {
                s.spawn(|| {
                    for i in 0..PER_THREAD {
                        stats.record(|d| {
                            d.requests += 1;
                            d.errors += u64::from(i % 3 == 0);
                            d.bytes += SIZE;
                        });
                    }
                })
            })
            .collect();
        let reporter = s.spawn(|| {
            let (mut taken, mut readings) = (Stats::default(), 0u64);
            while !done.load(Ordering::Acquire) {
                check(&stats.snapshot(), "snapshot");
                let d = stats.take();
                check(&d, "take");
                taken.requests += d.requests;
                taken.errors += d.errors;
                taken.bytes += d.bytes;
                readings += 1;
            }
            (taken, readings)
        });
        for w in workers {
            w.join().unwrap();
        }
        done.store(true, Ordering::Release);
        (taken, readings) = reporter.join().unwrap();
    });
    let rest = stats.take();
    check(&rest, "the last take");
    let adds = THREADS * PER_THREAD;
    let errors_per_thread = PER_THREAD.div_ceil(3);
    assert_eq!(taken.requests + rest.requests, adds);
    assert_eq!(taken.errors + rest.errors, THREADS * errors_per_thread);
    assert_eq!(taken.bytes + rest.bytes, adds * SIZE);
    assert!(readings > 0, "the reporter read at least once");
}

/// Both forms in a module without the prelude, next to decoys of the names
/// the generated code uses.
mod hygiene {
    #![no_implicit_prelude]
    #![allow(dead_code)]

    pub struct Default;
    pub struct FnOnce;
    pub struct FnMut;
    pub struct Result;
    pub struct PerThreadBlock;
    pub struct PerThreadCounter;
    pub struct FieldSet;
    pub mod core {}
    pub mod atomics_core {}

    #[derive(::atomics_core::AtomicFields, Clone, Copy)]
    #[atomic(per_thread)]
    pub struct Block {
        pub record: u64,
        pub snapshot: i16,
    }

    #[derive(::atomics_core::AtomicFields, Clone, Copy)]
    pub struct Fields {
        #[atomic(per_thread)]
        pub hits: u32,
    }
}

#[test]
fn per_thread_twins_work_in_a_module_without_prelude() {
    let block = hygiene::AtomicBlock::default();
    block.record(|d| {
        d.record = 2;
        d.snapshot = -1;
    });
    assert_eq!(block.load_record(), 2);
    let taken = block.take();
    assert_eq!((taken.record, taken.snapshot), (2, -1));
    let fields = hygiene::AtomicFields::default();
    fields.add_hits(3);
    assert_eq!(fields.take_hits(), 3);
}

//! Model checks of a derived twin: `take()` racing with adds loses and
//! duplicates nothing, and the orderings chosen with `#[atomic(ordering)]`
//! are the ones used (an `acq_rel` flag publishes relaxed fields; with a
//! relaxed flag, loom finds the stale read). A derived per-thread block's
//! snapshots and takes never show half a record, and a per-thread field's
//! take racing adds is exact.
//!
//! Run with:
//! `RUSTFLAGS="--cfg atomics_loom" CARGO_TARGET_DIR=target/loom LOOM_MAX_PREEMPTIONS=2 cargo test -p atomics-tests --release --test loom_derive`
#![cfg(atomics_loom)]

use atomics_core::AtomicFields;
use loom::sync::Arc;
use loom::thread;

#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
#[atomic(ordering = "relaxed")]
struct Small {
    a: u64,
    #[atomic(padded, ordering = "acq_rel")]
    b: i32,
    c: bool,
}

#[test]
fn take_while_adding_loses_and_duplicates_nothing() {
    loom::model(|| {
        let twin = Arc::new(AtomicSmall::default());
        let worker = {
            let twin = Arc::clone(&twin);
            thread::spawn(move || {
                twin.add_a(1);
                twin.sub_b(2);
                twin.add_a(10);
                // A swap, not a store: loom lets a plain store slip between
                // the read and the write of a concurrent swap (a bug of the
                // model checker, tokio-rs/loom#254), which real hardware
                // and the memory model never do.
                let _ = twin.swap_c(true);
            })
        };
        let first = twin.take();
        worker.join().unwrap();
        let rest = twin.take();
        assert_eq!(first.a + rest.a, 11, "`a` lost or counted twice");
        assert_eq!(first.b + rest.b, -2, "`b` lost or counted twice");
        // The flag is a gauge: a take reports it and leaves it set.
        assert!(rest.c, "the flag was lost");
        assert_eq!(
            twin.load(),
            Small {
                c: true,
                ..Small::default()
            }
        );
    });
}

#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
struct Hits {
    #[atomic(striped)]
    hits: u32,
    total: u64,
}

#[test]
fn a_striped_field_taken_while_adding_loses_and_duplicates_nothing() {
    loom::model(|| {
        let twin = Arc::new(AtomicHits::default());
        let worker = {
            let twin = Arc::clone(&twin);
            thread::spawn(move || {
                twin.add_hits(3);
                twin.add_total(3);
            })
        };
        twin.add_hits(4);
        let first = twin.take();
        worker.join().unwrap();
        let rest = twin.take();
        assert_eq!(first.hits + rest.hits, 7);
        assert_eq!(first.total + rest.total, 3);
    });
}

#[derive(AtomicFields, Clone, Copy, Default)]
#[atomic(ordering = "relaxed")]
struct Published {
    data: u64,
    #[atomic(ordering = "acq_rel")]
    ready: bool,
}

#[derive(AtomicFields, Clone, Copy, Default)]
#[atomic(ordering = "relaxed")]
struct Unpublished {
    data: u64,
    ready: bool,
}

#[test]
fn an_acq_rel_flag_publishes_relaxed_data() {
    loom::model(|| {
        let twin = Arc::new(AtomicPublished::default());
        let writer = {
            let twin = Arc::clone(&twin);
            thread::spawn(move || {
                twin.store_data(42);
                twin.store_ready(true);
            })
        };
        if twin.load_ready() {
            assert_eq!(twin.load_data(), 42);
        }
        writer.join().unwrap();
    });
}

/// The canary: the same model with a relaxed flag must fail, or the test
/// above would prove nothing.
#[test]
#[should_panic(expected = "stale")]
fn a_relaxed_flag_publishes_nothing() {
    loom::model(|| {
        let twin = Arc::new(AtomicUnpublished::default());
        let writer = {
            let twin = Arc::clone(&twin);
            thread::spawn(move || {
                twin.store_data(42);
                twin.store_ready(true);
            })
        };
        if twin.load_ready() {
            assert_eq!(twin.load_data(), 42, "stale data behind a set flag");
        }
        writer.join().unwrap();
    });
}

/// A derived per-thread block: every record keeps `errors <= requests` and
/// `bytes == requests * 4`.
#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
#[atomic(per_thread)]
struct Requests {
    requests: u64,
    errors: u32,
    bytes: u64,
}

fn assert_whole(seen: Requests, what: &str) {
    assert!(u64::from(seen.errors) <= seen.requests, "{what}: {seen:?}");
    assert_eq!(seen.bytes, seen.requests * 4, "{what}: {seen:?}");
}

#[test]
fn a_derived_block_never_shows_half_a_record() {
    loom::model(|| {
        let twin = Arc::new(AtomicRequests::default());
        let writer = {
            let twin = Arc::clone(&twin);
            thread::spawn(move || {
                twin.record(|d| {
                    d.requests = 1;
                    d.errors = 1;
                    d.bytes = 4;
                });
                twin.record(|d| {
                    d.requests = 1;
                    d.bytes = 4;
                });
            })
        };
        assert_whole(twin.snapshot(), "snapshot");
        let first = twin.take();
        assert_whole(first, "take");
        writer.join().unwrap();
        let rest = twin.take();
        assert_whole(rest, "the last take");
        assert_eq!(
            first.requests + rest.requests,
            2,
            "a record lost or counted twice"
        );
        assert_eq!(first.errors + rest.errors, 1);
    });
}

#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
struct PerThreadHits {
    #[atomic(per_thread)]
    hits: u32,
}

#[test]
fn a_per_thread_field_taken_while_adding_loses_and_duplicates_nothing() {
    loom::model(|| {
        let twin = Arc::new(AtomicPerThreadHits::default());
        let worker = {
            let twin = Arc::clone(&twin);
            thread::spawn(move || {
                twin.add_hits(3);
                twin.add_hits(30);
            })
        };
        twin.add_hits(4);
        let first = twin.take_hits();
        worker.join().unwrap();
        let rest = twin.take_hits();
        assert_eq!(first + rest, 37);
    });
}

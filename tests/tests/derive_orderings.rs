//! Orderings chosen with `#[atomic(ordering = ...)]`, observed at run time.
//!
//! Which `Ordering` each method passes is pinned exactly by the expansion
//! tests of `atomics-derive` (`every_method_uses_its_fields_ordering`) and
//! model-checked by `loom_derive.rs`; these tests run the two patterns the
//! orderings exist for on real threads.
#![cfg(not(atomics_loom))]

use std::sync::Barrier;
use std::thread;

use atomics_core::AtomicFields;

/// Message passing: relaxed data, published by an `acq_rel` flag.
#[derive(AtomicFields, Clone, Copy, Default)]
#[atomic(ordering = "relaxed")]
struct Mailbox {
    a: u64,
    b: u64,
    #[atomic(ordering = "acq_rel")]
    ready: bool,
}

#[test]
fn an_acq_rel_flag_publishes_relaxed_fields() {
    for round in 0..200u64 {
        let mailbox = AtomicMailbox::default();
        thread::scope(|s| {
            s.spawn(|| {
                mailbox.store_a(round);
                mailbox.store_b(round * 2);
                mailbox.store_ready(true); // Release
            });
            s.spawn(|| {
                while !mailbox.load_ready() {} // Acquire
                assert_eq!(mailbox.load_a(), round);
                assert_eq!(mailbox.load_b(), round * 2);
            });
        });
    }
}

/// Store buffering (Dekker): with the default, sequentially consistent,
/// ordering, two threads that each store their flag and then read the other's
/// cannot both read `false`. (With `acq_rel` they could, even on x86.)
#[derive(AtomicFields, Clone, Copy, Default)]
struct Dekker {
    x: bool,
    y: bool,
}

#[test]
fn default_seq_cst_fields_forbid_store_buffering() {
    const ROUNDS: usize = 2000;
    let twin = AtomicDekker::default();
    let start = Barrier::new(2);
    let end = Barrier::new(2);
    let (saw_y, saw_x) = thread::scope(|s| {
        let left = s.spawn(|| {
            let mut seen = Vec::with_capacity(ROUNDS);
            for _ in 0..ROUNDS {
                start.wait();
                twin.store_x(true);
                seen.push(twin.load_y());
                end.wait();
                // Both have read; the right side resets between rounds.
                end.wait();
            }
            seen
        });
        let right = s.spawn(|| {
            let mut seen = Vec::with_capacity(ROUNDS);
            for _ in 0..ROUNDS {
                start.wait();
                twin.store_y(true);
                seen.push(twin.load_x());
                end.wait();
                twin.store(Dekker::default());
                end.wait();
            }
            seen
        });
        (left.join().unwrap(), right.join().unwrap())
    });
    for (round, (y, x)) in saw_y.iter().zip(&saw_x).enumerate() {
        assert!(*x || *y, "round {round}: both threads read false");
    }
}

/// Relaxed counters still count exactly: the ordering is about other memory,
/// never about atomicity.
#[test]
fn relaxed_adds_are_still_atomic() {
    let mailbox = AtomicMailbox::default();
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..10_000 {
                    mailbox.add_a(1);
                }
            });
        }
    });
    assert_eq!(mailbox.load_a(), 40_000);
}

//! A derived twin shared by many threads: adds to every kind of field (plain,
//! padded, striped, signed, float, wrapping) conserve their totals, and
//! `take()` from a reporter thread while workers add loses and duplicates
//! nothing.
#![cfg(not(atomics_loom))]

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use atomics_core::AtomicFields;

#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
#[atomic(ordering = "relaxed")]
struct Totals {
    plain: u64,
    #[atomic(padded)]
    padded: u64,
    #[atomic(striped)]
    striped: u64,
    #[atomic(striped)]
    striped_signed: i32,
    #[atomic(ordering = "acq_rel")]
    signed: i64,
    #[atomic(ordering = "seq_cst")]
    float: f64,
    small: u16,
    #[atomic(padded, ordering = "seq_cst")]
    count_down: u32,
}

const THREADS: u64 = 4;
const PER_THREAD: u64 = 20_000;
const ADDS: u64 = THREADS * PER_THREAD;

/// One worker's share of the adds; every field gets its own kind of delta.
fn work(t: &AtomicTotals) {
    for i in 0..PER_THREAD {
        t.add_plain(1);
        t.add_padded(2);
        t.add_striped(3);
        t.add_striped_signed(if i % 2 == 0 { -5 } else { 3 });
        t.add_signed(-1);
        t.add_float(0.5);
        t.add_small(1);
        t.sub_count_down(1);
    }
}

/// What `ADDS` adds in total (sums of halves are exact in an `f64`).
fn expected(count_down_start: u32) -> Totals {
    Totals {
        plain: ADDS,
        padded: 2 * ADDS,
        striped: 3 * ADDS,
        striped_signed: -(ADDS as i32),
        signed: -(ADDS as i64),
        float: 0.5 * ADDS as f64,
        small: (ADDS % (1 << 16)) as u16,
        count_down: count_down_start - ADDS as u32,
    }
}

#[test]
fn adds_from_many_threads_conserve_every_total() {
    let start = 1_000_000;
    let totals = AtomicTotals::new(Totals {
        count_down: start,
        ..Totals::default()
    });
    thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| work(&totals));
        }
    });
    assert_eq!(totals.load(), expected(start));
    assert_eq!(totals.into_inner(), expected(start));
}

/// Adds what one take returned to what the reporter has taken so far.
fn accumulate(sum: &mut Totals, taken: Totals) {
    sum.plain += taken.plain;
    sum.padded += taken.padded;
    sum.striped += taken.striped;
    sum.striped_signed = sum.striped_signed.wrapping_add(taken.striped_signed);
    sum.signed += taken.signed;
    sum.float += taken.float;
    sum.small = sum.small.wrapping_add(taken.small);
    sum.count_down = sum.count_down.wrapping_add(taken.count_down);
}

#[test]
fn take_from_a_reporter_while_workers_add_loses_and_duplicates_nothing() {
    let totals = AtomicTotals::default();
    let finished = AtomicBool::new(false);
    let (reported, takes) = thread::scope(|s| {
        let reporter = s.spawn(|| {
            let mut reported = Totals::default();
            let mut takes = 0u32;
            while !finished.load(Ordering::Acquire) {
                accumulate(&mut reported, totals.take());
                takes += 1;
            }
            (reported, takes)
        });
        let workers: Vec<_> = (0..THREADS).map(|_| s.spawn(|| work(&totals))).collect();
        for w in workers {
            w.join().expect("a worker panicked");
        }
        finished.store(true, Ordering::Release);
        reporter.join().expect("the reporter panicked")
    });
    assert!(takes > 0);
    // Whatever the reporter did not take is still in the twin.
    let mut all = reported;
    accumulate(&mut all, totals.load());
    // `count_down` started at zero here and only went down, wrapping.
    let mut want = expected(ADDS as u32);
    want.count_down = 0u32.wrapping_sub(ADDS as u32);
    assert_eq!(all, want);
    // A last take empties the twin.
    let _ = totals.take();
    assert_eq!(totals.load(), Totals::default());
}

#[test]
fn a_reporter_taking_a_flag_and_a_count_loses_no_add_and_sees_the_flag() {
    #[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
    struct Events {
        seen: bool,
        count: u64,
    }
    let events = AtomicEvents::default();
    let mut seen_by_takes = false;
    thread::scope(|s| {
        s.spawn(|| {
            for _ in 0..1000 {
                events.add_count(1);
                events.store_seen(true);
            }
        });
        let mut counted = 0;
        while counted < 1000 {
            let taken = events.take();
            counted += taken.count;
            // A gauge: once set, no take resets it.
            assert!(taken.seen || !seen_by_takes, "a take reset the flag");
            seen_by_takes |= taken.seen;
        }
        assert_eq!(counted, 1000);
    });
    let rest = events.take();
    // The flag is a gauge: takes report it and leave it set.
    assert!(rest.seen);
    assert_eq!(
        events.load(),
        Events {
            seen: true,
            count: 0
        }
    );
}

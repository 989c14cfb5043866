//! `PerThreadCounter` and `PerThreadBlock` under many short-lived threads
//! while a reporter takes: every total exact, every invariant a record keeps
//! checked on every snapshot and every take. Sizes shrink under miri.
//!
//! No test waits for two threads to run at the same instant, and none
//! measures time: every loop ends by itself.

use atomics_core::{PerThreadBlock, PerThreadCounter};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

/// Threads spawned one wave after another, each wave this wide.
const WAVES: usize = if cfg!(miri) { 2 } else { 50 };
const WIDTH: usize = if cfg!(miri) { 2 } else { 4 };
const OPS: u64 = if cfg!(miri) { 20 } else { 2_000 };

/// Runs `WAVES` waves of `WIDTH` short-lived threads, each calling
/// `work(thread_number)`, while `report` runs on a thread of its own until
/// the last wave is done; then returns what the reporter returned.
fn waves_while_reporting<R: Send>(
    work: impl Fn(u64) + Sync,
    report: impl FnOnce(&AtomicBool) -> R + Send,
) -> R {
    let done = AtomicBool::new(false);
    thread::scope(|s| {
        let reporter = s.spawn(|| report(&done));
        for wave in 0..WAVES {
            thread::scope(|s| {
                for t in 0..WIDTH {
                    let work = &work;
                    s.spawn(move || work((wave * WIDTH + t) as u64));
                }
            });
        }
        done.store(true, Ordering::Release);
        reporter.join().unwrap()
    })
}

#[test]
fn counter_takes_while_threads_come_and_go_lose_nothing() {
    let counter = PerThreadCounter::new();
    let taken = waves_while_reporting(
        |t| {
            for _ in 0..OPS {
                counter.add(t + 1);
            }
        },
        |done| {
            let mut taken = 0u64;
            while !done.load(Ordering::Acquire) {
                taken += counter.take();
                thread::yield_now();
            }
            taken
        },
    );
    let threads = (WAVES * WIDTH) as u64;
    let expected = OPS * threads * (threads + 1) / 2;
    assert_eq!(taken + counter.sum(), expected, "lost or double-counted");
    assert_eq!(taken + counter.take(), expected);
    assert_eq!(counter.sum(), 0);
    // Exited threads' slots are reused: far fewer slots than threads.
    assert!(
        counter.slots() < WAVES * WIDTH / 2 || cfg!(miri),
        "{} slots for {} threads in waves of {WIDTH}",
        counter.slots(),
        WAVES * WIDTH
    );
}

#[test]
fn concurrent_takers_split_the_total_exactly() {
    let counter = PerThreadCounter::new();
    let done = AtomicBool::new(false);
    let (a, b) = thread::scope(|s| {
        let take = || {
            let mut taken = 0u64;
            while !done.load(Ordering::Acquire) {
                taken += counter.take();
            }
            taken
        };
        let first = s.spawn(take);
        let second = s.spawn(take);
        thread::scope(|s| {
            for _ in 0..WIDTH {
                s.spawn(|| {
                    for _ in 0..OPS {
                        counter.inc();
                    }
                });
            }
        });
        done.store(true, Ordering::Release);
        (first.join().unwrap(), second.join().unwrap())
    });
    assert_eq!(a + b + counter.take(), OPS * WIDTH as u64);
}

/// requests, errors, bytes.
const REQUESTS: usize = 0;
const ERRORS: usize = 1;
const BYTES: usize = 2;
const SIZE: u64 = 512;

fn check(d: [u64; 3], what: &str) {
    assert!(
        d[ERRORS] <= d[REQUESTS],
        "{what}: errors > requests in {d:?}"
    );
    assert_eq!(
        d[BYTES],
        d[REQUESTS] * SIZE,
        "{what}: bytes != requests * size in {d:?}"
    );
}

#[test]
fn block_snapshots_and_takes_keep_every_invariant_and_the_totals() {
    let block = PerThreadBlock::<3>::new();
    let (taken, snapshots) = waves_while_reporting(
        |t| {
            for i in 0..OPS {
                block.record(|d| {
                    d[REQUESTS] = 1;
                    d[ERRORS] = u64::from((i + t) % 7 == 0);
                    d[BYTES] = SIZE;
                });
            }
        },
        |done| {
            let mut taken = [0u64; 3];
            let mut snapshots = 0u64;
            while !done.load(Ordering::Acquire) {
                check(block.snapshot(), "snapshot");
                let t = block.take();
                check(t, "take");
                for (sum, v) in taken.iter_mut().zip(t) {
                    *sum += v;
                }
                snapshots += 1;
                thread::yield_now();
            }
            (taken, snapshots)
        },
    );
    let rest = block.snapshot();
    check(rest, "final snapshot");
    let threads = (WAVES * WIDTH) as u64;
    let errors: u64 = (0..threads)
        .map(|t| (0..OPS).filter(|i| (i + t) % 7 == 0).count() as u64)
        .sum();
    let all: Vec<u64> = (0..3).map(|i| taken[i] + rest[i]).collect();
    assert_eq!(
        all,
        [threads * OPS, errors, threads * OPS * SIZE],
        "lost or double-counted"
    );
    assert!(snapshots >= 1);
}

#[test]
fn block_single_field_adds_and_records_mix() {
    let block = PerThreadBlock::<2>::new();
    thread::scope(|s| {
        for _ in 0..WIDTH {
            s.spawn(|| {
                for _ in 0..OPS {
                    // Every record keeps `[1] >= [0]`; the single add only
                    // raises `[1]`, so the invariant holds at every point.
                    block.add_all(&[1, 1]);
                    block.add(1, 2);
                }
            });
        }
        s.spawn(|| {
            for _ in 0..OPS {
                let d = block.snapshot();
                assert!(d[1] >= d[0], "{d:?}");
                assert!(block.load(0) <= OPS * WIDTH as u64);
            }
        });
    });
    assert_eq!(block.take(), [OPS * WIDTH as u64, 3 * OPS * WIDTH as u64]);
}

#[test]
fn handles_of_short_lived_threads_lose_nothing_while_a_reporter_takes() {
    let counter = PerThreadCounter::new();
    let block = PerThreadBlock::<3>::new();
    let (taken, block_taken) = waves_while_reporting(
        |t| {
            // Half the adds through the handle, half through `add`, on the
            // same slot: both are its one writer.
            counter.with_local(|local| {
                for _ in 0..OPS / 2 {
                    local.add(t + 1);
                }
            });
            for _ in 0..OPS / 2 {
                counter.add(t + 1);
            }
            block.with_local(|local| {
                for i in 0..OPS {
                    local.record(|d| {
                        d[REQUESTS] = 1;
                        d[ERRORS] = u64::from((i + t) % 5 == 0);
                        d[BYTES] = SIZE;
                    });
                }
            });
        },
        |done| {
            let mut taken = 0u64;
            let mut block_taken = [0u64; 3];
            while !done.load(Ordering::Acquire) {
                taken += counter.take();
                check(block.snapshot(), "snapshot");
                let t = block.take();
                check(t, "take");
                for (sum, v) in block_taken.iter_mut().zip(t) {
                    *sum += v;
                }
                thread::yield_now();
            }
            (taken, block_taken)
        },
    );
    let threads = (WAVES * WIDTH) as u64;
    assert_eq!(
        taken + counter.sum(),
        OPS / 2 * 2 * threads * (threads + 1) / 2,
        "lost or double-counted"
    );
    let rest = block.take();
    check(rest, "final take");
    let errors: u64 = (0..threads)
        .map(|t| (0..OPS).filter(|i| (i + t) % 5 == 0).count() as u64)
        .sum();
    let all: Vec<u64> = (0..3).map(|i| block_taken[i] + rest[i]).collect();
    assert_eq!(all, [threads * OPS, errors, threads * OPS * SIZE]);
}

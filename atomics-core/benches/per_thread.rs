//! Group 6: the per-thread types, against what they replace and against the
//! physical floor, each comparison side by side in one run.
//!
//! - `per_thread_add`: one `PerThreadCounter::add` on one thread beside one
//!   `AtomicU64::fetch_add` (the locked add every other counter pays; goal
//!   ≤ 0.4x), and `per_thread_floor` beside a relaxed load and store of a
//!   private cell (what an add cannot beat). `per_thread_add_local` and
//!   `per_thread_floor_local`: the same two comparisons for adds through
//!   `with_local`'s handle, the lookup made once per `LOCAL_RUN` adds (both
//!   sides do `LOCAL_RUN` adds per operation).
//! - `per_thread_N_threads`: N threads adding at once (N from
//!   `ATOMICS_BENCH_THREADS`, 2 by default), as throughput: private padded
//!   counters bumped by a relaxed load and store (the ideal, the baseline;
//!   goal ≥ 0.95x), a `PerThreadCounter` (`add` each time, and through
//!   `with_local`'s handle), and a `StripedCounter` (goal: the per-thread
//!   counter ≥ 2x its throughput). Every sample is checked as in
//!   group 3 (`common::Validator`).
//! - `per_thread_record`: `record()` of three fields in a `PerThreadBlock`
//!   beside three `PerThreadCounter` adds (goal ≤ 2x), and
//!   `per_thread_record_local` the same through the handles.
//! - `per_thread_snapshot`: `snapshot()` of a three-field block beside the
//!   block read field by field (`load(i)` three times; goal ≤ 2x), and
//!   `per_thread_snapshot_vs_atomics` beside three plain `Atomic<u64>`
//!   loads, the price of reading per-thread shards at all.
//!
//! The single-threaded pairs use `common::same_place_pair`: both sides on a
//! cell at the same address, the ratio measured paired.

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed, Ordering::SeqCst, compiler_fence};

use atomics_core::{Atomic, CachePadded, PerThreadBlock, PerThreadCounter, StripedCounter};
use criterion::{Criterion, SamplingMode, Throughput, criterion_main};

use atomics_bench as common;

use common::{Pool, Validator, same_place_pair};

/// Adds per thread in one criterion iteration (see `contended.rs`).
const BATCH: u64 = 20_000;

/// Adds per operation in the single-threaded rows of the handle: one
/// `with_local` lookup, then this many adds (the other side does as many).
const LOCAL_RUN: u64 = 64;

/// Between two adds of a timed loop: a compiler-only fence, which keeps the
/// compiler from merging the loop's adds into one and emits no instruction.
///
/// Not `black_box` on the counter's reference, as these loops first had:
/// that spills the reference to the stack and reloads it on every add, and a
/// handle's slot address lies one load behind its reference, so the handle
/// paid a load per add that neither the ideal nor real code (where the slot
/// address stays in a register) pays. With the fence, the handle's loop and
/// the ideal's are the same instructions (`incq` on the slot, then the loop
/// counter).
#[inline(always)]
fn between_adds() {
    compiler_fence(SeqCst);
}

/// `n` increments through one `with_local` handle, fenced like every timed
/// loop; inlined, so each row's loop is its own.
#[inline(always)]
fn local_incs(p: &PerThreadCounter, n: u64) {
    p.with_local(|local| {
        for _ in 0..n {
            local.inc();
            between_adds();
        }
    });
}

// The reloaded floor takes `&Box<AtomicU64>` on purpose: the address is the
// Box's, loaded from memory on every add.
#[allow(clippy::borrowed_box)]
fn one_thread(c: &mut Criterion) {
    same_place_pair(
        c,
        "per_thread_add",
        (
            "fetch_add",
            || AtomicU64::new(0),
            |a: &AtomicU64, _| a.fetch_add(1, Relaxed),
        ),
        (
            "per_thread_counter",
            PerThreadCounter::new,
            |p: &PerThreadCounter, _| {
                p.inc();
                0
            },
        ),
    );
    same_place_pair(
        c,
        "per_thread_floor",
        (
            "load_store",
            || AtomicU64::new(0),
            |a: &AtomicU64, _| {
                a.store(a.load(Relaxed) + 1, Relaxed);
                0
            },
        ),
        (
            "per_thread_counter",
            PerThreadCounter::new,
            |p: &PerThreadCounter, _| {
                p.inc();
                0
            },
        ),
    );
    // The floor again, with the cell's address loaded from memory on every
    // add (as the per-thread counter's slot address is): it separates the
    // cost of the lookup from that of a slot address the CPU learns late.
    same_place_pair(
        c,
        "per_thread_floor_reloaded",
        (
            "load_store_reloaded",
            || Box::new(AtomicU64::new(0)),
            |a: &Box<AtomicU64>, _| {
                let a: &AtomicU64 = black_box(a);
                a.store(a.load(Relaxed) + 1, Relaxed);
                0
            },
        ),
        (
            "per_thread_counter",
            PerThreadCounter::new,
            |p: &PerThreadCounter, _| {
                p.inc();
                0
            },
        ),
    );
    same_place_pair(
        c,
        "per_thread_add_local",
        (
            "fetch_add",
            || AtomicU64::new(0),
            |a: &AtomicU64, _| {
                for _ in 0..LOCAL_RUN {
                    a.fetch_add(1, Relaxed);
                    between_adds();
                }
                0
            },
        ),
        (
            "per_thread_local",
            PerThreadCounter::new,
            |p: &PerThreadCounter, _| {
                local_incs(p, LOCAL_RUN);
                0
            },
        ),
    );
    same_place_pair(
        c,
        "per_thread_floor_local",
        (
            "load_store",
            || AtomicU64::new(0),
            |a: &AtomicU64, _| {
                for _ in 0..LOCAL_RUN {
                    a.store(a.load(Relaxed) + 1, Relaxed);
                    between_adds();
                }
                0
            },
        ),
        (
            "per_thread_local",
            PerThreadCounter::new,
            |p: &PerThreadCounter, _| {
                local_incs(p, LOCAL_RUN);
                0
            },
        ),
    );
    same_place_pair(
        c,
        "per_thread_record",
        (
            "three_counters",
            || <[PerThreadCounter; 3]>::default(),
            |p: &[PerThreadCounter; 3], i| {
                p[0].add(1);
                p[1].add(i & 1);
                p[2].add(512);
                0
            },
        ),
        (
            "block_record",
            PerThreadBlock::<3>::new,
            |b: &PerThreadBlock<3>, i| {
                b.record(|d| *d = [1, i & 1, 512]);
                0
            },
        ),
    );
    same_place_pair(
        c,
        "per_thread_record_local",
        (
            "three_counters_local",
            || <[PerThreadCounter; 3]>::default(),
            |p: &[PerThreadCounter; 3], i| {
                p[0].with_local(|a| {
                    p[1].with_local(|b| {
                        p[2].with_local(|c| {
                            for _ in 0..LOCAL_RUN {
                                a.add(1);
                                b.add(i & 1);
                                c.add(512);
                                between_adds();
                            }
                        })
                    })
                });
                0
            },
        ),
        (
            "block_record_local",
            PerThreadBlock::<3>::new,
            |b: &PerThreadBlock<3>, i| {
                b.with_local(|local| {
                    for _ in 0..LOCAL_RUN {
                        local.record(|d| *d = [1, i & 1, 512]);
                        between_adds();
                    }
                });
                0
            },
        ),
    );
    let block = || {
        let b = PerThreadBlock::<3>::new();
        b.add_all(&[3, 1, 1536]);
        b
    };
    same_place_pair(
        c,
        "per_thread_snapshot",
        ("field_by_field", block, |b: &PerThreadBlock<3>, _| {
            b.load(0) ^ b.load(1) ^ b.load(2)
        }),
        ("snapshot", block, |b: &PerThreadBlock<3>, _| {
            let s = b.snapshot();
            s[0] ^ s[1] ^ s[2]
        }),
    );
    same_place_pair(
        c,
        "per_thread_snapshot_vs_atomics",
        (
            "three_atomic_loads",
            || [Atomic::new(3u64), Atomic::new(1), Atomic::new(1536)],
            |a: &[Atomic<u64>; 3], _| a[0].load() ^ a[1].load() ^ a[2].load(),
        ),
        ("snapshot", block, |b: &PerThreadBlock<3>, _| {
            let s = b.snapshot();
            s[0] ^ s[1] ^ s[2]
        }),
    );
}

/// The per-thread loop of one variant: `add(thread_index, iterations)`.
type Work = Arc<dyn Fn(usize, u64) + Send + Sync>;

fn variants(threads: usize) -> Vec<(&'static str, Work)> {
    let padded: Arc<Vec<CachePadded<AtomicU64>>> = Arc::new(
        (0..threads)
            .map(|_| CachePadded::new(AtomicU64::new(0)))
            .collect(),
    );
    let per_thread = Arc::new(PerThreadCounter::new());
    let per_thread_local = Arc::new(PerThreadCounter::new());
    let striped = Arc::new(StripedCounter::new());
    // `between_adds` after each add keeps the loop from being collapsed
    // into one add of `iters`; every variant pays it alike (nothing).
    vec![
        (
            "padded_load_store",
            Arc::new(move |i: usize, iters: u64| {
                // The cell's address found once, as a handle holds its slot's.
                let cell: &AtomicU64 = &padded[i];
                for _ in 0..iters * BATCH {
                    cell.store(cell.load(Relaxed) + 1, Relaxed);
                    between_adds();
                }
            }) as Work,
        ),
        (
            "per_thread_counter",
            Arc::new(move |_: usize, iters: u64| {
                for _ in 0..iters * BATCH {
                    per_thread.inc();
                    between_adds();
                }
            }),
        ),
        (
            "per_thread_local",
            Arc::new(move |_: usize, iters: u64| {
                local_incs(&per_thread_local, iters * BATCH);
            }),
        ),
        (
            "striped_counter",
            Arc::new(move |_: usize, iters: u64| {
                for _ in 0..iters * BATCH {
                    striped.inc();
                    between_adds();
                }
            }),
        ),
    ]
}

fn threads(c: &mut Criterion) {
    let validator = Validator::new();
    for threads in common::thread_counts() {
        let pool = Pool::new(threads);
        let name = format!("per_thread_{threads}_threads");
        let mut group = c.benchmark_group(&name);
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(common::two_thread_samples())
            .measurement_time(common::two_thread_time())
            .throughput(Throughput::Elements(threads as u64 * BATCH));
        for (label, work) in variants(threads) {
            group.bench_function(label, |b| {
                b.iter_custom(|iters| {
                    validator.timed(|| {
                        let work = Arc::clone(&work);
                        pool.run(move |i| work(i, iters))
                    })
                });
            });
            validator.finish(&format!("{name}/{label}"), common::two_thread_samples());
        }
        group.finish();
    }
}

/// Runs this file's benchmarks with the shared settings (command-line
/// options still override them, as with `criterion_group!`).
fn benches() {
    let mut c = common::config().configure_from_args();
    one_thread(&mut c);
    threads(&mut c);
}

criterion_main!(benches);

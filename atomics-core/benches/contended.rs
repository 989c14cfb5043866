//! Group 3: several threads incrementing counters at once, as total
//! throughput: private `CachePadded` counters (the ideal, and the baseline),
//! unpadded neighbours in one array (false sharing), one shared `Atomic<u64>`,
//! a `StripedCounter`, and a `Mutex<u64>`.
//!
//! The thread count is a parameter (`ATOMICS_BENCH_THREADS=2,4,8`; 2 by
//! default, this machine's core count). Every timed run is checked (see
//! `common::Validator`): handoff probes just before and after it must show
//! the vCPUs running together, and no worker may have been kept off its CPU
//! by other work for more than 1 % of the run. A run failing a check is
//! repeated, and flagged in the report if it never passes.

use std::hint::black_box;
use std::sync::{Arc, Mutex, PoisonError};

use atomics_core::{Atomic, CachePadded, StripedCounter};
use criterion::{Criterion, SamplingMode, Throughput, criterion_main};

use atomics_bench as common;

use common::{Pool, Validator};

/// The per-thread loop of one variant: `add(thread_index, iterations)`.
type Work = Arc<dyn Fn(usize, u64) + Send + Sync>;

/// Adds per thread in one criterion iteration. Batching makes even the
/// shortest timed run (criterion's first warm-up call, one iteration) long
/// against the tens of microseconds it takes to wake the workers, so
/// criterion's estimate of the time per iteration is not inflated by it.
const BATCH: u64 = 20_000;

fn variants(threads: usize) -> Vec<(&'static str, Work)> {
    let padded: Arc<Vec<CachePadded<Atomic<u64>>>> = Arc::new(
        (0..threads)
            .map(|_| CachePadded::new(Atomic::new(0)))
            .collect(),
    );
    // Adjacent 8-byte counters: up to eight threads share one cache line.
    let unpadded: Arc<Vec<Atomic<u64>>> = Arc::new((0..threads).map(|_| Atomic::new(0)).collect());
    let shared = Arc::new(CachePadded::new(Atomic::new(0u64)));
    let striped = Arc::new(StripedCounter::new());
    let mutex = Arc::new(CachePadded::new(Mutex::new(0u64)));
    // `black_box` on the cell each iteration keeps the loop from being
    // collapsed into one add of `iters`; every variant pays it alike.
    vec![
        (
            "padded_private",
            Arc::new(move |i: usize, iters: u64| {
                for _ in 0..iters * BATCH {
                    black_box(&*padded[i]).add(1);
                }
            }) as Work,
        ),
        (
            "unpadded_neighbours",
            Arc::new(move |i: usize, iters: u64| {
                for _ in 0..iters * BATCH {
                    black_box(&unpadded[i]).add(1);
                }
            }),
        ),
        (
            "one_shared_atomic",
            Arc::new(move |_: usize, iters: u64| {
                for _ in 0..iters * BATCH {
                    black_box(&**shared).add(1);
                }
            }),
        ),
        (
            "striped_counter",
            Arc::new(move |_: usize, iters: u64| {
                for _ in 0..iters * BATCH {
                    black_box(&*striped).inc();
                }
            }),
        ),
        (
            "mutex",
            Arc::new(move |_: usize, iters: u64| {
                for _ in 0..iters * BATCH {
                    *black_box(&**mutex)
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner) += 1;
                }
            }),
        ),
    ]
}

fn contended(c: &mut Criterion) {
    let validator = Validator::new();
    let p = validator.probe();
    eprintln!(
        "handoff probe before the contended groups: round trip {:.0} ns ({})",
        p.round_trip_ns,
        if p.together {
            "vCPUs running together"
        } else {
            "vCPUs NOT running together"
        }
    );
    for threads in common::thread_counts() {
        let pool = Pool::new(threads);
        let name = format!("contended_{threads}_threads");
        let mut group = c.benchmark_group(&name);
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(common::two_thread_samples())
            .measurement_time(common::two_thread_time())
            // One iteration is a batch of adds on each thread: throughput in
            // adds/s over all threads.
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
    contended(&mut c);
}

criterion_main!(benches);

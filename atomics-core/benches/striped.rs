//! Group 4: what `StripedCounter` costs on the read side, on one thread.
//!
//! `striped_read` puts `sum` and `take` at each shard count beside one
//! `Atomic<u64>::load` (the baseline: reading an ordinary counter), so the
//! table shows how the price of a read grows with the shards. `striped_add`
//! puts one uncontended `inc` (a thread-local lookup plus a relaxed add)
//! beside `Atomic<u64>::add`, the price of striping when nobody contends.

use atomics_core::{Atomic, CachePadded, StripedCounter};
use criterion::{BenchmarkId, Criterion, criterion_main};

use atomics_bench as common;

use common::time_loop;

/// Shard counts from the smallest to `MAX_SHARDS`; `new()` picks the
/// hardware thread count (2 on this machine).
const SHARDS: [usize; 6] = [1, 2, 8, 64, 256, StripedCounter::MAX_SHARDS];

fn read_side(c: &mut Criterion) {
    let mut group = c.benchmark_group("striped_read");
    let one = CachePadded::new(Atomic::new(1u64));
    group.bench_function("atomic_load", |b| {
        b.iter_custom(|iters| time_loop(iters, &*one, |a, _| a.load()));
    });
    for shards in SHARDS {
        let counter = StripedCounter::with_shards(shards);
        counter.add(1);
        group.bench_with_input(BenchmarkId::new("sum", shards), &counter, |b, c| {
            b.iter_custom(|iters| time_loop(iters, c, |c, _| c.sum()));
        });
        // `take` swaps each shard to zero: with no adders running it always
        // finds zeros after the first call, which costs the same as real
        // values (an exchange is an exchange).
        group.bench_with_input(BenchmarkId::new("take", shards), &counter, |b, c| {
            b.iter_custom(|iters| time_loop(iters, c, |c, _| c.take()));
        });
    }
    group.finish();
}

fn add_side(c: &mut Criterion) {
    let mut group = c.benchmark_group("striped_add");
    let one = CachePadded::new(Atomic::new(0u64));
    let striped = StripedCounter::new();
    // `inc` returns nothing, so the baseline's result is discarded too: both
    // are then a locked add whose old value nobody reads.
    group.bench_function("atomic_add", |b| {
        b.iter_custom(|iters| {
            time_loop(iters, &*one, |a, _| {
                a.add(1);
                0
            })
        });
    });
    group.bench_function("striped_inc", |b| {
        b.iter_custom(|iters| {
            time_loop(iters, &striped, |c, _| {
                c.inc();
                0
            })
        });
    });
    group.finish();
}

/// Runs this file's benchmarks with the shared settings (command-line
/// options still override them, as with `criterion_group!`).
fn benches() {
    let mut c = common::config().configure_from_args();
    read_side(&mut c);
    add_side(&mut c);
}

criterion_main!(benches);

//! Group 1: uncontended operations, `Atomic<T>` beside the
//! `std::sync::atomic` type it wraps, in the same run.
//!
//! Each criterion group holds one operation done two ways: `std` (the
//! baseline) and `atomics` (this crate); the goal is a ratio of 1.00 within
//! noise, since both should compile to the same instructions. `f64_add`
//! compares `Atomic<f64>::add` with the compare-and-swap loop on an
//! `AtomicU64`'s bits that one would write by hand. Every operation returns
//! a `u64` for `common::time_loop` to fold, the same conversion on both
//! sides.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed, Ordering::SeqCst};

use atomics_core::Atomic;
use criterion::{Criterion, criterion_main};

use atomics_bench as common;

use common::same_place_pair;

/// Benchmarks one operation both ways, each side on a cell it makes, at the
/// same address (see `common::same_place_pair`).
fn pair<A, B>(
    c: &mut Criterion,
    name: &str,
    (make_std, std_op): (impl Fn() -> A, impl FnMut(&A, u64) -> u64),
    (make_ours, ours_op): (impl Fn() -> B, impl FnMut(&B, u64) -> u64),
) {
    same_place_pair(
        c,
        name,
        ("std", make_std, std_op),
        ("atomics", make_ours, ours_op),
    );
}

fn u64_ops(c: &mut Criterion) {
    let s = || AtomicU64::new(1);
    let o = || Atomic::new(1u64);
    pair(
        c,
        "u64_load",
        (s, |a: &AtomicU64, _| a.load(SeqCst)),
        (o, |a: &Atomic<u64>, _| a.load()),
    );
    pair(
        c,
        "u64_store",
        (s, |a: &AtomicU64, i| {
            a.store(i, SeqCst);
            0
        }),
        (o, |a: &Atomic<u64>, i| {
            a.store(i);
            0
        }),
    );
    // Go's `add` returns the new value; with std that is `fetch_add + delta`.
    pair(
        c,
        "u64_add",
        (s, |a: &AtomicU64, i| a.fetch_add(i, SeqCst).wrapping_add(i)),
        (o, |a: &Atomic<u64>, i| a.add(i)),
    );
    pair(
        c,
        "u64_add_relaxed",
        (s, |a: &AtomicU64, i| {
            a.fetch_add(i, Relaxed).wrapping_add(i)
        }),
        (o, |a: &Atomic<u64>, i| a.add_with(i, Relaxed)),
    );
    pair(
        c,
        "u64_swap",
        (s, |a: &AtomicU64, i| a.swap(i, SeqCst)),
        (o, |a: &Atomic<u64>, i| a.swap(i)),
    );
    // A compare-and-swap that succeeds: it expects the value just read
    // (relaxed, an L1 hit next to the locked instruction), as a CAS loop's
    // first attempt does without contention.
    pair(
        c,
        "u64_compare_and_swap",
        (s, |a: &AtomicU64, _| {
            let cur = a.load(Relaxed);
            u64::from(a.compare_exchange(cur, cur + 1, SeqCst, SeqCst).is_ok())
        }),
        (o, |a: &Atomic<u64>, _| {
            let cur = a.load_with(Relaxed);
            u64::from(a.compare_and_swap(cur, cur + 1))
        }),
    );
}

fn bool_ops(c: &mut Criterion) {
    let s = || AtomicBool::new(false);
    let o = || Atomic::new(false);
    pair(
        c,
        "bool_load",
        (s, |a: &AtomicBool, _| u64::from(a.load(SeqCst))),
        (o, |a: &Atomic<bool>, _| u64::from(a.load())),
    );
    pair(
        c,
        "bool_store",
        (s, |a: &AtomicBool, i| {
            a.store(i & 1 == 1, SeqCst);
            0
        }),
        (o, |a: &Atomic<bool>, i| {
            a.store(i & 1 == 1);
            0
        }),
    );
    // `not` flips the flag and returns the old value: std's `fetch_xor(true)`.
    pair(
        c,
        "bool_not",
        (s, |a: &AtomicBool, _| u64::from(a.fetch_xor(true, SeqCst))),
        (o, |a: &Atomic<bool>, _| u64::from(a.not())),
    );
}

/// The float add one writes without this crate: a compare-and-swap loop on
/// the bits, returning the new value as `Atomic<f64>::add` does.
#[inline]
fn hand_written_f64_add(cell: &AtomicU64, delta: f64) -> f64 {
    let mut current = cell.load(SeqCst);
    loop {
        let new = f64::from_bits(current) + delta;
        match cell.compare_exchange_weak(current, new.to_bits(), SeqCst, SeqCst) {
            Ok(_) => return new,
            Err(actual) => current = actual,
        }
    }
}

fn f64_ops(c: &mut Criterion) {
    let s = || AtomicU64::new(0f64.to_bits());
    let o = || Atomic::new(0f64);
    pair(
        c,
        "f64_add",
        (s, |a: &AtomicU64, _| hand_written_f64_add(a, 1.0).to_bits()),
        (o, |a: &Atomic<f64>, _| a.add(1.0).to_bits()),
    );
}

/// Runs this file's benchmarks with the shared settings (command-line
/// options still override them, as with `criterion_group!`).
fn benches() {
    let mut c = common::config().configure_from_args();
    u64_ops(&mut c);
    bool_ops(&mut c);
    f64_ops(&mut c);
}

criterion_main!(benches);

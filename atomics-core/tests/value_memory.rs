//! Memory of values replaced while a reader holds a guard, measured from
//! the process's resident set (`/proc/self/statm`). This file is its own test
//! binary with one test, so no other test allocates in the process meanwhile.
//!
//! Run `cargo test -p atomics-core --release --test value_memory -- --nocapture`
//! to see the figures.

use atomics_core::{Atomic, Value};
use std::sync::Arc;
use std::sync::mpsc;
use std::thread;

/// Resident memory of this process, in bytes (Linux); `None` elsewhere.
fn rss() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
    // Every Linux target this crate's CI runs on uses 4 KiB pages.
    Some(pages * 4096)
}

static DROPPED: Atomic<usize> = Atomic::new(0);

/// Eight bytes of payload that count their drops.
struct Payload(#[allow(dead_code)] u64);

impl Drop for Payload {
    fn drop(&mut self) {
        DROPPED.add(1);
    }
}

#[test]
fn a_retired_value_costs_about_its_own_size_while_a_guard_is_held() {
    if cfg!(miri) {
        return; // no /proc under miri, and far too many allocations
    }
    let Some(_) = rss() else { return };
    const N: usize = 200_000;
    let cell = Arc::new(Value::from(Payload(0)));
    let (held_tx, held_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let reader = {
        let cell = Arc::clone(&cell);
        thread::spawn(move || {
            let guard = cell.read();
            held_tx.send(()).unwrap();
            release_rx.recv().unwrap();
            drop(guard);
        })
    };
    held_rx.recv().unwrap();
    // Warm the allocator and the epoch's queue up, then measure.
    for i in 0..1_000 {
        cell.store(Payload(i));
    }
    let before = rss().unwrap();
    for i in 0..N as u64 {
        cell.store(Payload(i));
    }
    let after = rss().unwrap();
    let per_value = after.saturating_sub(before) as f64 / N as f64;
    // The value's own allocation: `Arc`'s two counts and the payload.
    let own = 2 * size_of::<usize>() + size_of::<Payload>();
    println!(
        "{N} values replaced while a guard is held: RSS {:.1} MB -> {:.1} MB, \
         {per_value:.0} bytes per retired value ({own} of them the value's own allocation, \
         {:.0} beyond it)",
        before as f64 / 1e6,
        after as f64 / 1e6,
        per_value - own as f64
    );
    assert_eq!(
        DROPPED.load(),
        0,
        "nothing may be freed while the guard is held"
    );
    // Generous: the goal is 256 bytes beyond the value; a sealed bag per
    // write costs about 2 KiB.
    assert!(per_value < 512.0, "{per_value:.0} bytes per retired value");

    release_tx.send(()).unwrap();
    reader.join().unwrap();
    let retired = N + 1_000;
    let mut ops = 0;
    let other = Value::from(0usize);
    while DROPPED.load() < retired && ops < 2 * retired + 10_000 {
        if ops.is_multiple_of(64) {
            other.store(ops);
        } else {
            std::hint::black_box(other.read().map(|v| *v));
        }
        ops += 1;
    }
    println!(
        "after the guard was released: {} of {retired} retired values freed in {ops} ordinary \
         operations; RSS {:.1} MB",
        DROPPED.load(),
        rss().unwrap() as f64 / 1e6
    );
    assert_eq!(DROPPED.load(), retired);

    // With the backlog gone, a value replaced now and then (a configuration)
    // is freed within a few hundred ordinary operations, not left in the
    // writer's bag until 64 more values are retired on its thread.
    let rare = Value::from(Payload(0));
    let before = DROPPED.load();
    let mut ops = 0;
    for i in 1..=10 {
        rare.store(Payload(i));
        for _ in 0..1_000 {
            std::hint::black_box(rare.read().map(|v| v.0));
            ops += 1;
        }
    }
    let freed = DROPPED.load() - before;
    println!(
        "a value replaced every 1000 reads: {freed} of 10 replaced values freed after {ops} reads"
    );
    assert!(freed >= 9, "only {freed} of 10 replaced values freed");
}

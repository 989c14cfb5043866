//! Many threads, many operations: every total and invariant is checked
//! exactly, so a lost update fails the test. Sizes shrink under miri.
//!
//! No test waits for two threads to run at the same instant: the machine may
//! run its cores in turn, so every loop here ends by itself.

use atomics_core::{Atomic, StripedCounter};
use std::sync::Barrier;
use std::thread;

const THREADS: usize = if cfg!(miri) { 3 } else { 8 };
const OPS: usize = if cfg!(miri) { 40 } else { 20_000 };

/// Runs `f(thread_index)` on `THREADS` threads, all released together.
fn on_threads(f: impl Fn(usize) + Sync) {
    let start = Barrier::new(THREADS);
    thread::scope(|s| {
        for t in 0..THREADS {
            let (f, start) = (&f, &start);
            s.spawn(move || {
                start.wait();
                f(t);
            });
        }
    });
}

#[test]
fn add_sub_fetch_add_fetch_sub_conserve_totals() {
    let up = Atomic::new(0u64);
    let down = Atomic::new(0i64);
    let fetched = Atomic::new(0u32);
    let new_values_seen = Atomic::new(0u64);
    on_threads(|_| {
        for _ in 0..OPS {
            // Each `add` returns a distinct new value: summing them checks the
            // Go convention under contention too.
            new_values_seen.fetch_add(up.add(1));
            down.sub(2);
            fetched.fetch_add(3);
            fetched.fetch_sub(1);
        }
    });
    let n = (THREADS * OPS) as u64;
    assert_eq!(up.load(), n);
    assert_eq!(down.load(), -2 * n as i64);
    assert_eq!(fetched.load() as u64, 2 * n);
    assert_eq!(
        new_values_seen.load(),
        n * (n + 1) / 2,
        "every new value 1..=n returned once"
    );
}

#[test]
fn small_integers_wrap_consistently() {
    let x = Atomic::new(0u8);
    on_threads(|_| {
        for _ in 0..OPS {
            x.add(1);
        }
    });
    assert_eq!(x.load(), ((THREADS * OPS) % 256) as u8);
}

#[test]
fn bit_operations_never_lose_a_bit() {
    // Each thread owns one bit: it sets it with `or`, checks it was clear,
    // clears it with `and` and toggles it twice with `xor`.
    let word = Atomic::new(0u64);
    on_threads(|t| {
        let bit = 1u64 << t;
        for _ in 0..OPS {
            assert_eq!(word.or(bit) & bit, 0);
            assert_eq!(word.xor(bit) & bit, bit);
            assert_eq!(word.xor(bit) & bit, 0);
            assert_eq!(word.and(!bit) & bit, bit);
        }
        word.or(bit);
    });
    assert_eq!(word.load(), (1u64 << THREADS) - 1);
}

#[test]
fn bool_toggles_balance() {
    // An even number of toggles in all: as many true->false transitions as
    // false->true ones, and the flag ends where it started.
    let flag = Atomic::new(false);
    let saw_true = Atomic::new(0usize);
    on_threads(|_| {
        for _ in 0..2 * OPS {
            if flag.not() {
                saw_true.add(1);
            }
        }
    });
    assert!(!flag.load());
    assert_eq!(saw_true.load(), THREADS * OPS);
}

#[test]
fn max_and_min_find_the_extremes() {
    let hi = Atomic::new(0u32);
    let lo = Atomic::new(u32::MAX);
    let fhi = Atomic::new(f64::NEG_INFINITY);
    on_threads(|t| {
        for i in 0..OPS {
            let v = (i * THREADS + t) as u32;
            hi.max(v);
            lo.min(v);
            fhi.max(f64::from(v));
        }
    });
    let top = (THREADS * OPS - 1) as u32;
    assert_eq!(hi.load(), top);
    assert_eq!(lo.load(), 0);
    assert_eq!(fhi.load(), f64::from(top));
}

#[test]
fn swap_hands_every_value_to_exactly_one_taker() {
    // Every value put in comes out of exactly one `swap` (or stays in the cell).
    let cell = Atomic::new(0u64);
    let sum_out = Atomic::new(0u64);
    on_threads(|t| {
        for i in 0..OPS {
            let v = (t * OPS + i + 1) as u64;
            sum_out.add(cell.swap(v));
        }
    });
    let n = (THREADS * OPS) as u64;
    assert_eq!(sum_out.load() + cell.load(), n * (n + 1) / 2);
}

#[test]
fn cas_loops_lose_no_update() {
    let by_cas = Atomic::new(0u64);
    let by_update = Atomic::new(0u64);
    let by_try = Atomic::new(0u32);
    let by_float = Atomic::new(0.0f64);
    let by_float_sub = Atomic::new(0.0f32);
    let cap = (THREADS * OPS / 2) as u32;
    let refused = Atomic::new(0u32);
    on_threads(|_| {
        for _ in 0..OPS {
            let mut cur = by_cas.load();
            while let Err(actual) = by_cas.compare_exchange_weak(cur, cur + 1) {
                cur = actual;
            }
            by_update.update(|v| v + 2);
            if by_try.try_update(|v| (v < cap).then_some(v + 1)).is_err() {
                refused.add(1);
            }
            by_float.add(1.0); // integers below 2^53 are exact
            by_float_sub.sub(1.0);
        }
    });
    let n = (THREADS * OPS) as u64;
    assert_eq!(by_cas.load(), n);
    assert_eq!(by_update.load(), 2 * n);
    assert_eq!(by_try.load(), cap);
    assert_eq!(u64::from(refused.load()), n - u64::from(cap));
    assert_eq!(by_float.load(), n as f64);
    assert_eq!(by_float_sub.load(), -(n as f32));
}

#[test]
fn compare_and_swap_elects_one_winner_per_round() {
    let round = Atomic::new(0u32);
    let wins = Atomic::new(0u32);
    on_threads(|_| {
        for r in 0..OPS as u32 {
            if round.compare_and_swap(r, r + 1) {
                wins.add(1);
            }
            // Keep up with the round the winner set.
            while round.load() < r + 1 {
                if round.compare_and_swap(r, r + 1) {
                    wins.add(1);
                }
            }
        }
    });
    assert_eq!(round.load(), OPS as u32);
    assert_eq!(wins.load(), OPS as u32, "each round won exactly once");
}

#[test]
fn striped_take_loses_and_duplicates_nothing() {
    let counter = StripedCounter::new();
    let taken = Atomic::new(0u64);
    let workers_done = Atomic::new(0usize);
    thread::scope(|s| {
        for t in 0..THREADS {
            let (counter, workers_done) = (&counter, &workers_done);
            s.spawn(move || {
                for i in 0..OPS {
                    counter.add(((t + i) % 3 + 1) as u64);
                }
                workers_done.add(1);
            });
        }
        // The reporter takes until the workers are done; it yields, so it
        // never starves them on a machine that runs its cores in turn.
        let (counter, taken, workers_done) = (&counter, &taken, &workers_done);
        s.spawn(move || {
            while workers_done.load() < THREADS {
                taken.add(counter.take());
                thread::yield_now();
            }
        });
    });
    let expected: u64 = (0..THREADS)
        .flat_map(|t| (0..OPS).map(move |i| ((t + i) % 3 + 1) as u64))
        .sum();
    assert_eq!(taken.load() + counter.sum(), expected);
}

/// A three-state machine, made atomic-capable by `#[derive(AtomicPrimitive)]`.
#[cfg(feature = "derive")]
#[derive(atomics_core::AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(u8)]
enum State {
    #[default]
    Idle,
    Running,
    Draining,
}

#[cfg(feature = "derive")]
#[test]
fn every_state_transition_is_taken_exactly_once() {
    // Threads race to move the machine one step (Idle -> Running ->
    // Draining -> Idle); each step is won by exactly one compare-and-swap.
    let steps = OPS as u32;
    let state = Atomic::new(State::Idle);
    let taken = [Atomic::new(0u32), Atomic::new(0u32), Atomic::new(0u32)];
    let total = Atomic::new(0u32);
    on_threads(|_| {
        loop {
            if total.load() >= steps {
                break;
            }
            let from = state.load();
            let to = match from {
                State::Idle => State::Running,
                State::Running => State::Draining,
                State::Draining => State::Idle,
            };
            // Claim the step first, so no more than `steps` are taken.
            if total.try_update(|n| (n < steps).then_some(n + 1)).is_err() {
                break;
            }
            if state.compare_and_swap(from, to) {
                taken[from as usize].add(1);
            } else {
                total.sub(1); // lost the race: give the step back
            }
        }
    });
    let by_state: Vec<u32> = taken.iter().map(Atomic::load).collect();
    assert_eq!(by_state.iter().sum::<u32>(), steps);
    // Steps go round in order, so the counts of the three transitions
    // differ by at most one, in order.
    assert_eq!(by_state[0], steps.div_ceil(3));
    assert_eq!(by_state[1], (steps + 1) / 3);
    assert_eq!(by_state[2], steps / 3);
    let expected = [State::Idle, State::Running, State::Draining][steps as usize % 3];
    assert_eq!(state.load(), expected);
}

//! Model checks of every algorithm in atomics-core that can interleave:
//! StripedCounter's add/take/sum, PerThreadCounter's add/take/sum and slot
//! reuse, PerThreadBlock's records against snapshots and takes, the CAS loops
//! (`update`, `try_update`, float `add`, `max`/`min`) and compare-and-swap.
//!
//! Under loom, the per-thread types get their slots from a small registry in
//! atomics-core's loom shim (loom cannot see inside the `thread_local`
//! crate) that keeps what they rely on: one live owner per slot, and an
//! exited thread's slot handed to the next thread through a lock.
//!
//! Run with:
//! `RUSTFLAGS="--cfg atomics_loom" CARGO_TARGET_DIR=target/loom LOOM_MAX_PREEMPTIONS=2 cargo test -p atomics-tests --release --test loom`
#![cfg(atomics_loom)]

use atomics_core::{
    Atomic, AtomicPrimitive, Ordering::*, PerThreadBlock, PerThreadCounter, StripedCounter,
};
use loom::sync::Arc;
use loom::thread;

/// Two threads each run `op` once on a shared value built by `make`; then
/// `check` sees the final value.
fn two_threads<T: Send + Sync + 'static>(make: fn() -> T, op: fn(&T), check: fn(&T)) {
    loom::model(move || {
        let shared = Arc::new(make());
        let other = {
            let shared = Arc::clone(&shared);
            thread::spawn(move || op(&shared))
        };
        op(&shared);
        other.join().unwrap();
        check(&shared);
    });
}

#[test]
fn striped_take_is_exactly_once() {
    loom::model(|| {
        let counter = Arc::new(StripedCounter::with_shards(2));
        let adders: Vec<_> = [1u64, 10]
            .into_iter()
            .map(|d| {
                let counter = Arc::clone(&counter);
                thread::spawn(move || {
                    counter.add(d);
                    counter.add(d * 100);
                })
            })
            .collect();
        // The reporter takes while the adders run; a concurrent `sum` only
        // ever sees a sum of whole adds still in the counter.
        let first = counter.take();
        let seen = counter.sum();
        let second = counter.take();
        for a in adders {
            a.join().unwrap();
        }
        let rest = counter.sum();
        assert_eq!(
            first + second + rest,
            1 + 100 + 10 + 1000,
            "lost or double-counted"
        );
        assert!(
            seen <= 1111 - first,
            "sum saw more than was left after the first take"
        );
        assert_eq!(counter.take(), rest);
        assert_eq!(counter.sum(), 0);
    });
}

#[test]
fn striped_reset_and_sum_with_one_shard_per_thread() {
    loom::model(|| {
        let counter = Arc::new(StripedCounter::with_shards(1));
        let t = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || counter.inc())
        };
        counter.inc();
        t.join().unwrap();
        assert_eq!(counter.sum(), 2);
        counter.reset();
        assert_eq!(counter.sum(), 0);
    });
}

#[test]
fn update_loses_no_increment() {
    two_threads(
        || Atomic::new(0u32),
        |a| {
            a.update(|v| v + 1);
        },
        |a| assert_eq!(a.load(), 2),
    );
}

#[test]
fn update_with_acq_rel_publishes() {
    loom::model(|| {
        let data = Arc::new(Atomic::new(0u8));
        let flag = Arc::new(Atomic::new(0u8));
        let writer = {
            let (data, flag) = (Arc::clone(&data), Arc::clone(&flag));
            thread::spawn(move || {
                data.store_with(42, Relaxed);
                flag.update_with(|v| v + 1, Release, Relaxed);
            })
        };
        if flag.load_with(Acquire) == 1 {
            assert_eq!(
                data.load_with(Relaxed),
                42,
                "release/acquire through update"
            );
        }
        writer.join().unwrap();
    });
}

#[test]
fn try_update_respects_its_bound() {
    two_threads(
        || (Atomic::new(1u32), Atomic::new(0u32)),
        |(tickets, got)| {
            if tickets.try_update(|t| t.checked_sub(1)).is_ok() {
                got.add(1);
            }
        },
        |(tickets, got)| {
            assert_eq!(tickets.load(), 0);
            assert_eq!(got.load(), 1, "exactly one thread gets the last ticket");
        },
    );
}

#[test]
fn float_add_loses_no_update() {
    two_threads(
        || Atomic::new(0.5f64),
        |x| {
            let new = x.add(1.0);
            assert!(
                new == 1.5 || new == 2.5,
                "add returns a value the cell held"
            );
        },
        |x| assert_eq!(x.load(), 2.5),
    );
}

#[test]
fn float_sub_and_fetch_add_return_consistent_values() {
    two_threads(
        || Atomic::new(0.0f32),
        |x| {
            let old = x.fetch_add(2.0);
            assert!(old == 0.0 || old == 2.0);
        },
        |x| {
            assert_eq!(x.load(), 4.0);
            assert_eq!(x.sub(4.0), 0.0);
        },
    );
}

#[test]
fn max_and_min_keep_the_extremes() {
    loom::model(|| {
        let hi = Arc::new(Atomic::new(5i32));
        let fhi = Arc::new(Atomic::new(0.0f64));
        let lo = Arc::new(Atomic::new(5.0f32));
        let t = {
            let (hi, fhi, lo) = (Arc::clone(&hi), Arc::clone(&fhi), Arc::clone(&lo));
            thread::spawn(move || {
                hi.max(7);
                fhi.max(7.0);
                lo.min(-1.0);
            })
        };
        hi.max(6);
        fhi.max(6.0);
        lo.min(2.0);
        t.join().unwrap();
        assert_eq!(hi.load(), 7);
        assert_eq!(fhi.load(), 7.0);
        assert_eq!(lo.load(), -1.0);
    });
}

#[test]
fn compare_and_swap_has_one_winner() {
    two_threads(
        || (Atomic::new(false), Atomic::new(0u8)),
        |(claimed, winners)| {
            if claimed.compare_and_swap(false, true) {
                winners.add(1);
            }
        },
        |(claimed, winners)| {
            assert!(claimed.load());
            assert_eq!(winners.load(), 1);
        },
    );
}

#[test]
fn weak_cas_loop_terminates_and_counts() {
    two_threads(
        || Atomic::new(0u64),
        |a| {
            let mut cur = a.load_with(Relaxed);
            while let Err(actual) = a.compare_exchange_weak_with(cur, cur + 1, AcqRel, Relaxed) {
                cur = actual;
                loom::thread::yield_now();
            }
        },
        |a| assert_eq!(a.load(), 2),
    );
}

/// The model checker must find the lost update of a split load + store
/// (`i++` is not atomic): proves these models really explore interleavings.
#[test]
#[should_panic(expected = "lost update")]
fn split_increment_is_caught() {
    two_threads(
        || Atomic::new(0u32),
        |a| {
            let v = a.load();
            a.store(v + 1);
        },
        |a| assert_eq!(a.load(), 2, "lost update"),
    );
}

#[test]
fn per_thread_take_racing_add_and_take_is_exactly_once() {
    loom::model(|| {
        let counter = Arc::new(PerThreadCounter::new());
        let adder = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                counter.add(1);
                // The cached handle: the same slot, looked up once.
                counter.with_local(|local| local.add(10));
            })
        };
        let taker = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || counter.take())
        };
        let mine = counter.take();
        let seen = counter.sum();
        adder.join().unwrap();
        let theirs = taker.join().unwrap();
        let rest = counter.sum();
        assert_eq!(mine + theirs + rest, 11, "lost or double-counted");
        assert!(
            [0, 1, 10, 11].contains(&mine) && [0, 1, 10, 11].contains(&theirs),
            "a take returns whole adds"
        );
        assert!(
            seen <= 11 - mine,
            "sum saw more than was left after my take"
        );
        assert_eq!(counter.take(), rest);
        assert_eq!(counter.sum(), 0);
    });
}

#[test]
fn per_thread_slot_of_an_exited_thread_keeps_its_count() {
    loom::model(|| {
        let counter = Arc::new(PerThreadCounter::new());
        let first = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || counter.add(1))
        };
        // A reader sums and takes while the first thread exits and a second
        // one adds. loom's `join` can return before the joined thread's
        // thread-locals are dropped (std's waits for them), so the model
        // explores both orders: the second thread gets the first one's slot,
        // with its count, and adds on top; or it gets a slot of its own.
        let reader = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                let seen = counter.sum();
                assert!([0, 1, 10, 11].contains(&seen), "sum of whole adds: {seen}");
                counter.take()
            })
        };
        first.join().unwrap();
        let second = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || counter.add(10))
        };
        second.join().unwrap();
        let taken = reader.join().unwrap();
        assert_eq!(taken + counter.sum(), 11, "lost or double-counted at exit");
    });
}

/// requests, errors, bytes: every record adds one request of 100 bytes, and
/// at most one error.
const SIZE: u64 = 100;

fn assert_whole_records(d: [u64; 3], what: &str) {
    assert!(
        d[1] <= d[0],
        "{what}: errors > requests: half a record ({d:?})"
    );
    assert_eq!(
        d[2],
        d[0] * SIZE,
        "{what}: bytes != requests * size: half a record ({d:?})"
    );
}

#[test]
fn per_thread_block_snapshot_and_take_never_see_half_a_record() {
    loom::model(|| {
        let block = Arc::new(PerThreadBlock::<3>::new());
        let writer = {
            let block = Arc::clone(&block);
            thread::spawn(move || {
                block.record(|d| *d = [1, 1, SIZE]);
                block.with_local(|local| local.add_all(&[1, 0, SIZE]));
            })
        };
        let seen = block.snapshot();
        assert_whole_records(seen, "snapshot");
        let taken = block.take();
        assert_whole_records(taken, "take");
        writer.join().unwrap();
        let rest = block.snapshot();
        assert_whole_records(rest, "final snapshot");
        let all: Vec<u64> = (0..3).map(|i| taken[i] + rest[i]).collect();
        assert_eq!(all, [2, 1, 2 * SIZE], "lost or double-counted");
    });
}

/// The canary for the model above: reading a block field by field, without
/// the sequence number, can see half a record, and loom finds it.
#[test]
#[should_panic(expected = "half a record")]
fn per_field_loads_can_see_half_a_record() {
    loom::model(|| {
        let block = Arc::new(PerThreadBlock::<3>::new());
        let writer = {
            let block = Arc::clone(&block);
            thread::spawn(move || block.record(|d| *d = [1, 1, SIZE]))
        };
        let errors = block.load(1);
        let requests = block.load(0);
        let bytes = block.load(2);
        assert_whole_records([requests, errors, bytes], "field by field");
        writer.join().unwrap();
    });
}

/// A three-state machine, made atomic-capable as `#[derive(AtomicPrimitive)]`
/// will (atomics-core's `tests/ops.rs`, `user_types`, shows the expansion).
#[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(u8)]
enum State {
    #[default]
    Idle,
    Running,
    Draining,
}

#[test]
fn state_transitions_are_each_taken_once() {
    // Two threads each try both transitions, Idle -> Running then Running ->
    // Draining: each transition is won by exactly one compare-and-swap.
    loom::model(|| {
        let state = Arc::new(Atomic::new(State::Idle));
        let wins = Arc::new([Atomic::new(0u8), Atomic::new(0u8)]);
        let run = |state: &Atomic<State>, wins: &[Atomic<u8>; 2]| {
            if state.compare_and_swap(State::Idle, State::Running) {
                wins[0].add(1);
            }
            if state
                .try_update(|s| (s == State::Running).then_some(State::Draining))
                .is_ok()
            {
                wins[1].add(1);
            }
        };
        let other = {
            let (state, wins) = (Arc::clone(&state), Arc::clone(&wins));
            thread::spawn(move || run(&state, &wins))
        };
        run(&state, &wins);
        other.join().unwrap();
        assert_eq!(state.load(), State::Draining);
        assert_eq!((wins[0].load(), wins[1].load()), (1, 1));
    });
}

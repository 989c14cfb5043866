//! Blocking waits (feature `wait`): a waiter woken by a store and a notify
//! in another thread, no lost wake-up over many rounds of ping-pong, and
//! timeouts honoured. Every test ends by itself: a lost wake-up fails the
//! ping-pong by its deadline instead of hanging.
#![cfg(all(feature = "wait", not(atomics_loom)))]

use atomics_core::{Atomic, Waited};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// A generous bound for things that take microseconds: only a lost wake-up
/// (or a machine stalled for this long) reaches it.
const DEADLINE: Duration = Duration::from_secs(60);
const ROUNDS: u32 = if cfg!(miri) { 20 } else { 20_000 };

#[cfg(feature = "derive")]
#[derive(atomics_core::AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(u8)]
enum State {
    #[default]
    Idle,
    Running,
}

/// Runs `f` on a thread and fails if it has not finished by [`DEADLINE`].
fn within_deadline(what: &str, f: impl FnOnce() + Send + 'static) {
    let (done, finished) = mpsc::channel();
    thread::spawn(move || {
        f();
        let _ = done.send(());
    });
    finished
        .recv_timeout(DEADLINE)
        .unwrap_or_else(|_| panic!("{what}: not done after {DEADLINE:?} (a lost wake-up?)"));
}

/// Stores `to` into `cell` from another thread after a short pause, with a
/// notify, while this thread waits for the change.
fn woken_by_a_store<T: atomics_core::AtomicPrimitive + PartialEq>(from: T, to: T) {
    let cell = Atomic::new(from);
    thread::scope(|s| {
        s.spawn(|| {
            thread::sleep(Duration::from_millis(5));
            cell.store(to);
            cell.notify_one();
        });
        cell.wait(from);
        assert_eq!(cell.load(), to);
    });
}

#[test]
fn a_waiter_is_woken_by_a_store_and_a_notify() {
    within_deadline("wake-up", || {
        woken_by_a_store(0u32, 1);
        woken_by_a_store(false, true);
        woken_by_a_store(0u8, 1);
        woken_by_a_store(-1i64, 1);
        woken_by_a_store(0.5f64, 1.5);
        #[cfg(feature = "derive")]
        woken_by_a_store(State::Idle, State::Running);
    });
}

#[test]
fn notify_all_wakes_every_waiter() {
    within_deadline("notify_all", || {
        let go = Atomic::new(false);
        let woken = Atomic::new(0u32);
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    go.wait(false);
                    woken.add(1);
                });
            }
            thread::sleep(Duration::from_millis(5));
            go.store(true);
            go.notify_all();
        });
        assert_eq!(woken.load(), 4);
    });
}

#[test]
fn ping_pong_loses_no_wake_up() {
    // Two threads hand a turn back and forth, each sleeping until it is its
    // turn: a single lost wake-up stops both.
    within_deadline("ping-pong", || {
        let turn = Atomic::new(0u32);
        thread::scope(|s| {
            for me in 0..2u32 {
                let turn = &turn;
                s.spawn(move || {
                    for round in 0..ROUNDS {
                        let mine = 2 * round + me;
                        loop {
                            let seen = turn.load();
                            if seen == mine {
                                break;
                            }
                            turn.wait(seen);
                        }
                        turn.store(mine + 1);
                        turn.notify_one();
                    }
                });
            }
        });
        assert_eq!(turn.load(), 2 * ROUNDS);
    });
}

#[test]
fn a_bool_flag_ping_pong_with_notify_all() {
    within_deadline("flag ping-pong", || {
        let ball = Atomic::new(false); // false: the main thread's turn
        thread::scope(|s| {
            s.spawn(|| {
                for _ in 0..ROUNDS {
                    ball.wait(false);
                    ball.store(false);
                    ball.notify_all();
                }
            });
            for _ in 0..ROUNDS {
                ball.store(true);
                ball.notify_all();
                ball.wait(true);
            }
        });
    });
}

#[test]
fn timeouts_are_honoured() {
    within_deadline("timeouts", || {
        let cell = Atomic::new(3u32);
        for ms in [0, 1, 10, 30] {
            let d = Duration::from_millis(ms);
            let t0 = Instant::now();
            assert_eq!(cell.wait_timeout(3, d), Waited::TimedOut);
            assert!(t0.elapsed() >= d, "returned before its {d:?}");
        }
        // A change before the timeout ends the wait with `Changed`.
        let flag = Atomic::new(false);
        thread::scope(|s| {
            s.spawn(|| {
                thread::sleep(Duration::from_millis(5));
                flag.store(true);
                flag.notify_one();
            });
            assert_eq!(flag.wait_timeout(false, DEADLINE), Waited::Changed);
        });
    });
}

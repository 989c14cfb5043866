//! User types and waiting: `Atomic<State>` (a `#[repr(u8)]` enum, made
//! atomic-capable by `#[derive(AtomicPrimitive)]`) beside an `AtomicU8`
//! with the conversion written by hand (goal 1.00: the same instructions),
//! and the wake-up latency of `wait`/`notify_one` beside a spin-and-sleep
//! loop and `std::thread::park`/`unpark`, two threads handing a turn back
//! and forth.

use std::hint::black_box;
use std::sync::atomic::{AtomicU8, AtomicU32, Ordering::SeqCst};
use std::thread;
use std::time::{Duration, Instant};

use atomics_core::{Atomic, AtomicPrimitive};
use criterion::{Criterion, criterion_main};

use atomics_bench as common;

use common::same_place_pair;

#[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(u8)]
enum State {
    #[default]
    Idle,
    Running,
    Draining,
}

/// The conversion one writes by hand around an `AtomicU8` that only ever
/// holds a `State`'s discriminant.
fn from_u8(v: u8) -> State {
    // SAFETY: the benchmark's `AtomicU8` only ever holds `State as u8`.
    unsafe { std::mem::transmute::<u8, State>(v) }
}

/// The state after `s`, and a `u64` of a state for `time_loop` to fold.
fn next(s: State) -> State {
    match s {
        State::Idle => State::Running,
        State::Running => State::Draining,
        State::Draining => State::Idle,
    }
}

fn state_of(i: u64) -> State {
    [State::Idle, State::Running, State::Draining][(i % 3) as usize]
}

fn state_ops(c: &mut Criterion) {
    let s = || AtomicU8::new(State::Running as u8);
    let o = || Atomic::new(State::Running);
    same_place_pair(
        c,
        "state_load",
        ("std", s, |a: &AtomicU8, _| from_u8(a.load(SeqCst)) as u64),
        ("atomics", o, |a: &Atomic<State>, _| a.load() as u64),
    );
    same_place_pair(
        c,
        "state_store",
        ("std", s, |a: &AtomicU8, i| {
            a.store(state_of(i) as u8, SeqCst);
            0
        }),
        ("atomics", o, |a: &Atomic<State>, i| {
            a.store(state_of(i));
            0
        }),
    );
    // A compare-exchange that succeeds: it expects the state just read, as
    // a state machine's transition does without contention.
    same_place_pair(
        c,
        "state_compare_exchange",
        ("std", s, |a: &AtomicU8, _| {
            let cur = from_u8(a.load(std::sync::atomic::Ordering::Relaxed));
            match a.compare_exchange(cur as u8, next(cur) as u8, SeqCst, SeqCst) {
                Ok(v) | Err(v) => from_u8(v) as u64,
            }
        }),
        ("atomics", o, |a: &Atomic<State>, _| {
            let cur = a.load_with(atomics_core::Ordering::Relaxed);
            match a.compare_exchange(cur, next(cur)) {
                Ok(v) | Err(v) => v as u64,
            }
        }),
    );
}

/// How one side sleeps until it is its turn, and wakes the other.
trait Handoff: Sync {
    /// Sleeps until `turn` is `mine`.
    fn wait_for(&self, turn: &AtomicU32, mine: u32, me: usize);
    /// Makes it `next`'s turn and wakes thread `other`.
    fn hand_over(&self, turn: &AtomicU32, next: u32, other: usize);
}

/// `Atomic::wait` and `notify_one`.
struct WaitNotify;

impl Handoff for WaitNotify {
    fn wait_for(&self, turn: &AtomicU32, mine: u32, _: usize) {
        let turn = Atomic::<u32>::from_std(turn);
        loop {
            let seen = turn.load();
            if seen == mine {
                return;
            }
            turn.wait(seen);
        }
    }
    fn hand_over(&self, turn: &AtomicU32, next: u32, _: usize) {
        let turn = Atomic::<u32>::from_std(turn);
        turn.store(next);
        turn.notify_one();
    }
}

/// A loop that checks, then sleeps a little: what code without a way to
/// block writes.
struct SpinSleep;

impl Handoff for SpinSleep {
    fn wait_for(&self, turn: &AtomicU32, mine: u32, _: usize) {
        while turn.load(SeqCst) != mine {
            thread::sleep(Duration::from_micros(50));
        }
    }
    fn hand_over(&self, turn: &AtomicU32, next: u32, _: usize) {
        turn.store(next, SeqCst);
    }
}

/// `std::thread::park` and `Thread::unpark`.
struct Park(std::sync::OnceLock<[thread::Thread; 2]>);

impl Handoff for Park {
    fn wait_for(&self, turn: &AtomicU32, mine: u32, _: usize) {
        while turn.load(SeqCst) != mine {
            thread::park();
        }
    }
    fn hand_over(&self, turn: &AtomicU32, next: u32, other: usize) {
        turn.store(next, SeqCst);
        self.0.get().expect("threads registered")[other].unpark();
    }
}

/// Times `iters` round trips (two handoffs each) between two threads.
fn ping_pong(
    h: &(impl Handoff + ?Sized),
    iters: u64,
    register: impl FnOnce([thread::Thread; 2]),
) -> Duration {
    let turn = AtomicU32::new(0);
    let rounds = u32::try_from(iters)
        .unwrap_or(u32::MAX / 2)
        .min(u32::MAX / 2 - 1);
    thread::scope(|s| {
        let partner = s.spawn(|| {
            for r in 0..rounds {
                h.wait_for(&turn, 2 * r + 1, 1);
                h.hand_over(&turn, 2 * r + 2, 0);
            }
        });
        register([thread::current(), partner.thread().clone()]);
        let t0 = Instant::now();
        for r in 0..rounds {
            h.hand_over(&turn, 2 * r + 1, 1);
            h.wait_for(&turn, 2 * r + 2, 0);
        }
        let elapsed = t0.elapsed();
        partner.join().expect("partner panicked");
        black_box(turn.load(SeqCst));
        elapsed
    })
}

fn wake_up(c: &mut Criterion) {
    let mut group = c.benchmark_group("wake_up_round_trip");
    group.sample_size(10).measurement_time(if common::quick() {
        Duration::from_millis(200)
    } else {
        Duration::from_secs(2)
    });
    group.bench_function("wait_notify", |b| {
        b.iter_custom(|iters| ping_pong(&WaitNotify, iters, |_| {}));
    });
    group.bench_function("park_unpark", |b| {
        b.iter_custom(|iters| {
            let park = Park(std::sync::OnceLock::new());
            ping_pong(&park, iters, |t| {
                let _ = park.0.set(t);
            })
        });
    });
    group.bench_function("spin_sleep_50us", |b| {
        b.iter_custom(|iters| ping_pong(&SpinSleep, iters, |_| {}));
    });
    group.finish();
}

/// Runs this file's benchmarks with the shared settings (command-line
/// options still override them).
fn benches() {
    let mut c = common::config().configure_from_args();
    state_ops(&mut c);
    wake_up(&mut c);
}

criterion_main!(benches);

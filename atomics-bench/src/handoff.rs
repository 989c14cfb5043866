//! The handoff probe: whether this machine's two vCPUs are running at the
//! same time, told by how long two threads take to pass a flag back and
//! forth ([`handoff_probe`]).

use std::hint::spin_loop;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_utils::CachePadded;

use crate::pool::Pool;

/// A round trip above this means the two probe threads did not run at the
/// same time. Measured on this machine: 70-90 ns when the two vCPUs sit on
/// nearby cores, 450-850 ns when the host places them far apart (another
/// core complex), and from 5 µs up when they take turns (each handoff then
/// waits for the other vCPU to be scheduled).
pub const TOGETHER_THRESHOLD_NS: f64 = 2_000.0;

/// What one handoff probe saw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Probe {
    /// Mean round trip of the flag between the two threads, in nanoseconds
    /// (infinite if the probe ran out of time).
    pub round_trip_ns: f64,
    /// Whether the round trip says both threads ran at the same time.
    pub together: bool,
}

impl Probe {
    /// The probe that timed `rounds` round trips in `ns` nanoseconds, or
    /// gave up before the end.
    pub fn from_rounds(ns: f64, rounds: u64, gave_up: bool) -> Self {
        let round_trip_ns = if gave_up || rounds == 0 {
            f64::INFINITY
        } else {
            ns / rounds as f64
        };
        Self::from_round_trip(round_trip_ns)
    }

    /// The probe that measured a mean round trip of `round_trip_ns`.
    pub fn from_round_trip(round_trip_ns: f64) -> Self {
        Self {
            round_trip_ns,
            together: round_trip_ns < TOGETHER_THRESHOLD_NS,
        }
    }
}

/// Ping-pong: workers 0 and 1 of `pool` take turns incrementing one counter,
/// each waiting for the other's write, and the mean round trip is measured.
///
/// Every wait spins a little, then yields, and the whole probe gives up at a
/// deadline, so it finishes even when the other thread never gets a CPU.
///
/// # Panics
///
/// When `pool` has fewer than two workers.
pub fn handoff_probe(pool: &Pool) -> Probe {
    const WARM_UP: u64 = 64;
    const ROUNDS: u64 = 2_000;
    const BUDGET: Duration = Duration::from_millis(100);
    assert!(pool.threads() >= 2, "the handoff probe needs two workers");

    let flag = Arc::new(CachePadded::new(AtomicU64::new(0)));
    let gave_up = Arc::new(AtomicBool::new(false));
    // Worker 0 writes the measured time here (nanoseconds, rounds).
    let result = Arc::new(Mutex::new((0.0f64, 0u64)));
    let deadline = Instant::now() + BUDGET;
    {
        let (flag, gave_up, result) = (flag.clone(), gave_up.clone(), result.clone());
        let _ = pool.run(move |index| {
            if index > 1 {
                return;
            }
            let me = index as u64;
            let mut timer = None;
            let mut done = 0;
            for round in 0..WARM_UP + ROUNDS {
                if round == WARM_UP {
                    // Both threads are awake by now: the first rounds absorb
                    // the wake-up of the second worker.
                    timer = Some(Instant::now());
                }
                let mine = 2 * round + me;
                if !wait_for(&flag, mine, &gave_up, deadline) {
                    break;
                }
                flag.store(mine + 1, Ordering::Release);
                done = round + 1;
            }
            if index == 0 {
                let timed_rounds = done.saturating_sub(WARM_UP);
                let ns = timer.map_or(0.0, |t| t.elapsed().as_secs_f64() * 1e9);
                *result.lock().unwrap_or_else(PoisonError::into_inner) = (ns, timed_rounds);
            }
        });
    }
    let (ns, rounds) = *result.lock().unwrap_or_else(PoisonError::into_inner);
    Probe::from_rounds(ns, rounds, gave_up.load(Ordering::Relaxed))
}

/// Waits until `flag` holds `want`; false if the probe gave up. Spins for a
/// short while between checks of the clock, and yields after that, so a
/// waiting thread never monopolises a CPU its partner may need.
fn wait_for(flag: &AtomicU64, want: u64, gave_up: &AtomicBool, deadline: Instant) -> bool {
    let mut spins = 0u32;
    loop {
        if flag.load(Ordering::Acquire) == want {
            return true;
        }
        spins += 1;
        if spins % 128 == 0 {
            if gave_up.load(Ordering::Relaxed) {
                return false;
            }
            if Instant::now() >= deadline {
                gave_up.store(true, Ordering::Relaxed);
                return false;
            }
            thread::yield_now();
        } else {
            spin_loop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_round_trip_is_the_mean_and_decides_together() {
        let p = Probe::from_rounds(160_000.0, 2_000, false);
        assert_eq!(p.round_trip_ns, 80.0);
        assert!(p.together);
        let p = Probe::from_rounds(20_000_000.0, 2_000, false);
        assert_eq!(p.round_trip_ns, 10_000.0);
        assert!(!p.together);
        assert!(!Probe::from_round_trip(TOGETHER_THRESHOLD_NS).together);
        assert!(Probe::from_round_trip(TOGETHER_THRESHOLD_NS - 1.0).together);
    }

    #[test]
    fn a_probe_that_gave_up_or_timed_nothing_is_infinite_and_apart() {
        for p in [
            Probe::from_rounds(1_000.0, 2_000, true),
            Probe::from_rounds(0.0, 0, false),
        ] {
            assert_eq!(p.round_trip_ns, f64::INFINITY);
            assert!(!p.together);
        }
    }

    #[test]
    fn a_probe_finishes_and_measures_something() {
        let pool = Pool::new(2);
        let p = handoff_probe(&pool);
        assert!(p.round_trip_ns > 0.0, "{p:?}");
        assert_eq!(p.together, p.round_trip_ns < TOGETHER_THRESHOLD_NS);
    }

    #[test]
    fn a_third_worker_stays_out_of_the_probe() {
        let p = handoff_probe(&Pool::new(3));
        assert!(p.round_trip_ns > 0.0, "{p:?}");
    }

    #[test]
    #[should_panic(expected = "two workers")]
    fn one_worker_cannot_probe() {
        handoff_probe(&Pool::new(1));
    }

    #[test]
    fn waiting_gives_up_at_the_deadline_and_tells_the_partner() {
        let flag = AtomicU64::new(0);
        let gave_up = AtomicBool::new(false);
        assert!(wait_for(&flag, 0, &gave_up, Instant::now()));
        assert!(!wait_for(&flag, 1, &gave_up, Instant::now()));
        assert!(gave_up.load(Ordering::Relaxed));
        // The partner stops at its next look, whatever its deadline.
        let later = Instant::now() + Duration::from_secs(3600);
        assert!(!wait_for(&flag, 1, &gave_up, later));
    }
}

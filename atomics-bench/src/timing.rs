//! One timed run ([`Timed`]), how long a thread was kept off its CPU
//! ([`run_queue_wait`]), and the tight loop of the single-threaded groups
//! ([`time_loop`]).

use std::hint::black_box;
use std::time::{Duration, Instant};

/// One timed run: how long it took, and how long the measured thread (the
/// one kept waiting longest, with several) was runnable but not running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timed {
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Time spent waiting in the scheduler's run queue during the run.
    pub waited: Duration,
}

impl Timed {
    /// Times `f` on the calling thread.
    pub fn run(f: impl FnOnce()) -> Self {
        let waited_before = run_queue_wait();
        let start = Instant::now();
        f();
        let elapsed = start.elapsed();
        Self {
            elapsed,
            waited: run_queue_wait().saturating_sub(waited_before),
        }
    }
}

/// How long the calling thread has been runnable but kept off a CPU by other
/// threads, in total, from Linux's scheduler statistics (the second field of
/// `/proc/thread-self/schedstat`); zero where they are not available. The
/// handoff probe cannot see a neighbour process taking the CPU in the middle
/// of a run; this can.
pub fn run_queue_wait() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| parse_schedstat_wait(&s))
        .unwrap_or(Duration::ZERO)
}

/// The run-queue wait in a line of `schedstat` (time on the CPU, time
/// waiting, time slices; the first two in nanoseconds).
pub fn parse_schedstat_wait(schedstat: &str) -> Option<Duration> {
    let nanos = schedstat.split_whitespace().nth(1)?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// Times `iters` calls of `op(cell, i)`, for the single-threaded
/// comparisons.
///
/// The loop is written for stability rather than brevity. Criterion's `iter`
/// passes every result, and our `black_box(&cell)` passed the cell, through a
/// stack slot on each iteration; for operations of a nanosecond or two the
/// timing then depended on where the cell happened to lie relative to that
/// slot (the same machine code measured 1.2 ns or 1.8 ns, from one run to
/// the next). Here the cell's address is hidden from the optimiser once,
/// before the loop, and the results are folded into a register that is
/// consumed after it, so the loop body is the operation and nothing else.
/// Atomic operations are never merged or hoisted by the compiler, so each
/// iteration still performs one.
#[inline(always)]
pub fn time_loop<C: ?Sized>(iters: u64, cell: &C, mut op: impl FnMut(&C, u64) -> u64) -> Duration {
    let cell = black_box(cell);
    let start = Instant::now();
    let mut acc = 0u64;
    for i in 0..iters {
        acc = acc.wrapping_add(op(cell, i));
    }
    let elapsed = start.elapsed();
    black_box(acc);
    elapsed
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn the_wait_is_the_second_field_of_schedstat() {
        assert_eq!(
            parse_schedstat_wait("1234567 89012 34\n"),
            Some(Duration::from_nanos(89_012))
        );
        assert_eq!(parse_schedstat_wait("1234567"), None);
        assert_eq!(parse_schedstat_wait("1 x 2"), None);
        assert_eq!(parse_schedstat_wait(""), None);
    }

    #[test]
    fn time_loop_calls_the_operation_once_per_iteration_in_order() {
        let seen = Cell::new(Vec::new());
        time_loop(5, &seen, |seen, i| {
            let mut v = seen.take();
            v.push(i);
            seen.set(v);
            i
        });
        assert_eq!(seen.take(), [0, 1, 2, 3, 4]);
        let calls = Cell::new(0u64);
        time_loop(0, &calls, |c, _| {
            c.set(c.get() + 1);
            0
        });
        assert_eq!(calls.get(), 0);
    }

    #[test]
    fn a_timed_run_runs_its_closure_once() {
        let mut runs = 0;
        Timed::run(|| runs += 1);
        assert_eq!(runs, 1);
    }
}

//! A pool of persistent worker threads that run one job at a time, all
//! together ([`Pool`]).

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::timing::{Timed, run_queue_wait};

type Job = Arc<dyn Fn(usize) + Send + Sync>;

struct PoolState {
    generation: u64,
    job: Option<Job>,
    pending: usize,
    first_start: Option<Instant>,
    last_end: Option<Instant>,
    max_waited: Duration,
    stop: bool,
}

struct PoolShared {
    state: Mutex<PoolState>,
    start: Condvar,
    done: Condvar,
}

impl PoolShared {
    fn lock(&self) -> MutexGuard<'_, PoolState> {
        // A panicking job already fails the benchmark; keep the pool usable
        // for the report rather than cascading poison panics.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A fixed set of worker threads that run one job at a time, all together.
///
/// Persistent threads, like a server's pool, rather than threads spawned per
/// sample: spawning costs tens of microseconds, and `StripedCounter` hands
/// out shards per thread on first use, so the same threads keep the same
/// shards for the whole benchmark.
pub struct Pool {
    shared: Arc<PoolShared>,
    workers: Vec<JoinHandle<()>>,
}

impl Pool {
    /// Starts `threads` workers, parked until [`run`](Self::run).
    pub fn new(threads: usize) -> Self {
        let shared = Arc::new(PoolShared {
            state: Mutex::new(PoolState {
                generation: 0,
                job: None,
                pending: 0,
                first_start: None,
                last_end: None,
                max_waited: Duration::ZERO,
                stop: false,
            }),
            start: Condvar::new(),
            done: Condvar::new(),
        });
        let workers = (0..threads)
            .map(|index| {
                let shared = Arc::clone(&shared);
                thread::Builder::new()
                    .name(format!("bench-worker-{index}"))
                    .spawn(move || worker(&shared, index))
                    .expect("spawn a benchmark worker")
            })
            .collect();
        Self { shared, workers }
    }

    /// The number of workers.
    pub fn threads(&self) -> usize {
        self.workers.len()
    }

    /// Runs `job(index)` on every worker at once and returns the time from
    /// the first worker starting to the last one finishing (timing inside the
    /// workers leaves out the condition-variable wake-ups of this thread),
    /// with the longest any worker was kept off its CPU meanwhile.
    pub fn run(&self, job: impl Fn(usize) + Send + Sync + 'static) -> Timed {
        let mut state = self.shared.lock();
        state.job = Some(Arc::new(job));
        state.pending = self.workers.len();
        state.first_start = None;
        state.last_end = None;
        state.max_waited = Duration::ZERO;
        state.generation += 1;
        self.shared.start.notify_all();
        while state.pending > 0 {
            state = self
                .shared
                .done
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        state.job = None;
        let elapsed = match (state.first_start, state.last_end) {
            (Some(start), Some(end)) => end.saturating_duration_since(start),
            _ => Duration::ZERO,
        };
        Timed {
            elapsed,
            waited: state.max_waited,
        }
    }
}

fn worker(shared: &PoolShared, index: usize) {
    let mut seen = 0;
    loop {
        let job = {
            let mut state = shared.lock();
            while state.generation == seen && !state.stop {
                state = shared
                    .start
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            if state.stop {
                return;
            }
            seen = state.generation;
            state
                .job
                .clone()
                .expect("a job is set with each generation")
        };
        let waited_before = run_queue_wait();
        let start = Instant::now();
        job(index);
        let end = Instant::now();
        let waited = run_queue_wait().saturating_sub(waited_before);
        let mut state = shared.lock();
        state.first_start = Some(state.first_start.map_or(start, |s| s.min(start)));
        state.last_end = Some(state.last_end.map_or(end, |e| e.max(end)));
        state.max_waited = state.max_waited.max(waited);
        state.pending -= 1;
        if state.pending == 0 {
            shared.done.notify_all();
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.shared.lock().stop = true;
        self.shared.start.notify_all();
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[test]
    fn every_worker_runs_each_job_once_with_its_index() {
        let pool = Pool::new(3);
        assert_eq!(pool.threads(), 3);
        let hits = Arc::new([(); 3].map(|()| AtomicU64::new(0)));
        for round in 1..=4u64 {
            let h = Arc::clone(&hits);
            pool.run(move |i| {
                h[i].fetch_add(1, Ordering::Relaxed);
            });
            // `run` returns only when every worker has finished.
            for (i, hit) in hits.iter().enumerate() {
                assert_eq!(hit.load(Ordering::Relaxed), round, "worker {i}");
            }
        }
    }

    #[test]
    fn the_workers_run_the_job_at_the_same_time() {
        // Each worker waits for the other: this finishes only if both run
        // the same job concurrently.
        let pool = Pool::new(2);
        let arrived = Arc::new(AtomicU64::new(0));
        let a = Arc::clone(&arrived);
        pool.run(move |_| {
            a.fetch_add(1, Ordering::SeqCst);
            while a.load(Ordering::SeqCst) < 2 {
                thread::yield_now();
            }
        });
        assert_eq!(arrived.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_pool_without_workers_runs_nothing_and_reports_zero() {
        let pool = Pool::new(0);
        let t = pool.run(|_| unreachable!("no worker"));
        assert_eq!(t.elapsed, Duration::ZERO);
    }
}

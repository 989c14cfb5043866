//! The background writer of the read benchmarks ([`Writer`]).

use std::hint::spin_loop;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// The writer's period: read-mostly, yet often enough that every sample of
/// a read benchmark spans hundreds of replacements.
pub const WRITE_INTERVAL: Duration = Duration::from_micros(100);

/// A background thread that calls `write` every [`WRITE_INTERVAL`] while
/// active, until stopped: the writer that runs during the read benchmarks.
/// It starts paused: [`resume`](Self::resume) it for the timed runs and
/// [`pause`](Self::pause) it around the handoff probes, whose two threads it
/// would otherwise compete with.
///
/// Between writes it waits on the clock instead of sleeping. A writer that
/// sleeps is woken by a timer, and the scheduler here was seen to wake it on
/// the reader's CPU, preempting the reader each time (the run-queue check
/// then rejected most samples); a writer that stays runnable keeps the other
/// CPU for itself.
pub struct Writer {
    shared: Arc<WriterShared>,
    /// Returns the number of writes and the time spent active.
    handle: Option<JoinHandle<(u64, Duration)>>,
}

struct WriterShared {
    state: Mutex<WriterState>,
    wake: Condvar,
}

#[derive(Clone, Copy, PartialEq)]
enum WriterState {
    Paused,
    Active,
    Stopped,
}

/// Waits until `deadline` without sleeping, yielding now and then so that a
/// thread needing this CPU gets it; bounded by the deadline.
fn wait_until(deadline: Instant) {
    let mut spins = 0u32;
    while Instant::now() < deadline {
        spins += 1;
        if spins % 64 == 0 {
            thread::yield_now();
        } else {
            spin_loop();
        }
    }
}

/// Writes per second of writing.
fn rate(writes: u64, active: Duration) -> f64 {
    writes as f64 / active.as_secs_f64().max(1e-9)
}

impl Writer {
    /// Starts the writer thread, paused.
    pub fn spawn(mut write: impl FnMut(u64) + Send + 'static) -> Self {
        let shared = Arc::new(WriterShared {
            state: Mutex::new(WriterState::Paused),
            wake: Condvar::new(),
        });
        let handle = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("bench-writer".into())
                .spawn(move || {
                    let mut n = 0u64;
                    // The writer's own count of its active time, so that the
                    // rate it reports is writes per second of writing.
                    let mut active = Duration::ZERO;
                    let mut since: Option<Instant> = None;
                    loop {
                        {
                            let mut state =
                                shared.state.lock().unwrap_or_else(PoisonError::into_inner);
                            if *state != WriterState::Active {
                                active += since.take().map_or(Duration::ZERO, |t| t.elapsed());
                            }
                            while *state == WriterState::Paused {
                                state = shared
                                    .wake
                                    .wait(state)
                                    .unwrap_or_else(PoisonError::into_inner);
                            }
                            if *state == WriterState::Stopped {
                                return (n, active);
                            }
                        }
                        since.get_or_insert_with(Instant::now);
                        write(n);
                        n += 1;
                        wait_until(Instant::now() + WRITE_INTERVAL);
                    }
                })
                .expect("spawn the writer")
        };
        Self {
            shared,
            handle: Some(handle),
        }
    }

    fn set(&self, to: WriterState) {
        *self
            .shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = to;
        self.shared.wake.notify_all();
    }

    /// Lets the writer write.
    pub fn resume(&mut self) {
        self.set(WriterState::Active);
    }

    /// Stops the writing until [`resume`](Self::resume) (after at most the
    /// write and sleep under way).
    pub fn pause(&mut self) {
        self.set(WriterState::Paused);
    }

    /// Stops the writer and returns how many writes per second it made while
    /// active.
    pub fn stop(mut self) -> f64 {
        self.halt()
    }

    fn halt(&mut self) -> f64 {
        self.set(WriterState::Stopped);
        let (writes, active) = self
            .handle
            .take()
            .map_or((0, Duration::ZERO), |h| h.join().unwrap_or_default());
        rate(writes, active)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if self.handle.is_some() {
            self.halt();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Log = Arc<Mutex<Vec<u64>>>;

    /// A writer that logs the argument of every write.
    fn logging() -> (Writer, Log) {
        let log = Log::default();
        let l = Arc::clone(&log);
        let writer = Writer::spawn(move |n| l.lock().unwrap().push(n));
        (writer, log)
    }

    fn writes(log: &Log) -> usize {
        log.lock().unwrap().len()
    }

    fn wait_for_writes(log: &Log, at_least: usize) {
        while writes(log) < at_least {
            thread::yield_now();
        }
    }

    #[test]
    fn a_paused_writer_does_not_write() {
        let (writer, log) = logging();
        thread::sleep(Duration::from_millis(20));
        assert_eq!(writes(&log), 0, "it starts paused");
        assert_eq!(writer.stop(), 0.0);
        assert_eq!(writes(&log), 0);
    }

    #[test]
    fn a_resumed_writer_numbers_its_writes_and_stops_for_a_pause() {
        let (mut writer, log) = logging();
        writer.resume();
        wait_for_writes(&log, 3);
        writer.pause();
        let at_pause = writes(&log);
        thread::sleep(Duration::from_millis(20));
        // A pause lets the write under way finish, and no more.
        assert!(
            writes(&log) <= at_pause + 1,
            "{} > {at_pause} + 1",
            writes(&log)
        );
        writer.resume();
        wait_for_writes(&log, at_pause + 2);
        let rate = writer.stop();
        assert!(rate.is_finite() && rate > 0.0, "{rate}");
        // Write `n` got the argument `n`: numbered from 0, none skipped.
        let log = log.lock().unwrap();
        assert!(log.iter().copied().eq(0..log.len() as u64), "{log:?}");
    }

    #[test]
    fn dropping_a_writer_stops_it() {
        let (mut writer, log) = logging();
        writer.resume();
        wait_for_writes(&log, 1);
        drop(writer);
        let after = writes(&log);
        thread::sleep(Duration::from_millis(5));
        assert_eq!(writes(&log), after);
    }

    #[test]
    fn the_rate_is_writes_per_active_second() {
        assert_eq!(rate(500, Duration::from_secs(2)), 250.0);
        assert_eq!(rate(0, Duration::ZERO), 0.0);
    }

    #[test]
    fn waiting_for_a_past_deadline_returns_at_once() {
        wait_until(Instant::now());
    }
}

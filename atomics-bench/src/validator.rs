//! Every timed run of a multi-threaded benchmark checked twice
//! ([`Validator`]): by the handoff probe around it, and by the time its
//! threads spent waiting for a CPU.

use std::fmt::Write as _;
use std::sync::{Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use crate::handoff::{Probe, TOGETHER_THRESHOLD_NS, handoff_probe};
use crate::pool::Pool;
use crate::record::{self, json_number};
use crate::timing::Timed;

/// How often a measurement is repeated when it was disturbed, before it is
/// kept and flagged.
pub const TRIES: usize = 5;

/// The share of a run its threads may spend waiting for a CPU (kernel
/// threads and timer work take a little) before the run counts as disturbed
/// by other work on the machine.
pub const MAX_WAIT_SHARE: f64 = 0.01;

/// The pause before another try: the stalls seen here last milliseconds.
const RETRY_PAUSE: Duration = Duration::from_millis(50);

/// Whether no measured thread of `timed` waited for a CPU longer than
/// [`MAX_WAIT_SHARE`] of the run.
pub fn undisturbed(timed: Timed) -> bool {
    timed.waited.as_secs_f64() <= MAX_WAIT_SHARE * timed.elapsed.as_secs_f64()
}

/// One timed run as the validator saw it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Check {
    tries: usize,
    valid: bool,
    worst_round_trip_ns: f64,
    /// Tries rejected because a thread waited for a CPU (other work ran).
    preempted: usize,
    /// Tries rejected by the handoff probe (the vCPUs took turns).
    apart: usize,
}

/// Times `run` between two calls of `probe`, up to [`TRIES`] times, pausing
/// `pause` after each disturbed try; returns the time of the try kept (the
/// first undisturbed one, else the last) and what the checks saw.
fn measure(
    mut probe: impl FnMut() -> Probe,
    mut run: impl FnMut() -> Timed,
    pause: Duration,
) -> (Duration, Check) {
    let mut last = Duration::ZERO;
    let mut worst = 0.0f64;
    let (mut preempted, mut apart) = (0, 0);
    for attempt in 1..=TRIES {
        let before = probe();
        let timed = run();
        let after = probe();
        worst = before.round_trip_ns.max(after.round_trip_ns);
        last = timed.elapsed;
        let together = before.together && after.together;
        let undisturbed = undisturbed(timed);
        apart += usize::from(!together);
        preempted += usize::from(!undisturbed);
        if together && undisturbed {
            let check = Check {
                tries: attempt,
                valid: true,
                worst_round_trip_ns: worst,
                preempted,
                apart,
            };
            return (timed.elapsed, check);
        }
        // Give the hypervisor, or the other work, a moment before trying
        // again.
        thread::sleep(pause);
    }
    let check = Check {
        tries: TRIES,
        valid: false,
        worst_round_trip_ns: worst,
        preempted,
        apart,
    };
    (last, check)
}

/// The checks of the last `samples` runs: the samples criterion analysed
/// (the runs before them were its warm-up).
fn last(checks: &[Check], samples: usize) -> &[Check] {
    &checks[checks.len().saturating_sub(samples)..]
}

/// The checks of one benchmark's samples, summed up for its report.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Summary {
    samples: usize,
    flagged: usize,
    retried: usize,
    preempted: usize,
    apart: usize,
    round_trip_median_ns: f64,
    round_trip_max_ns: f64,
}

impl Summary {
    /// Sums up `checks`; `None` without any.
    fn of(checks: &[Check]) -> Option<Self> {
        if checks.is_empty() {
            return None;
        }
        let mut round_trips: Vec<f64> = checks.iter().map(|c| c.worst_round_trip_ns).collect();
        round_trips.sort_by(f64::total_cmp);
        Some(Self {
            samples: checks.len(),
            flagged: checks.iter().filter(|c| !c.valid).count(),
            retried: checks.iter().filter(|c| c.tries > 1).count(),
            preempted: checks.iter().map(|c| c.preempted).sum(),
            apart: checks.iter().map(|c| c.apart).sum(),
            round_trip_median_ns: round_trips[round_trips.len() / 2],
            round_trip_max_ns: round_trips[round_trips.len() - 1],
        })
    }

    /// The record of benchmark `full_id` for the table script, with `extra`
    /// numbers, as one line of JSON.
    fn to_json(self, full_id: &str, extra: &[(&str, f64)]) -> String {
        let mut json = format!(
            "{{\"full_id\": \"{full_id}\", \"samples\": {}, \"flagged\": {}, \
             \"retried\": {}, \"tries_vcpus_apart\": {}, \
             \"tries_preempted\": {}, \"round_trip_ns_median\": {}, \
             \"round_trip_ns_max\": {}, \"threshold_ns\": {}",
            self.samples,
            self.flagged,
            self.retried,
            self.apart,
            self.preempted,
            json_number(self.round_trip_median_ns, 1),
            json_number(self.round_trip_max_ns, 1),
            TOGETHER_THRESHOLD_NS
        );
        for (key, value) in extra {
            let _ = write!(json, ", \"{key}\": {}", json_number(*value, 1));
        }
        json.push_str("}\n");
        json
    }
}

/// Wraps the timed runs of a multi-threaded benchmark with two checks: the
/// handoff probes just before and just after the run must say the vCPUs ran
/// together, and no measured thread may have waited for a CPU for more than
/// 1 % of the run (which catches other processes taking a CPU mid-run, which
/// the probes cannot see). A run failing either is repeated (a few tries);
/// if it never passes it is kept but flagged, and the report says so.
pub struct Validator {
    probe_pool: Pool,
    checks: Mutex<Vec<Check>>,
}

impl Default for Validator {
    fn default() -> Self {
        Self::new()
    }
}

impl Validator {
    /// A validator whose probe runs on its own two threads, parked between
    /// probes.
    pub fn new() -> Self {
        Self {
            probe_pool: Pool::new(2),
            checks: Mutex::new(Vec::new()),
        }
    }

    /// Probes once, outside any benchmark (for the log).
    pub fn probe(&self) -> Probe {
        handoff_probe(&self.probe_pool)
    }

    /// Times `run` between two probes, repeating it as described on the type.
    pub fn timed(&self, run: impl FnMut() -> Timed) -> Duration {
        let (elapsed, check) = measure(|| self.probe(), run, RETRY_PAUSE);
        self.checks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(check);
        elapsed
    }

    /// Ends one benchmark: keeps the checks of its last `samples` runs (the
    /// samples criterion analysed; the earlier ones were warm-up), writes them
    /// beside criterion's results for the table script, and starts afresh.
    pub fn finish(&self, full_id: &str, samples: usize) {
        self.finish_with(full_id, samples, &[]);
    }

    /// [`finish`](Self::finish), with extra numbers for the report (such as
    /// the writer's rate).
    pub fn finish_with(&self, full_id: &str, samples: usize, extra: &[(&str, f64)]) {
        let checks =
            std::mem::take(&mut *self.checks.lock().unwrap_or_else(PoisonError::into_inner));
        let Some(s) = Summary::of(last(&checks, samples)) else {
            // Filtered out on the command line: nothing ran, keep the last
            // report.
            return;
        };
        eprintln!(
            "checks for {full_id}: {} of {} samples flagged, {} retried \
             ({} tries with the vCPUs apart, {} with a thread kept off its CPU), \
             worst round trip per sample: median {:.0} ns, max {:.0} ns",
            s.flagged,
            s.samples,
            s.retried,
            s.apart,
            s.preempted,
            s.round_trip_median_ns,
            s.round_trip_max_ns
        );
        record::write(
            &record::criterion_home().join("handoff"),
            &record::file_name(full_id),
            &s.to_json(full_id, extra),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    fn timed(elapsed_ms: u64, waited_us: u64) -> Timed {
        Timed {
            elapsed: MS * u32::try_from(elapsed_ms).unwrap(),
            waited: Duration::from_micros(waited_us),
        }
    }

    /// A probe that answers `round_trips` in turn.
    fn probes(round_trips: &[f64]) -> impl FnMut() -> Probe + '_ {
        let mut next = round_trips.iter();
        move || Probe::from_round_trip(*next.next().expect("no more probes"))
    }

    #[test]
    fn a_run_may_wait_one_percent_of_its_time() {
        assert!(undisturbed(timed(100, 0)));
        assert!(undisturbed(timed(100, 1_000)));
        assert!(!undisturbed(timed(100, 1_001)));
        assert!(!undisturbed(timed(0, 1)));
    }

    #[test]
    fn a_clean_first_try_is_kept() {
        let (elapsed, check) = measure(probes(&[80.0, 90.0]), || timed(7, 0), Duration::ZERO);
        assert_eq!(elapsed, 7 * MS);
        assert_eq!(
            check,
            Check {
                tries: 1,
                valid: true,
                worst_round_trip_ns: 90.0,
                preempted: 0,
                apart: 0
            }
        );
    }

    #[test]
    fn a_disturbed_try_is_repeated_and_counted_by_cause() {
        let mut runs = [timed(9, 500), timed(8, 0), timed(7, 0)].into_iter();
        let (elapsed, check) = measure(
            // Try 1: together but preempted; try 2: apart; try 3: clean.
            probes(&[80.0, 80.0, 80.0, 9_000.0, 100.0, 80.0]),
            || runs.next().unwrap(),
            Duration::ZERO,
        );
        assert_eq!(elapsed, 7 * MS);
        assert_eq!(
            check,
            Check {
                tries: 3,
                valid: true,
                worst_round_trip_ns: 100.0,
                preempted: 1,
                apart: 1
            }
        );
    }

    #[test]
    fn a_run_never_clean_is_kept_last_and_flagged() {
        let mut n = 0;
        let (elapsed, check) = measure(
            || Probe::from_round_trip(f64::INFINITY),
            || {
                n += 1;
                timed(n, 0)
            },
            Duration::ZERO,
        );
        assert_eq!(n, TRIES as u64);
        assert_eq!(elapsed, MS * TRIES as u32);
        assert!(!check.valid);
        assert_eq!(
            (check.tries, check.apart, check.preempted),
            (TRIES, TRIES, 0)
        );
        assert_eq!(check.worst_round_trip_ns, f64::INFINITY);
    }

    fn check(tries: usize, valid: bool, rt: f64, preempted: usize, apart: usize) -> Check {
        Check {
            tries,
            valid,
            worst_round_trip_ns: rt,
            preempted,
            apart,
        }
    }

    #[test]
    fn a_summary_counts_flags_retries_and_causes() {
        assert_eq!(Summary::of(&[]), None);
        let s = Summary::of(&[
            check(1, true, 90.0, 0, 0),
            check(3, true, 500.0, 2, 0),
            check(5, false, f64::INFINITY, 1, 4),
            check(1, true, 80.0, 0, 0),
        ])
        .unwrap();
        assert_eq!(
            s,
            Summary {
                samples: 4,
                flagged: 1,
                retried: 2,
                preempted: 3,
                apart: 4,
                round_trip_median_ns: 500.0,
                round_trip_max_ns: f64::INFINITY,
            }
        );
        assert_eq!(
            s.to_json(
                "value_read_guard/value_read",
                &[("writes_per_second", 9876.54)]
            ),
            "{\"full_id\": \"value_read_guard/value_read\", \"samples\": 4, \"flagged\": 1, \
             \"retried\": 2, \"tries_vcpus_apart\": 4, \"tries_preempted\": 3, \
             \"round_trip_ns_median\": 500.0, \"round_trip_ns_max\": null, \
             \"threshold_ns\": 2000, \"writes_per_second\": 9876.5}\n"
        );
    }

    #[test]
    fn only_the_last_samples_count() {
        let checks: Vec<Check> = [1e9, 1e9, 70.0, 80.0]
            .map(|rt| check(1, true, rt, 0, 0))
            .to_vec();
        assert_eq!(last(&checks, 2), &checks[2..]);
        assert_eq!(last(&checks, 10), &checks[..]);
        assert!(last(&checks, 0).is_empty());
        assert_eq!(
            Summary::of(last(&checks, 2)).unwrap().round_trip_max_ns,
            80.0
        );
    }
}

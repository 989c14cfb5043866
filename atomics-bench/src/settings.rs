//! The knobs the environment turns (`ATOMICS_BENCH_QUICK`,
//! `ATOMICS_BENCH_THREADS`) and the criterion settings that follow from
//! them, plus [`Settings`]: every constant of the harness that the table
//! script prints, written beside the results by [`config`].

use std::ffi::OsStr;
use std::time::Duration;

use criterion::Criterion;

use crate::{handoff, record, validator, writer};

/// The variable that asks for a smoke run.
pub const QUICK_VAR: &str = "ATOMICS_BENCH_QUICK";

/// The variable that lists the thread counts of the contended groups.
pub const THREADS_VAR: &str = "ATOMICS_BENCH_THREADS";

/// The thread count of the contended groups when [`THREADS_VAR`] names none:
/// this machine's core count.
pub const DEFAULT_THREADS: usize = 2;

/// True when `ATOMICS_BENCH_QUICK` is set: a smoke run with tiny times, whose
/// numbers mean nothing but which checks that every benchmark runs.
pub fn quick() -> bool {
    flag_set(std::env::var_os(QUICK_VAR).as_deref())
}

/// Whether a flag variable holding `value` is on: set, and neither empty nor
/// `0`.
pub fn flag_set(value: Option<&OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0")
}

/// Settings for the single-threaded groups, and a record of the harness's
/// settings for the table script (see [`Settings::write`]); command-line
/// options still override them (`config().configure_from_args()`).
pub fn config() -> Criterion {
    let settings = Settings::current();
    settings.write();
    criterion_config(settings.quick)
}

/// The single-threaded settings. The times are short so that the whole
/// suite stays within its ten-minute budget on two cores; criterion's
/// confidence intervals, which the table prints, show what that costs.
pub fn criterion_config(quick: bool) -> Criterion {
    let c = Criterion::default().without_plots();
    if quick {
        c.warm_up_time(Duration::from_millis(50))
            .measurement_time(Duration::from_millis(100))
            .sample_size(10)
    } else {
        c.warm_up_time(Duration::from_millis(400))
            .measurement_time(Duration::from_millis(1500))
            .sample_size(30)
    }
}

/// Samples for the multi-threaded groups, fewer and longer: each sample then
/// lasts long enough (hundreds of milliseconds) that waking the workers is
/// noise, and two handoff probes per sample stay cheap.
pub fn two_thread_samples() -> usize {
    10
}

/// Measurement time for the multi-threaded groups.
pub fn two_thread_time() -> Duration {
    two_thread_time_for(quick())
}

/// [`two_thread_time`], for a quick run or not.
pub fn two_thread_time_for(quick: bool) -> Duration {
    if quick {
        Duration::from_millis(200)
    } else {
        Duration::from_secs(2)
    }
}

/// Rounds of the paired comparison (see [`crate::paired`]).
pub fn paired_rounds(quick: bool) -> usize {
    if quick { 10 } else { 40 }
}

/// The thread counts of the contended groups: `ATOMICS_BENCH_THREADS` as a
/// comma-separated list (`2,4,8` on a bigger machine), 2 by default.
pub fn thread_counts() -> Vec<usize> {
    parse_thread_counts(std::env::var(THREADS_VAR).ok().as_deref())
}

/// The thread counts a value of `ATOMICS_BENCH_THREADS` names: its positive
/// numbers, in order; [`DEFAULT_THREADS`] if it names none.
pub fn parse_thread_counts(spec: Option<&str>) -> Vec<usize> {
    let counts: Vec<usize> = spec
        .unwrap_or_default()
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .filter(|&n| n >= 1)
        .collect();
    if counts.is_empty() {
        vec![DEFAULT_THREADS]
    } else {
        counts
    }
}

/// What a run of the benchmarks was measured with: the harness's constants,
/// each defined once in its own module and gathered here, so that the table
/// script describes the run from this record instead of copies.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// A smoke run ([`quick`]).
    pub quick: bool,
    /// Rounds of each paired comparison ([`paired_rounds`]).
    pub paired_rounds: usize,
    /// Samples of each multi-threaded row ([`two_thread_samples`]).
    pub two_thread_samples: usize,
    /// Measurement time of each multi-threaded row ([`two_thread_time`]).
    pub two_thread_time: Duration,
    /// The thread counts of the contended groups ([`thread_counts`]).
    pub thread_counts: Vec<usize>,
    /// Tries of a disturbed sample ([`validator::TRIES`]).
    pub tries: usize,
    /// Share of a run its threads may wait for a CPU
    /// ([`validator::MAX_WAIT_SHARE`]).
    pub max_wait_share: f64,
    /// Round trip above which the vCPUs count as apart
    /// ([`handoff::TOGETHER_THRESHOLD_NS`]).
    pub together_threshold_ns: f64,
    /// The background writer's period ([`writer::WRITE_INTERVAL`]).
    pub write_interval: Duration,
}

impl Settings {
    /// The settings this process runs with.
    pub fn current() -> Self {
        Self::for_run(quick(), thread_counts())
    }

    /// The settings of a quick run or not, with these thread counts.
    pub fn for_run(quick: bool, thread_counts: Vec<usize>) -> Self {
        Self {
            quick,
            paired_rounds: paired_rounds(quick),
            two_thread_samples: two_thread_samples(),
            two_thread_time: two_thread_time_for(quick),
            thread_counts,
            tries: validator::TRIES,
            max_wait_share: validator::MAX_WAIT_SHARE,
            together_threshold_ns: handoff::TOGETHER_THRESHOLD_NS,
            write_interval: writer::WRITE_INTERVAL,
        }
    }

    /// The record as one line of JSON; its keys are what
    /// `scripts/bench-table` reads.
    pub fn to_json(&self) -> String {
        let counts: Vec<String> = self.thread_counts.iter().map(usize::to_string).collect();
        format!(
            "{{\"quick\": {}, \"paired_rounds\": {}, \"two_thread_samples\": {}, \
             \"two_thread_time_ms\": {}, \"thread_counts\": [{}], \"tries\": {}, \
             \"max_wait_share\": {}, \"together_threshold_ns\": {}, \
             \"write_interval_us\": {}}}\n",
            self.quick,
            self.paired_rounds,
            self.two_thread_samples,
            self.two_thread_time.as_millis(),
            counts.join(", "),
            self.tries,
            record::json_number(self.max_wait_share, 4),
            record::json_number(self.together_threshold_ns, 1),
            self.write_interval.as_micros(),
        )
    }

    /// Writes the record to `harness.json` under [`record::criterion_home`].
    /// Every benchmark binary writes it as it starts, so after any run it
    /// describes the latest one.
    pub fn write(&self) {
        record::write(&record::criterion_home(), "harness.json", &self.to_json());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_is_on_unless_unset_empty_or_zero() {
        assert!(!flag_set(None));
        assert!(!flag_set(Some(OsStr::new(""))));
        assert!(!flag_set(Some(OsStr::new("0"))));
        assert!(flag_set(Some(OsStr::new("1"))));
        assert!(flag_set(Some(OsStr::new("yes"))));
        assert!(flag_set(Some(OsStr::new("00"))));
    }

    #[test]
    fn thread_counts_keep_the_positive_numbers_in_order() {
        assert_eq!(parse_thread_counts(Some("2,4,8")), [2, 4, 8]);
        assert_eq!(parse_thread_counts(Some(" 8 , 1,x,0,-3,,16")), [8, 1, 16]);
        assert_eq!(parse_thread_counts(Some("3")), [3]);
    }

    #[test]
    fn thread_counts_default_to_two() {
        for spec in [None, Some(""), Some("0"), Some("four"), Some(",,")] {
            assert_eq!(parse_thread_counts(spec), [DEFAULT_THREADS], "{spec:?}");
        }
    }

    #[test]
    fn a_quick_run_is_shorter_everywhere() {
        let (full, smoke) = (
            Settings::for_run(false, vec![2]),
            Settings::for_run(true, vec![2]),
        );
        assert!(smoke.paired_rounds < full.paired_rounds);
        assert!(smoke.two_thread_time < full.two_thread_time);
        assert_eq!(smoke.tries, full.tries);
    }

    #[test]
    fn the_record_carries_every_setting_the_table_prints() {
        let s = Settings::for_run(false, vec![2, 4]);
        assert_eq!(
            s.to_json(),
            "{\"quick\": false, \"paired_rounds\": 40, \"two_thread_samples\": 10, \
             \"two_thread_time_ms\": 2000, \"thread_counts\": [2, 4], \"tries\": 5, \
             \"max_wait_share\": 0.0100, \"together_threshold_ns\": 2000.0, \
             \"write_interval_us\": 100}\n"
        );
        let quick = Settings::for_run(true, vec![2]).to_json();
        assert!(
            quick.starts_with("{\"quick\": true, \"paired_rounds\": 10,"),
            "{quick}"
        );
    }
}

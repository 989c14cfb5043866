//! Part 6: exporting the stats block in Prometheus' text exposition format.
//! The exporter visits the derived twin's fields (`for_each_field`), so it
//! names no field by hand: add a field to `Stats` and it is exported.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::thread;

use atomics_core::{Bool, FieldValue};

use crate::Options;
use crate::stats::{AtomicStats, Stats, Totals, worker};
use crate::text::{grouped, verdict};

/// Requests each worker serves before the scrape.
pub const REQUESTS_PER_WORKER: u64 = 20_000;
/// The prefix of every metric name.
pub const NAMESPACE: &str = "server";

/// Renders fields as a Prometheus text exposition. `visit` is handed a
/// callback to call once per field with its name and value; a derived twin
/// does that with `|f| twin.for_each_field(f)`.
///
/// The metric type comes from the value's kind, a convention that needs no
/// per-field list: unsigned integers are counters (named with Prometheus'
/// `_total` suffix), signed integers and floats are gauges, and a `bool` is
/// a gauge of 0 or 1. `source` names the struct in each metric's help text.
pub fn render(
    namespace: &str,
    source: &str,
    visit: impl FnOnce(&mut dyn FnMut(&'static str, FieldValue)),
) -> String {
    let mut text = String::new();
    visit(&mut |field, value| {
        let (kind, suffix) = match value {
            FieldValue::Unsigned(_) => ("counter", "_total"),
            FieldValue::Signed(_) | FieldValue::Float(_) | FieldValue::Bool(_) => ("gauge", ""),
        };
        let name = format!("{namespace}_{field}{suffix}");
        let sample = match value {
            FieldValue::Bool(b) => u8::from(b).to_string(),
            FieldValue::Float(f) if f.is_nan() => "NaN".into(),
            FieldValue::Float(f) if f.is_infinite() => if f > 0.0 { "+Inf" } else { "-Inf" }.into(),
            other => other.to_string(),
        };
        // Writing to a `String` cannot fail.
        let _ = writeln!(text, "# HELP {name} {source}.{field}");
        let _ = writeln!(text, "# TYPE {name} {kind}");
        let _ = writeln!(text, "{name} {sample}");
    });
    text
}

/// What part 6 printed, for checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrometheusReport {
    /// The exposition, as printed.
    pub text: String,
    /// `load()` of the stats block at the scrape.
    pub snapshot: Stats,
    /// What the workers counted themselves.
    pub counted: Totals,
}

impl PrometheusReport {
    /// The samples of the exposition, as `(metric name, value text)`.
    #[must_use]
    pub fn samples(&self) -> Vec<(&str, &str)> {
        self.text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once(' '))
            .collect()
    }

    /// Whether the invariants held: one sample per field, and the counters
    /// equal what the workers counted.
    #[must_use]
    pub fn holds(&self) -> bool {
        let s = &self.snapshot;
        self.samples().len() == AtomicStats::FIELD_NAMES.len()
            && (s.requests, s.bytes, s.errors)
                == (
                    self.counted.requests,
                    self.counted.bytes,
                    self.counted.errors,
                )
            && s.in_flight == 0
    }
}

/// Runs part 6 and prints it to `out`: `options.threads` workers serve
/// [`REQUESTS_PER_WORKER`] requests each, then the block is scraped.
///
/// # Errors
///
/// Only those of writing to `out`.
pub fn run(options: &Options, out: &mut impl Write) -> io::Result<PrometheusReport> {
    let stats = AtomicStats::default();
    stats.store_ready(true);
    let never = Bool::new(false);
    let counted = thread::scope(|s| {
        let workers: Vec<_> = (0..options.threads as u64)
            .map(|i| {
                let (stats, never) = (&stats, &never);
                s.spawn(move || {
                    worker(stats, 0x2545_F491_4F6C_DD1D ^ i, never, REQUESTS_PER_WORKER)
                })
            })
            .collect();
        let mut counted = Totals::default();
        for w in workers {
            counted.add(w.join().expect("worker panicked"));
        }
        counted
    });

    // A scrape reads (for_each_field loads each field); it must not take():
    // Prometheus counters are cumulative, and a take would reset what the
    // next scraper, or the reporter of part 2, sees.
    let text = render(NAMESPACE, "Stats", |f| stats.for_each_field(f));
    let report = PrometheusReport {
        text,
        snapshot: stats.load(),
        counted,
    };
    writeln!(
        out,
        "  {} workers served {} requests each; a scrape of /metrics renders,",
        options.threads,
        grouped(REQUESTS_PER_WORKER)
    )?;
    writeln!(
        out,
        "  through stats.for_each_field(), with no field named by hand:"
    )?;
    writeln!(out)?;
    for line in report.text.lines() {
        writeln!(out, "    {line}")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "  One sample for each of the {} fields in AtomicStats::FIELD_NAMES, and the",
        AtomicStats::FIELD_NAMES.len()
    )?;
    writeln!(
        out,
        "  counters equal what the workers counted: {}",
        verdict(report.holds())
    )?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_each_kind() {
        let text = render("app", "S", |f| {
            f("hits", FieldValue::Unsigned(7));
            f("level", FieldValue::Signed(-2));
            f("up", FieldValue::Bool(true));
            f("ratio", FieldValue::Float(0.5));
            f("bad", FieldValue::Float(f64::NAN));
            f("big", FieldValue::Float(f64::NEG_INFINITY));
        });
        let expected = "\
# HELP app_hits_total S.hits
# TYPE app_hits_total counter
app_hits_total 7
# HELP app_level S.level
# TYPE app_level gauge
app_level -2
# HELP app_up S.up
# TYPE app_up gauge
app_up 1
# HELP app_ratio S.ratio
# TYPE app_ratio gauge
app_ratio 0.5
# HELP app_bad S.bad
# TYPE app_bad gauge
app_bad NaN
# HELP app_big S.big
# TYPE app_big gauge
app_big -Inf
";
        assert_eq!(text, expected);
    }
}

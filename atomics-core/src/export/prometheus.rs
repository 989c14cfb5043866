//! A stats block as a [prometheus-client](https://docs.rs/prometheus-client)
//! collector (feature `prometheus-client`).
//!
//! Anything that implements [`FieldSet`] — a `#[derive(AtomicFields)]` twin,
//! or its plain struct — registers with a
//! [`Registry`] in one call, without naming a field: each field becomes a
//! metric named `<prefix>_<field>`, typed by its [`FieldKind`] (counters get
//! Prometheus's `_total` suffix), with the field's doc comment as its help
//! and its `#[atomic(unit = "…")]` as its unit. Values are read on every
//! scrape.
//!
//! A derived block, exported without naming a field (the three lines after
//! the struct: share the twin, register it, encode a scrape):
//!
//! ```
//! use atomics_core::AtomicFields;
//! use prometheus_client::{encoding::text::encode, registry::Registry};
//! use std::sync::Arc;
//!
//! #[derive(AtomicFields, Clone, Copy, Default)]
//! struct Jobs {
//!     /// Jobs finished.
//!     done: u64,
//!     /// Jobs running now.
//!     #[atomic(gauge)]
//!     running: u32,
//! }
//!
//! let jobs = Arc::new(AtomicJobs::default());
//! let mut registry = Registry::default();
//! atomics_core::prometheus::register(&mut registry, "jobs", Arc::clone(&jobs));
//!
//! jobs.add_done(3); // the workers' side
//! jobs.add_running(2);
//!
//! let mut page = String::new();
//! encode(&mut page, &registry).unwrap(); // what `/metrics` serves
//! assert!(page.contains("# HELP jobs_done Jobs finished.\n"));
//! assert!(page.contains("# TYPE jobs_done counter\n"));
//! assert!(page.contains("jobs_done_total 3\n"));
//! assert!(page.contains("# TYPE jobs_running gauge\n"));
//! assert!(page.contains("jobs_running 2\n"));
//! ```

use std::borrow::Cow;
use std::fmt;
use std::string::String;
use std::sync::Arc;

use prometheus_client::collector::Collector as PromCollector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::registry::{Registry, Unit};

use crate::{FieldInfo, FieldKind, FieldSet, FieldValue};

/// Registers `source` with `registry`: every field a metric named
/// `<prefix>_<field>`, read on every scrape. See the [module docs](self).
///
/// # Examples
///
/// ```
/// use atomics_core::{Atomic, FieldInfo, FieldKind, FieldSet, FieldValue};
/// use prometheus_client::registry::Registry;
/// use std::sync::Arc;
///
/// struct Up(Atomic<bool>);
/// impl FieldSet for Up {
///     const FIELDS: &'static [FieldInfo] = &[FieldInfo::new("up", FieldKind::Gauge)];
///     fn try_for_each_field<E>(
///         &self,
///         mut visit: impl FnMut(&'static str, FieldValue) -> Result<(), E>,
///     ) -> Result<(), E> {
///         visit("up", self.0.load().into())
///     }
/// }
///
/// let mut registry = Registry::default();
/// atomics_core::prometheus::register(&mut registry, "svc", Arc::new(Up(true.into())));
/// ```
pub fn register<S>(registry: &mut Registry, prefix: &str, source: Arc<S>)
where
    S: FieldSet + Send + Sync + 'static,
{
    registry.register_collector(std::boxed::Box::new(Collector::new(prefix, source)));
}

/// A prometheus-client [`Collector`](PromCollector) that reads a
/// [`FieldSet`] on every scrape; [`register`] builds one for you.
///
/// # Examples
///
/// ```
/// use atomics_core::prometheus::Collector;
/// use atomics_core::{FieldInfo, FieldSet, FieldValue};
/// use std::sync::Arc;
///
/// struct Nothing;
/// impl FieldSet for Nothing {
///     const FIELDS: &'static [FieldInfo] = &[];
///     fn try_for_each_field<E>(
///         &self,
///         _: impl FnMut(&'static str, FieldValue) -> Result<(), E>,
///     ) -> Result<(), E> {
///         Ok(())
///     }
/// }
///
/// let collector = Collector::new("app", Arc::new(Nothing));
/// assert_eq!(collector.prefix(), "app");
/// ```
pub struct Collector<S> {
    prefix: String,
    source: Arc<S>,
}

impl<S> Collector<S> {
    /// A collector naming each metric `<prefix>_<field>` (no prefix and no
    /// underscore when `prefix` is empty).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::prometheus::Collector;
    /// use std::sync::Arc;
    ///
    /// let c = Collector::new("", Arc::new(()));
    /// assert_eq!(c.prefix(), "");
    /// ```
    pub fn new(prefix: &str, source: Arc<S>) -> Self {
        Self {
            prefix: prefix.into(),
            source,
        }
    }

    /// The prefix of every metric name.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::prometheus::Collector;
    /// use std::sync::Arc;
    ///
    /// assert_eq!(Collector::new("jobs", Arc::new(())).prefix(), "jobs");
    /// ```
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    fn metric_name<'a>(&self, field: &'a str) -> Cow<'a, str> {
        if self.prefix.is_empty() {
            Cow::Borrowed(field)
        } else {
            Cow::Owned(std::format!("{}_{field}", self.prefix))
        }
    }
}

impl<S: FieldSet> fmt::Debug for Collector<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Collector")
            .field("prefix", &self.prefix)
            .field(
                "fields",
                &S::FIELDS
                    .iter()
                    .map(FieldInfo::name)
                    .collect::<std::vec::Vec<_>>(),
            )
            .finish()
    }
}

impl<S> PromCollector for Collector<S>
where
    S: FieldSet + Send + Sync + 'static,
{
    fn encode(&self, mut encoder: DescriptorEncoder<'_>) -> Result<(), fmt::Error> {
        self.source.try_for_each_info(|info, value| {
            let name = self.metric_name(info.name());
            let help = escape_help(info.help());
            let unit = info.unit().map(unit);
            let encode = |metric: &dyn EncodeMetric, encoder: &mut DescriptorEncoder<'_>| {
                let m =
                    encoder.encode_descriptor(&name, &help, unit.as_ref(), metric.metric_type())?;
                metric.encode(m)
            };
            match (info.kind(), value) {
                (FieldKind::Counter, FieldValue::Unsigned(v)) => {
                    encode(&ConstCounter::new(v), &mut encoder)
                }
                (FieldKind::Counter, v) => encode(&ConstCounter::new(v.as_f64()), &mut encoder),
                (FieldKind::Gauge, FieldValue::Unsigned(v)) => {
                    encode(&ConstGauge::new(v), &mut encoder)
                }
                (FieldKind::Gauge, FieldValue::Signed(v)) => {
                    encode(&ConstGauge::new(v), &mut encoder)
                }
                (FieldKind::Gauge, FieldValue::Bool(b)) => {
                    encode(&ConstGauge::new(i64::from(b)), &mut encoder)
                }
                (FieldKind::Gauge, FieldValue::Float(v)) => {
                    encode(&ConstGauge::new(v), &mut encoder)
                }
            }
        })
    }
}

/// Encodes `registry` in Prometheus's classic text format (version 0.0.4,
/// content type [`TEXT_CONTENT_TYPE`]): what `promtool check metrics` and
/// scrapers that do not ask for OpenMetrics read.
///
/// prometheus-client writes OpenMetrics only, where a counter's family is
/// named without the `_total` its sample carries; the classic parser then
/// sees a typed family without samples and an untyped sample without help.
/// This writes the same page with each counter's `# HELP` and `# TYPE` named
/// as its sample (`x_total`), an info metric as the gauge `x_info`,
/// `unknown` as `untyped` and a state set as a gauge, and without what the
/// classic format lacks: `# UNIT` and `# EOF` lines, counters' `_created`
/// samples and exemplars.
///
/// # Errors
///
/// Those of the registry's collectors, as prometheus-client's `encode`
/// returns them.
///
/// # Examples
///
/// ```
/// use atomics_core::AtomicFields;
/// use prometheus_client::registry::Registry;
/// use std::sync::Arc;
///
/// #[derive(AtomicFields, Clone, Copy, Default)]
/// struct Jobs {
///     /// Jobs finished.
///     #[atomic(unit = "bytes")]
///     done: u64,
/// }
///
/// let mut registry = Registry::default();
/// atomics_core::prometheus::register(&mut registry, "jobs", Arc::new(Jobs { done: 3 }));
/// let mut page = String::new();
/// atomics_core::prometheus::encode_text(&mut page, &registry)?;
/// let expected = [
///     "# HELP jobs_done_bytes_total Jobs finished.",
///     "# TYPE jobs_done_bytes_total counter",
///     "jobs_done_bytes_total 3",
/// ];
/// assert_eq!(page.lines().collect::<Vec<_>>(), expected);
/// # Ok::<(), std::fmt::Error>(())
/// ```
pub fn encode_text(out: &mut String, registry: &Registry) -> fmt::Result {
    let mut open_metrics = String::new();
    prometheus_client::encoding::text::encode(&mut open_metrics, registry)?;
    let mut renamed: std::collections::BTreeMap<&str, (String, &str)> =
        std::collections::BTreeMap::new();
    for line in open_metrics.lines() {
        if let Some((family, kind)) = line.strip_prefix("# TYPE ").and_then(|r| r.split_once(' ')) {
            let (suffix, classic) = match kind {
                "counter" => ("_total", "counter"),
                "info" => ("_info", "gauge"),
                "unknown" => ("", "untyped"),
                "stateset" => ("", "gauge"),
                other => ("", other),
            };
            renamed.insert(family, (std::format!("{family}{suffix}"), classic));
        }
    }
    for line in open_metrics.lines() {
        if line == "# EOF" || line.starts_with("# UNIT ") {
            continue;
        }
        if let Some(rest) = line.strip_prefix("# HELP ") {
            let (family, help) = rest.split_once(' ').unwrap_or((rest, ""));
            let name = renamed.get(family).map_or(family, |(name, _)| name);
            out.push_str(&std::format!("# HELP {name} {help}\n"));
        } else if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (family, kind) = rest.split_once(' ').unwrap_or((rest, ""));
            let (name, kind) = renamed
                .get(family)
                .map_or((family, kind), |(name, kind)| (name, kind));
            out.push_str(&std::format!("# TYPE {name} {kind}\n"));
        } else if line.starts_with('#') {
            out.push_str(line);
            out.push('\n');
        } else {
            let (series, value) = split_sample(line);
            let name = series.split('{').next().unwrap_or(series);
            let created = name.strip_suffix("_created").is_some_and(|family| {
                renamed
                    .get(family)
                    .is_some_and(|(_, kind)| *kind == "counter")
            });
            if !created {
                // The value (and timestamp), without an exemplar.
                let value = value.split(" # ").next().unwrap_or(value);
                out.push_str(&std::format!("{series} {value}\n"));
            }
        }
    }
    Ok(())
}

/// The content type of [`encode_text`]'s page.
///
/// # Examples
///
/// ```
/// assert!(atomics_core::prometheus::TEXT_CONTENT_TYPE.starts_with("text/plain"));
/// ```
pub const TEXT_CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// The content type of prometheus-client's own encoding (OpenMetrics).
///
/// # Examples
///
/// ```
/// assert!(atomics_core::prometheus::OPENMETRICS_CONTENT_TYPE.contains("openmetrics"));
/// ```
pub const OPENMETRICS_CONTENT_TYPE: &str =
    "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// A sample line split at the first space outside the label set's quotes:
/// the series (name and labels) and the rest (value, timestamp, exemplar).
fn split_sample(line: &str) -> (&str, &str) {
    let (mut quoted, mut escaped) = (false, false);
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ' ' if !quoted => return (&line[..i], &line[i + 1..]),
            _ => {}
        }
    }
    (line, "")
}

/// The unit as prometheus-client names it.
fn unit(name: &str) -> Unit {
    match name {
        "amperes" => Unit::Amperes,
        "bytes" => Unit::Bytes,
        "celsius" => Unit::Celsius,
        "grams" => Unit::Grams,
        "joules" => Unit::Joules,
        "meters" => Unit::Meters,
        "ratios" => Unit::Ratios,
        "seconds" => Unit::Seconds,
        "volts" => Unit::Volts,
        other => Unit::Other(other.into()),
    }
}

/// The escapes a `# HELP` line needs (the exposition formats' rule: a
/// backslash and a line break), which prometheus-client leaves to us.
fn escape_help(help: &str) -> Cow<'_, str> {
    if !help.contains(['\\', '\n']) {
        return Cow::Borrowed(help);
    }
    let mut out = String::with_capacity(help.len() + 8);
    for c in help.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_is_escaped_as_the_exposition_format_requires() {
        assert_eq!(escape_help("plain"), "plain");
        assert_eq!(escape_help("a\\b\nc"), "a\\\\b\\nc");
        assert!(matches!(escape_help("no escapes"), Cow::Borrowed(_)));
    }

    #[test]
    fn samples_split_outside_quotes() {
        assert_eq!(split_sample("a 1"), ("a", "1"));
        assert_eq!(
            split_sample(r#"a{l="x \" y"} 2 # {t="1"} 3"#),
            (r#"a{l="x \" y"}"#, r#"2 # {t="1"} 3"#)
        );
    }

    #[test]
    fn the_classic_page_names_counters_by_their_samples() {
        use prometheus_client::metrics::{counter::Counter, family::Family, info::Info};
        let mut registry = Registry::default();
        let hits: Family<std::vec::Vec<(String, String)>, Counter> = Family::default();
        hits.get_or_create(&std::vec![("path".into(), "/a b".into())])
            .inc();
        registry.register_with_unit("hits", "Hits", Unit::Seconds, hits);
        registry.register(
            "build",
            "Build",
            Info::new(std::vec![(String::from("v"), String::from("1"))]),
        );
        let mut page = String::new();
        encode_text(&mut page, &registry).unwrap();
        assert_eq!(
            page,
            "# HELP hits_seconds_total Hits.\n\
             # TYPE hits_seconds_total counter\n\
             hits_seconds_total{path=\"/a b\"} 1\n\
             # HELP build_info Build.\n\
             # TYPE build_info gauge\n\
             build_info{v=\"1\"} 1\n"
        );
    }

    #[test]
    fn units_map_to_prometheus_names() {
        assert_eq!(unit("bytes").as_str(), "bytes");
        assert_eq!(unit("requests").as_str(), "requests");
    }
}

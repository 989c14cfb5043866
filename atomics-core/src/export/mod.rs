//! Exporters: a derived stats block (any [`FieldSet`](crate::FieldSet)) as
//! a prometheus-client collector, and this crate's counters and gauges as
//! `metrics` handles. Each behind its own feature, out of a default build.

#[cfg(feature = "metrics")]
mod metrics;
#[cfg(feature = "prometheus-client")]
pub mod prometheus;

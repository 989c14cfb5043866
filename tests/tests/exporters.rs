//! The exporters: a stats block through prometheus-client (the page parsed
//! back), the crate's counters as `metrics` handles under threads, serde.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::thread;

use atomics_core::{
    Atomic, FieldInfo, FieldKind, FieldSet, FieldValue, PerThreadCounter, StripedCounter,
};
use prometheus_client::encoding::text::encode;
use prometheus_client::registry::Registry;

/// A block of every value shape, as the derive will implement `FieldSet`.
#[derive(Default)]
struct Block {
    requests: Atomic<u64>,
    bytes: Atomic<u64>,
    in_flight: Atomic<i32>,
    temperature: Atomic<f64>,
    up: Atomic<bool>,
}

impl FieldSet for Block {
    const FIELDS: &'static [FieldInfo] = &[
        FieldInfo::new("requests", FieldKind::Counter).with_help("Requests served."),
        FieldInfo::new("bytes", FieldKind::Counter)
            .with_help("Bytes written, \\ and\na second line.")
            .with_unit("bytes"),
        FieldInfo::new("in_flight", FieldKind::Gauge),
        FieldInfo::new("temperature", FieldKind::Gauge).with_unit("celsius"),
        FieldInfo::new("up", FieldKind::Gauge).with_help("1 while serving."),
    ];

    fn try_for_each_field<E>(
        &self,
        mut visit: impl FnMut(&'static str, FieldValue) -> Result<(), E>,
    ) -> Result<(), E> {
        visit("requests", self.requests.load().into())?;
        visit("bytes", self.bytes.load().into())?;
        visit("in_flight", self.in_flight.load().into())?;
        visit("temperature", self.temperature.load().into())?;
        visit("up", self.up.load().into())
    }
}

/// The samples of an exposition page: metric name to value, and the
/// `# HELP` / `# TYPE` / `# UNIT` lines by metric family.
fn parse(page: &str) -> (BTreeMap<String, f64>, BTreeMap<(String, String), String>) {
    let mut samples = BTreeMap::new();
    let mut meta = BTreeMap::new();
    for line in page.lines() {
        if let Some(rest) = line.strip_prefix("# ") {
            if rest == "EOF" {
                continue;
            }
            let (what, rest) = rest.split_once(' ').expect("a comment names its kind");
            let (family, text) = rest.split_once(' ').unwrap_or((rest, ""));
            meta.insert((what.to_owned(), family.to_owned()), text.to_owned());
        } else if !line.is_empty() {
            let (name, value) = line.rsplit_once(' ').expect("a sample is `name value`");
            samples.insert(name.to_owned(), value.parse().expect("a number"));
        }
    }
    (samples, meta)
}

#[test]
fn a_block_registers_as_a_collector_and_reads_on_every_scrape() {
    let block = Arc::new(Block::default());
    let mut registry = Registry::default();
    atomics_core::prometheus::register(&mut registry, "svc", Arc::clone(&block));

    block.requests.add(3);
    block.bytes.add(1500);
    block.in_flight.sub(2);
    block.temperature.store(21.5);
    block.up.store(true);

    let mut page = String::new();
    encode(&mut page, &registry).unwrap();
    let (samples, meta) = parse(&page);
    assert_eq!(samples["svc_requests_total"], 3.0, "{page}");
    assert_eq!(samples["svc_bytes_bytes_total"], 1500.0, "{page}");
    assert_eq!(samples["svc_in_flight"], -2.0);
    assert_eq!(samples["svc_temperature_celsius"], 21.5);
    assert_eq!(samples["svc_up"], 1.0);
    assert_eq!(samples.len(), 5, "one sample per field: {page}");

    let m = |what: &str, family: &str| meta[&(what.to_owned(), family.to_owned())].clone();
    assert_eq!(m("TYPE", "svc_requests"), "counter");
    assert_eq!(m("TYPE", "svc_in_flight"), "gauge");
    assert_eq!(m("HELP", "svc_requests"), "Requests served.");
    assert_eq!(
        m("HELP", "svc_bytes_bytes"),
        "Bytes written, \\\\ and\\na second line.",
        "backslash and line break escaped"
    );
    assert_eq!(m("UNIT", "svc_bytes_bytes"), "bytes");
    assert_eq!(m("UNIT", "svc_temperature_celsius"), "celsius");

    // Scrapes read the current values.
    block.requests.add(1);
    let mut again = String::new();
    encode(&mut again, &registry).unwrap();
    assert_eq!(parse(&again).0["svc_requests_total"], 4.0);
}

#[test]
fn try_for_each_info_pairs_values_with_their_metadata_and_stops_at_an_error() {
    let block = Block::default();
    block.up.store(true);
    let mut seen = Vec::new();
    let stop = block.try_for_each_info(|info, value| {
        seen.push((info.name(), info.kind()));
        if info.name() == "in_flight" {
            return Err(value);
        }
        Ok(())
    });
    assert_eq!(stop, Err(FieldValue::Signed(0)));
    assert_eq!(
        seen,
        [
            ("requests", FieldKind::Counter),
            ("bytes", FieldKind::Counter),
            ("in_flight", FieldKind::Gauge)
        ]
    );
}

#[test]
fn metrics_handles_add_up_exactly_across_threads() {
    const THREADS: u64 = 4;
    const PER_THREAD: u64 = 10_000;
    let atomic = Arc::new(Atomic::new(0u64));
    let striped = Arc::new(StripedCounter::new());
    let per_thread = Arc::new(PerThreadCounter::new());
    let gauge = Arc::new(Atomic::new(0.0f64));
    let counters = [
        metrics::Counter::from_arc(Arc::clone(&atomic)),
        metrics::Counter::from_arc(Arc::clone(&striped)),
        metrics::Counter::from_arc(Arc::clone(&per_thread)),
    ];
    let level = metrics::Gauge::from_arc(Arc::clone(&gauge));
    thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                for _ in 0..PER_THREAD {
                    for c in &counters {
                        c.increment(1);
                    }
                    level.increment(1.0);
                    level.decrement(0.5);
                }
            });
        }
    });
    assert_eq!(atomic.load(), THREADS * PER_THREAD);
    assert_eq!(striped.sum(), THREADS * PER_THREAD);
    assert_eq!(per_thread.sum(), THREADS * PER_THREAD);
    // Halves and integers up to 2^53 are exact in f64.
    assert_eq!(gauge.load(), (THREADS * PER_THREAD) as f64 / 2.0);

    counters[0].absolute(5);
    assert_eq!(atomic.load(), THREADS * PER_THREAD, "absolute never lowers");
    counters[0].absolute(THREADS * PER_THREAD + 7);
    assert_eq!(atomic.load(), THREADS * PER_THREAD + 7);
    counters[1].absolute(THREADS * PER_THREAD + 7);
    assert_eq!(striped.sum(), THREADS * PER_THREAD + 7);
    counters[2].absolute(THREADS * PER_THREAD + 7);
    assert_eq!(per_thread.sum(), THREADS * PER_THREAD + 7);
    level.set(-1.0);
    assert_eq!(gauge.load(), -1.0);
}

#[test]
fn an_atomic_serializes_as_its_value() {
    let n = Atomic::new(-3i16);
    assert_eq!(serde_json::to_string(&n).unwrap(), "-3");
    let back: Atomic<i16> = serde_json::from_str("-3").unwrap();
    assert_eq!(back.load(), -3);
    let x: Atomic<f32> = serde_json::from_str("0.5").unwrap();
    assert_eq!(x.load(), 0.5);
    assert!(
        serde_json::from_str::<Atomic<u8>>("300").is_err(),
        "out of range is an error"
    );
}

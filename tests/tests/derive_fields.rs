//! Field kinds and metadata of a derived twin: `FIELDS` for every kind of
//! field, help texts from doc comments, the block through prometheus-client
//! (the page parsed back), and `take()` under concurrency (counters are
//! taken exactly, gauges never jump).
#![cfg(not(atomics_loom))]

use std::sync::Arc;
use std::thread;

use atomics_core::{AtomicFields, FieldInfo, FieldKind, FieldSet, FieldValue};
use atomics_tests::exposition::Page;
use prometheus_client::encoding::text::encode;
use prometheus_client::registry::Registry;

/// An alias: the derive sees no number, so the field is a gauge.
type Level = u32;

#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
struct Every {
    /// Requests served.
    pub requests: u64,
    /// Bytes sent through `write_all`, see
    /// [the docs](https://example.com/docs) and [`Vec`].
    ///
    /// A second paragraph, left out of the help.
    ///
    /// ```
    /// let code = "left out too";
    /// ```
    #[atomic(padded, unit = "bytes")]
    pub bytes: u64,
    /// Cache hits.
    #[atomic(striped)]
    pub hits: u32,
    /// Whether the server is ready.
    pub ready: bool,
    /// Jobs in flight.
    #[atomic(gauge)]
    pub in_flight: i64,
    /// Seconds spent, summed.
    #[atomic(unit = "seconds")]
    pub busy: f64,
    /// The temperature.
    #[atomic(gauge, unit = "celsius")]
    pub temperature: f32,
    pub level: Level,
    #[doc = "A help text with a backslash \\ in it,"]
    #[doc = "and a line break\nin the attribute."]
    pub escaped: u8,
}

#[test]
fn fields_lists_every_field_with_its_kind_help_and_unit_in_order() {
    use FieldKind::{Counter, Gauge};
    let expected = [
        FieldInfo::new("requests", Counter).with_help("Requests served."),
        FieldInfo::new("bytes", Counter)
            .with_help(
                "Bytes sent through `write_all`, see [the docs](https://example.com/docs) and [`Vec`].",
            )
            .with_unit("bytes"),
        FieldInfo::new("hits", Counter).with_help("Cache hits."),
        FieldInfo::new("ready", Gauge).with_help("Whether the server is ready."),
        FieldInfo::new("in_flight", Gauge).with_help("Jobs in flight."),
        FieldInfo::new("busy", Counter)
            .with_help("Seconds spent, summed.")
            .with_unit("seconds"),
        FieldInfo::new("temperature", Gauge)
            .with_help("The temperature.")
            .with_unit("celsius"),
        FieldInfo::new("level", Gauge),
        FieldInfo::new("escaped", Counter).with_help(
            "A help text with a backslash \\ in it, and a line break in the attribute.",
        ),
    ];
    assert_eq!(AtomicEvery::FIELDS, expected);
    assert_eq!(<AtomicEvery as FieldSet>::FIELDS, &expected);
    assert_eq!(<Every as FieldSet>::FIELDS, &expected);
    let names = AtomicEvery::FIELDS.map(|f| f.name());
    assert_eq!(names, AtomicEvery::FIELD_NAMES);
}

/// Every field's name and value, through `FieldSet`.
fn visited<S: FieldSet>(set: &S) -> Vec<(&'static str, FieldValue)> {
    let mut out = Vec::new();
    set.try_for_each_field(|name, value| {
        out.push((name, value));
        Ok::<(), ()>(())
    })
    .unwrap();
    out
}

#[test]
fn the_plain_struct_and_the_twin_visit_the_same_values() {
    let twin = AtomicEvery::default();
    twin.add_requests(2);
    twin.add_bytes(300);
    twin.add_hits(4);
    twin.store_ready(true);
    twin.sub_in_flight(1);
    twin.add_busy(0.5);
    twin.store_temperature(20.5);
    twin.store_level(3);
    twin.add_escaped(1);

    let from_twin = visited(&twin);
    let from_plain = visited(&twin.load());
    assert_eq!(from_twin, from_plain);
    assert_eq!(from_twin.len(), AtomicEvery::FIELDS.len());
    assert_eq!(from_twin[4], ("in_flight", FieldValue::Signed(-1)));

    // `try_for_each_field` stops at the first error and returns it.
    let mut visited = 0;
    let stop = twin.try_for_each_field(|name, value| {
        visited += 1;
        if name == "ready" { Err(value) } else { Ok(()) }
    });
    assert_eq!(stop, Err(FieldValue::Bool(true)));
    assert_eq!(visited, 4);
}

#[test]
fn a_derived_block_registers_with_prometheus_client() {
    let twin = Arc::new(AtomicEvery::default());
    let mut registry = Registry::default();
    atomics_core::prometheus::register(&mut registry, "svc", Arc::clone(&twin));
    twin.add_requests(3);
    twin.add_bytes(1500);
    twin.add_in_flight(2);
    twin.store_temperature(21.5);
    twin.add_escaped(7);

    let mut page = String::new();
    encode(&mut page, &registry).unwrap();
    let parsed = Page::parse(&page);
    let samples = &parsed.samples;
    let m = |what: &str, family: &str| parsed.meta(what, family);
    assert_eq!(samples["svc_requests_total"], 3.0, "{page}");
    assert_eq!(samples["svc_bytes_bytes_total"], 1500.0, "{page}");
    assert_eq!(samples["svc_in_flight"], 2.0, "{page}");
    assert_eq!(samples["svc_temperature_celsius"], 21.5, "{page}");
    assert_eq!(samples["svc_escaped_total"], 7.0, "{page}");
    assert_eq!(samples.len(), AtomicEvery::FIELDS.len(), "{page}");
    assert_eq!(m("TYPE", "svc_requests"), "counter");
    assert_eq!(m("TYPE", "svc_ready"), "gauge");
    assert_eq!(m("TYPE", "svc_level"), "gauge");
    assert_eq!(m("UNIT", "svc_busy_seconds"), "seconds");
    // The doc comment's line break became a space; the backslash is escaped.
    assert_eq!(
        m("HELP", "svc_escaped"),
        "A help text with a backslash \\\\ in it, and a line break in the attribute."
    );

    // A plain struct (a `take()`'s deltas) registers the same way.
    let delta = Arc::new(twin.take());
    let mut deltas = Registry::default();
    atomics_core::prometheus::register(&mut deltas, "svc", delta);
    let mut delta_page = String::new();
    encode(&mut delta_page, &deltas).unwrap();
    assert_eq!(delta_page, page);
}

#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
struct Work {
    done: u64,
    #[atomic(striped)]
    hits: u64,
    /// Workers inside a job: each enters and leaves.
    #[atomic(gauge)]
    busy: i64,
    /// The highest job number seen: only grows.
    #[atomic(gauge)]
    high_water: u64,
    started: bool,
}

#[test]
fn takes_under_concurrency_count_every_add_once_and_gauges_never_jump() {
    const THREADS: u64 = 4;
    const JOBS: u64 = 100_000;
    let work = AtomicWork::default();
    let mut taken_done = 0;
    let mut taken_hits = 0;
    thread::scope(|s| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let work = &work;
                s.spawn(move || {
                    work.store_started(true);
                    for job in 0..JOBS {
                        work.add_busy(1);
                        work.add_done(1);
                        work.add_hits(2);
                        let _ = work.high_water().max(job * THREADS + t);
                        work.sub_busy(1);
                    }
                })
            })
            .collect();
        let mut last_high = 0;
        let mut started = false;
        let mut takes = 0;
        // At least one take, then takes until the workers are done.
        while takes == 0 || !workers.iter().all(|w| w.is_finished()) {
            takes += 1;
            let delta = work.take();
            taken_done += delta.done;
            taken_hits += delta.hits;
            let busy = i64::try_from(THREADS).unwrap();
            assert!((0..=busy).contains(&delta.busy), "busy jumped: {delta:?}");
            assert!(delta.high_water >= last_high, "high water fell: {delta:?}");
            assert!(delta.started || !started, "the flag was reset: {delta:?}");
            last_high = delta.high_water;
            started = delta.started;
        }
    });
    let rest = work.take();
    assert_eq!(taken_done + rest.done, THREADS * JOBS);
    assert_eq!(taken_hits + rest.hits, 2 * THREADS * JOBS);
    assert_eq!(rest.busy, 0);
    assert_eq!(rest.high_water, THREADS * JOBS - 1);
    assert!(rest.started);
    // The counters are empty; the gauges keep their levels.
    assert_eq!(
        work.load(),
        Work {
            high_water: THREADS * JOBS - 1,
            started: true,
            ..Work::default()
        }
    );
}

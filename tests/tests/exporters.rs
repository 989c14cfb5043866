//! The exporters: a stats block through prometheus-client (the page parsed
//! back), `add_all` of takes into a cumulative block under threads, the
//! crate's counters as `metrics` handles under threads, serde.

use std::sync::Arc;
use std::thread;

use atomics_core::{
    Atomic, FieldInfo, FieldKind, FieldSet, FieldValue, PerThreadCounter, StripedCounter,
};
use atomics_tests::exposition::Page;
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
    let parsed = Page::parse(&page);
    let samples = &parsed.samples;
    let m = |what: &str, family: &str| parsed.meta(what, family);
    assert_eq!(samples["svc_requests_total"], 3.0, "{page}");
    assert_eq!(samples["svc_bytes_bytes_total"], 1500.0, "{page}");
    assert_eq!(samples["svc_in_flight"], -2.0);
    assert_eq!(samples["svc_temperature_celsius"], 21.5);
    assert_eq!(samples["svc_up"], 1.0);
    assert_eq!(samples.len(), 5, "one sample per field: {page}");

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
    assert_eq!(Page::parse(&again).samples["svc_requests_total"], 4.0);
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

#[derive(atomics_core::AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
#[atomic(ordering = "relaxed")]
struct Jobs {
    /// Jobs finished.
    done: u64,
    /// Bytes written by jobs.
    #[atomic(striped, unit = "bytes")]
    written: u64,
    /// Jobs running now.
    #[atomic(gauge)]
    running: i64,
    /// Whether jobs are accepted.
    open: bool,
}

#[test]
fn add_all_of_takes_under_threads_adds_up_to_everything_counted() {
    const WORKERS: u64 = 3;
    const JOBS: u64 = 50_000;
    let live = AtomicJobs::default();
    let total = Arc::new(AtomicJobs::default());
    let mut registry = Registry::default();
    atomics_core::prometheus::register(&mut registry, "jobs", Arc::clone(&total));
    let finished = Atomic::new(false);
    thread::scope(|s| {
        // Two reporters take and add concurrently with the workers and
        // with each other.
        for _ in 0..2 {
            let (live, total, finished) = (&live, &total, &finished);
            s.spawn(move || {
                while !finished.load() {
                    let delta = live.take();
                    total.add_all(&delta);
                    let running = total.load_running();
                    assert!((0..=WORKERS as i64).contains(&running), "{running}");
                }
            });
        }
        let workers: Vec<_> = (0..WORKERS)
            .map(|w| {
                let live = &live;
                s.spawn(move || {
                    live.store_open(true);
                    for job in 0..JOBS {
                        live.add_running(1);
                        live.add_done(1);
                        live.add_written(w + job % 7);
                        live.sub_running(1);
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().expect("a worker panicked");
        }
        finished.store(true);
    });
    total.add_all(&live.take());
    let written: u64 = (0..WORKERS)
        .map(|w| (0..JOBS).map(|job| w + job % 7).sum::<u64>())
        .sum();
    assert_eq!(
        total.load(),
        Jobs {
            done: WORKERS * JOBS,
            written,
            running: 0,
            open: true,
        }
    );
    // What a scrape of the cumulative block shows.
    let mut page = String::new();
    encode(&mut page, &registry).unwrap();
    let parsed = Page::parse(&page);
    assert_eq!(parsed.samples["jobs_done_total"], (WORKERS * JOBS) as f64);
    assert_eq!(parsed.samples["jobs_written_bytes_total"], written as f64);
    assert_eq!(parsed.samples["jobs_running"], 0.0);
    assert_eq!(parsed.samples["jobs_open"], 1.0);
}

#[test]
fn add_all_wraps_counters_and_sets_gauges() {
    #[derive(atomics_core::AtomicFields, Clone, Copy, Default)]
    struct Small {
        hits: u8,
        misses: i8,
        ratio: f32,
        #[atomic(gauge)]
        level: u8,
    }
    let small = AtomicSmall::new(Small {
        hits: 250,
        misses: 127,
        ratio: 0.25,
        level: 9,
    });
    small.add_all(&Small {
        hits: 10,
        misses: 1,
        ratio: 0.5,
        level: 3,
    });
    assert_eq!(small.load_hits(), 4, "250 + 10 wraps as add_hits does");
    assert_eq!(small.load_misses(), -128);
    assert_eq!(small.load_ratio(), 0.75);
    assert_eq!(small.load_level(), 3, "a gauge is set to the level given");
}

/// The classic text page of a derived block (a counter, a striped counter
/// with a unit, a gauge, a bool), as `/metrics` serves it to `promtool`.
/// With `ATOMICS_EXPOSITION_OUT` set, the page is also written there: CI's
/// promtool lane checks it.
#[test]
fn a_derived_block_s_classic_page_names_counters_by_their_samples() {
    let jobs = Arc::new(AtomicJobs::default());
    let mut registry = Registry::default();
    atomics_core::prometheus::register(&mut registry, "jobs", Arc::clone(&jobs));
    jobs.add_done(7);
    jobs.add_written(4096);
    jobs.add_running(2);
    jobs.store_open(true);
    let mut page = String::new();
    atomics_core::prometheus::encode_text(&mut page, &registry).unwrap();
    assert_eq!(
        page,
        "# HELP jobs_done_total Jobs finished.\n\
         # TYPE jobs_done_total counter\n\
         jobs_done_total 7\n\
         # HELP jobs_written_bytes_total Bytes written by jobs.\n\
         # TYPE jobs_written_bytes_total counter\n\
         jobs_written_bytes_total 4096\n\
         # HELP jobs_running Jobs running now.\n\
         # TYPE jobs_running gauge\n\
         jobs_running 2\n\
         # HELP jobs_open Whether jobs are accepted.\n\
         # TYPE jobs_open gauge\n\
         jobs_open 1\n"
    );
    if let Some(path) = std::env::var_os("ATOMICS_EXPOSITION_OUT") {
        std::fs::write(path, &page).expect("the page is written");
    }
}

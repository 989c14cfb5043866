//! Group 5: reading read-mostly configuration while a writer replaces it,
//! `Value<T>` beside the alternatives.
//!
//! Two kinds of read, each a group of rows:
//! - a short-lived look at the value: `Value::read` (epoch pin) against
//!   `ArcSwap::load` (its guard, the baseline);
//! - an owned `Arc<T>` to keep: `Value::load` against `ArcSwap::load_full`,
//!   `RwLock<Arc<T>>` read-and-clone and `Mutex<Arc<T>>` lock-and-clone.
//!
//! Each row reads one field of the current value. A writer thread stores a
//! fresh value roughly every 100 µs during every timed run, so reclamation
//! (epochs, arc-swap's debts, the lock's writer side) runs as it would in a
//! service. The timed runs are checked as in the contended group (handoff
//! probes, paused writer, and the reader's time off its CPU), because the
//! writer needs the second vCPU and a neighbour process taking the reader's
//! CPU would inflate a run.

use std::hint::black_box;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use arc_swap::ArcSwap;
use atomics_core::Value;
use criterion::{Criterion, SamplingMode, criterion_main};

use atomics_bench as common;

use common::{Timed, Validator, Writer};

/// Samples per row.
const SAMPLES: usize = 20;

/// A configuration of a plausible shape: a few scalars, a string, a table.
/// The readers look at `version` only; the other fields are there for a
/// realistic size and drop cost on the writer's side.
#[allow(dead_code)]
struct Config {
    version: u64,
    endpoint: String,
    limits: [u32; 8],
}

impl Config {
    fn new(version: u64) -> Self {
        Self {
            version,
            endpoint: format!("10.0.0.{}:8080", version % 250),
            limits: [100; 8],
        }
    }
}

/// Benchmarks `read` (which returns the field it read) on the calling thread
/// while `write` runs on a writer thread, and records the probe checks.
fn with_writer(
    c: &mut Criterion,
    validator: &Validator,
    group: &str,
    label: &str,
    mut read: impl FnMut() -> u64,
    write: impl FnMut(u64) + Send + 'static,
) {
    let mut writer = Writer::spawn(write);
    let mut g = c.benchmark_group(group);
    // Few long samples, as in the contended group: a sample of ~100 ms
    // spans hundreds of writes, and the checks around it stay cheap.
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(SAMPLES)
        .measurement_time(common::two_thread_time());
    g.bench_function(label, |b| {
        b.iter_custom(|iters| {
            validator.timed(|| {
                // Writing only while timed keeps the writer from disturbing
                // the handoff probes around the run.
                writer.resume();
                let timed = Timed::run(|| {
                    for _ in 0..iters {
                        black_box(read());
                    }
                });
                writer.pause();
                timed
            })
        });
    });
    let rate = writer.stop();
    eprintln!("{group}/{label}: the writer stored {rate:.0} values/s");
    g.finish();
    validator.finish_with(
        &format!("{group}/{label}"),
        SAMPLES,
        &[("writes_per_second", rate)],
    );
}

fn reads(c: &mut Criterion) {
    let validator = Validator::new();
    let p = validator.probe();
    eprintln!(
        "handoff probe before the read groups: round trip {:.0} ns",
        p.round_trip_ns
    );

    // Cells are shared with their writer through an `Arc`; the reader holds
    // a plain reference, as a service's request handlers would.
    let guard_group = "value_read_guard";
    {
        let cell = Arc::new(ArcSwap::from_pointee(Config::new(0)));
        let w = Arc::clone(&cell);
        with_writer(
            c,
            &validator,
            guard_group,
            "arcswap_load",
            || black_box(&*cell).load().version,
            move |n| w.store(Arc::new(Config::new(n))),
        );
    }
    {
        let cell = Arc::new(Value::from(Config::new(0)));
        let w = Arc::clone(&cell);
        with_writer(
            c,
            &validator,
            guard_group,
            "value_read",
            || black_box(&*cell).read().map_or(0, |cfg| cfg.version),
            move |n| w.store(Config::new(n)),
        );
    }

    let owned_group = "value_read_owned";
    {
        let cell = Arc::new(ArcSwap::from_pointee(Config::new(0)));
        let w = Arc::clone(&cell);
        with_writer(
            c,
            &validator,
            owned_group,
            "arcswap_load_full",
            || black_box(&*cell).load_full().version,
            move |n| w.store(Arc::new(Config::new(n))),
        );
    }
    {
        let cell = Arc::new(Value::from(Config::new(0)));
        let w = Arc::clone(&cell);
        with_writer(
            c,
            &validator,
            owned_group,
            "value_load",
            || black_box(&*cell).load().map_or(0, |cfg| cfg.version),
            move |n| w.store(Config::new(n)),
        );
    }
    {
        let cell = Arc::new(RwLock::new(Arc::new(Config::new(0))));
        let w = Arc::clone(&cell);
        with_writer(
            c,
            &validator,
            owned_group,
            "rwlock_read_clone",
            || {
                let cfg = Arc::clone(
                    &black_box(&*cell)
                        .read()
                        .unwrap_or_else(PoisonError::into_inner),
                );
                cfg.version
            },
            move |n| *w.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(Config::new(n)),
        );
    }
    {
        let cell = Arc::new(Mutex::new(Arc::new(Config::new(0))));
        let w = Arc::clone(&cell);
        with_writer(
            c,
            &validator,
            owned_group,
            "mutex_lock_clone",
            || {
                let cfg = Arc::clone(
                    &black_box(&*cell)
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner),
                );
                cfg.version
            },
            move |n| *w.lock().unwrap_or_else(PoisonError::into_inner) = Arc::new(Config::new(n)),
        );
    }
}

/// Runs this file's benchmarks with the shared settings (command-line
/// options still override them, as with `criterion_group!`).
fn benches() {
    let mut c = common::config().configure_from_args();
    reads(&mut c);
}

criterion_main!(benches);

//! Group 5: reading read-mostly configuration while a writer replaces it,
//! `Value<T>` beside the alternatives.
//!
//! Three kinds of read, each a group of rows:
//! - a short-lived look at the value: `Value::read` (epoch pin) against
//!   `ArcSwap::load` (its guard, the baseline);
//! - a repeated read through a per-reader cache: `ValueCache::read` against
//!   the physical limit, a plain `AtomicPtr` acquire load and dereference
//!   (the baseline; its writer flips between two values that live for the
//!   whole run, so nothing needs reclaiming), and arc-swap's `Cache::load`;
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
use std::sync::atomic::{AtomicPtr, Ordering::Acquire, Ordering::Release};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use arc_swap::cache::Cache;
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

    let cache_group = "value_cache_read";
    {
        // Two values that outlive every reader: the writer only flips the
        // pointer between them, as a cell would without any reclamation.
        let values: [&'static Config; 2] = [
            Box::leak(Box::new(Config::new(0))),
            Box::leak(Box::new(Config::new(1))),
        ];
        let cell: &'static AtomicPtr<Config> = Box::leak(Box::new(AtomicPtr::new(
            std::ptr::from_ref(values[0]).cast_mut(),
        )));
        with_writer(
            c,
            &validator,
            cache_group,
            "atomicptr_load",
            // SAFETY: the cell only ever points to one of the two leaked
            // values, which live until the process ends.
            || unsafe { &*black_box(cell).load(Acquire) }.version,
            move |n| {
                let next = values[usize::from(n % 2 == 1)];
                cell.store(std::ptr::from_ref(next).cast_mut(), Release);
            },
        );
    }
    {
        let cell = Arc::new(Value::from(Config::new(0)));
        let w = Arc::clone(&cell);
        let mut cache = cell.cache();
        with_writer(
            c,
            &validator,
            cache_group,
            "value_cache_read",
            || black_box(&mut cache).read().map_or(0, |cfg| cfg.version),
            move |n| w.store(Config::new(n)),
        );
    }
    {
        let cell = Arc::new(ArcSwap::from_pointee(Config::new(0)));
        let w = Arc::clone(&cell);
        let mut cache = Cache::new(Arc::clone(&cell));
        with_writer(
            c,
            &validator,
            cache_group,
            "arcswap_cache_load",
            || black_box(&mut cache).load().version,
            move |n| w.store(Arc::new(Config::new(n))),
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

/// Times several ways of reading, interleaved, while one writer replaces the
/// value of every cell each 100 µs, and prints each side's time per read and,
/// for each of `pairs`, the ratio of two sides: the ratios of the goals,
/// measured so that the host's drift (other guests, other builds on these
/// two vCPUs) hits all sides alike.
///
/// Criterion's rows are measured seconds apart; on a busy machine a row was
/// seen 100 times slower than in the run before. Here each round times a
/// chunk of a few milliseconds of every side back to back, rotating which
/// goes first, and the reported ratio is the median over the rounds, with
/// the rounds' 2.5th and 97.5th percentiles.
fn paired_with_writer(
    name: &str,
    sides: &mut [(&str, &mut dyn FnMut(u64) -> Duration)],
    pairs: &[(&str, &str)],
    write: impl FnMut(u64) + Send + 'static,
) {
    let rounds = if common::quick() { 10 } else { 60 };
    let mut writer = Writer::spawn(write);
    writer.resume();
    // A chunk long enough (about 2 ms of the slowest side) that the timer
    // and the loop's set-up are noise, and the chunk spans 20 writes.
    let mut chunk = 1_000u64;
    while sides
        .iter_mut()
        .any(|(_, run)| run(chunk) < Duration::from_millis(2))
        && chunk < 1 << 32
    {
        chunk *= 2;
    }
    // times[round][side], seconds per chunk
    let mut times = vec![vec![0.0; sides.len()]; rounds];
    for (round, row) in times.iter_mut().enumerate() {
        for k in 0..sides.len() {
            let i = (round + k) % sides.len();
            row[i] = (sides[i].1)(chunk).as_secs_f64();
        }
    }
    let rate = writer.stop();
    let percentiles = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let at = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
        (at(0.025), at(0.5), at(0.975))
    };
    eprintln!(
        "paired {name}: {rounds} rounds of {chunk} reads per side, writer {rate:.0} values/s"
    );
    for (i, (label, _)) in sides.iter().enumerate() {
        let (_, t, _) = percentiles(times.iter().map(|r| r[i] * 1e9 / chunk as f64).collect());
        eprintln!("paired {name}/{label}: {t:.3} ns per read (median round)");
    }
    let index = |label: &str| sides.iter().position(|(l, _)| *l == label).expect("a side");
    for (a, b) in pairs {
        let (ia, ib) = (index(a), index(b));
        let (lo, med, hi) = percentiles(times.iter().map(|r| r[ia] / r[ib]).collect());
        eprintln!("paired {name}: {a} / {b} = {med:.3} [{lo:.3} – {hi:.3}]");
    }
}

/// A side of [`paired_with_writer`]: times `iters` calls of `read`, the loop
/// compiled for this `read` (a call through `dyn` per read would add its
/// own nanosecond to every side and pull the ratios towards 1).
fn chunk_timer(mut read: impl FnMut() -> u64) -> impl FnMut(u64) -> Duration {
    move |iters| {
        let start = Instant::now();
        for _ in 0..iters {
            black_box(read());
        }
        start.elapsed()
    }
}

/// The goals' ratios, paired (see [`paired_with_writer`]): the cache and
/// arc-swap's cache against the plain load, and `Value::read` against
/// `ArcSwap::load`.
fn paired(_c: &mut Criterion) {
    let values: [&'static Config; 2] = [
        Box::leak(Box::new(Config::new(0))),
        Box::leak(Box::new(Config::new(1))),
    ];
    let plain: &'static AtomicPtr<Config> = Box::leak(Box::new(AtomicPtr::new(
        std::ptr::from_ref(values[0]).cast_mut(),
    )));
    let ours = Arc::new(Value::from(Config::new(0)));
    let theirs = Arc::new(ArcSwap::from_pointee(Config::new(0)));
    let write = {
        let (ours, theirs) = (Arc::clone(&ours), Arc::clone(&theirs));
        move |n: u64| {
            plain.store(
                std::ptr::from_ref(values[usize::from(n % 2 == 1)]).cast_mut(),
                Release,
            );
            ours.store(Config::new(n));
            theirs.store(Arc::new(Config::new(n)));
        }
    };
    let mut cache = ours.cache();
    let mut their_cache = Cache::new(Arc::clone(&theirs));
    // SAFETY: `plain` only ever points to one of the two leaked values.
    let mut plain_load = chunk_timer(|| unsafe { &*black_box(plain).load(Acquire) }.version);
    let mut value_cache_read =
        chunk_timer(|| black_box(&mut cache).read().map_or(0, |cfg| cfg.version));
    let mut arcswap_cache_load = chunk_timer(|| black_box(&mut their_cache).load().version);
    let mut arcswap_load = chunk_timer(|| black_box(&*theirs).load().version);
    let mut value_read = chunk_timer(|| black_box(&*ours).read().map_or(0, |cfg| cfg.version));
    paired_with_writer(
        "value_cache_read",
        &mut [
            ("atomicptr_load", &mut plain_load),
            ("value_cache_read", &mut value_cache_read),
            ("arcswap_cache_load", &mut arcswap_cache_load),
            ("arcswap_load", &mut arcswap_load),
            ("value_read", &mut value_read),
        ],
        &[
            ("value_cache_read", "atomicptr_load"),
            ("value_cache_read", "arcswap_cache_load"),
            ("arcswap_cache_load", "atomicptr_load"),
            ("value_read", "arcswap_load"),
        ],
        write,
    );
}

/// Runs this file's benchmarks with the shared settings (command-line
/// options still override them, as with `criterion_group!`).
fn benches() {
    let mut c = common::config().configure_from_args();
    reads(&mut c);
    paired(&mut c);
}

criterion_main!(benches);

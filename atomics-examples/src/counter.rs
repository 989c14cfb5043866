//! Part 1: Go's `sync/atomic` examples, ported line by line, then the same
//! counter with its increment split into a separate load and store, to show
//! the updates that `i++` loses.

use std::io::{self, Write};
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use atomics_core::{Int32, Uint64};

use crate::Options;
use crate::text::{grouped, verdict};

/// Goroutines in Go's counter example.
pub const GO_WORKERS: usize = 5;
/// Increments each of them makes.
pub const GO_INCREMENTS: i32 = 1000;
/// Increments between two looks at the clock in the lost-update race.
const BATCH: u64 = 1024;

/// What part 1 printed, for checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterReport {
    /// `Add`: a zero counter after `add(1)`.
    pub added: i32,
    /// `Load`: a counter holding 42.
    pub loaded: i32,
    /// `Store`: the value after `store(100)`.
    pub stored: i32,
    /// `CompareAndSwap(42, 100)` on 42: did it swap?
    pub cas_swapped: bool,
    /// The value after that compare-and-swap.
    pub after_cas: i32,
    /// `Swap(100)` on 42: the old value.
    pub swap_old: i32,
    /// The value after that swap.
    pub after_swap: i32,
    /// Go's counter: 5 threads × 1000 `add(1)`.
    pub go_counter: i32,
    /// Increments the threads made with `add(1)`, counted by each thread.
    pub atomic_increments: u64,
    /// The counter after them: always `atomic_increments`.
    pub atomic_total: u64,
    /// Increments the threads made with `store(load() + 1)`.
    pub racy_increments: u64,
    /// The counter after them: at most `racy_increments`.
    pub racy_total: u64,
}

impl CounterReport {
    /// Updates the split increment lost (0 if the threads happened never to
    /// overlap).
    #[must_use]
    pub fn lost(&self) -> u64 {
        self.racy_increments.saturating_sub(self.racy_total)
    }

    /// Whether every ported example printed Go's output and the atomic
    /// total is exact.
    #[must_use]
    pub fn holds(&self) -> bool {
        (self.added, self.loaded, self.stored) == (1, 42, 100)
            && (self.cas_swapped, self.after_cas) == (true, 100)
            && (self.swap_old, self.after_swap) == (42, 100)
            && self.go_counter == GO_WORKERS as i32 * GO_INCREMENTS
            && self.atomic_total == self.atomic_increments
            && self.racy_total <= self.racy_increments
    }
}

/// Runs part 1 and prints it to `out`. The lost-update race runs
/// `options.threads` threads for a fifth of `options.duration` each way.
///
/// # Errors
///
/// Only those of writing to `out`.
pub fn run(options: &Options, out: &mut impl Write) -> io::Result<CounterReport> {
    row(out, "Go", "Rust", "prints")?;

    // var counter int32; atomic.AddInt32(&counter, 1)
    let counter = Int32::new(0);
    counter.add(1);
    let added = counter.load();
    row(out, "Add", "counter.add(1)", added)?;

    // var value int32 = 42; atomic.LoadInt32(&value)
    let value = Int32::new(42);
    let loaded = value.load();
    row(out, "Load", "value.load()", loaded)?;

    // var value int32; atomic.StoreInt32(&value, 100)
    let value = Int32::new(0);
    value.store(100);
    let stored = value.load();
    row(out, "Store", "value.store(100); value.load()", stored)?;

    // var value int32 = 42; if atomic.CompareAndSwapInt32(&value, 42, 100) { … }
    let value = Int32::new(42);
    let cas_swapped = value.compare_and_swap(42, 100);
    if cas_swapped {
        row(
            out,
            "CompareAndSwap",
            "value.compare_and_swap(42, 100)",
            "Value swapped successfully",
        )?;
    }
    let after_cas = value.load();
    row(out, "", "value.load()", after_cas)?;

    // var value int32 = 42; oldValue := atomic.SwapInt32(&value, 100)
    let value = Int32::new(42);
    let swap_old = value.swap(100);
    row(out, "Swap", "value.swap(100)", swap_old)?;
    let after_swap = value.load();
    row(out, "", "value.load()", after_swap)?;

    // The counter: 5 goroutines × 1000 atomic.AddInt32(&counter, 1).
    let counter = Int32::new(0);
    thread::scope(|s| {
        for _ in 0..GO_WORKERS {
            s.spawn(|| {
                for _ in 0..GO_INCREMENTS {
                    counter.add(1);
                }
            });
        }
    });
    let go_counter = counter.load();
    writeln!(out)?;
    writeln!(
        out,
        "  {GO_WORKERS} threads x {GO_INCREMENTS} counter.add(1):  Counter: {go_counter}"
    )?;

    // `i++` is load, add, store: `add(1)` does the three as one.
    let threads = options.threads;
    let time = options.duration / 5;
    let (atomic_increments, atomic_total) = race(threads, time, |c| {
        c.add(1);
    });
    // Two atomic operations, not one: a store from another thread can land
    // between this load and this store, and be overwritten.
    let (racy_increments, racy_total) = race(threads, time, |c| c.store(c.load() + 1));
    let report = CounterReport {
        added,
        loaded,
        stored,
        cas_swapped,
        after_cas,
        swap_old,
        after_swap,
        go_counter,
        atomic_increments,
        atomic_total,
        racy_increments,
        racy_total,
    };
    let lost = report.lost();
    writeln!(out)?;
    writeln!(
        out,
        "  i++ is load, add, store. {threads} threads add 1 to one counter for {} ms, two ways:",
        time.as_millis()
    )?;
    writeln!(out, "{:>50}{:>12}  lost", "increments", "counter")?;
    writeln!(
        out,
        "    {:<34}{:>12}{:>12}  none: {}",
        "counter.add(1)",
        grouped(atomic_increments),
        grouped(atomic_total),
        verdict(atomic_total == atomic_increments)
    )?;
    #[allow(clippy::cast_precision_loss)] // a percentage for display
    let pct = lost as f64 * 100.0 / racy_increments.max(1) as f64;
    writeln!(
        out,
        "    {:<34}{:>12}{:>12}  {} ({pct:.1}%)",
        "counter.store(counter.load() + 1)",
        grouped(racy_increments),
        grouped(racy_total),
        grouped(lost)
    )?;
    if lost == 0 {
        writeln!(
            out,
            "    (none lost this time: the threads took turns on one core instead of running\n     at once, as on a busy machine; on idle cores they overlap and lose updates)"
        )?;
    }
    Ok(report)
}

/// One line of the ported examples' table.
fn row(
    out: &mut impl Write,
    go: &str,
    rust: &str,
    prints: impl std::fmt::Display,
) -> io::Result<()> {
    writeln!(out, "  {go:<15}{rust:<34}{prints}")
}

/// Runs `increment` on `threads` threads, all released at once, each until
/// `time` has passed by its own clock. Returns the increments the threads
/// made (each counts its own) and the counter's final value.
///
/// Bounded by time rather than by count so the runs overlap on any machine:
/// on two idle cores they run side by side, and on a busy or single core the
/// scheduler switches threads many times within `time`, sometimes between a
/// load and its store.
fn race(threads: usize, time: Duration, increment: impl Fn(&Uint64) + Sync) -> (u64, u64) {
    let counter = Uint64::new(0);
    // A common start, so that no thread finishes before the last is spawned.
    let start = Barrier::new(threads);
    let increments = thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    let began = Instant::now();
                    let mut n = 0;
                    while began.elapsed() < time {
                        for _ in 0..BATCH {
                            increment(&counter);
                        }
                        n += BATCH;
                    }
                    n
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread panicked"))
            .sum()
    });
    (increments, counter.load())
}

//! Part 5: false sharing, measured live. Two threads each add to their own
//! counter; when the two counters share a cache line, every add drags the
//! line from the other core, and both slow down as if they shared one
//! counter. Padding each counter to its own line removes that, and a
//! `StripedCounter` does the same for one logical counter.

use std::io::{self, Write};
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use atomics_core::{CachePadded, StripedCounter, Uint64};

use crate::Options;
use crate::text::{grouped, verdict};

/// Threads hammering the counters: false sharing takes two.
pub const THREADS: usize = 2;
/// Rounds per variant; the best is shown, to soften noise from whatever
/// else the machine runs.
pub const ROUNDS: u32 = 2;
/// Adds between two looks at the clock.
const BATCH: u64 = 4096;

/// The memory layouts compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One thread adding to one counter: the baseline, with no other core
    /// to share anything with.
    Alone,
    /// Two counters side by side in one cache line, one per thread.
    SameLine,
    /// Two counters, each `CachePadded` to a line of its own.
    Padded,
    /// One `Atomic<u64>` both threads add to: true sharing.
    Shared,
    /// One `StripedCounter` both threads add to.
    Striped,
}

impl Layout {
    /// Every layout, in the order printed.
    pub const ALL: [Layout; 5] = [
        Layout::Alone,
        Layout::SameLine,
        Layout::Padded,
        Layout::Shared,
        Layout::Striped,
    ];

    /// How the table names it.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Layout::Alone => "one thread alone (baseline)",
            Layout::SameLine => "two counters in one cache line",
            Layout::Padded => "two counters, each CachePadded",
            Layout::Shared => "one shared Atomic<u64>",
            Layout::Striped => "one StripedCounter",
        }
    }
}

/// One layout's measurement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VariantReport {
    /// The layout measured.
    pub layout: Layout,
    /// Adds the threads made, over all rounds.
    pub adds: u64,
    /// What the counters held after each round, summed: equals `adds`.
    pub counted: u64,
    /// Millions of adds per second of the best round, all threads together.
    pub mops: f64,
}

/// What part 5 printed, for checking.
#[derive(Debug, Clone, PartialEq)]
pub struct FalseSharingReport {
    /// One entry per layout, in [`Layout::ALL`]'s order.
    pub variants: Vec<VariantReport>,
}

impl FalseSharingReport {
    /// The measurement of `layout`.
    ///
    /// # Panics
    ///
    /// Never for a report from [`run`], which measures every layout.
    #[must_use]
    pub fn variant(&self, layout: Layout) -> &VariantReport {
        self.variants
            .iter()
            .find(|v| v.layout == layout)
            .expect("every layout is measured")
    }

    /// Whether no add was lost in any layout. (The speeds are not checked:
    /// they depend on the machine.)
    #[must_use]
    pub fn holds(&self) -> bool {
        self.variants.iter().all(|v| v.adds == v.counted)
    }
}

/// Runs part 5 and prints it to `out`: each layout for [`ROUNDS`] rounds of
/// a quarter of `options.duration`.
///
/// # Errors
///
/// Only those of writing to `out`.
pub fn run(options: &Options, out: &mut impl Write) -> io::Result<FalseSharingReport> {
    let round = options.duration / 4;
    let mut variants: Vec<VariantReport> = Layout::ALL
        .map(|layout| VariantReport {
            layout,
            adds: 0,
            counted: 0,
            mops: 0.0,
        })
        .to_vec();
    // Rounds alternate between layouts, so a burst of outside load hurts
    // one round of several of them rather than every round of one.
    for _ in 0..ROUNDS {
        for v in &mut variants {
            let (adds, counted, mops) = measure(v.layout, round);
            v.adds += adds;
            v.counted += counted;
            v.mops = v.mops.max(mops);
        }
    }
    let report = FalseSharingReport { variants };

    let cpus = thread::available_parallelism().map_or(1, usize::from);
    writeln!(
        out,
        "  {THREADS} threads add 1 in a loop; {ROUNDS} rounds of {} ms per layout, best shown.",
        round.as_millis()
    )?;
    writeln!(
        out,
        "  {:<34} {:>9} {:>16}",
        "layout", "Mops/s", "adds counted"
    )?;
    for v in &report.variants {
        writeln!(
            out,
            "  {:<34} {:>9.1} {:>16}",
            v.layout.describe(),
            v.mops,
            grouped(v.counted)
        )?;
    }
    let ratio = |a: Layout, b: Layout| report.variant(a).mops / report.variant(b).mops.max(1e-9);
    writeln!(
        out,
        "  CachePadded vs one line: {:.1}x.  StripedCounter vs one atomic: {:.1}x.",
        ratio(Layout::Padded, Layout::SameLine),
        ratio(Layout::Striped, Layout::Shared),
    )?;
    writeln!(out, "  Every add counted: {}.", verdict(report.holds()))?;
    writeln!(
        out,
        "  Rates depend on the machine: {cpus} hardware threads here, its caches, its load."
    )?;
    // Two threads on separate lines should approach twice the baseline; far
    // below that, they took turns on one core and nothing could be shared.
    if ratio(Layout::Padded, Layout::Alone) < 1.4 {
        writeln!(
            out,
            "  Here two padded threads barely beat one: they mostly took turns (a busy"
        )?;
        writeln!(
            out,
            "  machine, or one core), so false sharing could not show. Try an idle one."
        )?;
    }
    Ok(report)
}

/// Runs one round of `layout` for `time`: returns the adds made, what the
/// counters held after, and the rate in millions per second.
fn measure(layout: Layout, time: Duration) -> (u64, u64, f64) {
    match layout {
        Layout::Alone => {
            let cell = Uint64::new(0);
            let (adds, mops) = hammer(1, time, |_| {
                cell.add(1);
            });
            (adds, cell.load(), mops)
        }
        Layout::SameLine => {
            // The outer padding aligns the pair to a line, so both counters
            // are in the same one (an unaligned pair could straddle two).
            let cells: CachePadded<[Uint64; THREADS]> = CachePadded::new(Default::default());
            let (adds, mops) = hammer(THREADS, time, |t| {
                cells[t].add(1);
            });
            (adds, cells.iter().map(Uint64::load).sum(), mops)
        }
        Layout::Padded => {
            let cells: [CachePadded<Uint64>; THREADS] = Default::default();
            let (adds, mops) = hammer(THREADS, time, |t| {
                cells[t].add(1);
            });
            (adds, cells.iter().map(|c| c.load()).sum(), mops)
        }
        Layout::Shared => {
            let cell = Uint64::new(0);
            let (adds, mops) = hammer(THREADS, time, |_| {
                cell.add(1);
            });
            (adds, cell.load(), mops)
        }
        Layout::Striped => {
            let counter = StripedCounter::new();
            let (adds, mops) = hammer(THREADS, time, |_| counter.inc());
            (adds, counter.sum(), mops)
        }
    }
}

/// Runs `add(thread_index)` on `threads` threads, released together, each
/// until `time` has passed by its own clock (so no thread waits on another:
/// nothing hangs if the cores take turns). Returns the adds made and the
/// summed per-thread rate in millions per second.
fn hammer(threads: usize, time: Duration, add: impl Fn(usize) + Sync) -> (u64, f64) {
    let start = Barrier::new(threads);
    let per_thread: Vec<(u64, Duration)> = thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (start, add) = (&start, &add);
                s.spawn(move || {
                    start.wait();
                    let began = Instant::now();
                    let mut adds = 0;
                    loop {
                        for _ in 0..BATCH {
                            add(t);
                        }
                        adds += BATCH;
                        let elapsed = began.elapsed();
                        if elapsed >= time {
                            return (adds, elapsed);
                        }
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|t| t.join().expect("thread panicked"))
            .collect()
    });
    let adds = per_thread.iter().map(|(n, _)| n).sum();
    #[allow(clippy::cast_precision_loss)] // a rate for display
    let mops = per_thread
        .iter()
        .map(|&(n, d)| n as f64 / d.as_secs_f64() / 1e6)
        .sum();
    (adds, mops)
}

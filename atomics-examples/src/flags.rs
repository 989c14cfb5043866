//! Part 3: flags. A state word whose bits are set with `or` and cleared with
//! `and` (both return the old word, so a caller learns whether it changed
//! anything), one winner among threads racing for a bit, and a shutdown flag
//! that stops workers.

use std::io::{self, Write};
use std::sync::Barrier;
use std::thread;
use std::time::Duration;

use atomics_core::{Bool, Ordering, Uint32, Uint64};

use crate::Options;
use crate::text::{grouped, verdict};

/// The service is accepting work.
pub const READY: u32 = 1 << 0;
/// The service is finishing its work before stopping.
pub const DRAINING: u32 = 1 << 1;
/// Someone has started the shutdown.
pub const STOPPING: u32 = 1 << 2;

/// How long the workers run before the shutdown flag is raised: a flag needs
/// no long run to show it works.
const WORK_TIME: Duration = Duration::from_millis(20);

/// What part 3 printed, for checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagsReport {
    /// The state word after each step of the walk-through, as `(old, new)`.
    pub steps: Vec<(u32, u32)>,
    /// Threads that raced to set [`STOPPING`].
    pub racers: usize,
    /// How many saw it clear in the old word and so won: exactly one.
    pub winners: usize,
    /// The workers' alive mask once every worker had set its bit.
    pub alive_while_running: u64,
    /// The mask with one bit per worker.
    pub all_alive: u64,
    /// The alive mask after the shutdown: every worker cleared its bit.
    pub alive_after: u64,
    /// Loop iterations each worker ran before it saw the shutdown flag.
    pub iterations: Vec<u64>,
}

impl FlagsReport {
    /// Whether the invariants held: one winner, every worker's bit set while
    /// running and cleared after.
    #[must_use]
    pub fn holds(&self) -> bool {
        self.winners == 1 && self.alive_while_running == self.all_alive && self.alive_after == 0
    }
}

/// Runs part 3 and prints it to `out`, with `options.threads` racers and
/// workers.
///
/// # Errors
///
/// Only those of writing to `out`.
pub fn run(options: &Options, out: &mut impl Write) -> io::Result<FlagsReport> {
    let threads = options.threads;

    writeln!(
        out,
        "  A state word: or() sets bits, and() clears them; both return the old word."
    )?;
    let state = Uint32::new(0);
    let mut steps = Vec::new();
    let mut step = |call: &str, old: u32| {
        let new = state.load();
        steps.push((old, new));
        writeln!(
            out,
            "    {call:<22} old {old:#05b} -> {new:#05b}  {}",
            names(new)
        )
    };
    step("state.or(READY)", state.or(READY))?;
    step("state.or(DRAINING)", state.or(DRAINING))?;
    step("state.and(!READY)", state.and(!READY))?;

    // The old word says whether this call changed the bit: of all the
    // threads that set it, exactly one sees it clear and runs the shutdown.
    let race = Barrier::new(threads);
    let winners = Uint32::new(0);
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                race.wait();
                if state.or(STOPPING) & STOPPING == 0 {
                    winners.add(1);
                }
            });
        }
    });
    let winners = winners.load() as usize;
    writeln!(
        out,
        "  {threads} threads race on state.or(STOPPING); {winners} saw it clear and shuts down: {}",
        verdict(winners == 1)
    )?;

    // A shutdown flag: workers run until they see it raised. Release on the
    // store and Acquire on the load also make whatever the main thread wrote
    // before raising it visible to a worker that sees it; the plain
    // (SeqCst) `store`/`load` would do as well, a little stronger than needed.
    let shutdown = Bool::new(false);
    let alive = Uint64::new(0);
    let all_alive = if threads >= 64 {
        u64::MAX
    } else {
        (1u64 << threads) - 1
    };
    let started = Barrier::new(threads + 1);
    let (alive_while_running, iterations) = thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|id| {
                let (shutdown, alive, started) = (&shutdown, &alive, &started);
                s.spawn(move || {
                    alive.or(1 << id);
                    started.wait();
                    let mut n = 0u64;
                    while !shutdown.load_with(Ordering::Acquire) {
                        n += 1;
                        // Let the other workers and the main thread run
                        // even when there are fewer cores than threads.
                        thread::yield_now();
                    }
                    alive.and(!(1 << id));
                    n
                })
            })
            .collect();
        started.wait();
        let running = alive.load();
        thread::sleep(WORK_TIME);
        shutdown.store_with(true, Ordering::Release);
        let iterations: Vec<u64> = workers
            .into_iter()
            .map(|w| w.join().expect("worker panicked"))
            .collect();
        (running, iterations)
    });
    let alive_after = alive.load();
    writeln!(
        out,
        "  A shutdown flag: {threads} workers loop while !shutdown.load_with(Acquire);"
    )?;
    writeln!(
        out,
        "  after {} ms the main thread calls shutdown.store_with(true, Release).",
        WORK_TIME.as_millis()
    )?;
    writeln!(
        out,
        "    alive mask (a bit per worker): {alive_while_running:#x} while running, {alive_after:#x} after: {}",
        verdict(alive_while_running == all_alive && alive_after == 0)
    )?;
    let loops: Vec<String> = iterations.iter().map(|&n| grouped(n)).collect();
    writeln!(out, "    loop iterations per worker: {}", loops.join(", "))?;

    Ok(FlagsReport {
        steps,
        racers: threads,
        winners,
        alive_while_running,
        all_alive,
        alive_after,
        iterations,
    })
}

/// The names of the bits set in `word`.
fn names(word: u32) -> String {
    let set: Vec<&str> = [
        (READY, "READY"),
        (DRAINING, "DRAINING"),
        (STOPPING, "STOPPING"),
    ]
    .into_iter()
    .filter(|(bit, _)| word & bit != 0)
    .map(|(_, name)| name)
    .collect();
    if set.is_empty() {
        "(none)".into()
    } else {
        set.join(" | ")
    }
}

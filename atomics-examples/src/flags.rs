//! Part 3: flags. A flag set whose bits are inserted and removed (both
//! return the old flags, so a caller learns whether it changed anything), one
//! winner among threads racing for a bit, an enum state machine moved by
//! compare-and-swap, a worker that sleeps until a `ready` flag is raised
//! instead of spinning, and a shutdown flag that stops workers at once.

use std::io::{self, Write};
use std::sync::Barrier;
use std::thread;
use std::time::Duration;

use atomics_core::{Atomic, AtomicFields, AtomicPrimitive, Bool, Ordering, Uint32, Uint64, Waited};

use crate::Options;
use crate::text::{grouped, verdict};

atomics_core::atomic_flags! {
    /// A service's status: a bitflags set that lives in an atomic.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct Status: u32 {
        /// The service is accepting work.
        const READY = 1 << 0;
        /// The service is finishing its work before stopping.
        const DRAINING = 1 << 1;
        /// Someone has started the shutdown.
        const STOPPING = 1 << 2;
    }
}

/// [`Status::READY`]'s bit.
pub const READY: u32 = Status::READY.bits();
/// [`Status::DRAINING`]'s bit.
pub const DRAINING: u32 = Status::DRAINING.bits();
/// [`Status::STOPPING`]'s bit.
pub const STOPPING: u32 = Status::STOPPING.bits();

/// Where a service is: an enum in an atomic, stored as its `u8`.
#[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(u8)]
pub enum Phase {
    /// Not started.
    #[default]
    Idle,
    /// Serving.
    Running,
    /// Finishing its work.
    Draining,
}

/// What the main thread hands a waiting worker: a value, and the flag that
/// says it is there. The twin's `ready()` is an `Atomic<bool>`, so a field of
/// a derived struct can be waited on like any atomic.
#[derive(AtomicFields, Clone, Copy, Debug, Default)]
pub struct Handoff {
    /// The value handed over.
    pub data: u32,
    /// Raised once `data` is written.
    pub ready: bool,
}

/// How long the workers run before the shutdown flag is raised: a flag needs
/// no long run to show it works.
const WORK_TIME: Duration = Duration::from_millis(20);

/// A worker's period: it does a round of work, then sleeps this long or
/// until the shutdown flag is raised, whichever comes first.
const TICK: Duration = Duration::from_millis(2);

/// What part 3 printed, for checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagsReport {
    /// The status bits after each step of the walk-through, as `(old, new)`.
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
    /// Rounds of work each worker did before it saw the shutdown flag.
    pub iterations: Vec<u64>,
    /// The phase machine's transitions, as `(old, new)`.
    pub transitions: Vec<(Phase, Phase)>,
    /// Of the threads that raced to move `Running` to `Draining`, how many
    /// won: exactly one.
    pub drain_winners: usize,
    /// What the worker that slept until `ready` read once woken: the value
    /// published before the flag was raised.
    pub ready_seen: u32,
}

/// The value the main thread publishes before raising `ready`.
pub const PUBLISHED: u32 = 42;

impl FlagsReport {
    /// Whether the invariants held: one winner, every worker's bit set while
    /// running and cleared after.
    #[must_use]
    pub fn holds(&self) -> bool {
        self.winners == 1
            && self.alive_while_running == self.all_alive
            && self.alive_after == 0
            && self.drain_winners == 1
            && self.ready_seen == PUBLISHED
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
        "  A bitflags set in an atomic: insert() and remove() return the old flags."
    )?;
    let state = Atomic::new(Status::empty());
    let mut steps = Vec::new();
    let mut step = |call: &str, old: Status| {
        let (old, new) = (old.bits(), state.load().bits());
        steps.push((old, new));
        writeln!(
            out,
            "    {call:<30} old {old:#05b} -> {new:#05b}  {}",
            names(new)
        )
    };
    step("state.insert(READY)", state.insert(Status::READY))?;
    step("state.insert(DRAINING)", state.insert(Status::DRAINING))?;
    step("state.remove(READY)", state.remove(Status::READY))?;

    // The old word says whether this call changed the bit: of all the
    // threads that set it, exactly one sees it clear and runs the shutdown.
    let race = Barrier::new(threads);
    let winners = Uint32::new(0);
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                race.wait();
                if !state.insert(Status::STOPPING).contains(Status::STOPPING) {
                    winners.add(1);
                }
            });
        }
    });
    let winners = winners.load() as usize;
    writeln!(
        out,
        "  {threads} threads race on state.insert(STOPPING); {winners} saw it clear and shuts down: {}",
        verdict(winners == 1)
    )?;

    // An enum state machine: each transition is a compare-and-swap from the
    // state it expects, so of the threads that try the same one, one wins.
    writeln!(
        out,
        "  An enum in an atomic (one byte): transitions by compare_exchange."
    )?;
    let phase = Atomic::new(Phase::Idle);
    let mut transitions = Vec::new();
    let old = phase.swap(Phase::Running);
    transitions.push((old, phase.load()));
    writeln!(
        out,
        "    phase.swap(Running)            {old:?} -> {:?}",
        phase.load()
    )?;
    let r = phase.compare_exchange(Phase::Idle, Phase::Draining);
    writeln!(
        out,
        "    phase.compare_exchange(Idle, Draining) = {r:?}: it is not Idle"
    )?;
    let race = Barrier::new(threads);
    let drain_winners = Uint32::new(0);
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                race.wait();
                if phase.compare_and_swap(Phase::Running, Phase::Draining) {
                    drain_winners.add(1);
                }
            });
        }
    });
    transitions.push((Phase::Running, phase.load()));
    let drain_winners = drain_winners.load() as usize;
    writeln!(
        out,
        "    {threads} threads race on compare_and_swap(Running, Draining); {drain_winners} won: {}",
        verdict(drain_winners == 1)
    )?;

    // A blocking wait: the worker sleeps in `wait` until the flag changes,
    // instead of spinning on it. The writer stores, then notifies (a store
    // without a notify could leave the worker asleep).
    let handoff = AtomicHandoff::default();
    let ready_seen = thread::scope(|s| {
        let worker = s.spawn(|| {
            handoff.ready().wait(false);
            handoff.load_data()
        });
        handoff.store_data(PUBLISHED);
        handoff.store_ready(true); // publishes `data` (both are SeqCst)
        handoff.ready().notify_one();
        worker.join().expect("worker panicked")
    });
    writeln!(
        out,
        "  A worker sleeps in handoff.ready().wait(false), a field of a derived struct; the main thread\n  stores {PUBLISHED} in handoff.data, raises ready and calls notify_one."
    )?;
    writeln!(
        out,
        "    the worker woke and read {ready_seen}: {}",
        verdict(ready_seen == PUBLISHED)
    )?;

    // A shutdown flag: workers do a round of work each tick until they see
    // it raised. Between rounds they sleep in `wait_timeout` rather than
    // `thread::sleep`, so the notify ends their sleep at once. Release on
    // the store and Acquire on the loads (which `wait_timeout` uses too) also
    // make whatever the main thread wrote before raising it visible to a
    // worker that sees it.
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
                        n += 1; // a round of work
                        if shutdown.wait_timeout(false, TICK) == Waited::Changed {
                            break;
                        }
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
        shutdown.notify_all();
        let iterations: Vec<u64> = workers
            .into_iter()
            .map(|w| w.join().expect("worker panicked"))
            .collect();
        (running, iterations)
    });
    let alive_after = alive.load();
    writeln!(
        out,
        "  A shutdown flag: {threads} workers work a round, then shutdown.wait_timeout(false, {} ms);",
        TICK.as_millis()
    )?;
    writeln!(
        out,
        "  after {} ms the main thread calls shutdown.store_with(true, Release) and notify_all().",
        WORK_TIME.as_millis()
    )?;
    writeln!(
        out,
        "    alive mask (a bit per worker): {alive_while_running:#x} while running, {alive_after:#x} after: {}",
        verdict(alive_while_running == all_alive && alive_after == 0)
    )?;
    let loops: Vec<String> = iterations.iter().map(|&n| grouped(n)).collect();
    writeln!(out, "    rounds of work per worker: {}", loops.join(", "))?;

    Ok(FlagsReport {
        steps,
        racers: threads,
        winners,
        alive_while_running,
        all_alive,
        alive_after,
        iterations,
        transitions,
        drain_winners,
        ready_seen,
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

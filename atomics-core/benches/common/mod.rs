//! Helpers shared by the benchmark binaries: criterion settings, the loop
//! and the paired same-address comparison of the single-threaded groups, a
//! pool of persistent worker threads, the handoff probe that tells whether
//! this machine's vCPUs are running at the same time, the validator that
//! checks every multi-threaded sample with it, and the background writer of
//! the read benchmarks.
//!
//! Each benchmark binary includes this module and uses a subset of it, so
//! the parts one binary leaves unused are not dead code.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::hint::{black_box, spin_loop};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use atomics_core::CachePadded;
use criterion::Criterion;

/// True when `ATOMICS_BENCH_QUICK` is set: a smoke run with tiny times, whose
/// numbers mean nothing but which checks that every benchmark runs.
pub fn quick() -> bool {
    std::env::var_os("ATOMICS_BENCH_QUICK").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Settings for the single-threaded groups. The times are short so that the
/// whole suite stays within its ten-minute budget on two cores; criterion's
/// confidence intervals, which the table prints, show what that costs.
pub fn config() -> Criterion {
    let c = Criterion::default().without_plots();
    if quick() {
        c.warm_up_time(Duration::from_millis(50))
            .measurement_time(Duration::from_millis(100))
            .sample_size(10)
    } else {
        c.warm_up_time(Duration::from_millis(400))
            .measurement_time(Duration::from_millis(1500))
            .sample_size(30)
    }
}

/// Samples for the multi-threaded groups, fewer and longer: each sample then
/// lasts long enough (hundreds of milliseconds) that waking the workers is
/// noise, and two handoff probes per sample stay cheap.
pub fn two_thread_samples() -> usize {
    10
}

/// Measurement time for the multi-threaded groups.
pub fn two_thread_time() -> Duration {
    if quick() {
        Duration::from_millis(200)
    } else {
        Duration::from_secs(2)
    }
}

/// The thread counts of the contended groups: `ATOMICS_BENCH_THREADS` as a
/// comma-separated list (`2,4,8` on a bigger machine), 2 by default.
pub fn thread_counts() -> Vec<usize> {
    let spec = std::env::var("ATOMICS_BENCH_THREADS").unwrap_or_else(|_| "2".into());
    let counts: Vec<usize> = spec
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .filter(|&n| n >= 1)
        .collect();
    if counts.is_empty() { vec![2] } else { counts }
}

/// One timed run: how long it took, and how long the measured thread (the
/// one kept waiting longest, with several) was runnable but not running.
#[derive(Clone, Copy, Debug)]
pub struct Timed {
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Time spent waiting in the scheduler's run queue during the run.
    pub waited: Duration,
}

impl Timed {
    /// Times `f` on the calling thread.
    pub fn run(f: impl FnOnce()) -> Self {
        let waited_before = run_queue_wait();
        let start = Instant::now();
        f();
        let elapsed = start.elapsed();
        Self {
            elapsed,
            waited: run_queue_wait().saturating_sub(waited_before),
        }
    }
}

/// How long the calling thread has been runnable but kept off a CPU by other
/// threads, in total, from Linux's scheduler statistics (the second field of
/// `/proc/thread-self/schedstat`); zero where they are not available. The
/// handoff probe cannot see a neighbour process taking the CPU in the middle
/// of a run; this can.
pub fn run_queue_wait() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// Times `iters` calls of `op(cell, i)`, for the single-threaded
/// comparisons.
///
/// The loop is written for stability rather than brevity. Criterion's `iter`
/// passes every result, and our `black_box(&cell)` passed the cell, through a
/// stack slot on each iteration; for operations of a nanosecond or two the
/// timing then depended on where the cell happened to lie relative to that
/// slot (the same machine code measured 1.2 ns or 1.8 ns, from one run to
/// the next). Here the cell's address is hidden from the optimiser once,
/// before the loop, and the results are folded into a register that is
/// consumed after it, so the loop body is the operation and nothing else.
/// Atomic operations are never merged or hoisted by the compiler, so each
/// iteration still performs one.
#[inline(always)]
pub fn time_loop<C: ?Sized>(iters: u64, cell: &C, mut op: impl FnMut(&C, u64) -> u64) -> Duration {
    let cell = black_box(cell);
    let start = Instant::now();
    let mut acc = 0u64;
    for i in 0..iters {
        acc = acc.wrapping_add(op(cell, i));
    }
    let elapsed = start.elapsed();
    black_box(acc);
    elapsed
}

/// Benchmarks one operation done two ways, as the criterion group `name`
/// with the rows `base` (the baseline) and `other`, both sides on a cell at
/// the same address, then measures their ratio paired.
///
/// Each side builds its cell with `make_*` in one shared slot (a `repr(C)`
/// enum puts every variant's payload at the same offset), so both run on the
/// same memory: for operations of a cycle or two, cells at different
/// addresses alone were measured up to 50 % apart here, running the same
/// (merged) machine code.
///
/// Even so, criterion's two rows are measured seconds apart, and for such
/// short operations their ratio was seen to wander by tens of percent from
/// one run to the next as the machine's speed drifted (the host's other
/// guests). So the ratio is also measured paired: rounds that time a chunk
/// of each side back to back, alternating which goes first, so that the
/// drift hits both sides of a round alike. The table's ratios for these
/// groups are the median of those rounds (see [`write_paired`]).
pub fn same_place_pair<A, B>(
    c: &mut Criterion,
    name: &str,
    (base, make_base, mut base_op): (&str, impl Fn() -> A, impl FnMut(&A, u64) -> u64),
    (other, make_other, mut other_op): (&str, impl Fn() -> B, impl FnMut(&B, u64) -> u64),
) {
    let mut slot = Box::new(CachePadded::new(Slot::<A, B>::Empty));
    let mut group = c.benchmark_group(name);
    group.bench_function(base, |b| {
        b.iter_custom(|iters| run_base(&mut slot, &make_base, &mut base_op, iters));
    });
    group.bench_function(other, |b| {
        b.iter_custom(|iters| run_other(&mut slot, &make_other, &mut other_op, iters));
    });
    group.finish();

    // A chunk long enough (a few milliseconds) that timer resolution and
    // the loop's set-up are noise.
    let mut chunk = 1_000u64;
    while run_base(&mut slot, &make_base, &mut base_op, chunk) < Duration::from_millis(2)
        && chunk < 1 << 40
    {
        chunk *= 2;
    }
    let rounds = if quick() { 10 } else { 40 };
    let mut ratios = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let (tb, to) = if round % 2 == 0 {
            let tb = run_base(&mut slot, &make_base, &mut base_op, chunk);
            (tb, run_other(&mut slot, &make_other, &mut other_op, chunk))
        } else {
            let to = run_other(&mut slot, &make_other, &mut other_op, chunk);
            (run_base(&mut slot, &make_base, &mut base_op, chunk), to)
        };
        ratios.push(to.as_secs_f64() / tb.as_secs_f64());
    }
    write_paired(name, base, other, &mut ratios);
}

/// Fills `slot` with a fresh base cell and times `iters` operations on it.
fn run_base<A, B>(
    slot: &mut Slot<A, B>,
    make: &impl Fn() -> A,
    op: &mut impl FnMut(&A, u64) -> u64,
    iters: u64,
) -> Duration {
    *slot = Slot::Base(make());
    let Slot::Base(cell) = &*slot else {
        unreachable!("just stored")
    };
    time_loop(iters, cell, op)
}

/// Fills `slot` with a fresh other cell and times `iters` operations on it.
fn run_other<A, B>(
    slot: &mut Slot<A, B>,
    make: &impl Fn() -> B,
    op: &mut impl FnMut(&B, u64) -> u64,
    iters: u64,
) -> Duration {
    *slot = Slot::Other(make());
    let Slot::Other(cell) = &*slot else {
        unreachable!("just stored")
    };
    time_loop(iters, cell, op)
}

/// Writes the paired ratios of one group (`other` time over `base` time,
/// one per round) for the table script: their median, and the ranks around
/// it that give a 95 % confidence interval for the median (the binomial
/// order-statistic interval, normal approximation).
pub fn write_paired(name: &str, base: &str, other: &str, ratios: &mut [f64]) {
    ratios.sort_by(f64::total_cmp);
    let n = ratios.len();
    if n == 0 {
        return;
    }
    let median = ratios[n / 2];
    let half = (0.98 * (n as f64).sqrt()).ceil() as usize;
    let lo = ratios[(n / 2).saturating_sub(half)];
    let hi = ratios[(n / 2 + half).min(n - 1)];
    eprintln!(
        "{name}: paired ratio {other}/{base} = {median:.3} [{lo:.3} – {hi:.3}] over {n} rounds"
    );
    let json = format!(
        "{{\"group\": \"{name}\", \"base\": \"{base}\", \"other\": \"{other}\", \
         \"rounds\": {n}, \"ratio_median\": {}, \"ratio_lo\": {}, \"ratio_hi\": {}}}\n",
        json_number3(median),
        json_number3(lo),
        json_number3(hi)
    );
    let dir = criterion_home().join("paired");
    let file = dir.join(format!("{name}.json"));
    if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&file, json)) {
        eprintln!("could not write {}: {e}", file.display());
    }
}

fn json_number3(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.4}")
    } else {
        "null".into()
    }
}

/// The shared cell of [`same_place_pair`]. `repr(C)` lays an enum out as a
/// tag followed by a union of the payloads, so `Base` and `Other` start at
/// the same address.
#[repr(C)]
enum Slot<A, B> {
    Empty,
    Base(A),
    Other(B),
}

type Job = Arc<dyn Fn(usize) + Send + Sync>;

struct PoolState {
    generation: u64,
    job: Option<Job>,
    pending: usize,
    first_start: Option<Instant>,
    last_end: Option<Instant>,
    max_waited: Duration,
    stop: bool,
}

struct PoolShared {
    state: Mutex<PoolState>,
    start: Condvar,
    done: Condvar,
}

impl PoolShared {
    fn lock(&self) -> std::sync::MutexGuard<'_, PoolState> {
        // A panicking job already fails the benchmark; keep the pool usable
        // for the report rather than cascading poison panics.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A fixed set of worker threads that run one job at a time, all together.
///
/// Persistent threads, like a server's pool, rather than threads spawned per
/// sample: spawning costs tens of microseconds, and `StripedCounter` hands
/// out shards per thread on first use, so the same threads keep the same
/// shards for the whole benchmark.
pub struct Pool {
    shared: Arc<PoolShared>,
    workers: Vec<JoinHandle<()>>,
}

impl Pool {
    /// Starts `threads` workers, parked until [`run`](Self::run).
    pub fn new(threads: usize) -> Self {
        let shared = Arc::new(PoolShared {
            state: Mutex::new(PoolState {
                generation: 0,
                job: None,
                pending: 0,
                first_start: None,
                last_end: None,
                max_waited: Duration::ZERO,
                stop: false,
            }),
            start: Condvar::new(),
            done: Condvar::new(),
        });
        let workers = (0..threads)
            .map(|index| {
                let shared = Arc::clone(&shared);
                thread::Builder::new()
                    .name(format!("bench-worker-{index}"))
                    .spawn(move || worker(&shared, index))
                    .expect("spawn a benchmark worker")
            })
            .collect();
        Self { shared, workers }
    }

    /// The number of workers.
    pub fn threads(&self) -> usize {
        self.workers.len()
    }

    /// Runs `job(index)` on every worker at once and returns the time from
    /// the first worker starting to the last one finishing (timing inside the
    /// workers leaves out the condition-variable wake-ups of this thread),
    /// with the longest any worker was kept off its CPU meanwhile.
    pub fn run(&self, job: impl Fn(usize) + Send + Sync + 'static) -> Timed {
        let mut state = self.shared.lock();
        state.job = Some(Arc::new(job));
        state.pending = self.workers.len();
        state.first_start = None;
        state.last_end = None;
        state.max_waited = Duration::ZERO;
        state.generation += 1;
        self.shared.start.notify_all();
        while state.pending > 0 {
            state = self
                .shared
                .done
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        state.job = None;
        let elapsed = match (state.first_start, state.last_end) {
            (Some(start), Some(end)) => end.saturating_duration_since(start),
            _ => Duration::ZERO,
        };
        Timed {
            elapsed,
            waited: state.max_waited,
        }
    }
}

fn worker(shared: &PoolShared, index: usize) {
    let mut seen = 0;
    loop {
        let job = {
            let mut state = shared.lock();
            while state.generation == seen && !state.stop {
                state = shared
                    .start
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            if state.stop {
                return;
            }
            seen = state.generation;
            state
                .job
                .clone()
                .expect("a job is set with each generation")
        };
        let waited_before = run_queue_wait();
        let start = Instant::now();
        job(index);
        let end = Instant::now();
        let waited = run_queue_wait().saturating_sub(waited_before);
        let mut state = shared.lock();
        state.first_start = Some(state.first_start.map_or(start, |s| s.min(start)));
        state.last_end = Some(state.last_end.map_or(end, |e| e.max(end)));
        state.max_waited = state.max_waited.max(waited);
        state.pending -= 1;
        if state.pending == 0 {
            shared.done.notify_all();
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.shared.lock().stop = true;
        self.shared.start.notify_all();
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}

/// A round trip above this means the two probe threads did not run at the
/// same time. Measured on this machine: 70-90 ns when the two vCPUs sit on
/// nearby cores, 450-850 ns when the host places them far apart (another
/// core complex), and from 5 µs up when they take turns (each handoff then
/// waits for the other vCPU to be scheduled).
pub const TOGETHER_THRESHOLD_NS: f64 = 2_000.0;

/// What one handoff probe saw.
#[derive(Clone, Copy, Debug)]
pub struct Probe {
    /// Mean round trip of the flag between the two threads, in nanoseconds
    /// (infinite if the probe ran out of time).
    pub round_trip_ns: f64,
    /// Whether the round trip says both threads ran at the same time.
    pub together: bool,
}

/// Ping-pong: workers 0 and 1 of `pool` take turns incrementing one counter,
/// each waiting for the other's write, and the mean round trip is measured.
///
/// Every wait spins a little, then yields, and the whole probe gives up at a
/// deadline, so it finishes even when the other thread never gets a CPU.
pub fn handoff_probe(pool: &Pool) -> Probe {
    const WARM_UP: u64 = 64;
    const ROUNDS: u64 = 2_000;
    const BUDGET: Duration = Duration::from_millis(100);
    assert!(pool.threads() >= 2, "the handoff probe needs two workers");

    let flag = Arc::new(CachePadded::new(AtomicU64::new(0)));
    let gave_up = Arc::new(AtomicBool::new(false));
    // Worker 0 writes the measured time here (nanoseconds, rounds).
    let result = Arc::new(Mutex::new((0.0f64, 0u64)));
    let deadline = Instant::now() + BUDGET;
    {
        let (flag, gave_up, result) = (flag.clone(), gave_up.clone(), result.clone());
        let _ = pool.run(move |index| {
            if index > 1 {
                return;
            }
            let me = index as u64;
            let mut timer = None;
            let mut done = 0;
            for round in 0..WARM_UP + ROUNDS {
                if round == WARM_UP {
                    // Both threads are awake by now: the first rounds absorb
                    // the wake-up of the second worker.
                    timer = Some(Instant::now());
                }
                let mine = 2 * round + me;
                if !wait_for(&flag, mine, &gave_up, deadline) {
                    break;
                }
                flag.store(mine + 1, Ordering::Release);
                done = round + 1;
            }
            if index == 0 {
                let timed_rounds = done.saturating_sub(WARM_UP);
                let ns = timer.map_or(0.0, |t| t.elapsed().as_secs_f64() * 1e9);
                *result.lock().unwrap_or_else(PoisonError::into_inner) = (ns, timed_rounds);
            }
        });
    }
    let (ns, rounds) = *result.lock().unwrap_or_else(PoisonError::into_inner);
    let round_trip_ns = if gave_up.load(Ordering::Relaxed) || rounds == 0 {
        f64::INFINITY
    } else {
        ns / rounds as f64
    };
    Probe {
        round_trip_ns,
        together: round_trip_ns < TOGETHER_THRESHOLD_NS,
    }
}

/// Waits until `flag` holds `want`; false if the probe gave up. Spins for a
/// short while between checks of the clock, and yields after that, so a
/// waiting thread never monopolises a CPU its partner may need.
fn wait_for(flag: &AtomicU64, want: u64, gave_up: &AtomicBool, deadline: Instant) -> bool {
    let mut spins = 0u32;
    loop {
        if flag.load(Ordering::Acquire) == want {
            return true;
        }
        spins += 1;
        if spins % 128 == 0 {
            if gave_up.load(Ordering::Relaxed) {
                return false;
            }
            if Instant::now() >= deadline {
                gave_up.store(true, Ordering::Relaxed);
                return false;
            }
            thread::yield_now();
        } else {
            spin_loop();
        }
    }
}

/// How often a measurement is repeated when it was disturbed, before it is
/// kept and flagged.
const TRIES: usize = 5;

/// The share of a run its threads may spend waiting for a CPU (kernel
/// threads and timer work take a little) before the run counts as disturbed
/// by other work on the machine.
const MAX_WAIT_SHARE: f64 = 0.01;

/// One timed run as the validator saw it.
#[derive(Clone, Copy, Debug)]
struct Check {
    tries: usize,
    valid: bool,
    worst_round_trip_ns: f64,
    /// Tries rejected because a thread waited for a CPU (other work ran).
    preempted: usize,
    /// Tries rejected by the handoff probe (the vCPUs took turns).
    apart: usize,
}

/// Wraps the timed runs of a multi-threaded benchmark with two checks: the
/// handoff probes just before and just after the run must say the vCPUs ran
/// together, and no measured thread may have waited for a CPU for more than
/// 1 % of the run (which catches other processes taking a CPU mid-run, which
/// the probes cannot see). A run failing either is repeated (a few tries);
/// if it never passes it is kept but flagged, and the report says so.
pub struct Validator {
    probe_pool: Pool,
    checks: Mutex<Vec<Check>>,
}

impl Validator {
    /// A validator whose probe runs on its own two threads, parked between
    /// probes.
    pub fn new() -> Self {
        Self {
            probe_pool: Pool::new(2),
            checks: Mutex::new(Vec::new()),
        }
    }

    /// Probes once, outside any benchmark (for the log).
    pub fn probe(&self) -> Probe {
        handoff_probe(&self.probe_pool)
    }

    /// Times `run` between two probes, repeating it as described on the type.
    pub fn timed(&self, mut run: impl FnMut() -> Timed) -> Duration {
        let mut last = Duration::ZERO;
        let mut worst = 0.0f64;
        let (mut preempted, mut apart) = (0, 0);
        for attempt in 1..=TRIES {
            let before = self.probe();
            let timed = run();
            let after = self.probe();
            worst = before.round_trip_ns.max(after.round_trip_ns);
            last = timed.elapsed;
            let together = before.together && after.together;
            let undisturbed =
                timed.waited.as_secs_f64() <= MAX_WAIT_SHARE * timed.elapsed.as_secs_f64();
            apart += usize::from(!together);
            preempted += usize::from(!undisturbed);
            if together && undisturbed {
                self.record(Check {
                    tries: attempt,
                    valid: true,
                    worst_round_trip_ns: worst,
                    preempted,
                    apart,
                });
                return timed.elapsed;
            }
            // Give the hypervisor, or the other work, a moment before trying
            // again: the stalls seen here last milliseconds.
            thread::sleep(Duration::from_millis(50));
        }
        self.record(Check {
            tries: TRIES,
            valid: false,
            worst_round_trip_ns: worst,
            preempted,
            apart,
        });
        last
    }

    fn record(&self, check: Check) {
        self.checks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(check);
    }

    /// Ends one benchmark: keeps the checks of its last `samples` runs (the
    /// samples criterion analysed; the earlier ones were warm-up), writes them
    /// beside criterion's results for the table script, and starts afresh.
    pub fn finish(&self, full_id: &str, samples: usize) {
        self.finish_with(full_id, samples, &[]);
    }

    /// [`finish`](Self::finish), with extra numbers for the report (such as
    /// the writer's rate).
    pub fn finish_with(&self, full_id: &str, samples: usize, extra: &[(&str, f64)]) {
        let checks =
            std::mem::take(&mut *self.checks.lock().unwrap_or_else(PoisonError::into_inner));
        let kept = &checks[checks.len().saturating_sub(samples)..];
        if kept.is_empty() {
            // Filtered out on the command line: nothing ran, keep the last
            // report.
            return;
        }
        let flagged = kept.iter().filter(|c| !c.valid).count();
        let retried = kept.iter().filter(|c| c.tries > 1).count();
        let preempted: usize = kept.iter().map(|c| c.preempted).sum();
        let apart: usize = kept.iter().map(|c| c.apart).sum();
        let mut round_trips: Vec<f64> = kept.iter().map(|c| c.worst_round_trip_ns).collect();
        round_trips.sort_by(f64::total_cmp);
        let median = round_trips
            .get(round_trips.len() / 2)
            .copied()
            .unwrap_or(f64::NAN);
        let max = round_trips.last().copied().unwrap_or(f64::NAN);
        eprintln!(
            "checks for {full_id}: {flagged} of {} samples flagged, {retried} retried \
             ({apart} tries with the vCPUs apart, {preempted} with a thread kept off its CPU), \
             worst round trip per sample: median {median:.0} ns, max {max:.0} ns",
            kept.len()
        );
        let mut json = String::new();
        let _ = write!(
            json,
            "{{\"full_id\": \"{full_id}\", \"samples\": {}, \"flagged\": {flagged}, \
             \"retried\": {retried}, \"tries_vcpus_apart\": {apart}, \
             \"tries_preempted\": {preempted}, \"round_trip_ns_median\": {}, \
             \"round_trip_ns_max\": {}, \"threshold_ns\": {}",
            kept.len(),
            json_number(median),
            json_number(max),
            TOGETHER_THRESHOLD_NS
        );
        for (key, value) in extra {
            let _ = write!(json, ", \"{key}\": {}", json_number(*value));
        }
        json.push_str("}\n");
        let dir = criterion_home().join("handoff");
        let file = dir.join(format!("{}.json", full_id.replace('/', "__")));
        if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&file, json)) {
            eprintln!("could not write {}: {e}", file.display());
        }
    }
}

fn json_number(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.1}")
    } else {
        "null".into()
    }
}

/// Where criterion writes its results: `$CRITERION_HOME`, else the target
/// directory this benchmark binary was built in (`target/release/deps/..`),
/// plus `criterion`.
pub fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir).join("criterion");
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.to_path_buf()))
        .map_or_else(
            || PathBuf::from("target/criterion"),
            |t| t.join("criterion"),
        )
}

/// A background thread that calls `write` every 100 µs while active, until
/// stopped: the writer that runs during the read benchmarks. It starts
/// paused: [`resume`](Self::resume) it for the timed runs and
/// [`pause`](Self::pause) it around the handoff probes, whose two threads it
/// would otherwise compete with.
///
/// Between writes it waits on the clock instead of sleeping. A writer that
/// sleeps is woken by a timer, and the scheduler here was seen to wake it on
/// the reader's CPU, preempting the reader each time (the run-queue check
/// then rejected most samples); a writer that stays runnable keeps the other
/// CPU for itself.
pub struct Writer {
    shared: Arc<WriterShared>,
    /// Returns the number of writes and the time spent active.
    handle: Option<JoinHandle<(u64, Duration)>>,
}

struct WriterShared {
    state: Mutex<WriterState>,
    wake: Condvar,
}

#[derive(Clone, Copy, PartialEq)]
enum WriterState {
    Paused,
    Active,
    Stopped,
}

/// The writer's period: read-mostly, yet often enough that every sample of
/// a read benchmark spans hundreds of replacements.
const WRITE_INTERVAL: Duration = Duration::from_micros(100);

/// Waits until `deadline` without sleeping, yielding now and then so that a
/// thread needing this CPU gets it; bounded by the deadline.
fn wait_until(deadline: Instant) {
    let mut spins = 0u32;
    while Instant::now() < deadline {
        spins += 1;
        if spins % 64 == 0 {
            thread::yield_now();
        } else {
            spin_loop();
        }
    }
}

impl Writer {
    /// Starts the writer thread, paused.
    pub fn spawn(mut write: impl FnMut(u64) + Send + 'static) -> Self {
        let shared = Arc::new(WriterShared {
            state: Mutex::new(WriterState::Paused),
            wake: Condvar::new(),
        });
        let handle = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("bench-writer".into())
                .spawn(move || {
                    let mut n = 0u64;
                    // The writer's own count of its active time, so that the
                    // rate it reports is writes per second of writing.
                    let mut active = Duration::ZERO;
                    let mut since: Option<Instant> = None;
                    loop {
                        {
                            let mut state =
                                shared.state.lock().unwrap_or_else(PoisonError::into_inner);
                            if *state != WriterState::Active {
                                active += since.take().map_or(Duration::ZERO, |t| t.elapsed());
                            }
                            while *state == WriterState::Paused {
                                state = shared
                                    .wake
                                    .wait(state)
                                    .unwrap_or_else(PoisonError::into_inner);
                            }
                            if *state == WriterState::Stopped {
                                return (n, active);
                            }
                        }
                        since.get_or_insert_with(Instant::now);
                        write(n);
                        n += 1;
                        wait_until(Instant::now() + WRITE_INTERVAL);
                    }
                })
                .expect("spawn the writer")
        };
        Self {
            shared,
            handle: Some(handle),
        }
    }

    fn set(&self, to: WriterState) {
        *self
            .shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = to;
        self.shared.wake.notify_all();
    }

    /// Lets the writer write.
    pub fn resume(&mut self) {
        self.set(WriterState::Active);
    }

    /// Stops the writing until [`resume`](Self::resume) (after at most the
    /// write and sleep under way).
    pub fn pause(&mut self) {
        self.set(WriterState::Paused);
    }

    /// Stops the writer and returns how many writes per second it made while
    /// active.
    pub fn stop(mut self) -> f64 {
        self.halt()
    }

    fn halt(&mut self) -> f64 {
        self.set(WriterState::Stopped);
        let (writes, active) = self
            .handle
            .take()
            .map_or((0, Duration::ZERO), |h| h.join().unwrap_or_default());
        writes as f64 / active.as_secs_f64().max(1e-9)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if self.handle.is_some() {
            self.halt();
        }
    }
}

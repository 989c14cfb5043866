//! [`PerThreadCounter`] and [`PerThreadBlock`]: counters whose adds are a
//! plain load and store, because each thread writes only its own slot.
//!
//! # How it works, and why it is exact
//!
//! Each thread that adds gets a cache-padded slot of its own from the
//! `thread_local` crate (per-object thread-local storage). Only the thread
//! that owns a slot writes it, so an add needs no read-modify-write: a
//! relaxed load of the slot, then a relaxed store of the new total. On x86
//! that is an ordinary `mov` pair, with no `lock` prefix; on ARM, no
//! exclusive pair.
//!
//! A slot holds a running total and is never reset by a reader (a reader
//! writing it would race with its owner). Instead, the counter keeps what
//! the last `take` saw, the *baseline*: the sum of the slots as that take
//! read them. The counter's value is the sum of the slots minus the
//! baseline, modulo 2⁶⁴ (adds wrap, as `Atomic<u64>::add` does).
//!
//! - A slot's writes form one sequence, its owner's program order, so every
//!   read of a slot returns one of its running totals, and a read that
//!   happens after another returns the same total or a later one (coherence).
//! - When a thread exits, `thread_local` gives its id, and with it the slot
//!   and the total in it, to the next thread that asks. The id passes
//!   through a lock, so the old owner's last store happens before the new
//!   owner's first load: the new owner continues the running total where the
//!   old one left it. Nothing is lost at exit and nothing counted twice.
//! - `take` reads the baseline (acquire), sums the slots, and replaces the
//!   baseline with that sum by a compare-and-swap (release on success). If
//!   another take got there first, it reads the new baseline and sums again.
//!   The successful compare-and-swaps form one chain in which each take
//!   read every slot at or past where the previous one did (the acquire of
//!   its baseline orders those reads after the previous take's), so each take
//!   returns the adds between two points of that chain: the takes, plus what
//!   the slots hold beyond the last baseline, are everything added.
//! - `sum` reads the baseline (acquire), then the slots: each at or past the
//!   point that baseline counted, so the difference is a sum of whole adds.
//!   It is not a linearizable snapshot: the slots are read one after another
//!   while adds continue (and a take may finish meanwhile).
//! - Every slot any reader has seen stays visible to later readers: a
//!   `thread_local` entry, once present, stays present for the life of the
//!   object, and the acquire/release chain above carries that fact.
//!
//! [`PerThreadBlock`] keeps `N` running totals per thread under a sequence
//! number (a seqlock with a single writer), so a group of adds (a *record*)
//! is seen whole or not at all; its section explains the orderings.
//!
//! Memory: one padded slot per thread id in use at once. Ids of exited
//! threads are reused, so a server that spawns short-lived threads keeps as
//! many slots as it ever had threads alive at the same time. The slots are
//! freed when the counter is dropped.

use core::fmt;
use core::marker::PhantomData;

use crossbeam_utils::CachePadded;

use crate::sync::{
    AtomicU64, Backoff, Mutex, Ordering::Acquire, Ordering::Relaxed, Ordering::Release,
    ThreadLocal, fence, load_own, own_slot,
};

/// A `u64` counter whose adds cost a plain load and store: every thread that
/// adds owns a cache-padded slot that only it writes (the idea of the Linux
/// kernel's per-CPU counters, with the single writer kept by the type).
///
/// It has the API and the guarantees of [`StripedCounter`](crate::StripedCounter):
///
/// - Adds wrap on overflow, as `Atomic<u64>::add` does.
/// - [`sum`](Self::sum) is **not a linearizable snapshot**: it reads the
///   slots one after another while adds continue, so it may return a value
///   the counter never held at any single instant (each add is counted or
///   not, never half). Exact once the adds have stopped.
/// - [`take`](Self::take) returns everything added since the previous take
///   and starts the next interval. Across any interleaving of adds and
///   takes (several takers included), the takes plus a final `sum()` equal
///   everything added: nothing is lost, nothing counted twice. Threads that
///   exit keep their counts: the slot, with its total, goes to the next
///   thread.
///
/// What it costs instead: the first add on each thread allocates (a bucket
/// of slots, shared with later threads); memory is one padded slot per
/// thread alive at once; and `sum` and `take` visit every slot. Prefer
/// [`StripedCounter`](crate::StripedCounter) when threads come and go by the
/// thousand with few adds each, and an [`Atomic<u64>`](crate::Atomic) when
/// adds are rare or a read must be exact at an instant.
///
/// All operations are relaxed: the counter orders nothing else.
///
/// # Examples
///
/// ```
/// use atomics_core::PerThreadCounter;
/// use std::thread;
///
/// static REQUESTS: PerThreadCounter = PerThreadCounter::new();
///
/// thread::scope(|s| {
///     for _ in 0..4 {
///         s.spawn(|| {
///             for _ in 0..1000 {
///                 REQUESTS.inc();
///             }
///         });
///     }
/// });
/// assert_eq!(REQUESTS.sum(), 4000);
/// assert_eq!(REQUESTS.take(), 4000);
/// assert_eq!(REQUESTS.sum(), 0);
/// ```
pub struct PerThreadCounter {
    slots: ThreadLocal<CachePadded<AtomicU64>>,
    /// The sum of the slots as the last `take` read them (minus the initial
    /// value): written only by takers, on a line of its own.
    baseline: CachePadded<AtomicU64>,
}

impl PerThreadCounter {
    crate::__atomics_const_fn! {
        /// A zeroed counter. It allocates nothing until a thread adds.
        ///
        /// # Examples
        ///
        /// ```
        /// use atomics_core::PerThreadCounter;
        ///
        /// let c = PerThreadCounter::new();
        /// c.add(3);
        /// assert_eq!(c.sum(), 3);
        /// ```
        #[must_use]
        pub fn new() -> Self {
            Self::starting_at(0)
        }
    }

    crate::__atomics_const_fn! {
        /// A counter whose sum starts at `value`, without taking a slot for the
        /// constructing thread: the baseline starts at `-value`.
        pub(crate) fn starting_at(value: u64) -> Self {
            Self {
                slots: ThreadLocal::new(),
                baseline: CachePadded::new(AtomicU64::new(value.wrapping_neg())),
            }
        }
    }

    /// Adds `delta` (wrapping) to this thread's slot: a relaxed load and a
    /// relaxed store, no read-modify-write.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadCounter;
    ///
    /// let bytes = PerThreadCounter::new();
    /// bytes.add(1500);
    /// bytes.add(500);
    /// assert_eq!(bytes.sum(), 2000);
    /// ```
    #[inline]
    pub fn add(&self, delta: u64) {
        self.with_local(|local| local.add(delta));
    }

    /// Adds one.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadCounter;
    ///
    /// let c = PerThreadCounter::new();
    /// c.inc();
    /// assert_eq!(c.sum(), 1);
    /// ```
    #[inline]
    pub fn inc(&self) {
        self.add(1);
    }

    /// Runs `f` with this thread's slot looked up once: each
    /// [`LocalCounter::add`] in `f` is then only the relaxed load and store,
    /// without the lookup that every [`add`](Self::add) makes. For hot loops.
    ///
    /// The handle lives only inside `f` and cannot leave this thread, so the
    /// slot it holds is this thread's for as long as the handle exists: the
    /// guarantees of `add` (single writer, exact `take`) are kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadCounter;
    ///
    /// let processed = PerThreadCounter::new();
    /// let items = [3u64, 5, 7];
    /// let total: u64 = processed.with_local(|local| {
    ///     items.iter().map(|&n| { local.inc(); n }).sum()
    /// });
    /// assert_eq!((total, processed.sum()), (15, 3));
    /// ```
    #[inline]
    pub fn with_local<R>(&self, f: impl FnOnce(&LocalCounter<'_>) -> R) -> R {
        let slot: &CachePadded<AtomicU64> = own_slot(&self.slots);
        f(&LocalCounter {
            slot,
            _not_send: PhantomData,
        })
    }

    /// Everything added since the last [`take`](Self::take) (wrapping). Not a
    /// linearizable snapshot while adds run (see the type's documentation);
    /// exact once they have stopped.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadCounter;
    ///
    /// let c = PerThreadCounter::new();
    /// c.add(u64::MAX);
    /// c.add(2);
    /// assert_eq!(c.sum(), 1); // wraps, as Atomic<u64>::add does
    /// ```
    pub fn sum(&self) -> u64 {
        // Acquire: the slots are then read at or past the totals this
        // baseline was computed from.
        let baseline = self.baseline.load(Acquire);
        self.total().wrapping_sub(baseline)
    }

    /// Returns everything added since the previous `take` and starts a new
    /// interval. Each add is returned by exactly one `take` (or remains for a
    /// later one): the basis of loss-free periodic reporting. Concurrent
    /// takers do not block each other; one that loses the race sums again.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadCounter;
    ///
    /// let requests = PerThreadCounter::new();
    /// requests.add(10);
    /// assert_eq!(requests.take(), 10); // this interval
    /// requests.add(4);
    /// assert_eq!(requests.take(), 4); // the next one
    /// ```
    pub fn take(&self) -> u64 {
        let backoff = Backoff::new();
        let mut baseline = self.baseline.load(Acquire);
        loop {
            let total = self.total();
            // Release: whoever reads this baseline reads the slots at or past
            // the totals just summed. Acquire on failure: the next sum is at
            // or past the winner's.
            match self
                .baseline
                .compare_exchange(baseline, total, crate::sync::Ordering::AcqRel, Acquire)
            {
                Ok(_) => return total.wrapping_sub(baseline),
                Err(now) => baseline = now,
            }
            backoff.snooze();
        }
    }

    /// Sets the counter to zero, discarding what it held (a `take` whose
    /// result is dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadCounter;
    ///
    /// let c = PerThreadCounter::new();
    /// c.add(9);
    /// c.reset();
    /// assert_eq!(c.sum(), 0);
    /// ```
    pub fn reset(&self) {
        let _ = self.take();
    }

    /// The number of slots: threads that have added and are alive, plus the
    /// slots of exited threads kept for the next ones.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadCounter;
    ///
    /// let c = PerThreadCounter::new();
    /// assert_eq!(c.slots(), 0);
    /// c.inc();
    /// assert_eq!(c.slots(), 1);
    /// c.inc(); // the same thread, the same slot
    /// assert_eq!(c.slots(), 1);
    /// ```
    pub fn slots(&self) -> usize {
        self.slots.iter().count()
    }

    /// The sum of every slot's running total (wrapping).
    fn total(&self) -> u64 {
        self.slots
            .iter()
            .fold(0u64, |acc, slot| acc.wrapping_add(slot.load(Relaxed)))
    }
}

impl Default for PerThreadCounter {
    /// Same as [`PerThreadCounter::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadCounter;
    ///
    /// assert_eq!(PerThreadCounter::default().sum(), 0);
    /// ```
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for PerThreadCounter {
    /// Shows the current sum and the slot count.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadCounter;
    ///
    /// let c = PerThreadCounter::new();
    /// c.add(5);
    /// assert_eq!(format!("{c:?}"), "PerThreadCounter { sum: 5, slots: 1 }");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PerThreadCounter")
            .field("sum", &self.sum())
            .field("slots", &self.slots())
            .finish()
    }
}

/// This thread's slot of a [`PerThreadCounter`], looked up once; given to
/// the closure of [`PerThreadCounter::with_local`]. An add through it is a
/// relaxed load and store of the slot, nothing else.
///
/// It is neither `Send` nor `Sync` and is only lent to that closure: it
/// cannot reach another thread or outlive the call, which is what keeps this
/// thread the slot's only writer.
///
/// # Examples
///
/// ```
/// use atomics_core::PerThreadCounter;
///
/// let hits = PerThreadCounter::new();
/// hits.with_local(|local| {
///     for _ in 0..1000 {
///         local.inc();
///     }
///     local.add(24);
/// });
/// assert_eq!(hits.sum(), 1024);
/// ```
///
/// The handle cannot be kept past the call:
///
/// ```compile_fail
/// use atomics_core::PerThreadCounter;
///
/// let hits = PerThreadCounter::new();
/// let kept = hits.with_local(|local| local); // error: lifetime may not live long enough
/// ```
///
/// nor lent to another thread:
///
/// ```compile_fail
/// use atomics_core::PerThreadCounter;
///
/// let hits = PerThreadCounter::new();
/// hits.with_local(|local| {
///     std::thread::scope(|s| {
///         s.spawn(|| local.inc()); // error: `*const ()` cannot be shared between threads
///     })
/// });
/// ```
pub struct LocalCounter<'a> {
    slot: &'a AtomicU64,
    /// Not `Send`, not `Sync`: the slot is this thread's only.
    _not_send: PhantomData<*const ()>,
}

impl LocalCounter<'_> {
    /// Adds `delta` (wrapping) to this thread's slot: a relaxed load and a
    /// relaxed store.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadCounter;
    ///
    /// let bytes = PerThreadCounter::new();
    /// bytes.with_local(|local| local.add(1500));
    /// assert_eq!(bytes.sum(), 1500);
    /// ```
    #[inline]
    pub fn add(&self, delta: u64) {
        // The handle is on the slot owner's thread (it is not `Send` and
        // lives inside `with_local`), so no other store can land between
        // the load and the store.
        bump(self.slot, delta);
    }

    /// Adds one.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadCounter;
    ///
    /// let c = PerThreadCounter::new();
    /// c.with_local(|local| local.inc());
    /// assert_eq!(c.sum(), 1);
    /// ```
    #[inline]
    pub fn inc(&self) {
        self.add(1);
    }
}

impl fmt::Debug for LocalCounter<'_> {
    /// Shows this thread's running total (what its slot holds, which
    /// `take` does not reset).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadCounter;
    ///
    /// let c = PerThreadCounter::new();
    /// c.with_local(|local| {
    ///     local.add(2);
    ///     assert_eq!(format!("{local:?}"), "LocalCounter { slot_total: 2 }");
    /// });
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalCounter")
            .field("slot_total", &self.slot.load(Relaxed))
            .finish()
    }
}

/// `N` `u64` counters kept per thread and read consistently: a group of adds
/// made by one [`record`](Self::record) is seen by every
/// [`snapshot`](Self::snapshot) and [`take`](Self::take) whole or not at all,
/// so an invariant that every record keeps (`errors <= requests`,
/// `bytes == requests * size`) holds in every snapshot and every take.
///
/// Each thread that writes owns a cache-padded *shard*: `N` running totals
/// and a sequence number, written by that thread only, so writing costs
/// plain loads and stores and no locked instruction. Readers never block
/// the writer: they read a shard under its sequence number and retry if a
/// record was under way (a seqlock with one writer).
///
/// - [`add`](Self::add) adds to one counter; it is a record of one field.
/// - Adds wrap on overflow, as `Atomic<u64>::add` does.
/// - Per thread, a snapshot sees exactly that thread's records up to some
///   point (a prefix of them, never a later record without an earlier one).
///   Across threads it is not one instant: the shards are read one after
///   another while records continue.
/// - `take` returns everything recorded since the previous take, per
///   counter; the takes plus a final `snapshot()` equal everything recorded,
///   and exited threads' records are kept, as for [`PerThreadCounter`].
/// - Readers (`snapshot`, `take`, [`load`](Self::load), `reset`) take a lock
///   that only readers use, so they wait for each other, never for a writer.
///
/// All operations are relaxed with respect to other memory: the block orders
/// nothing but its own counters.
///
/// # Examples
///
/// The fields of a stats block are indices into the array:
///
/// ```
/// use atomics_core::PerThreadBlock;
/// use std::thread;
///
/// const REQUESTS: usize = 0;
/// const ERRORS: usize = 1;
/// const BYTES: usize = 2;
/// static STATS: PerThreadBlock<3> = PerThreadBlock::new();
///
/// thread::scope(|s| {
///     s.spawn(|| {
///         for i in 0..1000u64 {
///             STATS.record(|d| {
///                 d[REQUESTS] += 1;
///                 d[ERRORS] += u64::from(i % 10 == 0);
///                 d[BYTES] += 512;
///             });
///         }
///     });
///     // A reporter, while the worker runs: every record is whole.
///     let seen = STATS.snapshot();
///     assert!(seen[ERRORS] <= seen[REQUESTS]);
///     assert_eq!(seen[BYTES], seen[REQUESTS] * 512);
/// });
/// assert_eq!(STATS.take(), [1000, 100, 512_000]);
/// assert_eq!(STATS.snapshot(), [0, 0, 0]);
/// ```
pub struct PerThreadBlock<const N: usize> {
    shards: ThreadLocal<CachePadded<Shard<N>>>,
    /// The sums of the shards as the last `take` read them (minus the
    /// initial values); the lock serialises the readers.
    baseline: CachePadded<Mutex<[u64; N]>>,
}

/// One thread's counters: written by their owner only, read by anyone.
///
/// The owner writes a record as a seqlock writer does (H.-J. Boehm, "Can
/// seqlocks get along with programming language memory models?", 2012):
///
/// ```text
/// seq.store(s + 1, Relaxed)    // odd: a record is under way
/// fence(Release)               // ...and visible before any of its stores
/// values[i].store(.., Relaxed) // the record's running totals
/// seq.store(s + 2, Release)    // even: done, and its stores before it
/// ```
///
/// A reader loads `seq` (acquire), the values (relaxed), issues an acquire
/// fence and loads `seq` again, and accepts the values only if both loads
/// saw the same even number `e`. Then the values are exactly the totals after
/// the record that stored `e`: the acquire load of `e` makes every earlier
/// record's stores visible, and if any value had come from a later record,
/// that record's release fence and the reader's acquire fence would make its
/// odd store visible to the second load, which would then not see `e`. Every
/// location is an atomic, so there is no data race, only stale reads the
/// sequence number rejects. On x86 both fences are compiler fences only.
struct Shard<const N: usize> {
    seq: AtomicU64,
    values: [AtomicU64; N],
}

impl<const N: usize> Default for Shard<N> {
    fn default() -> Self {
        Self {
            seq: AtomicU64::new(0),
            values: core::array::from_fn(|_| AtomicU64::new(0)),
        }
    }
}

impl<const N: usize> Shard<N> {
    /// Makes the stores of `apply` one record. Called by the shard's owner
    /// only; `apply` stores with [`bump`].
    #[inline]
    fn write(&self, apply: impl FnOnce(&[AtomicU64; N])) {
        // The owner is the only writer: this load reads its own last store.
        let seq = load_own(&self.seq);
        self.seq.store(seq.wrapping_add(1), Relaxed);
        fence(Release);
        apply(&self.values);
        self.seq.store(seq.wrapping_add(2), Release);
    }

    /// The totals after some complete record, retrying while one is under way.
    fn read(&self) -> [u64; N] {
        let backoff = Backoff::new();
        loop {
            let before = self.seq.load(Acquire);
            if before & 1 == 0 {
                let values = core::array::from_fn(|i| self.values[i].load(Relaxed));
                fence(Acquire);
                if self.seq.load(Relaxed) == before {
                    return values;
                }
            }
            backoff.snooze();
        }
    }
}

impl<const N: usize> PerThreadBlock<N> {
    crate::__atomics_const_fn! {
        /// A block of `N` zeroed counters. It allocates nothing until a thread
        /// writes.
        ///
        /// # Examples
        ///
        /// ```
        /// use atomics_core::PerThreadBlock;
        ///
        /// let b = PerThreadBlock::<2>::new();
        /// b.add(1, 5);
        /// assert_eq!(b.snapshot(), [0, 5]);
        /// ```
        #[must_use]
        pub fn new() -> Self {
            Self::with_values([0; N])
        }
    }

    crate::__atomics_const_fn! {
        /// A block whose counters start at `values`, without taking a shard
        /// for the constructing thread.
        ///
        /// # Examples
        ///
        /// ```
        /// use atomics_core::PerThreadBlock;
        ///
        /// let b = PerThreadBlock::with_values([10, 20]);
        /// b.add(0, 1);
        /// assert_eq!(b.take(), [11, 20]);
        /// assert_eq!(b.take(), [0, 0]);
        /// ```
        #[must_use]
        pub fn with_values(values: [u64; N]) -> Self {
            let mut baseline = [0u64; N];
            let mut i = 0;
            while i < N {
                baseline[i] = values[i].wrapping_neg();
                i += 1;
            }
            Self {
                shards: ThreadLocal::new(),
                baseline: CachePadded::new(Mutex::new(baseline)),
            }
        }
    }

    /// Adds several counters as one step: `f` fills in the deltas (all zero
    /// when it is called), then they are added to this thread's shard as one
    /// record, which readers see whole or not at all. If `f` panics, nothing
    /// is added.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadBlock;
    ///
    /// let stats = PerThreadBlock::<2>::new(); // [requests, bytes]
    /// stats.record(|d| {
    ///     d[0] = 1;
    ///     d[1] = 1500;
    /// });
    /// assert_eq!(stats.snapshot(), [1, 1500]);
    /// ```
    #[inline]
    pub fn record(&self, f: impl FnOnce(&mut [u64; N])) {
        self.with_local(|local| local.record(f));
    }

    /// Adds `deltas[i]` to counter `i`, for every `i`, as one record (what
    /// [`record`](Self::record) does once its closure has run).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadBlock;
    ///
    /// let stats = PerThreadBlock::<3>::new();
    /// stats.add_all(&[1, 0, 512]);
    /// stats.add_all(&[1, 1, 512]);
    /// assert_eq!(stats.snapshot(), [2, 1, 1024]);
    /// ```
    #[inline]
    pub fn add_all(&self, deltas: &[u64; N]) {
        self.with_local(|local| local.add_all(deltas));
    }

    /// Adds `delta` (wrapping) to counter `index`: a record of one field.
    ///
    /// # Panics
    ///
    /// If `index >= N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadBlock;
    ///
    /// let stats = PerThreadBlock::<2>::new();
    /// stats.add(0, 3);
    /// assert_eq!(stats.load(0), 3);
    /// ```
    #[inline]
    pub fn add(&self, index: usize, delta: u64) {
        self.with_local(|local| local.add(index, delta));
    }

    /// Runs `f` with this thread's shard looked up once: each record through
    /// the [`LocalBlock`] then skips the lookup that every
    /// [`record`](Self::record) makes. For hot loops; the handle cannot
    /// leave `f` or this thread, so the shard keeps its one writer.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadBlock;
    ///
    /// let stats = PerThreadBlock::<2>::new(); // [requests, bytes]
    /// stats.with_local(|local| {
    ///     for size in [100, 200, 300] {
    ///         local.record(|d| *d = [1, size]);
    ///     }
    /// });
    /// assert_eq!(stats.snapshot(), [3, 600]);
    /// ```
    #[inline]
    pub fn with_local<R>(&self, f: impl FnOnce(&LocalBlock<'_, N>) -> R) -> R {
        let shard: &CachePadded<Shard<N>> = own_slot(&self.shards);
        f(&LocalBlock {
            shard,
            _not_send: PhantomData,
        })
    }

    /// Counter `index`: everything added to it since the last
    /// [`take`](Self::take). Like [`PerThreadCounter::sum`], not a
    /// linearizable read while writers run.
    ///
    /// # Panics
    ///
    /// If `index >= N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadBlock;
    ///
    /// let stats = PerThreadBlock::<2>::new();
    /// stats.add_all(&[4, 2]);
    /// assert_eq!((stats.load(0), stats.load(1)), (4, 2));
    /// ```
    pub fn load(&self, index: usize) -> u64 {
        assert!(index < N, "counter {index} of a block of {N}");
        let baseline = self.lock_baseline();
        // One field needs no sequence number: each of its stores is whole.
        // The lock orders these loads after the ones the baseline summed.
        let total = self.shards.iter().fold(0u64, |acc, shard| {
            acc.wrapping_add(shard.values[index].load(Relaxed))
        });
        total.wrapping_sub(baseline[index])
    }

    /// Every counter: everything recorded since the last
    /// [`take`](Self::take), made of whole records (each thread's shard is
    /// read under its sequence number). Waits only for other readers.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadBlock;
    ///
    /// let stats = PerThreadBlock::<2>::new();
    /// stats.add_all(&[1, 100]);
    /// assert_eq!(stats.snapshot(), [1, 100]);
    /// assert_eq!(stats.snapshot(), [1, 100]); // reading changes nothing
    /// ```
    pub fn snapshot(&self) -> [u64; N] {
        let baseline = self.lock_baseline();
        difference(self.total(), &baseline)
    }

    /// Returns everything recorded since the previous `take`, per counter,
    /// and starts a new interval; consistent per record, like
    /// [`snapshot`](Self::snapshot). Each record is returned by exactly one
    /// take (or remains for a later one).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadBlock;
    ///
    /// let stats = PerThreadBlock::<2>::new();
    /// stats.add_all(&[1, 100]);
    /// assert_eq!(stats.take(), [1, 100]);
    /// stats.add_all(&[2, 50]);
    /// assert_eq!(stats.take(), [2, 50]);
    /// ```
    pub fn take(&self) -> [u64; N] {
        let mut baseline = self.lock_baseline();
        let total = self.total();
        let taken = difference(total, &baseline);
        *baseline = total;
        taken
    }

    /// Sets every counter to zero, discarding what they held (a `take`
    /// whose result is dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadBlock;
    ///
    /// let stats = PerThreadBlock::<1>::new();
    /// stats.add(0, 9);
    /// stats.reset();
    /// assert_eq!(stats.snapshot(), [0]);
    /// ```
    pub fn reset(&self) {
        let _ = self.take();
    }

    /// The number of shards: threads that have written and are alive, plus
    /// the shards of exited threads kept for the next ones.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadBlock;
    ///
    /// let stats = PerThreadBlock::<1>::new();
    /// stats.add(0, 1);
    /// assert_eq!(stats.shards(), 1);
    /// ```
    pub fn shards(&self) -> usize {
        self.shards.iter().count()
    }

    /// The readers' lock. Nothing panics while it is held, but a poisoned
    /// lock would still guard a valid baseline, so poisoning is ignored.
    fn lock_baseline(&self) -> impl core::ops::DerefMut<Target = [u64; N]> + '_ {
        self.baseline
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The sum of every shard's running totals, each shard read whole.
    fn total(&self) -> [u64; N] {
        self.shards.iter().fold([0u64; N], |mut acc, shard| {
            for (sum, value) in acc.iter_mut().zip(shard.read()) {
                *sum = sum.wrapping_add(value);
            }
            acc
        })
    }
}

/// This thread's shard of a [`PerThreadBlock`], looked up once; given to
/// the closure of [`PerThreadBlock::with_local`]. It records as the block
/// does, without the lookup.
///
/// Neither `Send` nor `Sync`, and only lent to that closure, as
/// [`LocalCounter`] is.
///
/// # Examples
///
/// ```
/// use atomics_core::PerThreadBlock;
///
/// let stats = PerThreadBlock::<3>::new();
/// stats.with_local(|local| {
///     local.record(|d| d[0] = 1);
///     local.add_all(&[1, 1, 0]);
///     local.add(2, 512);
/// });
/// assert_eq!(stats.take(), [2, 1, 512]);
/// ```
pub struct LocalBlock<'a, const N: usize> {
    shard: &'a Shard<N>,
    /// Not `Send`, not `Sync`: the shard is this thread's only.
    _not_send: PhantomData<*const ()>,
}

impl<const N: usize> LocalBlock<'_, N> {
    /// [`PerThreadBlock::record`] on this thread's shard: `f` fills in the
    /// deltas, which are added as one record. If `f` panics, nothing is
    /// added.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadBlock;
    ///
    /// let stats = PerThreadBlock::<2>::new();
    /// stats.with_local(|local| local.record(|d| *d = [1, 1500]));
    /// assert_eq!(stats.snapshot(), [1, 1500]);
    /// ```
    #[inline]
    pub fn record(&self, f: impl FnOnce(&mut [u64; N])) {
        let mut deltas = [0u64; N];
        f(&mut deltas);
        self.add_all(&deltas);
    }

    /// [`PerThreadBlock::add_all`] on this thread's shard.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadBlock;
    ///
    /// let stats = PerThreadBlock::<2>::new();
    /// stats.with_local(|local| local.add_all(&[1, 10]));
    /// assert_eq!(stats.snapshot(), [1, 10]);
    /// ```
    #[inline]
    pub fn add_all(&self, deltas: &[u64; N]) {
        // The handle is on the shard owner's thread: it writes as the owner.
        self.shard.write(|values| {
            for (value, &delta) in values.iter().zip(deltas) {
                bump(value, delta);
            }
        });
    }

    /// [`PerThreadBlock::add`] on this thread's shard: a record of one field.
    ///
    /// # Panics
    ///
    /// If `index >= N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadBlock;
    ///
    /// let stats = PerThreadBlock::<2>::new();
    /// stats.with_local(|local| local.add(1, 7));
    /// assert_eq!(stats.load(1), 7);
    /// ```
    #[inline]
    pub fn add(&self, index: usize, delta: u64) {
        assert!(index < N, "counter {index} of a block of {N}");
        self.shard.write(|values| bump(&values[index], delta));
    }
}

impl<const N: usize> fmt::Debug for LocalBlock<'_, N> {
    /// Shows this thread's running totals (what its shard holds, which
    /// `take` does not reset).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadBlock;
    ///
    /// let stats = PerThreadBlock::<2>::new();
    /// stats.with_local(|local| {
    ///     local.add_all(&[1, 2]);
    ///     assert_eq!(format!("{local:?}"), "LocalBlock { shard_totals: [1, 2] }");
    /// });
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalBlock")
            .field("shard_totals", &self.shard.read())
            .finish()
    }
}

/// Adds `delta` to a running total that only this thread writes: a load and
/// a store.
#[inline]
fn bump(value: &AtomicU64, delta: u64) {
    value.store(load_own(value).wrapping_add(delta), Relaxed);
}

/// `total - baseline`, counter by counter (wrapping).
fn difference<const N: usize>(total: [u64; N], baseline: &[u64; N]) -> [u64; N] {
    core::array::from_fn(|i| total[i].wrapping_sub(baseline[i]))
}

impl<const N: usize> Default for PerThreadBlock<N> {
    /// Same as [`PerThreadBlock::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadBlock;
    ///
    /// assert_eq!(PerThreadBlock::<2>::default().snapshot(), [0, 0]);
    /// ```
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> fmt::Debug for PerThreadBlock<N> {
    /// Shows a snapshot and the shard count.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::PerThreadBlock;
    ///
    /// let b = PerThreadBlock::<2>::new();
    /// b.add_all(&[1, 2]);
    /// assert_eq!(format!("{b:?}"), "PerThreadBlock { snapshot: [1, 2], shards: 1 }");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PerThreadBlock")
            .field("snapshot", &self.snapshot())
            .field("shards", &self.shards())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;
    use std::thread;

    #[test]
    fn counter_sum_take_reset_on_one_thread() {
        let c = PerThreadCounter::new();
        assert_eq!((c.sum(), c.take(), c.slots()), (0, 0, 0));
        c.add(5);
        c.inc();
        assert_eq!(c.sum(), 6);
        assert_eq!(c.take(), 6);
        assert_eq!(c.take(), 0);
        c.add(u64::MAX);
        c.add(3);
        assert_eq!(c.sum(), 2, "wraps");
        c.reset();
        assert_eq!(c.sum(), 0);
        assert_eq!(c.slots(), 1);
    }

    #[test]
    fn counter_starting_value_is_taken_first() {
        let c = PerThreadCounter::starting_at(7);
        assert_eq!(c.sum(), 7);
        assert_eq!(c.slots(), 0, "the start value takes no slot");
        c.add(1);
        assert_eq!(c.take(), 8);
        assert_eq!(c.sum(), 0);
    }

    #[test]
    fn counter_keeps_the_counts_of_exited_threads() {
        let c = PerThreadCounter::new();
        thread::scope(|s| {
            for t in 0..3 {
                let c = &c;
                s.spawn(move || {
                    for _ in 0..10 {
                        c.add(t + 1);
                    }
                });
            }
        });
        assert_eq!(c.sum(), 60);
        // A later thread may reuse an exited one's slot: its adds go on top.
        thread::scope(|s| {
            s.spawn(|| c.add(40));
        });
        assert_eq!(c.take(), 100);
        assert_eq!(c.sum(), 0);
    }

    #[test]
    fn handles_and_plain_adds_share_the_slot() {
        let c = PerThreadCounter::new();
        c.add(1);
        let inner = c.with_local(|local| {
            local.add(2);
            c.add(4); // the same slot, through the lookup
            local.inc();
            format!("{local:?}")
        });
        assert_eq!(inner, "LocalCounter { slot_total: 8 }");
        assert_eq!((c.take(), c.slots()), (8, 1));
        thread::scope(|s| {
            s.spawn(|| c.with_local(|local| local.add(u64::MAX)));
            s.spawn(|| c.with_local(|local| local.add(3)));
        });
        assert_eq!(c.take(), 2, "wraps");

        let b = PerThreadBlock::<2>::new();
        b.with_local(|local| {
            local.record(|d| *d = [1, 10]);
            b.add(0, 1);
            local.add(1, 5);
        });
        assert_eq!(b.take(), [2, 15]);
    }

    #[test]
    fn a_handle_from_the_inserting_lookup_survives_plain_adds() {
        // The handle's lookup is the first on this thread, so it inserts the
        // slot; the plain adds then look the slot up again and write it
        // while the handle is held (the aliasing miri checks).
        let c = PerThreadCounter::new();
        c.with_local(|local| {
            local.inc();
            c.add(2);
            local.inc();
        });
        assert_eq!(c.take(), 4);

        let b = PerThreadBlock::<2>::new();
        b.with_local(|local| {
            local.add(0, 1);
            b.record(|d| *d = [1, 2]);
            local.add(1, 1);
        });
        assert_eq!(b.take(), [2, 3]);
    }

    #[test]
    fn block_records_add_take_on_one_thread() {
        let b = PerThreadBlock::<3>::new();
        assert_eq!(b.snapshot(), [0; 3]);
        b.record(|d| {
            d[0] = 1;
            d[2] = 10;
        });
        b.add(1, 4);
        b.add_all(&[1, 0, u64::MAX]);
        assert_eq!(b.snapshot(), [2, 4, 9]);
        assert_eq!((b.load(0), b.load(1), b.load(2)), (2, 4, 9));
        assert_eq!(b.take(), [2, 4, 9]);
        assert_eq!(b.take(), [0; 3]);
        b.add(0, 1);
        b.reset();
        assert_eq!(b.snapshot(), [0; 3]);
        assert_eq!(b.shards(), 1);
    }

    #[test]
    fn block_record_that_panics_adds_nothing() {
        let b = PerThreadBlock::<2>::new();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            b.record(|d| {
                d[0] = 1;
                panic!("half-way");
            })
        }));
        assert!(result.is_err());
        assert_eq!(b.snapshot(), [0, 0]);
        b.record(|d| d[1] = 2);
        assert_eq!(b.snapshot(), [0, 2], "the shard is still usable");
    }

    #[test]
    #[should_panic(expected = "counter 2 of a block of 2")]
    fn block_add_out_of_range_panics() {
        PerThreadBlock::<2>::new().add(2, 1);
    }

    #[test]
    fn block_with_values_and_threads() {
        let b = PerThreadBlock::with_values([5, 0]);
        thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| {
                    for _ in 0..10 {
                        b.record(|d| {
                            d[0] = 2;
                            d[1] = 1;
                        });
                    }
                });
            }
            let seen = b.snapshot();
            assert_eq!(seen[0], 5 + 2 * seen[1], "whole records only");
        });
        assert_eq!(b.take(), [65, 30]);
    }
}

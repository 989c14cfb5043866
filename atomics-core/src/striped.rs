//! [`StripedCounter`]: a counter that scales under contention.

use std::boxed::Box;
use std::fmt;
use std::vec::Vec;

use crossbeam_utils::CachePadded;

use crate::sync::{AtomicU64, Ordering::Relaxed, thread_slot};

/// A `u64` counter spread over cache-padded shards, so that threads adding at
/// the same time write to different cache lines (the idea of Java's
/// `LongAdder`).
///
/// One `AtomicU64` hammered by several cores is bounced between their caches
/// on every add; a `StripedCounter` gives each thread (up to the shard count)
/// a line of its own, and pays instead on the read side: [`sum`](Self::sum)
/// and [`take`](Self::take) visit every shard.
///
/// - Adds wrap on overflow, as `Atomic<u64>::add` does.
/// - [`sum`](Self::sum) is **not a linearizable snapshot**: it reads the
///   shards one after another while adds continue, so it returns a value the
///   counter may never have held at any single instant (each add is counted
///   or not, never half). Fine for metrics; wrong for "is it exactly N now?"
///   while writers run.
/// - [`take`](Self::take) swaps every shard to zero and returns what it took.
///   Across any interleaving of adds and takes, the takes plus a final
///   `sum()` equal everything added: nothing is lost, nothing counted twice.
///   That is what a periodic reporter needs.
///
/// All operations are relaxed: the counter orders nothing else. Add an
/// explicit fence, or use an [`Atomic`](crate::Atomic), if a count must
/// publish other memory.
///
/// # Examples
///
/// ```
/// use atomics_core::StripedCounter;
/// use std::thread;
///
/// let hits = StripedCounter::new();
/// thread::scope(|s| {
///     for _ in 0..4 {
///         s.spawn(|| {
///             for _ in 0..1000 {
///                 hits.inc();
///             }
///         });
///     }
/// });
/// assert_eq!(hits.sum(), 4000);
/// assert_eq!(hits.take(), 4000);
/// assert_eq!(hits.sum(), 0);
/// ```
pub struct StripedCounter {
    shards: Box<[CachePadded<AtomicU64>]>,
}

impl StripedCounter {
    /// The largest shard count [`with_shards`](Self::with_shards) accepts.
    pub const MAX_SHARDS: usize = 1024;

    /// A zeroed counter with two shards per hardware thread (rounded up to a
    /// power of two, at least 4, at most 128), so that the threads running at
    /// once rarely share a line even when their slots are not consecutive.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::StripedCounter;
    ///
    /// let c = StripedCounter::new();
    /// c.add(3);
    /// assert_eq!(c.sum(), 3);
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::with_shards(default_shards())
    }

    /// A zeroed counter with `shards` shards, rounded up to a power of two
    /// and clamped to `1..=MAX_SHARDS`. More shards mean less contention for
    /// adds and more work for `sum` and `take`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::StripedCounter;
    ///
    /// let c = StripedCounter::with_shards(3);
    /// assert_eq!(c.shards(), 4);
    /// ```
    #[must_use]
    pub fn with_shards(shards: usize) -> Self {
        let n = shards.clamp(1, Self::MAX_SHARDS).next_power_of_two();
        Self {
            shards: (0..n)
                .map(|_| CachePadded::new(AtomicU64::new(0)))
                .collect::<Vec<_>>()
                .into(),
        }
    }

    /// The number of shards.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::StripedCounter;
    ///
    /// assert!(StripedCounter::new().shards().is_power_of_two());
    /// ```
    #[inline]
    pub fn shards(&self) -> usize {
        self.shards.len()
    }

    /// Adds `delta` (wrapping) to this thread's shard.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::StripedCounter;
    ///
    /// let bytes = StripedCounter::new();
    /// bytes.add(1500);
    /// bytes.add(500);
    /// assert_eq!(bytes.sum(), 2000);
    /// ```
    #[inline]
    pub fn add(&self, delta: u64) {
        // `len` is a power of two: the mask picks this thread's shard.
        let shard = &self.shards[thread_slot() & (self.shards.len() - 1)];
        shard.fetch_add(delta, Relaxed);
    }

    /// Adds one.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::StripedCounter;
    ///
    /// let c = StripedCounter::new();
    /// c.inc();
    /// assert_eq!(c.sum(), 1);
    /// ```
    #[inline]
    pub fn inc(&self) {
        self.add(1);
    }

    /// The total of all shards (wrapping). Not a linearizable snapshot while
    /// adds run concurrently (see the type's documentation); exact once they
    /// have stopped.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::StripedCounter;
    ///
    /// let c = StripedCounter::new();
    /// c.add(u64::MAX);
    /// c.add(2);
    /// assert_eq!(c.sum(), 1); // wraps, as Atomic<u64>::add does
    /// ```
    pub fn sum(&self) -> u64 {
        self.shards
            .iter()
            .fold(0u64, |acc, s| acc.wrapping_add(s.load(Relaxed)))
    }

    /// Swaps every shard to zero and returns the total taken. Each add is
    /// returned by exactly one `take` (or remains for a later one): the basis
    /// of loss-free periodic reporting.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::StripedCounter;
    ///
    /// let requests = StripedCounter::new();
    /// requests.add(10);
    /// assert_eq!(requests.take(), 10); // this interval
    /// requests.add(4);
    /// assert_eq!(requests.take(), 4); // the next one
    /// ```
    pub fn take(&self) -> u64 {
        self.shards
            .iter()
            .fold(0u64, |acc, s| acc.wrapping_add(s.swap(0, Relaxed)))
    }

    /// Sets the counter to zero, discarding what it held (a `take` whose
    /// result is dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::StripedCounter;
    ///
    /// let c = StripedCounter::new();
    /// c.add(9);
    /// c.reset();
    /// assert_eq!(c.sum(), 0);
    /// ```
    pub fn reset(&self) {
        let _ = self.take();
    }
}

/// Shards for [`StripedCounter::new`]: the hardware parallelism, computed once.
fn default_shards() -> usize {
    static SHARDS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *SHARDS.get_or_init(|| {
        std::thread::available_parallelism()
            .map_or(4, usize::from)
            .saturating_mul(2)
            .next_power_of_two()
            .clamp(4, 128)
    })
}

impl Default for StripedCounter {
    /// Same as [`StripedCounter::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::StripedCounter;
    ///
    /// assert_eq!(StripedCounter::default().sum(), 0);
    /// ```
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for StripedCounter {
    /// Shows the current sum and the shard count.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::StripedCounter;
    ///
    /// let c = StripedCounter::with_shards(2);
    /// c.add(5);
    /// assert_eq!(format!("{c:?}"), "StripedCounter { sum: 5, shards: 2 }");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripedCounter")
            .field("sum", &self.sum())
            .field("shards", &self.shards())
            .finish()
    }
}

//! [`Value<T>`]: Go's `atomic.Value`, type-safe, with epoch-based reclamation.

use core::fmt;
use core::marker::PhantomData;
use core::ops::Deref;
use core::ptr::{self, NonNull};

use std::sync::Arc;

use crossbeam_epoch::{self as epoch, Guard};

use crate::sync::{
    AtomicPtr, AtomicUsize,
    Ordering::{Acquire, Relaxed, SeqCst},
};

/// Go's `atomic.Value`, made type-safe: a cell holding an `Arc<T>` that is
/// replaced atomically, for read-mostly shared data such as configuration.
///
/// Where Go's `Value` holds an `interface{}` and panics when a store changes
/// the concrete type, `Value<T>` holds one type, checked by the compiler. Like
/// Go's, it starts empty ([`load`](Self::load) returns `None` until the first
/// [`store`](Self::store)) and every operation of the cell is sequentially
/// consistent (reads through a [`ValueCache`] are acquire loads: see there).
///
/// # Reading: `read`, `load` or a cache
///
/// | you want | use | costs |
/// |---|---|---|
/// | a short look, within one function | [`read`](Self::read) → [`ValueRef`] | an epoch pin: thread-local, no shared write |
/// | to keep it, send it, hold it across `.await` | [`load`](Self::load) → `Arc<T>` | one shared reference-count increment (and a decrement when dropped) |
/// | to read again and again from one thread or task (a loop, a worker, a connection) | [`cache`](Self::cache) → [`ValueCache`] | one acquire load and a compare while the value is unchanged |
///
/// - [`read`](Self::read) pins the current epoch and hands out a guard that
///   dereferences to the value, touching no shared reference count, so
///   readers on many cores do not contend on one cache line. Readers never
///   block and are never blocked. The guard cannot leave its thread (see
///   [`ValueRef`]), and while it lives no value replaced from then on,
///   anywhere in the process, can be freed: drop it soon.
/// - [`load`](Self::load) returns an `Arc<T>` you can keep as long as you
///   like; it holds back the freeing of that one value only.
/// - [`cache`](Self::cache) gives a [`ValueCache`] that holds an `Arc<T>` of
///   the value it last saw and checks the cell for a change on each read: the
///   cheapest repeated read, at the price of keeping the last value it saw
///   alive until its next read (or until it is dropped).
///
/// # Reclamation: when, and on which thread, replaced values are dropped
///
/// A replaced value is not freed while a reader may still be looking at it.
/// The cell's reference to it is released through
/// [crossbeam-epoch](https://docs.rs/crossbeam-epoch)'s default collector
/// once every thread that was pinned at the time of the replacement has
/// unpinned. Then:
///
/// - The value's destructor runs **later and possibly on another thread**:
///   on whichever thread next collects garbage — a later `store`, `swap`,
///   `update` or `compare_and_swap` on any `Value` (a write that is its
///   thread's outermost pin collects while little garbage is waiting), or
///   the periodic collection inside an epoch pin (every 128th pin of a
///   thread: a `read` is one pin, and so is any other crossbeam-epoch user's
///   operation). Retired values first gather in their writer thread's bag,
///   which goes to the global queue when that write collects, when the bag
///   is full (64 values), or when the thread exits. That is why writing
///   requires `T: Send + Sync + 'static`.
///   If an `Arc` obtained from [`load`](Self::load), a [`swap`](Self::swap)
///   or a [`ValueCache`] outlives the cell's reference, the value is dropped
///   wherever that last `Arc` is dropped, as with any `Arc`.
/// - Collections never nest: a destructor that itself writes a `Value` (a
///   gauge of the last closed connection, a registry entry removing itself)
///   does not start another collection from inside the first, so writes
///   never recurse without bound whatever the stored values' `Drop` does.
/// - While a guard is held, retired values wait in 64-slot bags, about 40
///   bytes each beyond the value's own allocation; once the
///   guard is gone, ordinary use (reads and writes on any thread) frees a
///   backlog of `n` values in a number of operations proportional to `n`.
///   A writer's last few retired values (fewer than 64) can wait in its
///   thread-local bag until that thread writes again, collects, or exits.
/// - **One long-held guard delays reclamation for every `Value` in the
///   process** (and every other user of crossbeam-epoch's default collector),
///   not just for the cell it reads: the epoch cannot advance past it. Keep
///   [`ValueRef`]s short; hold an `Arc` from [`load`](Self::load) instead.
///
/// ## A panicking destructor
///
/// If the destructor of a replaced value panics, the panic surfaces in an
/// **unrelated later call**: the call that happened to collect it, such as
/// a `read` of another `Value` (the first one on a fresh thread, or the
/// 254th on the same thread in this crate's test), or a `store` that has
/// nonetheless stored its value (the swap is done before garbage is
/// collected). Values queued in the same batch after the panicking one may
/// then be leaked: their destructors are skipped (never run twice). This is
/// how deferred reclamation works; keep the `Drop` of stored values from
/// panicking.
///
/// # What "atomic" means here
///
/// Go's documentation warns that `atomic.Value` "is not always atomic". The
/// precise statement: replacing *which* value the cell holds is atomic (every
/// reader sees the old value or the new one, never a mix); mutating the value
/// itself is not the cell's business. An `Arc<T>` gives only shared access, so
/// to change a field you build a new `T` and store it (or use
/// [`update`](Self::update)); if `T` holds its own interior mutability
/// (atomics, a `Mutex`), that part is as atomic as those types make it, and
/// no more.
///
/// # Examples
///
/// ```
/// use atomics_core::Value;
///
/// #[derive(Debug, PartialEq)]
/// struct Config {
///     version: u32,
///     endpoint: String,
/// }
///
/// static CONFIG: Value<Config> = Value::new();
///
/// assert!(CONFIG.load().is_none());
/// CONFIG.store(Config { version: 1, endpoint: "a:80".into() });
/// if let Some(cfg) = CONFIG.read() {
///     assert_eq!(cfg.version, 1);
/// }
/// CONFIG.update(|c| Config { version: c.version + 1, endpoint: "b:80".into() });
/// assert_eq!(CONFIG.load().unwrap().version, 2);
/// ```
pub struct Value<T> {
    /// `Arc::into_raw` of the current value; null while empty. The cell owns
    /// one strong reference to it.
    ptr: AtomicPtr<T>,
    /// Sharing a `Value<T>` shares `Arc<T>`s: `Send`/`Sync` exactly when
    /// `Arc<T>` is, that is when `T: Send + Sync`.
    _owns: PhantomData<Arc<T>>,
}

impl<T> Value<T> {
    /// An empty cell. `const`, so a `Value` can be a `static`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// static GREETING: Value<String> = Value::new();
    /// assert!(GREETING.load().is_none());
    /// ```
    #[inline]
    #[must_use]
    pub const fn new() -> Self {
        Self {
            ptr: AtomicPtr::new(ptr::null_mut()),
            _owns: PhantomData,
        }
    }
}

impl<T: Send + Sync + 'static> Value<T> {
    /// A cheap read: a guard that dereferences to the current value, or
    /// `None` while the cell is empty. No shared reference count is touched.
    ///
    /// The guard keeps the value alive, and delays the freeing of every value
    /// replaced while it exists: drop it soon. It cannot cross threads.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let limits = Value::from(vec![10, 20]);
    /// let total: i32 = limits.read().map(|l| l.iter().sum()).unwrap_or(0);
    /// assert_eq!(total, 30);
    /// ```
    #[inline]
    pub fn read(&self) -> Option<ValueRef<'_, T>> {
        let guard = epoch::pin();
        let ptr = NonNull::new(self.ptr.load(SeqCst))?;
        Some(ValueRef {
            _thread_bound: PhantomData,
            pinned: Pinned { _pin: guard, ptr },
            _cell: PhantomData,
        })
    }

    /// The current value as an `Arc<T>` you can keep, or `None` while the cell
    /// is empty (Go's `Load` returning nil).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let name = Value::new();
    /// assert_eq!(name.load(), None);
    /// name.store(String::from("primary"));
    /// assert_eq!(name.load().as_deref().map(String::as_str), Some("primary"));
    /// ```
    #[inline]
    pub fn load(&self) -> Option<std::sync::Arc<T>> {
        self.read().map(|r| ValueRef::to_arc(&r))
    }

    /// A [`ValueCache`] of this cell for one reader: repeated reads cost one
    /// acquire load and a compare while the value is unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let limit = Value::from(100);
    /// let mut cache = limit.cache();
    /// assert_eq!(cache.read(), Some(&100));
    /// limit.store(200);
    /// assert_eq!(cache.read(), Some(&200)); // sees the change on its next read
    /// ```
    #[inline]
    pub fn cache(&self) -> ValueCache<'_, T> {
        ValueCache {
            cell: self,
            seen: 0,
            current: None,
        }
    }

    /// Replaces the value with `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let level = Value::new();
    /// level.store("info");
    /// level.store("debug");
    /// assert_eq!(*level.load().unwrap(), "debug");
    /// ```
    pub fn store(&self, value: T) {
        let new = Arc::into_raw(Arc::new(value)).cast_mut();
        let outermost = outermost();
        let guard = epoch::pin();
        let old = self.ptr.swap(new, SeqCst);
        // SAFETY: `old` came out of the cell, so the cell's reference to it is
        // ours to release; readers pinned before the swap may still use it,
        // which `retire` waits for.
        unsafe { retire(&guard, old, outermost) };
    }

    /// Replaces the value with `value` and returns the previous one, or `None`
    /// if the cell was empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let v = Value::new();
    /// assert_eq!(v.swap(1), None);
    /// assert_eq!(v.swap(2).as_deref(), Some(&1));
    /// ```
    pub fn swap(&self, value: T) -> Option<Arc<T>> {
        let new = Arc::into_raw(Arc::new(value)).cast_mut();
        let outermost = outermost();
        let guard = epoch::pin();
        let old = self.ptr.swap(new, SeqCst);
        // SAFETY: `old` came out of the cell; while `guard` is pinned it has
        // not been freed, so taking a new reference before retiring the
        // cell's is sound.
        unsafe { take_and_retire(&guard, old, outermost) }
    }

    /// Go's `CompareAndSwap`, by value: if the cell holds a value equal to
    /// `old`, replaces it with `new` and returns `true`. On an empty cell it
    /// returns `false` and leaves the cell empty (use
    /// [`store_if_empty`](Self::store_if_empty) to fill it).
    ///
    /// The comparison is `T`'s `PartialEq`, as Go compares interface values;
    /// if another writer replaces the value with an equal one meanwhile, the
    /// swap still succeeds.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let mode = Value::from(String::from("read-only"));
    /// assert!(mode.compare_and_swap(&"read-only".to_string(), "read-write".to_string()));
    /// assert!(!mode.compare_and_swap(&"read-only".to_string(), "off".to_string()));
    /// assert_eq!(*mode.load().unwrap(), "read-write");
    /// ```
    pub fn compare_and_swap(&self, old: &T, new: T) -> bool
    where
        T: PartialEq,
    {
        let outermost = outermost();
        let guard = epoch::pin();
        let new = Arc::new(new);
        let mut current = self.ptr.load(SeqCst);
        loop {
            // SAFETY: a non-null pointer loaded while pinned is alive until
            // the guard is dropped (the cell's reference is retired through
            // the epoch).
            match unsafe { current.as_ref() } {
                Some(value) if value == old => {}
                _ => return false,
            }
            match self
                .ptr
                .compare_exchange(current, Arc::as_ptr(&new).cast_mut(), SeqCst, SeqCst)
            {
                Ok(replaced) => {
                    // The cell now owns `new`'s reference.
                    let _ = Arc::into_raw(new);
                    // SAFETY: `replaced` came out of the cell while pinned.
                    unsafe { retire(&guard, replaced, outermost) };
                    return true;
                }
                Err(actual) => current = actual,
            }
        }
    }

    /// Stores `value` only if the cell is empty (Go's
    /// `CompareAndSwap(nil, new)`); says whether it did. A one-time
    /// initialisation that never overwrites.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let id = Value::new();
    /// assert!(id.store_if_empty(7));
    /// assert!(!id.store_if_empty(8));
    /// assert_eq!(*id.load().unwrap(), 7);
    /// ```
    pub fn store_if_empty(&self, value: T) -> bool {
        let new = Arc::new(value);
        let published = self
            .ptr
            .compare_exchange(
                ptr::null_mut(),
                Arc::as_ptr(&new).cast_mut(),
                SeqCst,
                SeqCst,
            )
            .is_ok();
        if published {
            // The cell now owns `new`'s reference.
            let _ = Arc::into_raw(new);
        }
        published
    }

    /// Read-copy-update: replaces the value with `f(&current)` in a
    /// compare-and-swap loop, and returns the value it replaced. Does nothing
    /// and returns `None` while the cell is empty.
    ///
    /// `f` runs again if another writer got in first; it should be a pure
    /// function of its argument. Concurrent `update`s never lose each other's
    /// changes.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let peers = Value::from(vec!["a"]);
    /// let before = peers.update(|p| {
    ///     let mut p = p.clone();
    ///     p.push("b");
    ///     p
    /// });
    /// assert_eq!(before.as_deref(), Some(&vec!["a"]));
    /// assert_eq!(*peers.load().unwrap(), ["a", "b"]);
    /// ```
    pub fn update(&self, mut f: impl FnMut(&T) -> T) -> Option<Arc<T>> {
        let outermost = outermost();
        let guard = epoch::pin();
        let mut current = self.ptr.load(SeqCst);
        loop {
            // SAFETY: as in `compare_and_swap`, pinned.
            let value = unsafe { current.as_ref() }?;
            let new = Arc::new(f(value));
            match self
                .ptr
                .compare_exchange(current, Arc::as_ptr(&new).cast_mut(), SeqCst, SeqCst)
            {
                Ok(replaced) => {
                    let _ = Arc::into_raw(new);
                    // SAFETY: `replaced` came out of the cell while pinned.
                    return unsafe { take_and_retire(&guard, replaced, outermost) };
                }
                Err(actual) => current = actual,
            }
        }
    }
}

/// Retired values whose destructor has not run yet, across every `Value` in
/// the process: the measure of how far reclamation lags behind.
static BACKLOG: AtomicUsize = AtomicUsize::new(0);

/// While fewer retired values than this wait, a write hands its garbage to
/// the global queue and collects at once (see [`retire`]); at or above it,
/// garbage waits in the thread's bag until the bag is full.
///
/// One sealed bag costs about 2 KiB whatever it holds; flushing on every
/// write while a guard stalls reclamation therefore cost 2 KiB per retired
/// value. Capping the eager flushes at one bag's worth of backlog bounds that
/// cost at about 130 KiB per stall, after which bags fill up and a retired
/// value costs its 32-byte slot.
const FLUSH_BELOW: usize = 64;

/// Whether a write that is about to pin is the thread's outermost pin.
///
/// A write made while the thread is already pinned (inside a [`ValueRef`]'s
/// lifetime, or inside a destructor that crossbeam-epoch runs while it
/// collects) must not collect: collecting runs destructors, which may write
/// again, which would collect again, without bound. crossbeam-epoch's own
/// periodic collection in `pin` obeys the same rule.
#[inline]
fn outermost() -> bool {
    !epoch::is_pinned()
}

/// Releases the cell's reference to `old` once no pinned reader can hold it.
///
/// The release is deferred to crossbeam-epoch's default collector: the
/// destructor runs later, on whichever thread collects it (a later `read`,
/// `store` or any other pin, on any thread). A write
/// that is the thread's outermost pin (`outermost`) also flushes the thread's
/// garbage to the global queue and collects, so that replaced values are
/// freed promptly, but only while the backlog is short ([`FLUSH_BELOW`]):
/// when a guard holds reclamation back, a flush per write would seal a
/// 64-slot bag for each retired value.
///
/// # Safety
///
/// `old` is null or was just taken out of the cell (so its reference is the
/// caller's), and was loaded while `guard` was pinned.
unsafe fn retire<T: Send + Sync + 'static>(guard: &Guard, old: *mut T, outermost: bool) {
    if old.is_null() {
        return;
    }
    let old = SendPtr(old);
    BACKLOG.fetch_add(1, Relaxed);
    // SAFETY: the closure only drops an `Arc<T>`, which is fine on any thread
    // (`T: Send + Sync`) and at any later time (`T: 'static`); the epoch runs
    // it after every guard that could have seen `old` is gone.
    unsafe {
        guard.defer_unchecked(move || {
            let old = old;
            // Counted first: a panicking destructor must not leave the
            // backlog looking longer than it is.
            BACKLOG.fetch_sub(1, Relaxed);
            drop(Arc::from_raw(old.0));
        });
    }
    if outermost && BACKLOG.load(Relaxed) < FLUSH_BELOW {
        guard.flush();
    }
}

/// Takes a new reference to `old` for the caller, then retires the cell's.
///
/// # Safety
///
/// As [`retire`].
unsafe fn take_and_retire<T: Send + Sync + 'static>(
    guard: &Guard,
    old: *mut T,
    outermost: bool,
) -> Option<Arc<T>> {
    if old.is_null() {
        return None;
    }
    // SAFETY: `old` is alive (its cell reference is not released until after
    // `guard`), so the count is at least one.
    let taken = unsafe {
        Arc::increment_strong_count(old);
        Arc::from_raw(old)
    };
    // SAFETY: forwarded from the caller.
    unsafe { retire(guard, old, outermost) };
    Some(taken)
}

/// A raw pointer the deferred destructor may carry to another thread.
struct SendPtr<T>(*mut T);
// SAFETY: only used to drop an `Arc<T>` with `T: Send + Sync`.
unsafe impl<T: Send + Sync> Send for SendPtr<T> {}

impl<T> Default for Value<T> {
    /// An empty cell.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let v: Value<u8> = Value::default();
    /// assert!(v.load().is_none());
    /// ```
    fn default() -> Self {
        Self::new()
    }
}

impl<T> From<T> for Value<T> {
    /// A cell already holding `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let v = Value::from(3);
    /// assert_eq!(*v.load().unwrap(), 3);
    /// ```
    fn from(value: T) -> Self {
        Self {
            ptr: AtomicPtr::new(Arc::into_raw(Arc::new(value)).cast_mut()),
            _owns: PhantomData,
        }
    }
}

impl<T> Drop for Value<T> {
    fn drop(&mut self) {
        let ptr = *self.ptr.get_mut();
        if !ptr.is_null() {
            // SAFETY: `&mut self` proves no reader holds a guard into this
            // cell; the cell's own reference is released here.
            drop(unsafe { Arc::from_raw(ptr) });
        }
    }
}

impl<T: fmt::Debug + Send + Sync + 'static> fmt::Debug for Value<T> {
    /// Shows the current value, or `<empty>`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let v = Value::new();
    /// assert_eq!(format!("{v:?}"), "Value(<empty>)");
    /// v.store(5);
    /// assert_eq!(format!("{v:?}"), "Value(5)");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.read() {
            Some(value) => f.debug_tuple("Value").field(&*value).finish(),
            None => f.write_str("Value(<empty>)"),
        }
    }
}

/// A short-lived view of a [`Value`]'s current content, from
/// [`Value::read`]: dereferences to `T` without touching a shared reference
/// count.
///
/// While it is alive the value it shows stays alive, even if a writer
/// replaces it, and no value replaced anywhere in the process can be freed
/// (see [Reclamation](Value#reclamation-when-and-on-which-thread-replaced-values-are-dropped)):
/// drop it soon.
///
/// # Examples
///
/// ```
/// use atomics_core::Value;
///
/// let v = Value::from(String::from("hello"));
/// let guard = v.read().unwrap();
/// v.store(String::from("bye")); // the guard still shows what it read
/// assert_eq!(&*guard, "hello");
/// ```
///
/// # It stays on its thread
///
/// A `ValueRef` is neither `Send` nor `Sync`. It holds its thread's epoch
/// pin (crossbeam-epoch's `Guard`), which is a registration of *that
/// thread*: unpinned from another thread, it would mark the wrong thread as
/// quiescent and let a value be freed under a reader. So a guard cannot be
/// moved to another thread, nor held across an `.await` in a future that
/// must be `Send` (a multi-threaded runtime's task). Take an `Arc` instead:
/// [`Value::load`], or [`ValueRef::to_arc`] of a guard you already have, or
/// keep a [`ValueCache`] in the task.
///
/// The compiler's message names a marker field's type,
/// `*const atomics_core::value::UseLoadOrToArcToCrossThreads`, and then
/// `ValueRef`, as the type it appears within:
///
/// ```compile_fail,E0277
/// use atomics_core::Value;
///
/// let v = Value::from(1);
/// let guard = v.read().unwrap();
/// std::thread::scope(|s| {
///     // error[E0277]: `*const UseLoadOrToArcToCrossThreads` cannot be sent
///     // between threads safely
///     s.spawn(move || *guard);
/// });
/// ```
///
/// What works:
///
/// ```
/// use atomics_core::{Value, ValueRef};
///
/// let v = Value::from(1);
/// let guard = v.read().unwrap();
/// let owned = ValueRef::to_arc(&guard); // or v.load()
/// drop(guard);
/// std::thread::scope(|s| {
///     s.spawn(move || assert_eq!(*owned, 1));
/// });
/// ```
pub struct ValueRef<'a, T> {
    /// Makes the guard `!Send` and `!Sync` with a type whose name says what
    /// to do instead (see [`Pinned`] for why it is the only such field).
    _thread_bound: PhantomData<*const UseLoadOrToArcToCrossThreads>,
    pinned: Pinned<T>,
    _cell: PhantomData<&'a T>,
}

/// Named in the compiler's message when a [`ValueRef`] is sent to or shared
/// with another thread: the fix is [`Value::load`] or [`ValueRef::to_arc`].
struct UseLoadOrToArcToCrossThreads;

/// The epoch pin and the pointer it protects, the parts of a [`ValueRef`]
/// that are `!Send` by themselves.
///
/// rustc reports one error per `!Send` field of a type sent across threads
/// (rustc 1.95 listed `NonNull<u32>`, then the marker, then crossbeam's
/// `*const Local`), so these two are grouped here and declared `Send` and
/// `Sync`, leaving the marker the only field, and its name the only message.
struct Pinned<T> {
    /// Held, never read: while it lives the pointee cannot be reclaimed.
    _pin: Guard,
    ptr: NonNull<T>,
}

// SAFETY: a `Pinned` is never sent or shared on its own: it exists only as a
// field of `ValueRef`, which `_thread_bound` keeps `!Send` and `!Sync`, and
// no code moves it out. These impls change no behaviour; they only keep the
// fields out of the compiler's message.
unsafe impl<T> Send for Pinned<T> {}
// SAFETY: as for `Send` just above.
unsafe impl<T> Sync for Pinned<T> {}

impl<T> ValueRef<'_, T> {
    /// A counted `Arc` to the same value, to keep beyond the guard.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Value, ValueRef};
    ///
    /// let v = Value::from(1);
    /// let kept = ValueRef::to_arc(&v.read().unwrap());
    /// v.store(2);
    /// assert_eq!(*kept, 1);
    /// ```
    #[inline]
    pub fn to_arc(this: &Self) -> Arc<T> {
        // SAFETY: the pointer came from `Arc::into_raw` and the cell's
        // reference to it cannot be released while `this.pinned._pin` is pinned.
        unsafe {
            Arc::increment_strong_count(this.pinned.ptr.as_ptr());
            Arc::from_raw(this.pinned.ptr.as_ptr())
        }
    }
}

impl<T> Deref for ValueRef<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: alive while pinned, see `to_arc`; only shared access.
        unsafe { self.pinned.ptr.as_ref() }
    }
}

impl<T: fmt::Debug> fmt::Debug for ValueRef<'_, T> {
    /// Shows the value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let v = Value::from(4);
    /// assert_eq!(format!("{:?}", v.read().unwrap()), "4");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// One reader's cache of a [`Value`], from [`Value::cache`]: holds an
/// `Arc<T>` of the value it last saw, and on each [`read`](Self::read) checks
/// whether the cell still holds it — one acquire load and a compare — before
/// taking the slow path (a [`Value::load`]) only when it changed.
///
/// This is arc-swap's `Cache` idea. Because the cache holds a strong
/// reference to the value it returns, that value can never be freed while
/// borrowed, and its address cannot be reused by a newer value, so an
/// unchanged address means an unchanged value.
///
/// Use one per thread or task that reads the same cell again and again (a
/// worker loop, a connection handler); it is `Send` and `Sync` when `T` is, so
/// it can live in an async task across `.await`s. Its cost is memory and
/// timing of drops: the last value it saw stays alive until its next read or
/// until it is dropped, and if it held the last reference, that value's
/// destructor runs on the reading thread, inside `read`.
///
/// Reads through a cache are acquire loads, not sequentially consistent: a
/// read that returns a value synchronizes with the store of that value (what
/// the writer did before storing is visible), and a cache never goes back to
/// an older value than one it returned, but its reads do not take part in
/// the single total order of the `Value`'s other operations (as Go's do).
///
/// # Examples
///
/// ```
/// use atomics_core::Value;
///
/// #[derive(Debug)]
/// struct Limits {
///     max_body: usize,
/// }
///
/// let limits = Value::from(Limits { max_body: 1024 });
/// let mut cache = limits.cache();
/// for request_len in [10, 2000, 512] {
///     let max = cache.read().map_or(0, |l| l.max_body);
///     println!("{request_len} bytes: {}", if request_len <= max { "ok" } else { "too big" });
/// }
/// limits.store(Limits { max_body: 4096 });
/// assert_eq!(cache.read().unwrap().max_body, 4096);
/// ```
pub struct ValueCache<'a, T> {
    cell: &'a Value<T>,
    /// The address of `current`'s value, 0 when `current` is `None`: the
    /// cell's pointer as this cache last saw it.
    seen: usize,
    /// A strong reference to the value at `seen`, so that it is never freed
    /// (nor its address reused) while this cache may return it.
    current: Option<Arc<T>>,
}

impl<'a, T: Send + Sync + 'static> ValueCache<'a, T> {
    /// The current value, or `None` while the cell is empty: the cached one
    /// if the cell still holds it (one acquire load and a compare), else the
    /// new one, which is then cached.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let v = Value::new();
    /// let mut cache = v.cache();
    /// assert_eq!(cache.read(), None);
    /// v.store(1);
    /// assert_eq!(cache.read(), Some(&1));
    /// ```
    #[inline]
    pub fn read(&mut self) -> Option<&T> {
        self.revalidate();
        self.current.as_deref()
    }

    /// As [`read`](Self::read), but gives the cached `Arc<T>` itself, to
    /// clone and keep (arc-swap's `Cache::load`).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    /// use std::sync::Arc;
    ///
    /// let v = Value::from(String::from("a"));
    /// let mut cache = v.cache();
    /// let kept: Arc<String> = Arc::clone(cache.load().unwrap());
    /// v.store(String::from("b"));
    /// assert_eq!(*kept, "a");
    /// assert_eq!(**cache.load().unwrap(), "b");
    /// ```
    #[inline]
    pub fn load(&mut self) -> Option<&Arc<T>> {
        self.revalidate();
        self.current.as_ref()
    }

    /// Brings the cache up to date with the cell without reading it: after
    /// this, the cache holds the current value (and no longer keeps an older
    /// one alive).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let v = Value::from(vec![0u8; 1 << 16]);
    /// let mut cache = v.cache();
    /// cache.read();
    /// v.store(Vec::new());
    /// cache.revalidate(); // lets go of the old vector now, not at its next read
    /// assert_eq!(cache.read().map(Vec::len), Some(0));
    /// ```
    #[inline]
    pub fn revalidate(&mut self) {
        // Acquire, paired with the writers' swaps: a changed pointer is
        // followed by `Value::load`, which makes the new value visible; an
        // unchanged one means `current` is still the cell's value.
        let now = self.cell.ptr.load(Acquire);
        if now.addr() != self.seen {
            self.refresh();
        }
    }

    /// The slow path: the cell changed since this cache last looked.
    #[cold]
    #[inline(never)]
    fn refresh(&mut self) {
        let current = self.cell.load();
        self.seen = current.as_ref().map_or(0, |c| Arc::as_ptr(c).addr());
        // The old value's reference is dropped here, after the new one is
        // taken (its destructor may run here if it was the last).
        self.current = current;
    }
}

impl<'a, T> ValueCache<'a, T> {
    /// The cell this cache reads.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let v = Value::from(1);
    /// let cache = v.cache();
    /// cache.value().store(2);
    /// assert_eq!(*v.load().unwrap(), 2);
    /// ```
    #[inline]
    pub fn value(&self) -> &'a Value<T> {
        self.cell
    }
}

impl<'a, T: Send + Sync + 'static> From<&'a Value<T>> for ValueCache<'a, T> {
    /// The same as [`Value::cache`].
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Value, ValueCache};
    ///
    /// let v = Value::from(3);
    /// let mut cache = ValueCache::from(&v);
    /// assert_eq!(cache.read(), Some(&3));
    /// ```
    fn from(cell: &'a Value<T>) -> Self {
        cell.cache()
    }
}

impl<T> Clone for ValueCache<'_, T> {
    /// Another cache of the same cell, holding (another reference to) the
    /// same value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let v = Value::from(1);
    /// let mut a = v.cache();
    /// a.read();
    /// let mut b = a.clone();
    /// v.store(2);
    /// assert_eq!((a.read(), b.read()), (Some(&2), Some(&2)));
    /// ```
    fn clone(&self) -> Self {
        Self {
            cell: self.cell,
            seen: self.seen,
            current: self.current.clone(),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for ValueCache<'_, T> {
    /// Shows the value the cache holds, without checking the cell for a newer
    /// one, or `<empty>` if it holds none.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Value;
    ///
    /// let v = Value::from(7);
    /// let mut cache = v.cache();
    /// assert_eq!(format!("{cache:?}"), "ValueCache(<empty>)");
    /// cache.read();
    /// assert_eq!(format!("{cache:?}"), "ValueCache(7)");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.current {
            Some(value) => f.debug_tuple("ValueCache").field(&**value).finish(),
            None => f.write_str("ValueCache(<empty>)"),
        }
    }
}

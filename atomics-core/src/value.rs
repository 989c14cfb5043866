//! [`Value<T>`]: Go's `atomic.Value`, type-safe, with epoch-based reclamation.

use core::fmt;
use core::marker::PhantomData;
use core::ops::Deref;
use core::ptr::{self, NonNull};

use std::sync::Arc;

use crossbeam_epoch::{self as epoch, Guard};

use crate::sync::{
    AtomicPtr, AtomicUsize,
    Ordering::{Relaxed, SeqCst},
};

/// Go's `atomic.Value`, made type-safe: a cell holding an `Arc<T>` that is
/// replaced atomically, for read-mostly shared data such as configuration.
///
/// Where Go's `Value` holds an `interface{}` and panics when a store changes
/// the concrete type, `Value<T>` holds one type, checked by the compiler. Like
/// Go's, it starts empty ([`load`](Self::load) returns `None` until the first
/// [`store`](Self::store)) and every operation is sequentially consistent.
///
/// # Reading
///
/// - [`read`](Self::read) is the cheap path: it pins the current epoch
///   (a thread-local, uncontended operation) and hands out a guard that
///   dereferences to the value, touching no shared reference count, so
///   readers on many cores do not contend on one cache line. Readers never
///   block and are never blocked. Keep the guard short-lived: while any guard
///   is alive, replaced values cannot be freed.
/// - [`load`](Self::load) returns an `Arc<T>` you can keep as long as you like,
///   at the cost of one shared reference-count increment.
///
/// # Reclamation
///
/// A replaced value is not freed while a reader may still be looking at it:
/// the cell's reference to it is released through
/// [crossbeam-epoch](https://docs.rs/crossbeam-epoch) once every thread that
/// was reading has moved on. Because that release can happen later and on
/// another thread, writing requires `T: Send + Sync + 'static`.
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
            _pin: guard,
            ptr,
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
/// `store` or any other pin, on any thread), or when a thread exits. A write
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
/// replaces it, and no replaced value can be freed: drop it soon.
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
pub struct ValueRef<'a, T> {
    /// Held, never read: while it lives the pointee cannot be reclaimed.
    _pin: Guard,
    ptr: NonNull<T>,
    _cell: PhantomData<&'a T>,
}

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
        // reference to it cannot be released while `this._pin` is pinned.
        unsafe {
            Arc::increment_strong_count(this.ptr.as_ptr());
            Arc::from_raw(this.ptr.as_ptr())
        }
    }
}

impl<T> Deref for ValueRef<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: alive while pinned, see `to_arc`; only shared access.
        unsafe { self.ptr.as_ref() }
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

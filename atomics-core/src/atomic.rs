//! [`Atomic<T>`]: one atomic value with Go's method set and std's.

use core::fmt;

use crate::primitive::AtomicPrimitive;
use crate::sync::{self, Ordering, cfg_cas, cfg_not_loom, cfg_width};
use crate::table::atomic_types;

cfg_cas! {
    use crate::primitive::{AtomicInteger, AtomicNumber};
}

/// One atomically accessed value: Go's typed atomics (`atomic.Int64`,
/// `atomic.Bool`, …) as one generic type.
///
/// `Atomic<T>` is a `#[repr(transparent)]` wrapper over the `core::sync::atomic`
/// type of `T`'s width: same size as `T`, alignment equal to its size (so an
/// `Atomic<u64>` is 8-aligned even on 32-bit x86, as Go's `atomic.Int64` is),
/// and every operation compiles to exactly what the std atomic's does.
///
/// It is not `Clone` or `Copy` (Go's `noCopy`): a copy would be a second,
/// unrelated cell. Share it by reference, in an `Arc`, or in a `static`.
///
/// # Orderings
///
/// The plain methods (`load`, `add`, `compare_and_swap`, …) are sequentially
/// consistent, as Go's are. Each has a `_with` twin taking the same arguments
/// followed by explicit [`Ordering`]s: one ordering for a load, store or
/// read-modify-write (`load_with(Acquire)`, `add_with(1, Relaxed)`), and two,
/// success then failure, for the compare-and-swap family and the CAS loops
/// (`compare_exchange_with(cur, new, AcqRel, Acquire)`,
/// `update_with(f, AcqRel, Acquire)`).
///
/// # Return values
///
/// Go and Rust disagree about what an update returns, and this type keeps both
/// conventions, by name: Go's `add`/`sub` return the **new** value; Rust's
/// `fetch_add`/`fetch_sub` and everything else that modifies (`swap`, `and`,
/// `or`, `xor`, `max`, `min`, `not`, `update`, `try_update`) return the
/// **old** one. Integer arithmetic wraps on overflow, in both.
///
/// # std interop
///
/// [`as_std`](Self::as_std) and [`from_std`](Self::from_std) convert
/// references to and from the std atomic of the same width (`&AtomicU64`
/// for an `Atomic<u64>`; for floats the unsigned atomic holding the bits),
/// [`as_ptr`](Self::as_ptr) gives the address, and `From`/`Into` convert by
/// value both ways:
///
/// ```
/// use atomics_core::Atomic;
/// use std::sync::atomic::{AtomicU64, Ordering};
///
/// let ours: Atomic<u64> = AtomicU64::new(1).into();
/// let theirs: AtomicU64 = ours.into();
/// assert_eq!(theirs.load(Ordering::Relaxed), 1);
/// ```
///
/// # Examples
///
/// ```
/// use atomics_core::Atomic;
/// use std::{sync::Arc, thread};
///
/// let requests = Arc::new(Atomic::new(0u64));
/// let workers: Vec<_> = (0..4)
///     .map(|_| {
///         let requests = Arc::clone(&requests);
///         thread::spawn(move || {
///             for _ in 0..1000 {
///                 requests.add(1);
///             }
///         })
///     })
///     .collect();
/// for w in workers {
///     w.join().unwrap();
/// }
/// assert_eq!(requests.load(), 4000);
/// ```
#[repr(transparent)]
pub struct Atomic<T: AtomicPrimitive> {
    pub(crate) repr: T::Repr,
}

/// Reinterprets a `T` as its atomic in a `const fn`, where trait methods can't
/// be called. Sound because every std atomic has the same size and bit
/// validity as the integer it wraps (checked in [`Atomic::new`]) and floats are
/// stored as their bits.
#[cfg(not(atomics_loom))]
union Transmute<T: AtomicPrimitive> {
    value: core::mem::ManuallyDrop<T>,
    repr: core::mem::ManuallyDrop<T::Repr>,
}

impl<T: AtomicPrimitive> Atomic<T> {
    /// Creates a new atomic holding `value`. Usable in `const` and `static`
    /// initialisers.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// static ACTIVE: Atomic<u32> = Atomic::new(0);
    /// ACTIVE.add(1);
    /// assert_eq!(ACTIVE.load(), 1);
    /// ```
    #[cfg(not(atomics_loom))]
    #[inline]
    #[must_use]
    pub const fn new(value: T) -> Self {
        const {
            assert!(core::mem::size_of::<T>() == core::mem::size_of::<T::Repr>());
        }
        let cast = Transmute::<T> {
            value: core::mem::ManuallyDrop::new(value),
        };
        // SAFETY: `T::Repr` is the std atomic of `T`'s width, which has the
        // same size (asserted above) and accepts every bit pattern `T` can
        // hold (integers and bools as themselves, floats as their bits; a
        // user type's `ViaRepr` is transparent over its primitive's atomic,
        // and `Via`'s contract makes its bytes a valid primitive); the
        // union was fully initialised through `value`.
        let repr = unsafe { core::mem::ManuallyDrop::into_inner(cast.repr) };
        Self { repr }
    }

    /// Creates a new atomic holding `value` (not `const` under loom, whose
    /// atomics register with the model when created).
    #[cfg(atomics_loom)]
    pub fn new(value: T) -> Self {
        Self {
            repr: T::__new(value),
        }
    }

    /// Loads the value (sequentially consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let value = Atomic::new(42i32);
    /// assert_eq!(value.load(), 42);
    /// ```
    #[inline]
    pub fn load(&self) -> T {
        self.load_with(Ordering::SeqCst)
    }

    /// Loads the value with `order`.
    ///
    /// # Panics
    ///
    /// If `order` is `Release` or `AcqRel`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let ready = Atomic::new(true);
    /// assert!(ready.load_with(Ordering::Acquire));
    /// ```
    #[inline]
    #[track_caller]
    pub fn load_with(&self, order: Ordering) -> T {
        sync::check_load(order);
        T::__load(&self.repr, order)
    }

    /// Stores `value` (sequentially consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let value = Atomic::new(0i32);
    /// value.store(100);
    /// assert_eq!(value.load(), 100);
    /// ```
    #[inline]
    pub fn store(&self, value: T) {
        self.store_with(value, Ordering::SeqCst)
    }

    /// Stores `value` with `order`.
    ///
    /// # Panics
    ///
    /// If `order` is `Acquire` or `AcqRel`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let ready = Atomic::new(false);
    /// ready.store_with(true, Ordering::Release);
    /// assert!(ready.load_with(Ordering::Acquire));
    /// ```
    #[inline]
    #[track_caller]
    pub fn store_with(&self, value: T, order: Ordering) {
        sync::check_store(order);
        T::__store(&self.repr, value, order)
    }

    /// Consumes the atomic and returns the value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let done = Atomic::new(3u64);
    /// done.add(1);
    /// assert_eq!(done.into_inner(), 4);
    /// ```
    #[inline]
    pub fn into_inner(self) -> T {
        self.load_with(Ordering::Relaxed)
    }
}

cfg_cas! {
impl<T: AtomicPrimitive> Atomic<T> {
    /// Stores `value` and returns the previous value (sequentially consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let value = Atomic::new(42i32);
    /// assert_eq!(value.swap(100), 42);
    /// assert_eq!(value.load(), 100);
    /// ```
    #[inline]
    pub fn swap(&self, value: T) -> T {
        self.swap_with(value, Ordering::SeqCst)
    }

    /// Stores `value` with `order` and returns the previous value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let value = Atomic::new(1u8);
    /// assert_eq!(value.swap_with(2, Ordering::AcqRel), 1);
    /// ```
    #[inline]
    #[track_caller]
    pub fn swap_with(&self, value: T, order: Ordering) -> T {
        T::__swap(&self.repr, value, order)
    }

    /// Go's `CompareAndSwap`: stores `new` if the value is `old`, and says
    /// whether it did (sequentially consistent).
    ///
    /// Floats are compared by bit pattern (see [`compare_exchange`](Self::compare_exchange)).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let value = Atomic::new(42i32);
    /// assert!(value.compare_and_swap(42, 100));
    /// assert!(!value.compare_and_swap(42, 7));
    /// assert_eq!(value.load(), 100);
    /// ```
    #[inline]
    pub fn compare_and_swap(&self, old: T, new: T) -> bool {
        self.compare_and_swap_with(old, new, Ordering::SeqCst, Ordering::SeqCst)
    }

    /// [`compare_and_swap`](Self::compare_and_swap) with explicit orderings:
    /// `success` for the store, `failure` for the load when the value differs.
    ///
    /// # Panics
    ///
    /// If `failure` is `Release` or `AcqRel`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let state = Atomic::new(0u8);
    /// assert!(state.compare_and_swap_with(0, 1, Ordering::AcqRel, Ordering::Acquire));
    /// ```
    #[inline]
    #[track_caller]
    pub fn compare_and_swap_with(
        &self,
        old: T,
        new: T,
        success: Ordering,
        failure: Ordering,
    ) -> bool {
        self.compare_exchange_with(old, new, success, failure)
            .is_ok()
    }

    /// Stores `new` if the value is `current`; returns `Ok(previous)` if it
    /// did, `Err(actual)` if it did not (sequentially consistent).
    ///
    /// Floats are compared by bit pattern: a NaN matches the same NaN, and
    /// `0.0` does not match `-0.0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let value = Atomic::new(5u32);
    /// assert_eq!(value.compare_exchange(5, 10), Ok(5));
    /// assert_eq!(value.compare_exchange(5, 12), Err(10));
    ///
    /// let x = Atomic::new(f64::NAN);
    /// assert!(x.compare_exchange(f64::NAN, 1.0).is_ok());
    /// ```
    #[inline]
    pub fn compare_exchange(&self, current: T, new: T) -> Result<T, T> {
        self.compare_exchange_with(current, new, Ordering::SeqCst, Ordering::SeqCst)
    }

    /// [`compare_exchange`](Self::compare_exchange) with explicit orderings.
    ///
    /// # Panics
    ///
    /// If `failure` is `Release` or `AcqRel`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let value = Atomic::new(5i64);
    /// let r = value.compare_exchange_with(5, 6, Ordering::AcqRel, Ordering::Relaxed);
    /// assert_eq!(r, Ok(5));
    /// ```
    #[inline]
    #[track_caller]
    pub fn compare_exchange_with(
        &self,
        current: T,
        new: T,
        success: Ordering,
        failure: Ordering,
    ) -> Result<T, T> {
        sync::check_failure(failure);
        T::__compare_exchange(&self.repr, current, new, success, failure)
    }

    /// Like [`compare_exchange`](Self::compare_exchange), but allowed to fail
    /// spuriously (even when the value is `current`), which is cheaper on some
    /// targets inside a retry loop.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let value = Atomic::new(3u16);
    /// let mut cur = value.load();
    /// loop {
    ///     match value.compare_exchange_weak(cur, cur * 2) {
    ///         Ok(_) => break,
    ///         Err(actual) => cur = actual,
    ///     }
    /// }
    /// assert_eq!(value.load(), 6);
    /// ```
    #[inline]
    pub fn compare_exchange_weak(&self, current: T, new: T) -> Result<T, T> {
        self.compare_exchange_weak_with(current, new, Ordering::SeqCst, Ordering::SeqCst)
    }

    /// [`compare_exchange_weak`](Self::compare_exchange_weak) with explicit orderings.
    ///
    /// # Panics
    ///
    /// If `failure` is `Release` or `AcqRel`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let value = Atomic::new(1u32);
    /// while value
    ///     .compare_exchange_weak_with(1, 2, Ordering::Release, Ordering::Relaxed)
    ///     .is_err()
    /// {}
    /// assert_eq!(value.load(), 2);
    /// ```
    #[inline]
    #[track_caller]
    pub fn compare_exchange_weak_with(
        &self,
        current: T,
        new: T,
        success: Ordering,
        failure: Ordering,
    ) -> Result<T, T> {
        sync::check_failure(failure);
        T::__compare_exchange_weak(&self.repr, current, new, success, failure)
    }

    /// Replaces the value with `f(value)` in a compare-and-swap loop and
    /// returns the previous value (sequentially consistent).
    ///
    /// `f` may run more than once when other threads write in between; it
    /// should be a pure function of its argument. For floats the loop compares
    /// bit patterns, so it terminates on a NaN cell too.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let level = Atomic::new(3u32);
    /// assert_eq!(level.update(|l| l.saturating_sub(5)), 3);
    /// assert_eq!(level.load(), 0);
    /// ```
    #[inline]
    pub fn update(&self, f: impl FnMut(T) -> T) -> T {
        self.update_with(f, Ordering::SeqCst, Ordering::SeqCst)
    }

    /// [`update`](Self::update) with explicit orderings: `set_order` for the
    /// successful write, `fetch_order` for the loads.
    ///
    /// # Panics
    ///
    /// If `fetch_order` is `Release` or `AcqRel`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let x = Atomic::new(2.0f64);
    /// let old = x.update_with(|v| v * v, Ordering::AcqRel, Ordering::Acquire);
    /// assert_eq!((old, x.load()), (2.0, 4.0));
    /// ```
    #[inline]
    #[track_caller]
    pub fn update_with(
        &self,
        mut f: impl FnMut(T) -> T,
        set_order: Ordering,
        fetch_order: Ordering,
    ) -> T {
        sync::check_failure(fetch_order);
        match T::__fetch_update(&self.repr, set_order, fetch_order, |v| Some(f(v))) {
            Ok(previous) | Err(previous) => previous,
        }
    }

    /// Replaces the value with `f(value)` while `f` returns `Some`, in a
    /// compare-and-swap loop; returns `Ok(previous)` once stored, or
    /// `Err(current)` as soon as `f` returns `None` (sequentially consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// // Take a ticket only while some are left.
    /// let tickets = Atomic::new(1u32);
    /// assert_eq!(tickets.try_update(|t| t.checked_sub(1)), Ok(1));
    /// assert_eq!(tickets.try_update(|t| t.checked_sub(1)), Err(0));
    /// ```
    #[inline]
    pub fn try_update(&self, f: impl FnMut(T) -> Option<T>) -> Result<T, T> {
        self.try_update_with(f, Ordering::SeqCst, Ordering::SeqCst)
    }

    /// [`try_update`](Self::try_update) with explicit orderings: `set_order`
    /// for the successful write, `fetch_order` for the loads.
    ///
    /// # Panics
    ///
    /// If `fetch_order` is `Release` or `AcqRel`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let slots = Atomic::new(0i32);
    /// let r = slots.try_update_with(|s| (s < 2).then_some(s + 1), Ordering::AcqRel, Ordering::Acquire);
    /// assert_eq!(r, Ok(0));
    /// ```
    #[inline]
    #[track_caller]
    pub fn try_update_with(
        &self,
        f: impl FnMut(T) -> Option<T>,
        set_order: Ordering,
        fetch_order: Ordering,
    ) -> Result<T, T> {
        sync::check_failure(fetch_order);
        T::__fetch_update(&self.repr, set_order, fetch_order, f)
    }
}
}

#[cfg(not(atomics_loom))]
impl<T: AtomicPrimitive> Atomic<T> {
    /// A mutable reference to the value: no atomic operation is needed, the
    /// borrow proves no other thread can see it.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let mut n = Atomic::new(1i32);
    /// *n.get_mut() += 1;
    /// assert_eq!(n.load(), 2);
    /// ```
    #[inline]
    pub fn get_mut(&mut self) -> &mut T {
        // SAFETY: `Atomic<T>` is a transparent wrapper over `T::Repr`, which
        // has `T`'s size and at least `T`'s alignment and holds a valid `T`
        // (every value ever stored was a `T`, floats as their bits; for a
        // user type see `via.rs`); the exclusive borrow rules out concurrent
        // access, and through the `&mut T` only valid `T`s can be written.
        unsafe { &mut *(self as *mut Self).cast::<T>() }
    }

    /// Views a `&mut T` as an atomic, for the length of the borrow (as std's
    /// `AtomicU64::from_mut`).
    ///
    /// This only compiles where `T` is as aligned as its atomic
    /// ([`AtomicAligned`](crate::AtomicAligned)): on 32-bit x86 Linux a `u64` is 4-aligned, so
    /// `Atomic::<u64>::from_mut` is a compile error there instead of Go's
    /// run-time alignment fault.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let mut flags = 0b0001u32;
    /// Atomic::from_mut(&mut flags).or(0b0100);
    /// assert_eq!(flags, 0b0101);
    /// ```
    #[inline]
    pub fn from_mut(value: &mut T) -> &mut Self
    where
        T: crate::AtomicAligned,
    {
        const {
            assert!(
                core::mem::align_of::<T>() >= core::mem::align_of::<Self>(),
                "this type is less aligned than its atomic on this target: store an `Atomic<T>` instead"
            );
        }
        // SAFETY: same size and representation (see `get_mut`); the alignment
        // of `value` is enough for `Self` (asserted above at compile time);
        // the exclusive borrow is carried over to the result.
        unsafe { &mut *(value as *mut T).cast::<Self>() }
    }

    /// Views the `T` at `ptr` as an atomic, for lifetime `'a` (shared memory,
    /// `mmap`, FFI).
    ///
    /// # Safety
    ///
    /// - `ptr` must be aligned to `align_of::<Atomic<T>>()` (which can exceed
    ///   `align_of::<T>()`: 8 for a `u64` on 32-bit x86). Debug builds check
    ///   this and panic with the address; release builds trust you.
    /// - `ptr` must be valid for reads and writes for all of `'a`.
    /// - For all of `'a`, every access to the value must be atomic: no
    ///   non-atomic read or write through another path, and no access through
    ///   atomics of another size (mixed-size access).
    /// - The memory must hold a valid `T`, and every write through another
    ///   path must write one. For the primitives every initialised bit
    ///   pattern is one (a `bool` must be 0 or 1); a user type made
    ///   atomic-capable (an enum over its `repr`) has fewer values
    ///   than its primitive (an enum: only its discriminants), and reading
    ///   any other back is undefined behaviour.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let mut slot = Atomic::new(0u64); // an aligned place for a u64
    /// let ptr: *mut u64 = slot.get_mut();
    /// // SAFETY: `ptr` is aligned, valid for the block, and only accessed atomically in it.
    /// let counter = unsafe { Atomic::<u64>::from_ptr(ptr) };
    /// counter.add(5);
    /// assert_eq!(counter.load(), 5);
    /// ```
    #[inline]
    pub unsafe fn from_ptr<'a>(ptr: *mut T) -> &'a Self {
        debug_assert!(
            ptr.cast::<Self>().is_aligned(),
            "Atomic::from_ptr: {ptr:p} is not aligned to {} bytes, the alignment of its atomic",
            core::mem::align_of::<Self>()
        );
        // SAFETY: the caller promises alignment, validity for 'a, a valid `T`
        // and atomic-only access; the layouts match (see `get_mut`).
        unsafe { &*ptr.cast::<Self>() }
    }

    /// A raw pointer to the value, for FFI and for code that needs the
    /// address (as std's `AtomicU64::as_ptr`). Reads and writes through it
    /// must be atomic while other threads can see the value; for floats it
    /// points at the bits' storage, typed as the float.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let cell = Atomic::new(7u32);
    /// let ptr: *mut u32 = cell.as_ptr();
    /// // SAFETY: no other thread can see `cell`, so a plain read is fine.
    /// assert_eq!(unsafe { ptr.read() }, 7);
    /// ```
    #[inline]
    #[must_use]
    pub const fn as_ptr(&self) -> *mut T {
        // The value lives inside the std atomic's `UnsafeCell`, so writing
        // through a pointer derived from `&self` is allowed.
        (&raw const self.repr).cast_mut().cast::<T>()
    }

    /// The std atomic this one wraps (`&AtomicU64` for an `Atomic<u64>`;
    /// the unsigned atomic of the same width for a float, holding its bits),
    /// for APIs written against `core::sync::atomic`. For a user type (an
    /// enum made atomic-capable over its `repr`) it is an
    /// opaque handle with no methods, which only `from_std` takes back: a
    /// std atomic could store a value that is not a valid `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    /// use std::sync::atomic::{AtomicU64, Ordering};
    ///
    /// fn legacy(hits: &AtomicU64) {
    ///     hits.fetch_add(1, Ordering::Relaxed);
    /// }
    ///
    /// let hits = Atomic::new(1u64);
    /// legacy(hits.as_std());
    /// assert_eq!(hits.load(), 2);
    /// ```
    #[inline]
    #[must_use]
    pub const fn as_std(&self) -> &T::Repr {
        &self.repr
    }

    /// Views a std atomic as this crate's (`&AtomicU64` as `&Atomic<u64>`):
    /// the same memory, with Go's method set.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    /// use std::sync::atomic::AtomicU64;
    ///
    /// static LEGACY: AtomicU64 = AtomicU64::new(41);
    /// assert_eq!(Atomic::<u64>::from_std(&LEGACY).add(1), 42);
    /// ```
    #[inline]
    #[must_use]
    pub const fn from_std(atomic: &T::Repr) -> &Self {
        // SAFETY: `Atomic<T>` is `#[repr(transparent)]` over `T::Repr`, so the
        // two have the same layout, and every bit pattern a `T::Repr` holds is
        // a valid `T` (the atomic-capable types are the integers, `bool` (whose
        // atomic only ever holds 0 or 1) and floats as their bits; a user
        // type's `ViaRepr<T>` holds only valid `T`s, see `via.rs`). The
        // lifetime is carried over.
        unsafe { &*(&raw const *atomic).cast::<Self>() }
    }
}

impl<T: AtomicPrimitive> Default for Atomic<T> {
    /// An atomic holding `T::default()` (zero, `false`).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let n: Atomic<u8> = Atomic::default();
    /// assert_eq!(n.load(), 0);
    /// ```
    #[inline]
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T: AtomicPrimitive> From<T> for Atomic<T> {
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let flag: Atomic<bool> = true.into();
    /// assert!(flag.load());
    /// ```
    #[inline]
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T: AtomicPrimitive> fmt::Debug for Atomic<T> {
    /// Shows the current value (a relaxed load), as std's atomics do.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// assert_eq!(format!("{:?}", Atomic::new(-3i16)), "-3");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.load_with(Ordering::Relaxed), f)
    }
}
cfg_cas! {
/// Arithmetic on integers and floats. Integers wrap on overflow and do each
/// operation in one instruction; floats run a compare-and-swap loop whose
/// loads use the strongest ordering the write's ordering allows, and follow
/// IEEE 754 (rounding, NaN).
impl<T: AtomicNumber> Atomic<T> {
    /// Go's `Add`: adds `delta` and returns the **new** value (sequentially
    /// consistent). Integers wrap on overflow.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let n = Atomic::new(40u64);
    /// assert_eq!(n.add(2), 42);
    /// assert_eq!(Atomic::new(u8::MAX).add(1), 0);
    /// assert_eq!(Atomic::new(1.5f32).add(2.0), 3.5);
    /// ```
    #[inline]
    pub fn add(&self, delta: T) -> T {
        self.add_with(delta, Ordering::SeqCst)
    }

    /// [`add`](Self::add) with `order`; returns the new value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let n = Atomic::new(1i32);
    /// assert_eq!(n.add_with(1, Ordering::Relaxed), 2);
    /// ```
    #[inline]
    #[track_caller]
    pub fn add_with(&self, delta: T, order: Ordering) -> T {
        T::__add(&self.repr, delta, order)
    }

    /// Go's `Add` of a negative delta: subtracts `delta` and returns the
    /// **new** value (sequentially consistent). Integers wrap on overflow.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let n = Atomic::new(10i16);
    /// assert_eq!(n.sub(3), 7);
    /// assert_eq!(Atomic::new(i8::MIN).sub(1), i8::MAX);
    /// assert_eq!(Atomic::new(1.0f64).sub(0.25), 0.75);
    /// ```
    #[inline]
    pub fn sub(&self, delta: T) -> T {
        self.sub_with(delta, Ordering::SeqCst)
    }

    /// [`sub`](Self::sub) with `order`; returns the new value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let n = Atomic::new(2usize);
    /// assert_eq!(n.sub_with(1, Ordering::Release), 1);
    /// ```
    #[inline]
    #[track_caller]
    pub fn sub_with(&self, delta: T, order: Ordering) -> T {
        T::__sub(&self.repr, delta, order)
    }

    /// Adds `delta` and returns the **old** value (std's `fetch_add`;
    /// sequentially consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let n = Atomic::new(40u32);
    /// assert_eq!(n.fetch_add(2), 40);
    /// assert_eq!(n.load(), 42);
    /// ```
    #[inline]
    pub fn fetch_add(&self, delta: T) -> T {
        self.fetch_add_with(delta, Ordering::SeqCst)
    }

    /// [`fetch_add`](Self::fetch_add) with `order`; returns the old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let total = Atomic::new(1.0f64);
    /// assert_eq!(total.fetch_add_with(1.0, Ordering::Relaxed), 1.0);
    /// ```
    #[inline]
    #[track_caller]
    pub fn fetch_add_with(&self, delta: T, order: Ordering) -> T {
        T::__fetch_add(&self.repr, delta, order)
    }

    /// Subtracts `delta` and returns the **old** value (std's `fetch_sub`;
    /// sequentially consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let n = Atomic::new(10i64);
    /// assert_eq!(n.fetch_sub(3), 10);
    /// assert_eq!(n.load(), 7);
    /// ```
    #[inline]
    pub fn fetch_sub(&self, delta: T) -> T {
        self.fetch_sub_with(delta, Ordering::SeqCst)
    }

    /// [`fetch_sub`](Self::fetch_sub) with `order`; returns the old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let n = Atomic::new(1u8);
    /// assert_eq!(n.fetch_sub_with(1, Ordering::AcqRel), 1);
    /// ```
    #[inline]
    #[track_caller]
    pub fn fetch_sub_with(&self, delta: T, order: Ordering) -> T {
        T::__fetch_sub(&self.repr, delta, order)
    }

    /// Stores the maximum of the value and `value`; returns the **old** value
    /// (sequentially consistent). For floats it is `f64::max`: a NaN on
    /// either side yields the other operand.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let peak = Atomic::new(5u32);
    /// assert_eq!(peak.max(9), 5);
    /// assert_eq!(peak.max(7), 9);
    /// assert_eq!(peak.load(), 9);
    /// let x = Atomic::new(f64::NAN);
    /// assert!(x.max(1.0).is_nan());
    /// assert_eq!(x.load(), 1.0);
    /// ```
    #[inline]
    pub fn max(&self, value: T) -> T {
        self.max_with(value, Ordering::SeqCst)
    }

    /// [`max`](Self::max) with `order`; returns the old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let peak = Atomic::new(1i8);
    /// assert_eq!(peak.max_with(3, Ordering::Relaxed), 1);
    /// ```
    #[inline]
    #[track_caller]
    pub fn max_with(&self, value: T, order: Ordering) -> T {
        T::__fetch_max(&self.repr, value, order)
    }

    /// Stores the minimum of the value and `value`; returns the **old** value
    /// (sequentially consistent). For floats it is `f64::min`: a NaN on
    /// either side yields the other operand.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let low = Atomic::new(5i32);
    /// assert_eq!(low.min(2), 5);
    /// assert_eq!(low.load(), 2);
    /// assert_eq!(Atomic::new(1.0f32).min(-2.0), 1.0);
    /// ```
    #[inline]
    pub fn min(&self, value: T) -> T {
        self.min_with(value, Ordering::SeqCst)
    }

    /// [`min`](Self::min) with `order`; returns the old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let low = Atomic::new(4u16);
    /// assert_eq!(low.min_with(3, Ordering::Relaxed), 4);
    /// ```
    #[inline]
    #[track_caller]
    pub fn min_with(&self, value: T, order: Ordering) -> T {
        T::__fetch_min(&self.repr, value, order)
    }
}

/// Bitwise operations on integers. Each returns the **old** value (Go 1.23's
/// `And`/`Or`; std's `fetch_and`/`fetch_or`).
impl<T: AtomicInteger> Atomic<T> {
    /// Go's `And`: bitwise-ands `mask` into the value and returns the **old**
    /// value (sequentially consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let bits = Atomic::new(0b0110u8);
    /// assert_eq!(bits.and(0b0011), 0b0110);
    /// assert_eq!(bits.load(), 0b0010);
    /// ```
    #[inline]
    pub fn and(&self, mask: T) -> T {
        self.and_with(mask, Ordering::SeqCst)
    }

    /// [`and`](Self::and) with `order`; returns the old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let bits = Atomic::new(3u32);
    /// assert_eq!(bits.and_with(1, Ordering::AcqRel), 3);
    /// ```
    #[inline]
    #[track_caller]
    pub fn and_with(&self, mask: T, order: Ordering) -> T {
        T::__fetch_and(&self.repr, mask, order)
    }

    /// Go's `Or`: bitwise-ors `mask` into the value and returns the **old**
    /// value (sequentially consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let bits = Atomic::new(0b0100u16);
    /// assert_eq!(bits.or(0b0001), 0b0100);
    /// assert_eq!(bits.load(), 0b0101);
    /// ```
    #[inline]
    pub fn or(&self, mask: T) -> T {
        self.or_with(mask, Ordering::SeqCst)
    }

    /// [`or`](Self::or) with `order`; returns the old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let bits = Atomic::new(0i64);
    /// assert_eq!(bits.or_with(2, Ordering::Release), 0);
    /// ```
    #[inline]
    #[track_caller]
    pub fn or_with(&self, mask: T, order: Ordering) -> T {
        T::__fetch_or(&self.repr, mask, order)
    }

    /// Bitwise-xors `mask` into the value (toggles its bits) and returns the
    /// **old** value (sequentially consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let bits = Atomic::new(0b0101usize);
    /// assert_eq!(bits.xor(0b0011), 0b0101);
    /// assert_eq!(bits.load(), 0b0110);
    /// ```
    #[inline]
    pub fn xor(&self, mask: T) -> T {
        self.xor_with(mask, Ordering::SeqCst)
    }

    /// [`xor`](Self::xor) with `order`; returns the old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let bits = Atomic::new(1i8);
    /// assert_eq!(bits.xor_with(1, Ordering::AcqRel), 1);
    /// ```
    #[inline]
    #[track_caller]
    pub fn xor_with(&self, mask: T, order: Ordering) -> T {
        T::__fetch_xor(&self.repr, mask, order)
    }

    /// Sets bit `n` (counting from the least significant, 0) and returns its
    /// **old** value: `true` if it was already set (sequentially consistent).
    /// One `lock bts` on x86, as std's `fetch_or(1 << n)` compiles to.
    ///
    /// `n` must be below the type's width: as with `1 << n`, debug builds
    /// panic otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let flags = Atomic::new(0u32);
    /// assert!(!flags.bit_set(4)); // was clear
    /// assert!(flags.bit_set(4)); // already set
    /// assert_eq!(flags.load(), 1 << 4);
    /// ```
    #[inline]
    #[track_caller]
    pub fn bit_set(&self, n: u32) -> bool {
        self.bit_set_with(n, Ordering::SeqCst)
    }

    /// [`bit_set`](Self::bit_set) with `order`; returns the bit's old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let flags = Atomic::new(0u8);
    /// assert!(!flags.bit_set_with(7, Ordering::AcqRel));
    /// assert_eq!(flags.load(), 0x80);
    /// ```
    #[inline]
    #[track_caller]
    pub fn bit_set_with(&self, n: u32, order: Ordering) -> bool {
        let mask = T::__bit(n);
        T::__fetch_or(&self.repr, mask, order).__any(mask)
    }

    /// Clears bit `n` and returns its **old** value: `true` if it was set
    /// (sequentially consistent). `n` must be below the type's width.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let flags = Atomic::new(0b11u64);
    /// assert!(flags.bit_clear(0));
    /// assert!(!flags.bit_clear(0));
    /// assert_eq!(flags.load(), 0b10);
    /// ```
    #[inline]
    #[track_caller]
    pub fn bit_clear(&self, n: u32) -> bool {
        self.bit_clear_with(n, Ordering::SeqCst)
    }

    /// [`bit_clear`](Self::bit_clear) with `order`; returns the bit's old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let flags = Atomic::new(1i16);
    /// assert!(flags.bit_clear_with(0, Ordering::Release));
    /// ```
    #[inline]
    #[track_caller]
    pub fn bit_clear_with(&self, n: u32, order: Ordering) -> bool {
        let mask = T::__bit(n);
        T::__fetch_and(&self.repr, mask.__not(), order).__any(mask)
    }

    /// Flips bit `n` and returns its **old** value (sequentially consistent).
    /// `n` must be below the type's width.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let flags = Atomic::new(0usize);
    /// assert!(!flags.bit_toggle(1));
    /// assert!(flags.bit_toggle(1));
    /// assert_eq!(flags.load(), 0);
    /// ```
    #[inline]
    #[track_caller]
    pub fn bit_toggle(&self, n: u32) -> bool {
        self.bit_toggle_with(n, Ordering::SeqCst)
    }

    /// [`bit_toggle`](Self::bit_toggle) with `order`; returns the bit's old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let flags = Atomic::new(0i32);
    /// assert!(!flags.bit_toggle_with(31, Ordering::Relaxed));
    /// assert_eq!(flags.load(), i32::MIN);
    /// ```
    #[inline]
    #[track_caller]
    pub fn bit_toggle_with(&self, n: u32, order: Ordering) -> bool {
        let mask = T::__bit(n);
        T::__fetch_xor(&self.repr, mask, order).__any(mask)
    }
}

/// Logic on a flag. Each returns the **old** value.
impl Atomic<bool> {
    /// Logical "and" with `value`; returns the **old** value (sequentially
    /// consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let ok = Atomic::new(true);
    /// assert!(ok.and(false));
    /// assert!(!ok.load());
    /// ```
    #[inline]
    pub fn and(&self, value: bool) -> bool {
        self.and_with(value, Ordering::SeqCst)
    }

    /// [`and`](Self::and) with `order`; returns the old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let ok = Atomic::new(true);
    /// assert!(ok.and_with(true, Ordering::AcqRel));
    /// ```
    #[inline]
    #[track_caller]
    pub fn and_with(&self, value: bool, order: Ordering) -> bool {
        self.repr.fetch_and(value, order)
    }

    /// Logical "or" with `value`; returns the **old** value (sequentially
    /// consistent). `flag.or(true)` sets a flag and says whether it was
    /// already set.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let seen = Atomic::new(false);
    /// assert!(!seen.or(true)); // first time
    /// assert!(seen.or(true)); // already set
    /// ```
    #[inline]
    pub fn or(&self, value: bool) -> bool {
        self.or_with(value, Ordering::SeqCst)
    }

    /// [`or`](Self::or) with `order`; returns the old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let seen = Atomic::new(false);
    /// assert!(!seen.or_with(true, Ordering::AcqRel));
    /// ```
    #[inline]
    #[track_caller]
    pub fn or_with(&self, value: bool, order: Ordering) -> bool {
        self.repr.fetch_or(value, order)
    }

    /// Logical "xor" with `value`; returns the **old** value (sequentially
    /// consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let flag = Atomic::new(true);
    /// assert!(flag.xor(true));
    /// assert!(!flag.load());
    /// ```
    #[inline]
    pub fn xor(&self, value: bool) -> bool {
        self.xor_with(value, Ordering::SeqCst)
    }

    /// [`xor`](Self::xor) with `order`; returns the old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let flag = Atomic::new(false);
    /// assert!(!flag.xor_with(true, Ordering::Relaxed));
    /// ```
    #[inline]
    #[track_caller]
    pub fn xor_with(&self, value: bool, order: Ordering) -> bool {
        self.repr.fetch_xor(value, order)
    }

    /// Toggles the flag; returns the **old** value (sequentially consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    ///
    /// let light = Atomic::new(false);
    /// assert!(!light.not());
    /// assert!(light.load());
    /// ```
    #[inline]
    pub fn not(&self) -> bool {
        self.not_with(Ordering::SeqCst)
    }

    /// [`not`](Self::not) with `order`; returns the old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Ordering};
    ///
    /// let light = Atomic::new(true);
    /// assert!(light.not_with(Ordering::AcqRel));
    /// ```
    #[inline]
    #[track_caller]
    pub fn not_with(&self, order: Ordering) -> bool {
        self.repr.fetch_xor(true, order)
    }
}
}

// `From` both ways between each `Atomic<T>` and the std atomic it wraps.
// Hidden from the docs, where 26 impls would bury the methods; `Atomic`'s
// "std interop" section documents them.
macro_rules! std_conversions {
    ($($t:ident, $width:tt, $atomic:ident, $kind:ident, [$($go:tt)*];)*) => {$(
        cfg_width! { $width,
            cfg_not_loom! {
                #[doc(hidden)]
                impl From<sync::$atomic> for Atomic<$t> {
                    #[doc = concat!("Takes over a std `", stringify!($atomic), "` (for floats: its bits).")]
                    ///
                    /// # Examples
                    ///
                    /// ```
                    #[doc = concat!("use std::sync::atomic::", stringify!($atomic), ";")]
                    /// use atomics_core::Atomic;
                    ///
                    #[doc = concat!("let a: Atomic<", stringify!($t), "> = ", stringify!($atomic), "::new(Default::default()).into();")]
                    #[doc = concat!("assert_eq!(a.load(), ", stringify!($t), "::default());")]
                    /// ```
                    #[inline]
                    fn from(atomic: sync::$atomic) -> Self {
                        Self { repr: atomic }
                    }
                }

                #[doc(hidden)]
                impl From<Atomic<$t>> for sync::$atomic {
                    #[doc = concat!("Gives back the std `", stringify!($atomic), "` (for floats: holding the bits).")]
                    ///
                    /// # Examples
                    ///
                    /// ```
                    #[doc = concat!("use std::sync::atomic::", stringify!($atomic), ";")]
                    /// use atomics_core::Atomic;
                    ///
                    #[doc = concat!("let std: ", stringify!($atomic), " = Atomic::<", stringify!($t), ">::default().into();")]
                    /// assert_eq!(std.into_inner(), Default::default());
                    /// ```
                    #[inline]
                    fn from(atomic: Atomic<$t>) -> Self {
                        atomic.repr
                    }
                }
            }
        }
    )*};
}

atomic_types!(std_conversions);

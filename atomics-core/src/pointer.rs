//! [`Pointer<T>`]: Go's `atomic.Pointer[T]`, a typed atomic raw pointer.

use core::fmt;
use core::ptr;

use crate::sync::{self, AtomicPtr, Ordering, cfg_cas};

/// Go's `atomic.Pointer[T]`: an atomically accessed `*mut T`.
///
/// The size of a pointer, and `Send + Sync` for every `T` (as std's
/// `AtomicPtr`): it only moves addresses around. Dereferencing what it holds
/// is `unsafe` and the caller's business: Go's garbage collector keeps the
/// pointee alive, Rust has none, so ownership and reclamation are up to you.
/// For a shared value with safe reclamation, use [`Value<T>`](crate::Value).
///
/// Its methods follow [`Atomic<T>`](crate::Atomic)'s conventions: sequentially
/// consistent by default, `_with` variants taking explicit orderings.
///
/// # Examples
///
/// ```
/// use atomics_core::Pointer;
///
/// // A self-referential type compiles, as Go's `atomic.Pointer[Node]` does.
/// struct Node {
///     value: u32,
///     next: Pointer<Node>,
/// }
///
/// let mut tail = Node { value: 2, next: Pointer::null() };
/// let head = Node { value: 1, next: Pointer::new(&mut tail) };
/// let next = head.next.load();
/// // SAFETY: `next` points to `tail`, which is alive and not mutably borrowed.
/// assert_eq!(unsafe { (*next).value }, 2);
/// assert_eq!(head.value + 1, 2);
/// ```
#[repr(transparent)]
pub struct Pointer<T> {
    ptr: AtomicPtr<T>,
}

impl<T> Pointer<T> {
    crate::__atomics_const_fn! {
        /// A pointer cell holding `ptr`. `const`, so it can initialise a `static`.
        ///
        /// # Examples
        ///
        /// ```
        /// use atomics_core::Pointer;
        ///
        /// let mut x = 5;
        /// let p = Pointer::new(&mut x);
        /// assert_eq!(p.load(), &mut x as *mut i32);
        /// ```
        #[inline]
        #[must_use]
        pub fn new(ptr: *mut T) -> Self {
            Self { ptr: AtomicPtr::new(ptr) }
        }
    }

    crate::__atomics_const_fn! {
        /// A pointer cell holding null (Go's zero `atomic.Pointer`).
        ///
        /// # Examples
        ///
        /// ```
        /// use atomics_core::Pointer;
        ///
        /// static CURRENT: Pointer<String> = Pointer::null();
        /// assert!(CURRENT.load().is_null());
        /// ```
        #[inline]
        #[must_use]
        pub fn null() -> Self {
            Self::new(ptr::null_mut())
        }
    }

    /// Loads the pointer (sequentially consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Pointer;
    ///
    /// let p: Pointer<u8> = Pointer::null();
    /// assert!(p.load().is_null());
    /// ```
    #[inline]
    pub fn load(&self) -> *mut T {
        self.load_with(Ordering::SeqCst)
    }

    /// Loads the pointer with `order`.
    ///
    /// # Panics
    ///
    /// If `order` is `Release` or `AcqRel`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Ordering, Pointer};
    ///
    /// let p: Pointer<u8> = Pointer::null();
    /// assert!(p.load_with(Ordering::Acquire).is_null());
    /// ```
    #[inline]
    #[track_caller]
    pub fn load_with(&self, order: Ordering) -> *mut T {
        sync::check_load(order);
        self.ptr.load(order)
    }

    /// Stores `ptr` (sequentially consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Pointer;
    ///
    /// let mut x = 1;
    /// let p = Pointer::null();
    /// p.store(&mut x);
    /// assert_eq!(p.load(), &mut x as *mut i32);
    /// ```
    #[inline]
    pub fn store(&self, ptr: *mut T) {
        self.store_with(ptr, Ordering::SeqCst)
    }

    /// Stores `ptr` with `order`.
    ///
    /// # Panics
    ///
    /// If `order` is `Acquire` or `AcqRel`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Ordering, Pointer};
    ///
    /// let mut x = 1;
    /// let p = Pointer::null();
    /// p.store_with(&mut x, Ordering::Release);
    /// assert!(!p.load_with(Ordering::Acquire).is_null());
    /// ```
    #[inline]
    #[track_caller]
    pub fn store_with(&self, ptr: *mut T, order: Ordering) {
        sync::check_store(order);
        self.ptr.store(ptr, order)
    }

    /// Consumes the cell and returns the pointer.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Pointer;
    ///
    /// let p: Pointer<u8> = Pointer::null();
    /// assert!(p.into_inner().is_null());
    /// ```
    #[inline]
    pub fn into_inner(self) -> *mut T {
        self.load_with(Ordering::Relaxed)
    }
}

cfg_cas! {
impl<T> Pointer<T> {
    /// Stores `ptr` and returns the previous pointer (sequentially consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Pointer;
    ///
    /// let mut x = 1;
    /// let p = Pointer::null();
    /// assert!(p.swap(&mut x).is_null());
    /// assert_eq!(p.swap(std::ptr::null_mut()), &mut x as *mut i32);
    /// ```
    #[inline]
    pub fn swap(&self, ptr: *mut T) -> *mut T {
        self.swap_with(ptr, Ordering::SeqCst)
    }

    /// Stores `ptr` with `order` and returns the previous pointer.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Ordering, Pointer};
    ///
    /// let p: Pointer<u8> = Pointer::null();
    /// assert!(p.swap_with(std::ptr::null_mut(), Ordering::AcqRel).is_null());
    /// ```
    #[inline]
    #[track_caller]
    pub fn swap_with(&self, ptr: *mut T, order: Ordering) -> *mut T {
        self.ptr.swap(ptr, order)
    }

    /// Go's `CompareAndSwap`: stores `new` if the pointer is `old` (compared
    /// by address), and says whether it did (sequentially consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Pointer;
    ///
    /// let mut x = 1;
    /// let p = Pointer::null();
    /// assert!(p.compare_and_swap(std::ptr::null_mut(), &mut x));
    /// assert!(!p.compare_and_swap(std::ptr::null_mut(), &mut x));
    /// ```
    #[inline]
    pub fn compare_and_swap(&self, old: *mut T, new: *mut T) -> bool {
        self.compare_exchange(old, new).is_ok()
    }

    /// Stores `new` if the pointer is `current`; `Ok(previous)` if it did,
    /// `Err(actual)` if not (sequentially consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Pointer;
    ///
    /// let mut x = 1;
    /// let p = Pointer::null();
    /// assert_eq!(p.compare_exchange(std::ptr::null_mut(), &mut x), Ok(std::ptr::null_mut()));
    /// ```
    #[inline]
    pub fn compare_exchange(&self, current: *mut T, new: *mut T) -> Result<*mut T, *mut T> {
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
    /// use atomics_core::{Ordering, Pointer};
    ///
    /// let mut x = 1;
    /// let p = Pointer::null();
    /// let r = p.compare_exchange_with(std::ptr::null_mut(), &mut x, Ordering::AcqRel, Ordering::Acquire);
    /// assert!(r.is_ok());
    /// ```
    #[inline]
    #[track_caller]
    pub fn compare_exchange_with(
        &self,
        current: *mut T,
        new: *mut T,
        success: Ordering,
        failure: Ordering,
    ) -> Result<*mut T, *mut T> {
        sync::check_failure(failure);
        self.ptr.compare_exchange(current, new, success, failure)
    }
}
}

impl<T> Default for Pointer<T> {
    /// A null pointer cell.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Pointer;
    ///
    /// let p: Pointer<u64> = Pointer::default();
    /// assert!(p.load().is_null());
    /// ```
    fn default() -> Self {
        Self::null()
    }
}

impl<T> From<*mut T> for Pointer<T> {
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Pointer;
    ///
    /// let p = Pointer::<u8>::from(std::ptr::null_mut());
    /// assert!(p.load().is_null());
    /// ```
    fn from(ptr: *mut T) -> Self {
        Self::new(ptr)
    }
}

impl<T> fmt::Debug for Pointer<T> {
    /// Shows the address (a relaxed load).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Pointer;
    ///
    /// let p: Pointer<u8> = Pointer::null();
    /// assert_eq!(format!("{p:?}"), "0x0");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Pointer::fmt(&self.load_with(Ordering::Relaxed), f)
    }
}

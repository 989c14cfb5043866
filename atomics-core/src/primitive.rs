//! What "atomic-capable" means: the table of atomic-capable types, the
//! [`AtomicPrimitive`] trait and the traits of its kinds ([`AtomicNumber`],
//! [`AtomicInteger`], [`AtomicFloat`], [`AtomicAligned`]).
//!
//! The impls come from the type table (`table.rs`), one row per type.

use core::fmt;

use crate::FieldValue;
use crate::sync::{self, Ordering, cfg_cas, cfg_width};
use crate::table::atomic_types;

pub(crate) mod sealed {
    /// Only this crate's table (and the types it derives) are atomic-capable.
    pub trait Sealed {}
}

/// A type this target can operate on atomically: `bool`, the integers up to
/// the pointer width (and 64 bits where the target has 64-bit atomics),
/// `f32` and `f64`.
///
/// This is Go's "limited scope" caveat made a compile-time fact: `Atomic<T>`
/// exists only for these types, and each is implemented only where
/// `cfg(target_has_atomic = "N")` says the target has atomics of its width
/// (on `thumbv7m-none-eabi` there is no `Atomic<u64>`). `char`, `u128`,
/// `String`, structs and everything else are not atomic-capable: share them
/// through [`Value<T>`](crate::Value) (an atomically swapped `Arc<T>`) or a
/// `Mutex<T>`.
///
/// On targets without compare-and-swap (`thumbv6m-none-eabi`,
/// `riscv32imc-unknown-none-elf`) the types up to 32 bits are atomic-capable
/// for loads and stores only: `Atomic<T>` has `load`, `store` and the
/// conversions there, and none of the read-modify-writes.
///
/// A fieldless enum with an integer `repr`, or a `#[repr(transparent)]`
/// newtype over one of these, is made atomic-capable with
/// [`#[derive(AtomicPrimitive)]`](macro@crate::AtomicPrimitive) (feature
/// `derive`), stored as its repr or its field.
///
/// The trait is sealed: its methods are the crate's plumbing, not API. Use it
/// as a bound (or the derive); the kinds below add bounds for their methods.
///
/// # Examples
///
/// ```
/// use atomics_core::{Atomic, AtomicPrimitive};
///
/// fn reset<T: AtomicPrimitive>(cell: &Atomic<T>) -> T {
///     cell.swap(T::default())
/// }
///
/// let hits = Atomic::new(7u32);
/// assert_eq!(reset(&hits), 7);
/// assert_eq!(hits.load(), 0);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not atomic-capable",
    label = "`{Self}` cannot be operated on atomically",
    note = "atomic-capable types are bool, i8, i16, i32, i64, isize, u8, u16, u32, u64, usize, f32 and f64 (each where the target has atomics of its width)",
    note = "to share a `{Self}` between threads, use `atomics_core::Value<{Self}>` (an atomically swapped `Arc`) or a `Mutex<{Self}>`"
)]
pub trait AtomicPrimitive:
    Copy + Default + fmt::Debug + Send + Sync + 'static + sealed::Sealed
{
    /// The atomic this type is stored in: the `core::sync::atomic` type of
    /// its width (for floats, the unsigned one: a float is stored as its
    /// bits). [`Atomic::as_std`](crate::Atomic::as_std) lends it out.
    /// Under `--cfg atomics_loom` it is loom's.
    type Repr: Send + Sync;

    #[doc(hidden)]
    fn __new(v: Self) -> Self::Repr;
    #[doc(hidden)]
    fn __load(a: &Self::Repr, order: Ordering) -> Self;
    #[doc(hidden)]
    fn __store(a: &Self::Repr, v: Self, order: Ordering);
    /// The value the derive's visitor reports.
    #[doc(hidden)]
    fn __field_value(self) -> FieldValue;

    cfg_cas! {
        #[doc(hidden)]
        fn __swap(a: &Self::Repr, v: Self, order: Ordering) -> Self;
        #[doc(hidden)]
        fn __compare_exchange(
            a: &Self::Repr,
            current: Self,
            new: Self,
            success: Ordering,
            failure: Ordering,
        ) -> Result<Self, Self>;
        #[doc(hidden)]
        fn __compare_exchange_weak(
            a: &Self::Repr,
            current: Self,
            new: Self,
            success: Ordering,
            failure: Ordering,
        ) -> Result<Self, Self>;
        #[doc(hidden)]
        fn __fetch_update<F: FnMut(Self) -> Option<Self>>(
            a: &Self::Repr,
            set_order: Ordering,
            fetch_order: Ordering,
            f: F,
        ) -> Result<Self, Self>;
    }
}

cfg_cas! {
    /// The atomic-capable numbers: the integers and the floats. Their atomics
    /// have `add`, `sub`, `fetch_add`, `fetch_sub`, `max` and `min`.
    ///
    /// Integers do each in one instruction and wrap on overflow; floats use
    /// a compare-and-swap loop and follow IEEE 754. Sealed.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, AtomicNumber};
    ///
    /// fn bump<T: AtomicNumber>(total: &Atomic<T>, by: T) -> T {
    ///     total.add(by)
    /// }
    ///
    /// assert_eq!(bump(&Atomic::new(1u8), 2), 3);
    /// assert_eq!(bump(&Atomic::new(0.5f64), 0.25), 0.75);
    /// ```
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is not an atomic number",
        label = "`{Self}` has no atomic arithmetic",
        note = "add, sub, fetch_add, fetch_sub, max and min exist for the integers and floats; a `bool` has and, or, xor and not"
    )]
    pub trait AtomicNumber: AtomicPrimitive {
        #[doc(hidden)]
        fn __add(a: &Self::Repr, delta: Self, order: Ordering) -> Self;
        #[doc(hidden)]
        fn __sub(a: &Self::Repr, delta: Self, order: Ordering) -> Self;
        #[doc(hidden)]
        fn __fetch_add(a: &Self::Repr, delta: Self, order: Ordering) -> Self;
        #[doc(hidden)]
        fn __fetch_sub(a: &Self::Repr, delta: Self, order: Ordering) -> Self;
        #[doc(hidden)]
        fn __fetch_max(a: &Self::Repr, value: Self, order: Ordering) -> Self;
        #[doc(hidden)]
        fn __fetch_min(a: &Self::Repr, value: Self, order: Ordering) -> Self;
    }

    /// The atomic-capable integers: `i8` … `i64`, `isize`, `u8` … `u64`,
    /// `usize`. Besides [`AtomicNumber`]'s arithmetic, their atomics have the
    /// bitwise `and`, `or`, `xor` and the single-bit `bit_set`, `bit_clear`,
    /// `bit_toggle`. Sealed.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, AtomicInteger};
    ///
    /// fn claim<T: AtomicInteger>(slots: &Atomic<T>, n: u32) -> bool {
    ///     !slots.bit_set(n) // true if this call set it
    /// }
    ///
    /// let slots = Atomic::new(0u16);
    /// assert!(claim(&slots, 3));
    /// assert!(!claim(&slots, 3));
    /// assert_eq!(slots.load(), 0b1000);
    /// ```
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is not an atomic integer",
        label = "`{Self}` has no atomic bitwise operations",
        note = "and, or, xor and the bit operations exist for i8 … i64, isize, u8 … u64 and usize"
    )]
    pub trait AtomicInteger: AtomicNumber {
        /// The width in bits (`u64::BITS`).
        const BITS: u32;
        #[doc(hidden)]
        fn __fetch_and(a: &Self::Repr, mask: Self, order: Ordering) -> Self;
        #[doc(hidden)]
        fn __fetch_or(a: &Self::Repr, mask: Self, order: Ordering) -> Self;
        #[doc(hidden)]
        fn __fetch_xor(a: &Self::Repr, mask: Self, order: Ordering) -> Self;
        /// `1 << n` (a shift: debug builds panic when `n >= BITS`).
        #[doc(hidden)]
        fn __bit(n: u32) -> Self;
        /// `!self`.
        #[doc(hidden)]
        fn __not(self) -> Self;
        /// Whether `self & mask` is not zero.
        #[doc(hidden)]
        fn __any(self, mask: Self) -> bool;
        /// The `u64` with the same value modulo 2^64 (sign-extended).
        #[doc(hidden)]
        fn __to_u64(self) -> u64;
        /// The value modulo 2^BITS (truncated).
        #[doc(hidden)]
        fn __from_u64(v: u64) -> Self;
    }

    /// The atomic-capable floats: `f32` and `f64`, stored as their bits.
    /// Their [`AtomicNumber`] arithmetic is a compare-and-swap loop, and every
    /// comparison (compare-and-swap, the CAS loops) compares bit patterns: a
    /// NaN matches the same NaN, and `0.0` does not match `-0.0`. Sealed.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, AtomicFloat};
    ///
    /// fn mean<T: AtomicFloat + Into<f64>>(sum: &Atomic<T>, n: u32) -> f64 {
    ///     sum.load().into() / f64::from(n)
    /// }
    ///
    /// let sum = Atomic::new(3.0f32);
    /// sum.add(1.0);
    /// assert_eq!(mean(&sum, 2), 2.0);
    /// ```
    pub trait AtomicFloat: AtomicNumber {}
}

/// A type whose own alignment already meets `Atomic<Self>`'s, so a `&mut Self`
/// can be viewed in place as an atomic ([`Atomic::from_mut`](crate::Atomic::from_mut)).
///
/// This is Go's alignment caveat caught by the compiler: on 32-bit x86 Linux
/// a `u64` is only 4-aligned while its atomic must be 8-aligned, so `u64`,
/// `i64` and `f64` are not `AtomicAligned` there and `Atomic::from_mut` on
/// them does not compile. Everywhere else every atomic-capable type is.
///
/// # Examples
///
/// ```
/// use atomics_core::{Atomic, AtomicAligned};
///
/// fn bump<T: AtomicAligned>(v: &mut T, f: impl FnOnce(&Atomic<T>)) {
///     f(Atomic::from_mut(v))
/// }
///
/// let mut n = 1u32;
/// bump(&mut n, |a| { a.add(1); });
/// assert_eq!(n, 2);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is less aligned than `Atomic<{Self}>` on this target, so a `&mut {Self}` cannot be viewed as one",
    label = "`{Self}`'s alignment is below its atomic's here",
    note = "Go documents this as a caveat (64-bit words must be 64-bit aligned); here it is a compile error",
    note = "store an `Atomic<{Self}>` instead of a `{Self}` (its alignment is guaranteed), or align the memory yourself and use the unsafe `Atomic::from_ptr`"
)]
pub trait AtomicAligned: AtomicPrimitive {}

/// Floats are stored as their bits; everything else as itself. The CAS loops
/// below never turn bits into a float and back before comparing, so an
/// update on a NaN cell terminates.
macro_rules! raw {
    (float, into $v:expr) => {
        $v.to_bits()
    };
    (float, from $t:ident $v:expr) => {
        $t::from_bits($v)
    };
    ($kind:ident, into $v:expr) => {
        $v
    };
    ($kind:ident, from $t:ident $v:expr) => {
        $v
    };
}

/// The kind traits of each kind.
#[allow(unused_macros)] // targets without compare-and-swap have no kinds
macro_rules! kind_impls {
    (bool, $t:ident, $atomic:ident) => {};
    (float, $t:ident, $atomic:ident) => {
        impl AtomicNumber for $t {
            #[inline]
            fn __add(a: &Self::Repr, delta: Self, order: Ordering) -> Self {
                float_apply(a, order, |v: $t| v + delta).1
            }
            #[inline]
            fn __sub(a: &Self::Repr, delta: Self, order: Ordering) -> Self {
                float_apply(a, order, |v: $t| v - delta).1
            }
            #[inline]
            fn __fetch_add(a: &Self::Repr, delta: Self, order: Ordering) -> Self {
                float_apply(a, order, |v: $t| v + delta).0
            }
            #[inline]
            fn __fetch_sub(a: &Self::Repr, delta: Self, order: Ordering) -> Self {
                float_apply(a, order, |v: $t| v - delta).0
            }
            #[inline]
            fn __fetch_max(a: &Self::Repr, value: Self, order: Ordering) -> Self {
                float_apply(a, order, |v: $t| v.max(value)).0
            }
            #[inline]
            fn __fetch_min(a: &Self::Repr, value: Self, order: Ordering) -> Self {
                float_apply(a, order, |v: $t| v.min(value)).0
            }
        }
        impl AtomicFloat for $t {}
    };
    ($sign:ident, $t:ident, $atomic:ident) => {
        impl AtomicNumber for $t {
            #[inline]
            fn __add(a: &Self::Repr, delta: Self, order: Ordering) -> Self {
                a.fetch_add(delta, order).wrapping_add(delta)
            }
            #[inline]
            fn __sub(a: &Self::Repr, delta: Self, order: Ordering) -> Self {
                a.fetch_sub(delta, order).wrapping_sub(delta)
            }
            #[inline]
            fn __fetch_add(a: &Self::Repr, delta: Self, order: Ordering) -> Self {
                a.fetch_add(delta, order)
            }
            #[inline]
            fn __fetch_sub(a: &Self::Repr, delta: Self, order: Ordering) -> Self {
                a.fetch_sub(delta, order)
            }
            #[inline]
            fn __fetch_max(a: &Self::Repr, value: Self, order: Ordering) -> Self {
                a.fetch_max(value, order)
            }
            #[inline]
            fn __fetch_min(a: &Self::Repr, value: Self, order: Ordering) -> Self {
                a.fetch_min(value, order)
            }
        }
        impl AtomicInteger for $t {
            const BITS: u32 = $t::BITS;
            #[inline]
            fn __fetch_and(a: &Self::Repr, mask: Self, order: Ordering) -> Self {
                a.fetch_and(mask, order)
            }
            #[inline]
            fn __fetch_or(a: &Self::Repr, mask: Self, order: Ordering) -> Self {
                a.fetch_or(mask, order)
            }
            #[inline]
            fn __fetch_xor(a: &Self::Repr, mask: Self, order: Ordering) -> Self {
                a.fetch_xor(mask, order)
            }
            #[inline]
            fn __bit(n: u32) -> Self {
                1 << n
            }
            #[inline]
            fn __not(self) -> Self {
                !self
            }
            #[inline]
            fn __any(self, mask: Self) -> bool {
                self & mask != 0
            }
            #[inline]
            #[allow(clippy::cast_sign_loss, clippy::cast_lossless)] // wrapping is the point
            fn __to_u64(self) -> u64 {
                self as u64
            }
            #[inline]
            #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
            fn __from_u64(v: u64) -> Self {
                v as $t
            }
        }
    };
}

/// 32-bit x86 outside Windows aligns 64-bit integers and floats to 4 bytes.
/// `Atomic::from_mut` also asserts the alignment at compile time, so a target
/// this misses still fails to build rather than misbehave.
macro_rules! aligned_impl {
    ("64", $t:ident) => {
        #[cfg(not(all(target_arch = "x86", not(target_os = "windows"))))]
        impl AtomicAligned for $t {}
    };
    ($width:tt, $t:ident) => {
        impl AtomicAligned for $t {}
    };
}

macro_rules! primitive_impls {
    ($($t:ident, $width:tt, $atomic:ident, $kind:ident, [$($go:tt)*];)*) => {$(
        cfg_width! { $width,
            impl sealed::Sealed for $t {}

            impl AtomicPrimitive for $t {
                type Repr = sync::$atomic;

                #[inline]
                fn __new(v: Self) -> Self::Repr {
                    <sync::$atomic>::new(raw!($kind, into v))
                }
                #[inline]
                fn __load(a: &Self::Repr, order: Ordering) -> Self {
                    raw!($kind, from $t a.load(order))
                }
                #[inline]
                fn __store(a: &Self::Repr, v: Self, order: Ordering) {
                    a.store(raw!($kind, into v), order)
                }
                #[inline]
                fn __field_value(self) -> FieldValue {
                    FieldValue::from(self)
                }

                cfg_cas! {
                    #[inline]
                    fn __swap(a: &Self::Repr, v: Self, order: Ordering) -> Self {
                        raw!($kind, from $t a.swap(raw!($kind, into v), order))
                    }
                    #[inline]
                    fn __compare_exchange(
                        a: &Self::Repr,
                        current: Self,
                        new: Self,
                        success: Ordering,
                        failure: Ordering,
                    ) -> Result<Self, Self> {
                        let r = a.compare_exchange(raw!($kind, into current), raw!($kind, into new), success, failure);
                        r.map(|v| raw!($kind, from $t v)).map_err(|v| raw!($kind, from $t v))
                    }
                    #[inline]
                    fn __compare_exchange_weak(
                        a: &Self::Repr,
                        current: Self,
                        new: Self,
                        success: Ordering,
                        failure: Ordering,
                    ) -> Result<Self, Self> {
                        let r = a.compare_exchange_weak(raw!($kind, into current), raw!($kind, into new), success, failure);
                        r.map(|v| raw!($kind, from $t v)).map_err(|v| raw!($kind, from $t v))
                    }
                    #[inline]
                    fn __fetch_update<F: FnMut(Self) -> Option<Self>>(
                        a: &Self::Repr,
                        set_order: Ordering,
                        fetch_order: Ordering,
                        mut f: F,
                    ) -> Result<Self, Self> {
                        match a.fetch_update(set_order, fetch_order, |v| {
                            f(raw!($kind, from $t v)).map(|v| raw!($kind, into v))
                        }) {
                            Ok(v) => Ok(raw!($kind, from $t v)),
                            Err(v) => Err(raw!($kind, from $t v)),
                        }
                    }
                }
            }
        }
        cfg_width! { $width,
            cfg_cas! {
                kind_impls!($kind, $t, $atomic);
            }
        }
        cfg_width! { $width,
            aligned_impl!($width, $t);
        }
    )*};
}

atomic_types!(primitive_impls);

cfg_cas! {
    /// The CAS loop behind float arithmetic: returns `(old, new)`, with `new`
    /// exactly the value stored (not recomputed, so a NaN payload is reported
    /// as written). Loads use the strongest ordering `order` allows.
    #[inline]
    #[allow(dead_code)] // unused on targets without 32-bit atomics
    fn float_apply<T: AtomicPrimitive>(
        a: &T::Repr,
        order: Ordering,
        mut f: impl FnMut(T) -> T,
    ) -> (T, T) {
        let mut new = T::default();
        let old = match T::__fetch_update(a, order, sync::load_ordering_for(order), |v| {
            new = f(v);
            Some(new)
        }) {
            Ok(v) | Err(v) => v,
        };
        (old, new)
    }
}

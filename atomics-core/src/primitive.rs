//! What "atomic-capable" means: the [`AtomicPrimitive`] trait and its impls.

use crate::sync::{self, Ordering};

mod sealed {
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
/// The trait is sealed: its methods are the crate's plumbing, not API. Use it
/// as a bound.
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
pub trait AtomicPrimitive: Copy + Default + Send + Sync + 'static + sealed::Sealed {
    /// The atomic this type is stored in (a `core::sync::atomic` type; loom's
    /// under `--cfg atomics_loom`).
    #[doc(hidden)]
    type Repr: Send + Sync;

    #[doc(hidden)]
    fn __new(v: Self) -> Self::Repr;
    #[doc(hidden)]
    fn __load(a: &Self::Repr, order: Ordering) -> Self;
    #[doc(hidden)]
    fn __store(a: &Self::Repr, v: Self, order: Ordering);
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

macro_rules! common_impl {
    ($t:ty, $repr:ty) => {
        impl sealed::Sealed for $t {}
        impl AtomicPrimitive for $t {
            type Repr = $repr;

            #[inline]
            fn __new(v: Self) -> Self::Repr {
                <$repr>::new(v)
            }
            #[inline]
            fn __load(a: &Self::Repr, order: Ordering) -> Self {
                a.load(order)
            }
            #[inline]
            fn __store(a: &Self::Repr, v: Self, order: Ordering) {
                a.store(v, order)
            }
            #[inline]
            fn __swap(a: &Self::Repr, v: Self, order: Ordering) -> Self {
                a.swap(v, order)
            }
            #[inline]
            fn __compare_exchange(
                a: &Self::Repr,
                current: Self,
                new: Self,
                success: Ordering,
                failure: Ordering,
            ) -> Result<Self, Self> {
                a.compare_exchange(current, new, success, failure)
            }
            #[inline]
            fn __compare_exchange_weak(
                a: &Self::Repr,
                current: Self,
                new: Self,
                success: Ordering,
                failure: Ordering,
            ) -> Result<Self, Self> {
                a.compare_exchange_weak(current, new, success, failure)
            }
            #[inline]
            fn __fetch_update<F: FnMut(Self) -> Option<Self>>(
                a: &Self::Repr,
                set_order: Ordering,
                fetch_order: Ordering,
                f: F,
            ) -> Result<Self, Self> {
                a.fetch_update(set_order, fetch_order, f)
            }
        }
    };
}

// Floats live in the unsigned atomic of their width as bit patterns, so every
// comparison (compare-and-swap, the CAS loops) compares bits: NaN equals the
// same NaN, and 0.0 differs from -0.0. The loop below never turns bits into a
// float and back before comparing, so an update on a NaN cell terminates.
macro_rules! float_impl {
    ($t:ty, $repr:ty) => {
        impl sealed::Sealed for $t {}
        impl AtomicPrimitive for $t {
            type Repr = $repr;

            #[inline]
            fn __new(v: Self) -> Self::Repr {
                <$repr>::new(v.to_bits())
            }
            #[inline]
            fn __load(a: &Self::Repr, order: Ordering) -> Self {
                <$t>::from_bits(a.load(order))
            }
            #[inline]
            fn __store(a: &Self::Repr, v: Self, order: Ordering) {
                a.store(v.to_bits(), order)
            }
            #[inline]
            fn __swap(a: &Self::Repr, v: Self, order: Ordering) -> Self {
                <$t>::from_bits(a.swap(v.to_bits(), order))
            }
            #[inline]
            fn __compare_exchange(
                a: &Self::Repr,
                current: Self,
                new: Self,
                success: Ordering,
                failure: Ordering,
            ) -> Result<Self, Self> {
                a.compare_exchange(current.to_bits(), new.to_bits(), success, failure)
                    .map(<$t>::from_bits)
                    .map_err(<$t>::from_bits)
            }
            #[inline]
            fn __compare_exchange_weak(
                a: &Self::Repr,
                current: Self,
                new: Self,
                success: Ordering,
                failure: Ordering,
            ) -> Result<Self, Self> {
                a.compare_exchange_weak(current.to_bits(), new.to_bits(), success, failure)
                    .map(<$t>::from_bits)
                    .map_err(<$t>::from_bits)
            }
            #[inline]
            fn __fetch_update<F: FnMut(Self) -> Option<Self>>(
                a: &Self::Repr,
                set_order: Ordering,
                fetch_order: Ordering,
                mut f: F,
            ) -> Result<Self, Self> {
                a.fetch_update(set_order, fetch_order, |bits| {
                    f(<$t>::from_bits(bits)).map(<$t>::to_bits)
                })
                .map(<$t>::from_bits)
                .map_err(<$t>::from_bits)
            }
        }
    };
}

#[cfg(target_has_atomic = "8")]
common_impl!(bool, sync::AtomicBool);
#[cfg(target_has_atomic = "8")]
common_impl!(u8, sync::AtomicU8);
#[cfg(target_has_atomic = "8")]
common_impl!(i8, sync::AtomicI8);
#[cfg(target_has_atomic = "16")]
common_impl!(u16, sync::AtomicU16);
#[cfg(target_has_atomic = "16")]
common_impl!(i16, sync::AtomicI16);
#[cfg(target_has_atomic = "32")]
common_impl!(u32, sync::AtomicU32);
#[cfg(target_has_atomic = "32")]
common_impl!(i32, sync::AtomicI32);
#[cfg(target_has_atomic = "64")]
common_impl!(u64, sync::AtomicU64);
#[cfg(target_has_atomic = "64")]
common_impl!(i64, sync::AtomicI64);
#[cfg(target_has_atomic = "ptr")]
common_impl!(usize, sync::AtomicUsize);
#[cfg(target_has_atomic = "ptr")]
common_impl!(isize, sync::AtomicIsize);
#[cfg(target_has_atomic = "32")]
float_impl!(f32, sync::AtomicU32);
#[cfg(target_has_atomic = "64")]
float_impl!(f64, sync::AtomicU64);

/// Calls `$m!` with every integer type, each under the `cfg` that says the
/// target has atomics of its width: the one list of which integers exist.
macro_rules! for_each_integer {
    ($m:ident) => {
        $m! {
            #[cfg(target_has_atomic = "8")] u8,
            #[cfg(target_has_atomic = "8")] i8,
            #[cfg(target_has_atomic = "16")] u16,
            #[cfg(target_has_atomic = "16")] i16,
            #[cfg(target_has_atomic = "32")] u32,
            #[cfg(target_has_atomic = "32")] i32,
            #[cfg(target_has_atomic = "64")] u64,
            #[cfg(target_has_atomic = "64")] i64,
            #[cfg(target_has_atomic = "ptr")] usize,
            #[cfg(target_has_atomic = "ptr")] isize,
        }
    };
}
pub(crate) use for_each_integer;

macro_rules! aligned {
    ($($(#[$cfg:meta])* $t:ty),* $(,)?) => {
        $( $(#[$cfg])* impl AtomicAligned for $t {} )*
    };
}

aligned! {
    #[cfg(target_has_atomic = "8")] bool,
    #[cfg(target_has_atomic = "8")] u8,
    #[cfg(target_has_atomic = "8")] i8,
    #[cfg(target_has_atomic = "16")] u16,
    #[cfg(target_has_atomic = "16")] i16,
    #[cfg(target_has_atomic = "32")] u32,
    #[cfg(target_has_atomic = "32")] i32,
    #[cfg(target_has_atomic = "32")] f32,
    #[cfg(target_has_atomic = "ptr")] usize,
    #[cfg(target_has_atomic = "ptr")] isize,
}

// 32-bit x86 outside Windows aligns 64-bit integers and floats to 4 bytes.
// `Atomic::from_mut` also asserts the alignment at compile time, so a target
// this list misses still fails to build rather than misbehave.
aligned! {
    #[cfg(all(target_has_atomic = "64", not(all(target_arch = "x86", not(target_os = "windows")))))] u64,
    #[cfg(all(target_has_atomic = "64", not(all(target_arch = "x86", not(target_os = "windows")))))] i64,
    #[cfg(all(target_has_atomic = "64", not(all(target_arch = "x86", not(target_os = "windows")))))] f64,
}

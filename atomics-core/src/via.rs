//! User types in atomics: a fieldless enum with a primitive `repr`, or a
//! `#[repr(transparent)]` newtype, made atomic-capable by storing it as the
//! primitive it is laid out as.
//!
//! Users write `#[derive(AtomicPrimitive)]` (re-exported here and documented
//! at [`AtomicPrimitive`](macro@AtomicPrimitive)); this module is the hidden
//! mechanism it expands to, re-exported in `__private`: not API, free to
//! change with the derive. The derive emits two items, which by hand read:
//!
//! ```
//! # use atomics_core::Atomic;
//! #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
//! #[repr(u8)]
//! enum State {
//!     #[default]
//!     Idle,
//!     Running,
//! }
//!
//! // SAFETY: `State` is a fieldless `#[repr(u8)]` enum: it has the size and
//! // alignment of `u8`, and each of its values is one byte, its discriminant.
//! unsafe impl atomics_core::__private::Via for State {
//!     type Prim = u8;
//! }
//! atomics_core::__private::impl_atomic_primitive!(State);
//!
//! let state = Atomic::new(State::Idle);
//! assert!(state.compare_and_swap(State::Idle, State::Running));
//! assert_eq!(state.load(), State::Running);
//! assert_eq!(core::mem::size_of::<Atomic<State>>(), 1);
//! ```
//!
//! # Why safe code never sees an invalid value
//!
//! An enum has fewer values than its `repr`: a `u8` cell may hold 3, and
//! reading 3 back as a three-variant enum would be undefined behaviour. The
//! proof that it never happens is an invariant of the cell: **every `Prim`
//! value in the atomic of an `Atomic<T>` is the bit pattern of a valid `T`**.
//!
//! - It holds at creation: [`Atomic::new`] stores a valid `T` (its bytes, in
//!   `const` code; [`Via`]'s contract makes them a valid `Prim` with the same
//!   bits, and [`into_prim`] is that reinterpretation).
//! - Every write keeps it: `store`, `swap`, the compare-exchanges and the CAS
//!   loops only write `into_prim(v)` of a `v: T` they were given, and
//!   `get_mut`/`from_mut` hand out a `&mut T`, through which only valid `T`s
//!   can be written.
//! - Nothing else can write: the atomic's storage type is [`ViaRepr<T>`],
//!   whose field is private, so the std interop that lends out the storage
//!   (`Atomic::as_std`, `Atomic::from_std`) gives a handle with no methods,
//!   and one typed by `T`: the storage of another type of the same `Prim`
//!   (another `repr(u8)` enum with fewer variants) is not a `ViaRepr<T>`.
//!   Writing through `Atomic::as_ptr` is `unsafe`, and so is viewing foreign
//!   memory with `Atomic::from_ptr`, whose contract adds that the memory
//!   holds a valid `T`.
//!
//! So every read (`load`, what `swap` returns, a failed compare-exchange's
//! actual value, the argument a CAS loop passes to its closure) reads a
//! `Prim` that was a valid `T`, and [`from_prim`] turning it back is sound.
//!
//! Comparisons (compare-and-swap, the CAS loops) compare the `Prim`s: for an
//! enum, equal bytes are the same variant; a newtype over a float compares
//! bit patterns, as `Atomic<f32>` does.

use core::marker::PhantomData;
use core::mem::{align_of, size_of};

use crate::FieldValue;
use crate::primitive::{AtomicPrimitive, sealed};
use crate::sync::{Ordering, cfg_cas};

/// A type stored in an atomic as the primitive it is laid out as: the
/// `#[derive(AtomicPrimitive)]` contract. Hidden: not API.
///
/// Its only supertraits are what the layout proof needs; `Copy`, `Default`
/// and `Debug` are [`AtomicPrimitive`]'s, so a type missing one of them gets
/// one error, at the `AtomicPrimitive` impl, naming the trait.
///
/// Implement it, then invoke [`impl_atomic_primitive!`](crate::__private::impl_atomic_primitive)
/// for the type; the pair makes `Atomic<Self>` exist. Implementing it also
/// unseals [`AtomicPrimitive`] for `Self`, and the macro's impl is the only
/// one this crate supports: a hand-written `AtomicPrimitive` impl for a `Via`
/// type voids the proof in this module's docs.
///
/// # Safety
///
/// - `Self` and `Prim` have the same size and the same alignment (the macro
///   checks both at compile time);
/// - every valid value of `Self` is, byte for byte, a valid value of `Prim`
///   (no padding, no uninitialised bytes).
///
/// Not every `Prim` value needs to be a valid `Self`: the atomic only ever
/// holds the ones that are (see the module docs). A fieldless enum with
/// `#[repr(u8)]` (… `#[repr(i64)]`) and `Prim` its repr meets this, and so does a
/// `#[repr(transparent)]` struct whose non-zero-sized field has type `Prim`.
///
/// # Examples
///
/// ```
/// use atomics_core::{Atomic, __private::Via};
///
/// #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
/// #[repr(transparent)]
/// struct Port(u16);
///
/// // SAFETY: `Port` is `#[repr(transparent)]` over a `u16`.
/// unsafe impl Via for Port {
///     type Prim = u16;
/// }
/// atomics_core::__private::impl_atomic_primitive!(Port);
///
/// let port = Atomic::new(Port(80));
/// assert_eq!(port.update(|p| Port(p.0 + 8000)), Port(80));
/// assert_eq!(port.load(), Port(8080));
/// assert_eq!(size_of::<Atomic<Port>>(), 2);
/// ```
pub unsafe trait Via: Send + Sync + 'static {
    /// The atomic-capable type `Self` is laid out as, and stored as.
    type Prim: AtomicPrimitive;
}

impl<T: Via> sealed::Sealed for T {}

/// The storage of an `Atomic<T>` for a [`Via`] type: the primitive's atomic,
/// private, so that no safe code can write a `Prim` that is not a valid `T`
/// into it. Typed by `T`, so the storage of one user type cannot be viewed as
/// another's. It has no methods: `Atomic::as_std` on a user type lends one
/// out only to be given back to `Atomic::from_std`.
///
/// # Examples
///
/// ```
/// # use atomics_core::Atomic;
/// # #[derive(Clone, Copy, Debug, Default, PartialEq)]
/// # #[repr(transparent)]
/// # struct Meters(u32);
/// # // SAFETY: `repr(transparent)` over a `u32`.
/// # unsafe impl atomics_core::__private::Via for Meters { type Prim = u32; }
/// # atomics_core::__private::impl_atomic_primitive!(Meters);
/// let a = Atomic::new(Meters(3));
/// let storage = a.as_std();
/// assert_eq!(Atomic::<Meters>::from_std(storage).load(), Meters(3));
/// ```
#[repr(transparent)]
pub struct ViaRepr<T: Via> {
    atomic: <T::Prim as AtomicPrimitive>::Repr,
    _values: PhantomData<T>,
}

/// Fails the build where `T` and its `Prim` differ in size or alignment.
/// Called by `impl_atomic_primitive!` in a constant, so `cargo check`
/// reports it at the macro's invocation.
///
/// # Examples
///
/// A `Prim` of the wrong width does not compile:
///
/// ```compile_fail
/// #[derive(Clone, Copy, Debug, Default)]
/// #[repr(u8)]
/// enum State {
///     #[default]
///     Idle,
/// }
/// // SAFETY: wrong on purpose: the layout check rejects it.
/// unsafe impl atomics_core::__private::Via for State {
///     type Prim = u16;
/// }
/// atomics_core::__private::impl_atomic_primitive!(State);
/// ```
pub const fn check_layout<T: Via>() {
    if size_of::<T>() != size_of::<T::Prim>() {
        panic!("an atomic-capable user type must have the size of the primitive it is stored as");
    }
    if align_of::<T>() != align_of::<T::Prim>() {
        panic!(
            "an atomic-capable user type must have the alignment of the primitive it is stored as"
        );
    }
}

/// Fails the build, at `T`, where `T` is not atomic-capable: the one check
/// `#[derive(AtomicPrimitive)]` makes of a newtype's field type, whose
/// impls are bounded on it and so add no errors of their own.
///
/// # Examples
///
/// ```compile_fail
/// const _: fn() = atomics_core::__private::via::assert_primitive::<u128>;
/// ```
pub const fn assert_primitive<T: AtomicPrimitive>() {}

/// The reinterpretation between a [`Via`] type and its `Prim`, implemented
/// by [`impl_atomic_primitive!`](crate::__private::impl_atomic_primitive)
/// with `core::mem::transmute` on the concrete types: the conversion a
/// hand-written `AtomicU8` wrapper would use, so it compiles to the same
/// instructions (a generic reinterpretation through a union was measured to
/// leave a redundant zero-extension in loops). Hidden: not API.
///
/// # Examples
///
/// ```
/// use atomics_core::__private::ViaCast;
/// # #[derive(Clone, Copy, Debug, Default, PartialEq)]
/// # #[repr(u8)]
/// # enum State { #[default] Idle, Running }
/// # // SAFETY: a fieldless `#[repr(u8)]` enum.
/// # unsafe impl atomics_core::__private::Via for State { type Prim = u8; }
/// # atomics_core::__private::impl_atomic_primitive!(State);
///
/// assert_eq!(State::Running.__into_prim(), 1u8);
/// ```
///
/// # Safety
///
/// `__into_prim` must return the `Prim` with `self`'s bytes, and
/// `__from_prim` the value with `prim`'s bytes: the cell's invariant (the
/// module docs) rests on it.
pub unsafe trait ViaCast: Via {
    /// The `Prim` with `self`'s bytes.
    fn __into_prim(self) -> Self::Prim;
    /// The value with `prim`'s bytes.
    ///
    /// # Safety
    ///
    /// `prim` must be the bytes of a valid `Self`.
    unsafe fn __from_prim(prim: Self::Prim) -> Self;
}

/// The `Prim` with `value`'s bytes.
#[inline(always)]
pub fn into_prim<T: ViaCast>(value: T) -> T::Prim {
    value.__into_prim()
}

/// The `T` with `prim`'s bytes.
///
/// # Safety
///
/// `prim` must be the bit pattern of a valid `T`: a value [`into_prim`]
/// returned, or read from the atomic of an `Atomic<T>` (which holds only
/// those; see the module docs).
#[inline(always)]
pub unsafe fn from_prim<T: ViaCast>(prim: T::Prim) -> T {
    // SAFETY: the caller's promise.
    unsafe { T::__from_prim(prim) }
}

/// `AtomicPrimitive::__new`: a cell holding `value`.
#[inline(always)]
pub fn new<T: ViaCast>(value: T) -> ViaRepr<T> {
    ViaRepr {
        atomic: T::Prim::__new(into_prim(value)),
        _values: PhantomData,
    }
}

/// `AtomicPrimitive::__load`.
#[inline(always)]
pub fn load<T: ViaCast>(a: &ViaRepr<T>, order: Ordering) -> T {
    let prim = T::Prim::__load(&a.atomic, order);
    // SAFETY: the cell holds only valid `T`s (module docs).
    unsafe { from_prim(prim) }
}

/// `AtomicPrimitive::__store`.
#[inline(always)]
pub fn store<T: ViaCast>(a: &ViaRepr<T>, value: T, order: Ordering) {
    T::Prim::__store(&a.atomic, into_prim(value), order);
}

/// `AtomicPrimitive::__field_value`: what the primitive would report (an
/// enum reports its discriminant).
#[inline]
pub fn field_value<T: ViaCast>(value: T) -> FieldValue {
    into_prim(value).__field_value()
}

cfg_cas! {
    /// `AtomicPrimitive::__swap`.
    #[inline(always)]
    pub fn swap<T: ViaCast>(a: &ViaRepr<T>, value: T, order: Ordering) -> T {
        let old = T::Prim::__swap(&a.atomic, into_prim(value), order);
        // SAFETY: the cell holds only valid `T`s (module docs).
        unsafe { from_prim(old) }
    }

    /// `AtomicPrimitive::__compare_exchange`.
    #[inline(always)]
    pub fn compare_exchange<T: ViaCast>(
        a: &ViaRepr<T>,
        current: T,
        new: T,
        success: Ordering,
        failure: Ordering,
    ) -> Result<T, T> {
        let r = T::Prim::__compare_exchange(
            &a.atomic,
            into_prim(current),
            into_prim(new),
            success,
            failure,
        );
        back(r)
    }

    /// `AtomicPrimitive::__compare_exchange_weak`.
    #[inline(always)]
    pub fn compare_exchange_weak<T: ViaCast>(
        a: &ViaRepr<T>,
        current: T,
        new: T,
        success: Ordering,
        failure: Ordering,
    ) -> Result<T, T> {
        let r = T::Prim::__compare_exchange_weak(
            &a.atomic,
            into_prim(current),
            into_prim(new),
            success,
            failure,
        );
        back(r)
    }

    /// `AtomicPrimitive::__fetch_update`.
    #[inline(always)]
    pub fn fetch_update<T: ViaCast, F: FnMut(T) -> Option<T>>(
        a: &ViaRepr<T>,
        set_order: Ordering,
        fetch_order: Ordering,
        mut f: F,
    ) -> Result<T, T> {
        let r = T::Prim::__fetch_update(&a.atomic, set_order, fetch_order, |prim| {
            // SAFETY: the loop passes a value it read from the cell, which
            // holds only valid `T`s (module docs).
            let value = unsafe { from_prim::<T>(prim) };
            f(value).map(into_prim)
        });
        back(r)
    }

    /// The primitive atomic of a cell, for the kind hooks of user types
    /// (a flag set's `or`/`and`/`xor`).
    #[inline(always)]
    #[allow(dead_code)] // used only with the `bitflags` feature
    pub(crate) fn atomic<T: Via>(a: &ViaRepr<T>) -> &<T::Prim as AtomicPrimitive>::Repr {
        &a.atomic
    }

    /// A compare-exchange's result, read from the cell, as `T`s.
    #[inline(always)]
    fn back<T: ViaCast>(r: Result<T::Prim, T::Prim>) -> Result<T, T> {
        // SAFETY: both sides were read from the cell, which holds only
        // valid `T`s (module docs).
        unsafe {
            match r {
                Ok(prim) => Ok(from_prim(prim)),
                Err(prim) => Err(from_prim(prim)),
            }
        }
    }
}

/// `#[derive(AtomicPrimitive)]`: makes a fieldless enum or a
/// `#[repr(transparent)]` newtype atomic-capable, so that `Atomic<T>` exists
/// for it, stored as the primitive it is laid out as (from `atomics-derive`;
/// the same name as the [trait](trait@crate::AtomicPrimitive), as serde's
/// derives are).
///
/// `Atomic<T>` then has the common operations: `load`, `store`, `swap`,
/// `compare_and_swap`, `compare_exchange(_weak)`, `update`, `try_update`,
/// `Debug` (the current value's: an enum shows its variant), and the type can
/// be a field of an [`AtomicFields`](derive@crate::AtomicFields) struct,
/// where it is a gauge (`take()` leaves it). The type needs `Clone`, `Copy`,
/// `Debug` and `Default`, as every atomic-capable type does.
///
/// # A state machine
///
/// A fieldless enum with an integer `repr` (`u8` … `u64`, `i8` … `i64`,
/// `usize`, `isize`; `#[repr(C, u8)]` too) is stored as that integer, with
/// explicit or implicit discriminants. Each transition is one
/// compare-and-swap, so of many threads trying it exactly one wins:
///
/// ```
/// use atomics_core::{Atomic, AtomicPrimitive};
///
/// #[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq, Eq)]
/// #[repr(u8)]
/// enum State {
///     #[default]
///     Idle,
///     Running,
///     Draining = 7,
/// }
///
/// let state = Atomic::new(State::Idle);
/// assert!(state.compare_and_swap(State::Idle, State::Running)); // start, once
/// assert!(!state.compare_and_swap(State::Idle, State::Running)); // already started
/// assert_eq!(
///     state.compare_exchange(State::Running, State::Draining),
///     Ok(State::Running)
/// );
/// assert_eq!(format!("{state:?}"), "Draining");
/// assert_eq!(size_of::<Atomic<State>>(), 1);
/// ```
///
/// # A newtype
///
/// A `#[repr(transparent)]` struct of one field (tuple or named) is stored
/// as the field, whose type must be atomic-capable (the compiler says so at
/// the field's type otherwise):
///
/// ```
/// use atomics_core::{Atomic, AtomicPrimitive};
///
/// #[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq)]
/// #[repr(transparent)]
/// struct Celsius {
///     degrees: f32,
/// }
///
/// let t = Atomic::new(Celsius { degrees: 20.5 });
/// t.update(|c| Celsius { degrees: c.degrees + 1.0 });
/// assert_eq!(t.load(), Celsius { degrees: 21.5 });
/// ```
///
/// `#[atomic(crate = "my_atomics")]` on the type is the path of
/// `atomics_core`, the only key; without it the derive reads the name from
/// the crate's `Cargo.toml` (or the workspace's), so a renamed dependency
/// needs nothing, and the key is for a re-export.
///
/// # Safe code never sees an invalid value
///
/// A `u8` cell of a three-variant enum could hold 3; the proof that it never
/// does, so that every read is a valid variant, is in the docs of this
/// module's source (`src/via.rs`). Its one condition on users is
/// [`Atomic::from_ptr`](crate::Atomic::from_ptr)'s: memory viewed as an
/// `Atomic<T>` must hold a valid `T`.
///
/// # What is rejected
///
/// Each mistake is one error at the token at fault, saying what to write
/// instead: enums with data in a variant, without an integer `repr`, with
/// `#[repr(C)]` alone, `#[repr(u128)]`, `#[repr(align)]`, or with no
/// variants; unions; structs without `#[repr(transparent)]`, `packed`, with
/// no field or more than one (zero-sized markers such as `PhantomData`
/// included: without generic parameters they carry nothing the atomic would
/// keep); generic parameters (write one newtype per stored type); a field
/// type that is not atomic-capable; unknown `#[atomic(...)]` keys. A
/// discriminant that does not fit the repr is the compiler's own error.
///
/// ```compile_fail
/// use atomics_core::AtomicPrimitive;
///
/// #[derive(AtomicPrimitive, Clone, Copy, Debug, Default)]
/// enum NoRepr {
///     #[default]
///     A,
/// }
/// ```
#[cfg(feature = "derive")]
pub use atomics_derive::AtomicPrimitive;

/// `AtomicAligned` carries over: a user type is as aligned as its `Prim`
/// (`Via`'s contract), so `Atomic::from_mut` works for it exactly where it
/// works for the primitive.
impl<T: Via + AtomicPrimitive> crate::AtomicAligned for T where T::Prim: crate::AtomicAligned {}

/// Makes a [`Via`] type atomic-capable: implements [`AtomicPrimitive`] for it
/// by delegating every hook to its `Prim`, stored in a [`ViaRepr`], and checks
/// at compile time that the type has its `Prim`'s size and alignment.
/// Hidden: what `#[derive(AtomicPrimitive)]` emits; not API.
///
/// # Examples
///
/// ```
/// use atomics_core::Atomic;
///
/// #[derive(Clone, Copy, Debug, Default, PartialEq)]
/// #[repr(transparent)]
/// struct Celsius(f32);
///
/// // SAFETY: `Celsius` is `repr(transparent)` over an `f32`.
/// unsafe impl atomics_core::__private::Via for Celsius {
///     type Prim = f32;
/// }
/// atomics_core::__private::impl_atomic_primitive!(Celsius);
///
/// let t = Atomic::new(Celsius(20.5));
/// assert_eq!(t.swap(Celsius(21.0)), Celsius(20.5));
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __atomics_impl_primitive {
    ($t:ty) => {
        const _: () = $crate::__private::via::check_layout::<$t>();

        $crate::__atomics_impl_primitive!(@impls [$t] []);
    };
    // A newtype whose field type is atomic-capable only if the bound holds:
    // where it does not, the impls are absent instead of each reporting it,
    // and the one error is the caller's `assert_primitive` on that type. The
    // layout is checked in the conversion, where the bound is known to hold.
    ($t:ty where $($bound:tt)+) => {
        $crate::__atomics_impl_primitive!(@impls [$t] [$($bound)+]);
    };
    (@impls [$t:ty] [$($bound:tt)*]) => {
        #[automatically_derived]
        // SAFETY: both conversions are `transmute`s between `Self` and its
        // `Prim`, which `Via`'s contract (and the check above) makes the
        // same size, and every valid `Self` a valid `Prim`.
        unsafe impl $crate::__private::ViaCast for $t where $($bound)* {
            #[inline(always)]
            fn __into_prim(self) -> <Self as $crate::__private::Via>::Prim {
                const { $crate::__private::via::check_layout::<$t>() };
                // SAFETY: `Via`'s contract: a valid `Self` is, byte for byte,
                // a valid `Prim` of the same size (checked above).
                unsafe {
                    ::core::mem::transmute::<Self, <Self as $crate::__private::Via>::Prim>(self)
                }
            }
            #[inline(always)]
            unsafe fn __from_prim(prim: <Self as $crate::__private::Via>::Prim) -> Self {
                // SAFETY: the caller promises `prim` is the bytes of a valid
                // `Self`; the sizes are equal (checked above).
                unsafe {
                    ::core::mem::transmute::<<Self as $crate::__private::Via>::Prim, Self>(prim)
                }
            }
        }

        #[automatically_derived]
        impl $crate::AtomicPrimitive for $t where $($bound)* {
            type Repr = $crate::__private::ViaRepr<$t>;

            #[inline(always)]
            fn __new(v: Self) -> $crate::__private::ViaRepr<$t> {
                $crate::__private::via::new(v)
            }
            #[inline(always)]
            fn __load(a: &$crate::__private::ViaRepr<$t>, order: $crate::Ordering) -> Self {
                $crate::__private::via::load(a, order)
            }
            #[inline(always)]
            fn __store(a: &$crate::__private::ViaRepr<$t>, v: Self, order: $crate::Ordering) {
                $crate::__private::via::store(a, v, order)
            }
            #[inline]
            fn __field_value(self) -> $crate::FieldValue {
                $crate::__private::via::field_value(self)
            }

            $crate::__atomics_if_cas! {
                #[inline(always)]
                fn __swap(a: &$crate::__private::ViaRepr<$t>, v: Self, order: $crate::Ordering) -> Self {
                    $crate::__private::via::swap(a, v, order)
                }
                #[inline(always)]
                fn __compare_exchange(
                    a: &$crate::__private::ViaRepr<$t>,
                    current: Self,
                    new: Self,
                    success: $crate::Ordering,
                    failure: $crate::Ordering,
                ) -> ::core::result::Result<Self, Self> {
                    $crate::__private::via::compare_exchange(a, current, new, success, failure)
                }
                #[inline(always)]
                fn __compare_exchange_weak(
                    a: &$crate::__private::ViaRepr<$t>,
                    current: Self,
                    new: Self,
                    success: $crate::Ordering,
                    failure: $crate::Ordering,
                ) -> ::core::result::Result<Self, Self> {
                    $crate::__private::via::compare_exchange_weak(a, current, new, success, failure)
                }
                #[inline(always)]
                fn __fetch_update<F: ::core::ops::FnMut(Self) -> ::core::option::Option<Self>>(
                    a: &$crate::__private::ViaRepr<$t>,
                    set_order: $crate::Ordering,
                    fetch_order: $crate::Ordering,
                    f: F,
                ) -> ::core::result::Result<Self, Self> {
                    $crate::__private::via::fetch_update(a, set_order, fetch_order, f)
                }
            }
        }
    };
}

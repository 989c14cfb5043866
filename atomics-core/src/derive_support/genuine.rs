//! The proof that a twin's layout view is made of this crate's atomics.
//!
//! `from_mut` and `from_ptr` view a plain struct's memory as its twin, which
//! is sound only if every field of the twin is one of this crate's atomics
//! (an `UnsafeCell` of the field's bits, accessed atomically). The twin
//! names its atomics through `#[atomic(crate = "...")]`, which could point at
//! a module with a look-alike `Atomic<T>`; so the cast is not in the
//! generated code but in [`__atomics_view_mut!`] and [`__atomics_view_ptr!`],
//! reached through that same path. Only this crate's macros do the cast, and
//! they first require [`Genuine`], sealed here, of every field's atomic: a
//! path to anything else either lacks the macros (a compile error) or hands
//! its look-alikes to ours (a compile error at the field).

use crate::atomic::Atomic;
use crate::primitive::AtomicPrimitive;

mod sealed {
    /// Implemented only in this module's parent.
    pub trait Sealed {}
}

/// This crate's `Atomic<T>`, and nothing else: sealed, so no other crate can
/// implement it.
///
/// ```
/// fn genuine<T: atomics_core::__private::Genuine>() {}
/// genuine::<atomics_core::Atomic<u64>>();
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not `atomics_core`'s `Atomic`, and the twin's layout view needs the real one",
    label = "not `atomics_core::Atomic`",
    note = "`#[atomic(crate = \"...\")]` must name `atomics_core` itself (as renamed in Cargo.toml, or a re-export of the whole crate), not another module"
)]
pub trait Genuine: sealed::Sealed {}

impl<T: AtomicPrimitive> sealed::Sealed for Atomic<T> {}
impl<T: AtomicPrimitive> Genuine for Atomic<T> {}

/// Compiles only if `T` is [`Genuine`].
///
/// ```
/// atomics_core::__private::assert_genuine::<atomics_core::Atomic<bool>>();
/// ```
#[inline(always)]
pub const fn assert_genuine<T: Genuine>() {}

/// `&mut Plain` as `&Twin`, for a twin's `from_mut`:
/// `view_mut!(plain, Plain, Self, [each field's atomic type])`.
#[doc(hidden)]
#[macro_export]
macro_rules! __atomics_view_mut {
    ($plain:expr, $p:ty, $twin:ty, [$($atomic:ty),* $(,)?]) => {{
        $($crate::__private::assert_genuine::<$atomic>();)*
        let plain: &mut $p = $plain;
        // SAFETY: every field of the twin is this crate's `Atomic` (checked
        // just above), which has the size of its plain field and accepts its
        // bits; the derive checked at compile time that the two layouts are
        // the same; and the exclusive borrow is carried over to the result.
        unsafe { &*(plain as *mut $p).cast::<$twin>() }
    }};
}

/// `*mut Plain` as `&'a Twin`, for a twin's `from_ptr`:
/// `view_ptr!(ptr, Plain, Self, [each field's atomic type])`, inside the
/// `unsafe fn` whose caller promises alignment, validity and atomic-only
/// access.
#[doc(hidden)]
#[macro_export]
macro_rules! __atomics_view_ptr {
    ($ptr:expr, $p:ty, $twin:ty, [$($atomic:ty),* $(,)?]) => {{
        $($crate::__private::assert_genuine::<$atomic>();)*
        let ptr: *mut $p = $ptr;
        // SAFETY: alignment, validity for the lifetime and atomic-only access
        // are the caller's promise (the `unsafe fn`'s contract); every field
        // of the twin is this crate's `Atomic` (checked just above) and the
        // layouts are the same (checked at compile time by the derive).
        unsafe { &*ptr.cast::<$twin>() }
    }};
}

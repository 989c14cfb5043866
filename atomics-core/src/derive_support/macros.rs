//! The macros generated code wraps its items in, so that each choice that
//! depends on how atomics-core was built (loom or not, a target with
//! compare-and-swap or not) is made when atomics-core is compiled: the
//! user's crate never tests a cfg it has not declared.
//!
//! "`const` unless loom" is spelled once, here; the crate's own `const`
//! constructors use [`__atomics_const_fn!`] too.

/// Expands to the `fn` item it is given, made `const` except under
/// `--cfg atomics_loom` (whose atomics cannot be created in a constant).
#[cfg(not(atomics_loom))]
#[doc(hidden)]
#[macro_export]
macro_rules! __atomics_const_fn {
    ($(#[$attr:meta])* $vis:vis fn $($rest:tt)*) => {
        $(#[$attr])* $vis const fn $($rest)*
    };
}

/// Expands to the `fn` item it is given, made `const` except under
/// `--cfg atomics_loom` (whose atomics cannot be created in a constant).
#[cfg(atomics_loom)]
#[doc(hidden)]
#[macro_export]
macro_rules! __atomics_const_fn {
    ($(#[$attr:meta])* $vis:vis fn $($rest:tt)*) => {
        $(#[$attr])* $vis fn $($rest)*
    };
}

/// Expands to the items it is given, except under `--cfg atomics_loom`,
/// where loom's atomics have another layout: the layout view of a
/// `#[repr(C)]` struct and its compile-time checks do not exist there.
#[cfg(not(atomics_loom))]
#[doc(hidden)]
#[macro_export]
macro_rules! __atomics_unless_loom {
    ($($item:tt)*) => {
        $($item)*
    };
}

/// Expands to nothing: under `--cfg atomics_loom` there is no layout view.
#[cfg(atomics_loom)]
#[doc(hidden)]
#[macro_export]
macro_rules! __atomics_unless_loom {
    ($($item:tt)*) => {};
}

/// Expands to the items it is given where the target has compare-and-swap
/// (`sync::cfg_cas!`'s condition, spelled out: a `#[macro_export]` made by
/// another macro cannot be re-exported by path):
/// a twin's read-modify-writes (`swap`, `take`, `add_f`, …) exist only there.
#[cfg(target_has_atomic = "8")]
#[doc(hidden)]
#[macro_export]
macro_rules! __atomics_if_cas {
    ($($item:tt)*) => {
        $($item)*
    };
}

/// Expands to nothing: this target has no compare-and-swap, so a twin has
/// loads and stores only.
#[cfg(not(target_has_atomic = "8"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __atomics_if_cas {
    ($($item:tt)*) => {};
}

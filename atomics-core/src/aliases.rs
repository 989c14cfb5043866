//! Go's type names for the typed atomics, as aliases of [`Atomic<T>`].
//!
//! They exist so ported code reads like the original (`var hits atomic.Int64`
//! becomes `static HITS: Int64 = Int64::new(0);`); each is exactly
//! `Atomic<_>` of the matching primitive.

use crate::Atomic;

macro_rules! go_aliases {
    ($($(#[$cfg:meta])* $name:ident = $t:ident, $go:literal, $example:literal;)*) => {$(
        #[doc = concat!("An [`Atomic<", stringify!($t), ">`]: ", $go, ".")]
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("use atomics_core::", stringify!($name), ";")]
        ///
        #[doc = concat!("static CELL: ", stringify!($name), " = ", stringify!($name), "::new(", $example, ");")]
        #[doc = concat!("assert_eq!(CELL.load(), ", $example, ");")]
        /// ```
        $(#[$cfg])*
        pub type $name = Atomic<$t>;
    )*};
}

go_aliases! {
    #[cfg(target_has_atomic = "8")] Bool = bool, "Go's `atomic.Bool`", "true";
    #[cfg(target_has_atomic = "8")] Int8 = i8, "8-bit, which Go's package lacks", "-8";
    #[cfg(target_has_atomic = "16")] Int16 = i16, "16-bit, which Go's package lacks", "-16";
    #[cfg(target_has_atomic = "32")] Int32 = i32, "Go's `atomic.Int32`", "-32";
    #[cfg(target_has_atomic = "64")] Int64 = i64, "Go's `atomic.Int64`, 8-aligned on every target", "-64";
    #[cfg(target_has_atomic = "8")] Uint8 = u8, "8-bit, which Go's package lacks", "8";
    #[cfg(target_has_atomic = "16")] Uint16 = u16, "16-bit, which Go's package lacks", "16";
    #[cfg(target_has_atomic = "32")] Uint32 = u32, "Go's `atomic.Uint32`", "32";
    #[cfg(target_has_atomic = "64")] Uint64 = u64, "Go's `atomic.Uint64`, 8-aligned on every target", "64";
    #[cfg(target_has_atomic = "ptr")] Uintptr = usize, "Go's `atomic.Uintptr`", "4096";
    #[cfg(target_has_atomic = "32")] Float32 = f32, "a float atomic, which Go's package lacks", "0.5";
    #[cfg(target_has_atomic = "64")] Float64 = f64, "a float atomic, which Go's package lacks", "0.25";
}

//! Go's type names for the typed atomics, as aliases of [`Atomic<T>`].
//!
//! They exist so ported code reads like the original (`var hits atomic.Int64`
//! becomes `static HITS: Int64 = Int64::new(0);`); each is exactly
//! `Atomic<_>` of the matching primitive, named in the type table.

use crate::Atomic;
use crate::sync::cfg_width;
use crate::table::atomic_types;

macro_rules! go_aliases {
    ($($t:ident, $width:tt, $atomic:ident, $kind:ident, [$($name:ident, $go:literal, $example:literal)?];)*) => {$($(
        cfg_width! { $width,
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
            pub type $name = Atomic<$t>;
        }
    )?)*};
}

atomic_types!(go_aliases);

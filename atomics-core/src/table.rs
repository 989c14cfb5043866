//! The one table of atomic-capable types.
//!
//! Every per-type fact of the crate comes from here: which std atomic stores
//! the type and at which width, its kind (which methods it gets), its Go name,
//! and so how the derive's visitor reports it. The modules that need a fact
//! call [`atomic_types!`] with a macro of their own that reads the rows.

/// The one table of atomic-capable types. Calls `$m!` with one row per type:
///
/// `type, width, std atomic, kind, [Go name, its doc, an example value];`
///
/// - the width is the `target_has_atomic` value the type needs
///   (`sync::cfg_width!` turns it into the type's cfg);
/// - the kind is `bool`, `unsigned`, `signed` or `float`, and decides the
///   kind traits and the visitor's value;
/// - a float lives in the unsigned atomic of its width, as its bits.
///
/// A new atomic-capable type is one row here, plus its rows in the tests.
macro_rules! atomic_types {
    ($m:ident) => {
        $m! {
            bool, "8", AtomicBool, bool, [Bool, "Go's `atomic.Bool`", "true"];
            i8, "8", AtomicI8, signed, [Int8, "8-bit, which Go's package lacks", "-8"];
            i16, "16", AtomicI16, signed, [Int16, "16-bit, which Go's package lacks", "-16"];
            i32, "32", AtomicI32, signed, [Int32, "Go's `atomic.Int32`", "-32"];
            i64, "64", AtomicI64, signed, [Int64, "Go's `atomic.Int64`, 8-aligned on every target", "-64"];
            isize, "ptr", AtomicIsize, signed, [];
            u8, "8", AtomicU8, unsigned, [Uint8, "8-bit, which Go's package lacks", "8"];
            u16, "16", AtomicU16, unsigned, [Uint16, "16-bit, which Go's package lacks", "16"];
            u32, "32", AtomicU32, unsigned, [Uint32, "Go's `atomic.Uint32`", "32"];
            u64, "64", AtomicU64, unsigned, [Uint64, "Go's `atomic.Uint64`, 8-aligned on every target", "64"];
            usize, "ptr", AtomicUsize, unsigned, [Uintptr, "Go's `atomic.Uintptr`", "4096"];
            f32, "32", AtomicU32, float, [Float32, "a float atomic, which Go's package lacks", "0.5"];
            f64, "64", AtomicU64, float, [Float64, "a float atomic, which Go's package lacks", "0.25"];
        }
    };
}
pub(crate) use atomic_types;

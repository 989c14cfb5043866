//! [`FieldValue`]: one field's current value, as a derived twin's visitor
//! reports it.

use core::fmt;

/// The value of one field of a `#[derive(AtomicFields)]` twin, as its
/// `for_each_field` visitor reports it: enough to write an exporter (a
/// Prometheus text page, JSON) without naming each field.
///
/// Integers are widened to 64 bits and `f32` to `f64`, without loss.
///
/// # Examples
///
/// ```
/// use atomics_core::FieldValue;
///
/// assert_eq!(FieldValue::from(7u16), FieldValue::Unsigned(7));
/// assert_eq!(FieldValue::from(-2i8).to_string(), "-2");
/// assert_eq!(FieldValue::from(true).as_f64(), 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldValue {
    /// A `bool` field.
    Bool(bool),
    /// An unsigned integer field (`u8` … `u64`, `usize`).
    Unsigned(u64),
    /// A signed integer field (`i8` … `i64`, `isize`).
    Signed(i64),
    /// A float field (`f32`, `f64`).
    Float(f64),
}

impl FieldValue {
    /// The value as an `f64`, the number type of most metrics formats:
    /// `true` is 1 and `false` 0; integers beyond 2^53 are rounded.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::FieldValue;
    ///
    /// assert_eq!(FieldValue::Signed(-3).as_f64(), -3.0);
    /// assert_eq!(FieldValue::Bool(false).as_f64(), 0.0);
    /// ```
    #[allow(clippy::cast_precision_loss)] // documented: metrics formats are f64
    pub fn as_f64(self) -> f64 {
        match self {
            Self::Bool(b) => f64::from(u8::from(b)),
            Self::Unsigned(u) => u as f64,
            Self::Signed(i) => i as f64,
            Self::Float(f) => f,
        }
    }
}

impl fmt::Display for FieldValue {
    /// The value as Rust prints it (`true`, `42`, `-1`, `0.5`).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::FieldValue;
    ///
    /// assert_eq!(FieldValue::Float(0.5).to_string(), "0.5");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bool(b) => fmt::Display::fmt(b, f),
            Self::Unsigned(u) => fmt::Display::fmt(u, f),
            Self::Signed(i) => fmt::Display::fmt(i, f),
            Self::Float(x) => fmt::Display::fmt(x, f),
        }
    }
}

// Every atomic-capable type converts to its variant, as the derive's visitor
// reports it (through `AtomicPrimitive::__field_value`).
macro_rules! from_impls {
    ($($t:ident, $width:tt, $atomic:ident, $kind:ident, [$($go:tt)*];)*) => {$(
        impl From<$t> for FieldValue {
            #[doc = concat!("The value of a `", stringify!($t), "`, widened losslessly.")]
            ///
            /// # Examples
            ///
            /// ```
            /// use atomics_core::FieldValue;
            ///
            #[doc = concat!("let v = FieldValue::from(", stringify!($t), "::default());")]
            #[doc = concat!("assert_eq!(v.as_f64(), 0.0);")]
            /// ```
            #[inline]
            #[allow(clippy::cast_lossless)]
            fn from(v: $t) -> Self {
                from_impls!(@value $kind, v)
            }
        }
    )*};
    (@value bool, $v:expr) => { Self::Bool($v) };
    (@value unsigned, $v:expr) => { Self::Unsigned($v as u64) };
    (@value signed, $v:expr) => { Self::Signed($v as i64) };
    (@value float, $v:expr) => { Self::Float($v as f64) };
}

crate::table::atomic_types!(from_impls);

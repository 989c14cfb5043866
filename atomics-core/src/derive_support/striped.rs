//! The integer types a counter-backed field (`#[atomic(striped)]`,
//! `#[atomic(per_thread)]`) can have, and how their values map onto a
//! counter's `u64`.

use crate::primitive::AtomicInteger;
use crate::table::atomic_types;
use crate::sync::cfg_width;

/// An integer type a counter-backed field (`#[atomic(striped)]`,
/// `#[atomic(per_thread)]`) can have: its values map onto a counter's `u64`
/// by wrapping casts, so adds of any sign and the sums read back are right
/// modulo the type's width.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an atomic-capable integer, which a counter field (`striped` or `per_thread`) needs",
    label = "not an atomic-capable integer",
    note = "a `striped` or `per_thread` field is a counter, which only adds: give the field one of u8, u16, u32, u64, usize, i8, i16, i32, i64 or isize (a `bool` or a float is a plain field, without the attribute; other values are shared as `atomics_core::Value<T>`, beside the twin)"
)]
pub trait StripedInt: AtomicInteger {
    /// The `u64` that adding `self` adds (sign-extended, then wrapping).
    fn to_delta(self) -> u64;
    /// A counter total, truncated to this type's width.
    fn from_total(total: u64) -> Self;
}

// Every integer row of the type table.
macro_rules! striped_int {
    ($($t:ident, $width:tt, $atomic:ident, $kind:ident, [$($go:tt)*];)*) => {$(
        striped_int!(@$kind $t, $width);
    )*};
    (@signed $t:ident, $width:tt) => { striped_int!(@int $t, $width); };
    (@unsigned $t:ident, $width:tt) => { striped_int!(@int $t, $width); };
    (@int $t:ident, $width:tt) => {
        cfg_width! { $width,
            impl StripedInt for $t {
                #[inline]
                fn to_delta(self) -> u64 {
                    self.__to_u64()
                }
                #[inline]
                fn from_total(total: u64) -> Self {
                    Self::__from_u64(total)
                }
            }
        }
    };
    (@$kind:ident $t:ident, $width:tt) => {};
}

atomic_types!(striped_int);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn striped_integers_wrap_at_their_width() {
        assert_eq!(i32::from_total((-1i32).to_delta().wrapping_add(3)), 2);
        assert_eq!(u8::from_total(u64::from(u8::MAX) + 2), 1);
        assert_eq!(i8::from_total(0), 0);
        assert_eq!(i64::from_total((-5i64).to_delta()), -5);
    }
}

//! What the twin's visitor and `Debug` report of a field: trait hooks of
//! [`AtomicPrimitive`], so a field typed by an alias works like one typed by
//! its primitive.

use core::fmt;

use crate::{AtomicPrimitive, FieldValue};

/// The visitor's value of a field, whatever its type is spelled as.
#[inline]
pub fn field_value<T: AtomicPrimitive>(value: T) -> FieldValue {
    value.__field_value()
}

/// Shows a field's value in the twin's `Debug` output as its type's `Debug`
/// would, with no bound beyond `AtomicPrimitive` (a second bound would add an
/// error of its own when the field type is not atomic-capable).
pub struct DebugValue<T>(pub T);

impl<T: AtomicPrimitive> fmt::Debug for DebugValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_primitive_type() {
        assert_eq!(field_value(3u8), FieldValue::Unsigned(3));
        assert_eq!(field_value(usize::MAX), FieldValue::Unsigned(u64::MAX));
        assert_eq!(field_value(-3i64), FieldValue::Signed(-3));
        assert_eq!(field_value(isize::MIN), FieldValue::Signed(i64::MIN));
        assert_eq!(field_value(true), FieldValue::Bool(true));
        assert_eq!(field_value(0.5f32), FieldValue::Float(0.5));
        extern crate alloc;
        use alloc::format;
        assert_eq!(format!("{:?}", DebugValue(0.1f32)), "0.1");
        assert_eq!(format!("{:?}", DebugValue(1.0f64)), "1.0");
        assert_eq!(format!("{:?}", DebugValue(-7i16)), "-7");
    }
}

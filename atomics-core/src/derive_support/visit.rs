//! What the twin's visitor and `Debug` report of a field: trait hooks of
//! [`AtomicPrimitive`], so a field typed by an alias works like one typed by
//! its primitive.
//!
//! The loops over the fields live here too, compiled once: a derived
//! `for_each_field`, `try_for_each_field` or `Debug` hands over its names and
//! an array of values, which costs rustc far less per struct than a body
//! with a call (and a `?`) per field.

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

/// The body of a derived `for_each_field`: `visit` each name with its value.
#[inline]
pub fn visit<const N: usize>(
    names: &[&'static str; N],
    values: [FieldValue; N],
    mut visit: impl FnMut(&'static str, FieldValue),
) {
    for (name, value) in names.iter().zip(values) {
        visit(name, value);
    }
}

/// The body of a derived `try_for_each_field`: `visit` each name with its
/// value, stopping at the first `Err`.
#[inline]
pub fn try_visit<E, const N: usize>(
    names: &[&'static str; N],
    values: [FieldValue; N],
    mut visit: impl FnMut(&'static str, FieldValue) -> Result<(), E>,
) -> Result<(), E> {
    for (name, value) in names.iter().zip(values) {
        visit(name, value)?;
    }
    Ok(())
}

/// The body of a derived twin's `Debug`: a struct named `name` with a field
/// per name, shown by the value at the same index.
pub fn debug_fields(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    names: &[&str],
    values: &[&dyn fmt::Debug],
) -> fmt::Result {
    let mut s = f.debug_struct(name);
    for (name, value) in names.iter().zip(values) {
        s.field(name, value);
    }
    s.finish()
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

    #[test]
    fn the_loops_pair_names_with_values_in_order() {
        extern crate alloc;
        use alloc::{format, vec::Vec};
        let names = ["a", "b", "c"];
        let values = [
            FieldValue::Unsigned(1),
            FieldValue::Bool(true),
            FieldValue::Signed(-2),
        ];
        let mut seen = Vec::new();
        visit(&names, values, |n, v| seen.push((n, v)));
        assert_eq!(seen, names.iter().copied().zip(values).collect::<Vec<_>>());

        let mut tried = Vec::new();
        let stopped = try_visit(&names, values, |n, v| {
            tried.push(n);
            if v == FieldValue::Bool(true) {
                Err(n)
            } else {
                Ok(())
            }
        });
        assert_eq!((stopped, tried), (Err("b"), Vec::from(["a", "b"])));
        assert_eq!(try_visit::<(), 0>(&[], [], |_, _| Err(())), Ok(()));

        struct Shown;
        impl fmt::Debug for Shown {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                debug_fields(
                    f,
                    "Twin",
                    &["x", "on"],
                    &[&DebugValue(7u8), &DebugValue(false)],
                )
            }
        }
        assert_eq!(format!("{Shown:?}"), "Twin { x: 7, on: false }");
        assert_eq!(
            format!("{Shown:#?}"),
            "Twin {\n    x: 7,\n    on: false,\n}"
        );
    }
}

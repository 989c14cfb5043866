//! What `#[derive(AtomicFields)]`'s generated code calls, re-exported as the
//! hidden `__private` module: not API, and free to change with the derive.
//!
//! The derive sees tokens, not types. Everything that depends on what a field
//! type really is (an alias of `u64`, a `bool`, a `String` by mistake) is
//! decided here, by the trait system, in the user's build.

use core::any::Any;
use core::fmt;

use crate::{AtomicPrimitive, FieldValue};

/// A message composed in a constant: a layout check panics with it, naming
/// the field and showing the numbers, in `cargo check` already.
pub struct Message {
    bytes: [u8; Message::CAPACITY],
    len: usize,
}

impl Message {
    const CAPACITY: usize = 1024;

    const fn new() -> Self {
        Self {
            bytes: [0; Message::CAPACITY],
            len: 0,
        }
    }

    /// Appends `s` whole, or nothing if it does not fit (so the text stays
    /// valid UTF-8).
    const fn str(mut self, s: &str) -> Self {
        let s = s.as_bytes();
        if self.len + s.len() > Message::CAPACITY {
            return self;
        }
        let mut i = 0;
        while i < s.len() {
            self.bytes[self.len + i] = s[i];
            i += 1;
        }
        self.len += s.len();
        self
    }

    const fn num(self, n: usize) -> Self {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        let mut n = n;
        loop {
            start -= 1;
            #[allow(clippy::cast_possible_truncation)] // a digit
            let digit = (n % 10) as u8;
            digits[start] = b'0' + digit;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let (_, digits) = digits.split_at(start);
        match core::str::from_utf8(digits) {
            Ok(digits) => self.str(digits),
            Err(_) => self,
        }
    }

    /// The text.
    pub const fn as_str(&self) -> &str {
        let (text, _) = self.bytes.split_at(self.len);
        match core::str::from_utf8(text) {
            Ok(text) => text,
            Err(_) => "",
        }
    }
}

/// The message of a `#[repr(C)]` field whose atomic would be misaligned:
/// at an offset that is not a multiple of the atomic's alignment, or in a
/// struct less aligned than the atomic.
pub const fn misaligned_field(
    field: &str,
    plain: &str,
    ty: &str,
    offset: usize,
    struct_align: usize,
    align: usize,
) -> Message {
    let m = Message::new()
        .str("field `")
        .str(field)
        .str("` of `")
        .str(plain)
        .str("` is misaligned for `Atomic<")
        .str(ty)
        .str(">` on this target: ");
    let m = if offset % align == 0 {
        m.str("`")
            .str(plain)
            .str("` is only ")
            .num(struct_align)
            .str("-aligned, and `Atomic<")
            .str(ty)
            .str(">` needs ")
            .num(align)
            .str("-byte alignment")
    } else {
        m.str("it is at offset ")
            .num(offset)
            .str(", which is not a multiple of ")
            .num(align)
            .str(", the alignment `Atomic<")
            .str(ty)
            .str(">` needs")
    };
    let m = m.str(" (Go documents this as a caveat; here it is a compile error). ");
    let m = if offset % align == 0 {
        m.str("Align `")
            .str(plain)
            .str("` with `#[repr(C, align(")
            .num(align)
            .str("))]`")
    } else {
        m.str("Move `")
            .str(field)
            .str("` to an offset that is a multiple of ")
            .num(align)
            .str(" (put the widest fields first)")
    };
    m.str(", or drop `#[repr(C)]` if you do not need the layout view (`from_mut`, `from_ptr`)")
}

/// Calls `$found` with the value of `$v` as the primitive type it really is.
/// `AtomicPrimitive` is sealed, so the list is complete; once monomorphised,
/// every test but one is a constant `false` and folds away.
macro_rules! as_primitive {
    ($v:expr, |$x:ident| $found:expr) => {{
        let any: &dyn Any = $v;
        as_primitive!(@try any, $x, $found; bool, u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, f32, f64);
        unreachable!("AtomicPrimitive is implemented only for the primitive types listed here")
    }};
    (@try $any:ident, $x:ident, $found:expr; $($t:ty),*) => {
        $(
            if let Some($x) = $any.downcast_ref::<$t>() {
                return $found;
            }
        )*
    };
}

/// The visitor's value of a field whose type the derive could not name (an
/// alias, say): the one `FieldValue::from` its primitive type has.
#[inline]
pub fn field_value<T: AtomicPrimitive>(value: T) -> FieldValue {
    as_primitive!(&value, |x| FieldValue::from(*x))
}

/// Shows a field's value in the twin's `Debug` output exactly as its
/// primitive type's `Debug` would, without a `T: Debug` bound (which would
/// add an error of its own when the field type is not atomic-capable).
pub struct DebugValue<T>(pub T);

impl<T: AtomicPrimitive> fmt::Debug for DebugValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        as_primitive!(&self.0, |x| fmt::Debug::fmt(x, f))
    }
}

/// An integer type a `#[atomic(striped)]` field can have: its values map onto
/// a `StripedCounter`'s `u64` by wrapping casts, so adds of any sign and the
/// sums read back are right modulo the type's width.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a striped field",
    label = "`#[atomic(striped)]` needs an integer type",
    note = "a striped field is a `StripedCounter`, which only adds: use u8, u16, u32, u64, usize, i8, i16, i32, i64 or isize, or remove `striped`"
)]
pub trait StripedInt: AtomicPrimitive {
    /// The `u64` that adding `self` adds (sign-extended, then wrapping).
    fn to_delta(self) -> u64;
    /// A counter total, truncated to this type's width.
    fn from_total(total: u64) -> Self;
}

macro_rules! striped_int {
    ($($(#[$cfg:meta])* $t:ty),* $(,)?) => {$(
        $(#[$cfg])*
        impl StripedInt for $t {
            #[inline]
            #[allow(clippy::cast_sign_loss, clippy::cast_lossless)] // wrapping is the point
            fn to_delta(self) -> u64 {
                self as u64
            }
            #[inline]
            #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
            fn from_total(total: u64) -> Self {
                total as $t
            }
        }
    )*};
}

crate::primitive::for_each_integer!(striped_int);

/// A `#[atomic(striped)]` field: a [`StripedCounter`](crate::StripedCounter)
/// that reads and writes values of the field's integer type `T`.
///
/// Only adds are single atomic steps. `store` and `swap` are two steps (take
/// or reset, then add), so an add that lands in between is kept on top of the
/// stored value, and `swap`'s result is what `take` returned.
#[cfg(feature = "std")]
pub struct Striped<T: StripedInt> {
    counter: crate::StripedCounter,
    _type: core::marker::PhantomData<fn() -> T>,
}

#[cfg(feature = "std")]
impl<T: StripedInt> Striped<T> {
    /// A counter holding `value`.
    #[inline]
    pub fn new(value: T) -> Self {
        let counter = crate::StripedCounter::new();
        counter.add(value.to_delta());
        Self {
            counter,
            _type: core::marker::PhantomData,
        }
    }

    /// The counter itself.
    #[inline]
    pub fn counter(&self) -> &crate::StripedCounter {
        &self.counter
    }

    /// Adds `delta` (wrapping).
    #[inline]
    pub fn add(&self, delta: T) {
        self.counter.add(delta.to_delta());
    }

    /// The sum (not a linearizable snapshot while adds run).
    #[inline]
    pub fn load(&self) -> T {
        T::from_total(self.counter.sum())
    }

    /// Takes everything added so far, leaving zero.
    #[inline]
    pub fn take(&self) -> T {
        T::from_total(self.counter.take())
    }

    /// Resets to zero, then adds `value`.
    #[inline]
    pub fn store(&self, value: T) {
        self.counter.reset();
        self.add(value);
    }

    /// Takes everything, then adds `value`; returns what was taken.
    #[inline]
    pub fn swap(&self, value: T) -> T {
        let old = self.take();
        self.add(value);
        old
    }

    /// The sum, consuming the counter.
    #[inline]
    pub fn into_inner(self) -> T {
        self.load()
    }
}

#[cfg(feature = "std")]
impl<T: StripedInt> Default for Striped<T> {
    #[inline]
    fn default() -> Self {
        Self::new(T::default())
    }
}

/// Expands to the `fn` item it is given, made `const` except under
/// `--cfg atomics_loom` (whose atomics cannot be created in a constant). The
/// choice is made when this crate is compiled, so the user's crate never
/// tests a cfg it has not declared.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_primitive_type() {
        assert_eq!(field_value(3u8), FieldValue::Unsigned(3));
        assert_eq!(field_value(-3i64), FieldValue::Signed(-3));
        assert_eq!(field_value(true), FieldValue::Bool(true));
        assert_eq!(field_value(0.5f32), FieldValue::Float(0.5));
        extern crate alloc;
        use alloc::format;
        assert_eq!(format!("{:?}", DebugValue(0.1f32)), "0.1");
        assert_eq!(format!("{:?}", DebugValue(1.0f64)), "1.0");
        assert_eq!(format!("{:?}", DebugValue(-7i16)), "-7");
    }

    #[test]
    fn layout_messages_show_the_numbers() {
        extern crate alloc;
        use alloc::string::ToString;
        let m = misaligned_field("b", "S", "u64", 4, 4, 8);
        assert!(m.as_str().starts_with(
            "field `b` of `S` is misaligned for `Atomic<u64>` on this target: it is at offset 4, which is not a multiple of 8"
        ));
        assert!(
            m.as_str()
                .contains("Move `b` to an offset that is a multiple of 8")
        );
        assert!(m.as_str().ends_with("(`from_mut`, `from_ptr`)"));
        let m = misaligned_field("c", "T", "u64", 8, 4, 8);
        assert!(
            m.as_str()
                .contains("`T` is only 4-aligned, and `Atomic<u64>` needs 8-byte alignment")
        );
        assert!(m.as_str().contains("Align `T` with `#[repr(C, align(8))]`"));
        assert_eq!(Message::new().num(0).num(1234567).as_str(), "01234567");
        assert_eq!(
            Message::new().num(usize::MAX).as_str(),
            usize::MAX.to_string()
        );
        let long = "x".repeat(Message::CAPACITY);
        assert_eq!(Message::new().str("ab").str(&long).str("c").as_str(), "abc");
    }

    #[test]
    fn striped_integers_wrap_at_their_width() {
        assert_eq!(i32::from_total((-1i32).to_delta().wrapping_add(3)), 2);
        assert_eq!(u8::from_total(u64::from(u8::MAX) + 2), 1);
        assert_eq!(i8::from_total(0), 0);
    }
}

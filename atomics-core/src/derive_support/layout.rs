//! The layout view's compile-time messages: a `#[repr(C)]` field whose
//! atomic would be misaligned fails the build with the field's name and the
//! numbers.

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
    // `is_multiple_of` is newer than the crate's minimum Rust.
    #[allow(clippy::manual_is_multiple_of)]
    let aligned = offset % align == 0;
    let m = Message::new()
        .str("field `")
        .str(field)
        .str("` of `")
        .str(plain)
        .str("` is misaligned for `Atomic<")
        .str(ty)
        .str(">` on this target: ");
    let m = if aligned {
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
    let m = if aligned {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}

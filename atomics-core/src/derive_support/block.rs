//! A per-thread stats block (`#[atomic(per_thread)]` on the struct): the twin
//! holds one [`PerThreadBlock`](crate::PerThreadBlock), each field an index into it, and converts
//! each field's values to and from the block's `u64`s with these two
//! functions (the wrapping casts of [`StripedInt`]: an add of `-1` to an
//! `i32` field adds `u64::MAX`, and a total reads back modulo 2^32).

use super::StripedInt;

/// The `u64` that adding `value` to a field adds to its index of the block.
#[inline]
pub fn block_delta<T: StripedInt>(value: T) -> u64 {
    value.to_delta()
}

/// A field's value from its index's total, truncated to the field's width.
#[inline]
pub fn block_value<T: StripedInt>(total: u64) -> T {
    T::from_total(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PerThreadBlock;

    #[test]
    fn a_block_field_wraps_at_its_width() {
        let block = PerThreadBlock::<2>::new();
        block.add_all(&[block_delta(-3i32), block_delta(u8::MAX)]);
        block.add_all(&[block_delta(1i32), block_delta(2u8)]);
        let totals = block.take();
        assert_eq!(block_value::<i32>(totals[0]), -2);
        assert_eq!(block_value::<u8>(totals[1]), 1);
        assert_eq!(block.snapshot(), [0, 0]);
    }
}

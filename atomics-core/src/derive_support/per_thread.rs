//! What a `#[atomic(per_thread)]` field is: a
//! [`PerThreadCounter`](crate::PerThreadCounter) read and written as the
//! field's integer type. A per-thread stats block (the attribute on the
//! struct) uses [`PerThreadBlock`](crate::PerThreadBlock) directly, each
//! field an index, its values converted with [`StripedInt`]'s two methods.

use super::StripedInt;

/// A `#[atomic(per_thread)]` field: a [`PerThreadCounter`](crate::PerThreadCounter)
/// that reads and writes values of the field's integer type `T`.
///
/// Only adds are single steps. `store` and `swap` are two (a take, then an
/// add), so an add that lands in between is kept on top of the stored value,
/// and `swap`'s result is what `take` returned.
pub struct PerThread<T: StripedInt> {
    counter: crate::PerThreadCounter,
    _type: core::marker::PhantomData<fn() -> T>,
}

impl<T: StripedInt> PerThread<T> {
    /// A counter holding `value` (no thread's slot is taken for it).
    #[inline]
    pub fn new(value: T) -> Self {
        Self {
            counter: crate::PerThreadCounter::starting_at(value.to_delta()),
            _type: core::marker::PhantomData,
        }
    }

    /// The counter itself.
    #[inline]
    pub fn counter(&self) -> &crate::PerThreadCounter {
        &self.counter
    }

    /// Adds `delta` (wrapping): a load and a store on this thread's slot.
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

impl<T: StripedInt> Default for PerThread<T> {
    #[inline]
    fn default() -> Self {
        Self::new(T::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_per_thread_field_reads_and_writes_its_type() {
        let f = PerThread::new(-3i32);
        assert_eq!(f.load(), -3);
        f.add(5);
        assert_eq!(f.load(), 2);
        assert_eq!(f.swap(-1), 2);
        assert_eq!(f.take(), -1);
        f.store(7);
        f.add(-8);
        assert_eq!(f.counter().sum(), u64::MAX);
        assert_eq!(f.into_inner(), -1);
        assert_eq!(PerThread::<u8>::default().load(), 0);
    }
}

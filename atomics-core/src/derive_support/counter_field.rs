//! A field backed by a counter: `#[atomic(striped)]` (a
//! [`StripedCounter`](crate::StripedCounter)) or `#[atomic(per_thread)]` (a
//! [`PerThreadCounter`](crate::PerThreadCounter)), read and written as the
//! field's integer type. One wrapper serves both; the counter is a
//! parameter. A per-thread stats block (the attribute on the struct) uses
//! [`PerThreadBlock`](crate::PerThreadBlock) directly, each field an index,
//! its values converted with [`StripedInt`]'s two methods.

use core::marker::PhantomData;

use super::StripedInt;
use crate::{PerThreadCounter, StripedCounter};

/// What a counter-backed field needs of its counter.
pub trait FieldCounter {
    /// A counter whose sum starts at `value`.
    fn starting_at(value: u64) -> Self;
    /// Adds `delta` (wrapping).
    fn add(&self, delta: u64);
    /// The sum (not a linearizable snapshot while adds run).
    fn sum(&self) -> u64;
    /// Takes everything added so far, leaving zero.
    fn take(&self) -> u64;
    /// Resets to zero.
    fn reset(&self);
}

impl FieldCounter for StripedCounter {
    #[inline]
    fn starting_at(value: u64) -> Self {
        let counter = Self::new();
        counter.add(value);
        counter
    }
    #[inline]
    fn add(&self, delta: u64) {
        Self::add(self, delta);
    }
    #[inline]
    fn sum(&self) -> u64 {
        Self::sum(self)
    }
    #[inline]
    fn take(&self) -> u64 {
        Self::take(self)
    }
    #[inline]
    fn reset(&self) {
        Self::reset(self);
    }
}

impl FieldCounter for PerThreadCounter {
    /// No thread's slot is taken for the starting value.
    #[inline]
    fn starting_at(value: u64) -> Self {
        Self::starting_at(value)
    }
    #[inline]
    fn add(&self, delta: u64) {
        Self::add(self, delta);
    }
    #[inline]
    fn sum(&self) -> u64 {
        Self::sum(self)
    }
    #[inline]
    fn take(&self) -> u64 {
        Self::take(self)
    }
    #[inline]
    fn reset(&self) {
        Self::reset(self);
    }
}

/// A `#[atomic(striped)]` field: values of `T` in a `StripedCounter`.
pub type Striped<T> = CounterField<StripedCounter, T>;

/// A `#[atomic(per_thread)]` field: values of `T` in a `PerThreadCounter`.
pub type PerThread<T> = CounterField<PerThreadCounter, T>;

/// A field whose values of the integer type `T` live in the counter `C`.
///
/// Only adds are single steps. `store` and `swap` are two (reset or take,
/// then add), so an add that lands in between is kept on top of the stored
/// value, and `swap`'s result is what `take` returned.
pub struct CounterField<C, T: StripedInt> {
    counter: C,
    _type: PhantomData<fn() -> T>,
}

impl<C: FieldCounter, T: StripedInt> CounterField<C, T> {
    /// A counter holding `value`.
    #[inline]
    pub fn new(value: T) -> Self {
        Self {
            counter: C::starting_at(value.to_delta()),
            _type: PhantomData,
        }
    }

    /// The counter itself.
    #[inline]
    pub fn counter(&self) -> &C {
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

impl<C: FieldCounter, T: StripedInt> Default for CounterField<C, T> {
    #[inline]
    fn default() -> Self {
        Self::new(T::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both counters, through the one wrapper.
    fn reads_and_writes_its_type<C: FieldCounter>() {
        let f = CounterField::<C, i32>::new(-3);
        assert_eq!(f.load(), -3);
        f.add(5);
        assert_eq!(f.load(), 2);
        assert_eq!(f.swap(-1), 2);
        assert_eq!(f.take(), -1);
        f.store(7);
        f.add(-8);
        assert_eq!(f.counter().sum(), u64::MAX);
        assert_eq!(f.into_inner(), -1);
        assert_eq!(CounterField::<C, u8>::default().load(), 0);
    }

    #[test]
    fn a_striped_field_reads_and_writes_its_type() {
        reads_and_writes_its_type::<StripedCounter>();
    }

    #[test]
    fn a_per_thread_field_reads_and_writes_its_type() {
        reads_and_writes_its_type::<PerThreadCounter>();
        assert_eq!(PerThread::new(5u32).counter().slots(), 0, "no slot for the start");
    }
}

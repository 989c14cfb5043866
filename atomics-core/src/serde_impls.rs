//! `Serialize` and `Deserialize` for [`Atomic<T>`] (feature `serde`): an
//! atomic is its value, as serde does for std's atomics.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Atomic, AtomicPrimitive, Ordering};

/// Serializes the current value (a relaxed load, as serde does for std's
/// atomics: a snapshot of one value orders nothing else).
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use atomics_core::Atomic;
///
/// let hits = Atomic::new(7u64);
/// assert_eq!(serde_json::to_string(&hits).unwrap(), "7");
/// # }
/// ```
impl<T: AtomicPrimitive + Serialize> Serialize for Atomic<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.load_with(Ordering::Relaxed).serialize(serializer)
    }
}

/// Deserializes a value into a new atomic.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use atomics_core::Atomic;
///
/// let ready: Atomic<bool> = serde_json::from_str("true").unwrap();
/// assert!(ready.load());
/// # }
/// ```
impl<'de, T: AtomicPrimitive + Deserialize<'de>> Deserialize<'de> for Atomic<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Self::new)
    }
}

//! `Serialize` and `Deserialize` for [`Atomic<T>`] and `Value<T>` (feature
//! `serde`): an atomic is its value, as serde does for std's atomics, and a
//! `Value` its current value or none.

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

crate::sync::cfg_value! {
    /// Serializes the current value, or none for an empty cell (an
    /// `Option<T>`).
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// use atomics_core::Value;
    ///
    /// let config = Value::new();
    /// assert_eq!(serde_json::to_string(&config).unwrap(), "null");
    /// config.store(String::from("fast"));
    /// assert_eq!(serde_json::to_string(&config).unwrap(), "\"fast\"");
    /// # }
    /// ```
    impl<T: Serialize + Send + Sync + 'static> Serialize for crate::Value<T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.read().as_deref().serialize(serializer)
        }
    }

    /// Deserializes an `Option<T>`: a cell holding the value, or an empty one.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// use atomics_core::Value;
    ///
    /// let config: Value<u32> = serde_json::from_str("7").unwrap();
    /// assert_eq!(config.load().as_deref(), Some(&7));
    /// let empty: Value<u32> = serde_json::from_str("null").unwrap();
    /// assert!(empty.load().is_none());
    /// # }
    /// ```
    impl<'de, T: Deserialize<'de> + Send + Sync + 'static> Deserialize<'de> for crate::Value<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let cell = Self::new();
            if let Some(value) = Option::<T>::deserialize(deserializer)? {
                cell.store(value);
            }
            Ok(cell)
        }
    }
}

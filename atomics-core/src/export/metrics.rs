//! This crate's counters and gauges as [`metrics`] handles (feature
//! `metrics`), so `metrics::Counter::from_arc(Arc::new(Atomic::new(0u64)))`
//! records into an atomic you also read directly.
//!
//! All of them are relaxed, as `metrics`' own atomic handles are: a metric
//! orders nothing else.

use metrics::{CounterFn, GaugeFn};

use crate::sync::cfg_striped;
use crate::{Atomic, Ordering::Relaxed};

/// `increment` adds (wrapping, as `add` does); `absolute` raises the counter
/// to `value` if it is below (`fetch_max`), as `metrics`' own atomic counter
/// does, so late or reordered absolute updates never move it back.
impl CounterFn for Atomic<u64> {
    #[inline]
    fn increment(&self, value: u64) {
        self.fetch_add_with(value, Relaxed);
    }

    #[inline]
    fn absolute(&self, value: u64) {
        self.max_with(value, Relaxed);
    }
}

/// A gauge stored as an `f64`; `increment` and `decrement` are
/// compare-and-swap loops.
impl GaugeFn for Atomic<f64> {
    #[inline]
    fn increment(&self, value: f64) {
        self.add_with(value, Relaxed);
    }

    #[inline]
    fn decrement(&self, value: f64) {
        self.sub_with(value, Relaxed);
    }

    #[inline]
    fn set(&self, value: f64) {
        self.store_with(value, Relaxed);
    }
}

cfg_striped! {
    /// `increment` adds to this thread's shard. `absolute` adds the
    /// difference to `value` when the sum is below it: two steps, so
    /// concurrent `absolute` calls may overshoot. A striped counter is for
    /// increments; use an `Atomic<u64>` for absolute updates.
    impl CounterFn for crate::StripedCounter {
        #[inline]
        fn increment(&self, value: u64) {
            self.add(value);
        }

        fn absolute(&self, value: u64) {
            let sum = self.sum();
            if value > sum {
                self.add(value - sum);
            }
        }
    }

    /// `increment` adds to this thread's slot (a load and a store, no
    /// locked instruction). `absolute` adds the difference to `value` when
    /// the sum is below it: two steps, as for a striped counter.
    impl CounterFn for crate::PerThreadCounter {
        #[inline]
        fn increment(&self, value: u64) {
            self.add(value);
        }

        fn absolute(&self, value: u64) {
            let sum = self.sum();
            if value > sum {
                self.add(value - sum);
            }
        }
    }
}

//! Sleeping until an atomic changes (feature `wait`): C++20's
//! `atomic::wait`/`notify`, on [parking_lot_core](https://docs.rs/parking_lot_core)'s
//! queues keyed by the atomic's address, so every width and every user type
//! can wait, not only the 32-bit words a futex takes.
//!
//! # The protocol, and why no wake-up is lost
//!
//! The writer changes the value, **then** notifies:
//!
//! ```text
//! writer                        waiter
//! ------                        ------
//! cell.store(new)               cell.wait(old):
//! cell.notify_all()               loop {
//!                                   if cell.load() != old { return }
//!                                   park(&cell, validate: cell.load() == old)
//!                                 }
//! ```
//!
//! `park` takes the lock of the queue of the cell's address, re-checks the
//! value under it (`validate`), and only if it is still `old` joins the queue
//! and sleeps; `notify_*` takes the same lock to wake the queue. Either the
//! waiter's check comes first under the lock, and then it is queued before
//! the notify looks at the queue and is woken; or the notify comes first, and
//! then the store, which happened before the notify took the lock, is visible
//! to the check, which does not sleep. A store without a notify can leave a
//! waiter asleep: always notify after changing a value someone may wait on.
//!
//! # Spurious wakes and ABA
//!
//! `wait` returns only once it has read a value other than `current`: a
//! wake-up for another reason (a `notify` without a change) re-checks and
//! sleeps again. A change that is undone before the waiter re-checks (`A` to
//! `B` and back to `A`) may go unnoticed, as with a futex.
//!
//! # Loom
//!
//! parking_lot_core is not loom-aware: under `--cfg atomics_loom` the waiting
//! methods do not exist.

use core::time::Duration;
use std::time::Instant;

use crate::primitive::AtomicPrimitive;
use crate::sync::Ordering;
use crate::Atomic;

/// How [`Atomic::wait_timeout`] ended.
///
/// # Examples
///
/// ```
/// use atomics_core::{Atomic, Waited};
/// use std::time::Duration;
///
/// let ready = Atomic::new(false);
/// assert_eq!(ready.wait_timeout(false, Duration::from_millis(1)), Waited::TimedOut);
/// ready.store(true);
/// assert_eq!(ready.wait_timeout(false, Duration::from_secs(1)), Waited::Changed);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use = "a wait can end by the timeout: check which"]
pub enum Waited {
    /// The value was seen to be other than `current`.
    Changed,
    /// The timeout passed with the value still `current`.
    TimedOut,
}

impl Waited {
    /// Whether the timeout passed with the value unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Waited;
    ///
    /// assert!(Waited::TimedOut.timed_out());
    /// assert!(!Waited::Changed.timed_out());
    /// ```
    #[must_use]
    pub fn timed_out(self) -> bool {
        self == Waited::TimedOut
    }
}

/// Blocking waits, for any atomic-capable type with `==` (floats compare
/// with `==` here: waiting on a NaN returns at once, and `0.0` equals
/// `-0.0`).
impl<T: AtomicPrimitive + PartialEq> Atomic<T> {
    /// Sleeps until the value is no longer `current` (acquire loads: what
    /// the writer wrote before its store is visible after the return).
    /// Returns at once if it already is not. The writer must call
    /// [`notify_one`](Self::notify_one) or [`notify_all`](Self::notify_all)
    /// after changing the value (see the protocol in the module docs).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    /// use std::thread;
    ///
    /// let ready = Atomic::new(false);
    /// thread::scope(|s| {
    ///     s.spawn(|| {
    ///         ready.store(true);
    ///         ready.notify_all();
    ///     });
    ///     ready.wait(false); // sleeps instead of spinning
    ///     assert!(ready.load());
    /// });
    /// ```
    pub fn wait(&self, current: T) {
        let changed = self.wait_until(current, None);
        debug_assert!(changed.is_ok());
    }

    /// Like [`wait`](Self::wait), but returns [`Waited::TimedOut`] once
    /// `timeout` has passed with the value still `current`. At least
    /// `timeout` passes before a `TimedOut` (the system may add more).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, Waited};
    /// use std::time::Duration;
    ///
    /// let state = Atomic::new(0u32);
    /// let r = state.wait_timeout(0, Duration::from_millis(5));
    /// assert!(r.timed_out());
    /// ```
    pub fn wait_timeout(&self, current: T, timeout: Duration) -> Waited {
        // A deadline past what `Instant` can hold is no deadline.
        let deadline = Instant::now().checked_add(timeout);
        match self.wait_until(current, deadline) {
            Ok(()) => Waited::Changed,
            Err(()) => Waited::TimedOut,
        }
    }

    /// Wakes one thread waiting on this atomic, if any. Call it after
    /// changing the value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    /// use std::thread;
    ///
    /// let jobs = Atomic::new(0u32);
    /// thread::scope(|s| {
    ///     s.spawn(|| jobs.wait(0));
    ///     jobs.add(1);
    ///     jobs.notify_one();
    /// });
    /// ```
    pub fn notify_one(&self) {
        // SAFETY: the key is this atomic's address, which only this type's
        // waits park on; the callback neither panics nor calls into
        // parking_lot_core.
        unsafe {
            parking_lot_core::unpark_one(self.key(), |_| parking_lot_core::DEFAULT_UNPARK_TOKEN);
        }
    }

    /// Wakes every thread waiting on this atomic. Call it after changing the
    /// value.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::Atomic;
    /// use std::thread;
    ///
    /// let go = Atomic::new(false);
    /// thread::scope(|s| {
    ///     for _ in 0..3 {
    ///         s.spawn(|| go.wait(false));
    ///     }
    ///     go.store(true);
    ///     go.notify_all();
    /// });
    /// ```
    pub fn notify_all(&self) {
        // SAFETY: the key is this atomic's address, which only this type's
        // waits park on.
        unsafe {
            parking_lot_core::unpark_all(self.key(), parking_lot_core::DEFAULT_UNPARK_TOKEN);
        }
    }

    /// The queue key: the atomic's address (stable while it is borrowed).
    fn key(&self) -> usize {
        (self as *const Self).addr()
    }

    /// Sleeps until the value is not `current` (`Ok`) or `deadline` passes
    /// with it unchanged (`Err`).
    fn wait_until(&self, current: T, deadline: Option<Instant>) -> Result<(), ()> {
        loop {
            if self.load_with(Ordering::Acquire) != current {
                return Ok(());
            }
            // SAFETY: the key is this atomic's address, which only this
            // type's `notify_*` unpark; `validate` only loads and compares
            // (a user type's `PartialEq` that panics would abort, as
            // parking_lot_core documents), and the other callbacks do
            // nothing.
            let parked = unsafe {
                parking_lot_core::park(
                    self.key(),
                    || self.load_with(Ordering::Acquire) == current,
                    || {},
                    |_, _| {},
                    parking_lot_core::DEFAULT_PARK_TOKEN,
                    deadline,
                )
            };
            if let parking_lot_core::ParkResult::TimedOut = parked {
                // The last look decides: a change that raced the timeout
                // counts as a change.
                return if self.load_with(Ordering::Acquire) == current {
                    Err(())
                } else {
                    Ok(())
                };
            }
            // Woken (by a notify, or it changed before we slept): look again.
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn a_changed_value_returns_at_once() {
        let a = Atomic::new(1u64);
        a.wait(0);
        assert_eq!(a.wait_timeout(0, Duration::from_secs(60)), Waited::Changed);
        let f = Atomic::new(f32::NAN);
        f.wait(f32::NAN); // NaN != NaN: returns at once, as documented
    }

    #[test]
    fn a_timeout_waits_at_least_its_duration() {
        let a = Atomic::new(7u16);
        let d = Duration::from_millis(20);
        let t0 = Instant::now();
        assert_eq!(a.wait_timeout(7, d), Waited::TimedOut);
        assert!(t0.elapsed() >= d);
        // A timeout too far to represent is no timeout; the value changes.
        thread::scope(|s| {
            s.spawn(|| {
                a.store(8);
                a.notify_one();
            });
            assert_eq!(a.wait_timeout(7, Duration::MAX), Waited::Changed);
        });
    }

    #[test]
    fn a_notify_without_a_change_does_not_end_a_wait() {
        let a = Atomic::new(0u8);
        let woken = Atomic::new(false);
        thread::scope(|s| {
            s.spawn(|| {
                a.wait(0);
                woken.store(true);
            });
            for _ in 0..3 {
                a.notify_all(); // no change: the waiter sleeps again
                thread::yield_now();
            }
            assert!(!woken.load());
            a.store(1);
            a.notify_all();
        });
        assert!(woken.load());
    }
}

//! A stored value whose destructor panics: the panic comes out of a later,
//! unrelated call, the one that happened to collect it. Its own test binary,
//! so that the panic cannot surface in another test's thread.

use atomics_core::Value;
use std::panic::{AssertUnwindSafe, catch_unwind};

struct Bomb(bool);

impl Drop for Bomb {
    fn drop(&mut self) {
        if self.0 {
            panic!("a replaced value's destructor panicked");
        }
    }
}

#[test]
fn a_panicking_destructor_surfaces_in_an_unrelated_later_call() {
    let cell = Value::from(Bomb(true));
    // Replacing the value retires it; the store itself completes.
    cell.store(Bomb(false));
    assert!(cell.read().is_some_and(|b| !b.0), "the store stored");

    // Ordinary reads of another cell collect garbage now and then; one of
    // them runs the destructor and unwinds.
    let other = Value::from(0u32);
    let mut caught = None;
    for op in 0..10_000 {
        if catch_unwind(AssertUnwindSafe(|| other.read().map(|v| *v))).is_err() {
            caught = Some(op);
            break;
        }
    }
    let op = caught.expect("the destructor ran within 10,000 reads");
    eprintln!("the panic surfaced in read number {op} of an unrelated Value");
    // Both cells still work afterwards.
    other.store(1);
    assert_eq!(other.read().map(|v| *v), Some(1));
    assert!(cell.read().is_some_and(|b| !b.0));
}

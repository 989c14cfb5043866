//! Every operation on every atomic-capable type: values, returned old/new
//! conventions, wrapping, edge values, orderings, layout.

use atomics_core::{Atomic, AtomicInteger, AtomicPrimitive, Ordering, Ordering::*};
use core::mem::{align_of, size_of};

/// Every ordering valid for a read-modify-write.
const RMW: [Ordering; 5] = [Relaxed, Acquire, Release, AcqRel, SeqCst];
/// Every (success, failure) pair std accepts for a compare-exchange.
const CAS: [(Ordering, Ordering); 9] = [
    (Relaxed, Relaxed),
    (Acquire, Relaxed),
    (Acquire, Acquire),
    (Release, Relaxed),
    (AcqRel, Relaxed),
    (AcqRel, Acquire),
    (SeqCst, Relaxed),
    (SeqCst, Acquire),
    (SeqCst, SeqCst),
];

/// The operations every `Atomic<T>` has, checked on two distinct values.
macro_rules! common_suite {
    ($t:ty, $a:expr, $b:expr) => {
        #[test]
        fn layout_matches_go_typed_atomics() {
            assert_eq!(size_of::<Atomic<$t>>(), size_of::<$t>());
            assert_eq!(align_of::<Atomic<$t>>(), size_of::<$t>());
        }

        #[test]
        fn load_store_swap() {
            let (a, b): ($t, $t) = ($a, $b);
            let x = Atomic::new(a);
            assert_eq!(x.load(), a);
            x.store(b);
            assert_eq!(x.load(), b);
            assert_eq!(x.swap(a), b);
            assert_eq!(x.load(), a);
            for o in [Relaxed, Acquire, SeqCst] {
                assert_eq!(x.load_with(o), a);
            }
            for o in [Relaxed, Release, SeqCst] {
                x.store_with(b, o);
                assert_eq!(x.load(), b);
                x.store_with(a, o);
            }
            for o in RMW {
                assert_eq!(x.swap_with(b, o), a);
                assert_eq!(x.swap_with(a, o), b);
            }
        }

        #[test]
        fn compare_and_swap_family() {
            let (a, b): ($t, $t) = ($a, $b);
            let x = Atomic::new(a);
            assert!(!x.compare_and_swap(b, b), "wrong expected value must fail");
            assert_eq!(x.load(), a, "a failed CAS must not write");
            assert!(x.compare_and_swap(a, b));
            assert_eq!(x.load(), b);
            assert_eq!(x.compare_exchange(a, a), Err(b));
            assert_eq!(x.compare_exchange(b, a), Ok(b));
            for (s, f) in CAS {
                assert_eq!(x.compare_exchange_with(b, b, s, f), Err(a));
                assert_eq!(x.compare_exchange_with(a, b, s, f), Ok(a));
                assert!(x.compare_and_swap_with(b, a, s, f));
                assert!(!x.compare_and_swap_with(b, a, s, f));
                let mut cur = x.load();
                // A weak CAS may fail spuriously; retry a bounded number of times.
                let mut tries = 0;
                while let Err(actual) = x.compare_exchange_weak_with(cur, b, s, f) {
                    cur = actual;
                    tries += 1;
                    assert!(tries < 1000, "weak CAS never succeeded");
                }
                assert_eq!(x.load(), b);
                x.store(a);
            }
            assert_eq!(x.compare_exchange_weak(b, a).unwrap_err(), a);
        }

        #[test]
        fn update_and_try_update_return_previous() {
            let (a, b): ($t, $t) = ($a, $b);
            let x = Atomic::new(a);
            assert_eq!(x.update(|v| if v == a { b } else { a }), a);
            assert_eq!(x.load(), b);
            assert_eq!(x.try_update(|_| None), Err(b));
            assert_eq!(x.load(), b);
            assert_eq!(x.try_update(|_| Some(a)), Ok(b));
            assert_eq!(x.load(), a);
            for (s, f) in CAS {
                assert_eq!(x.update_with(|_| b, s, f), a);
                assert_eq!(x.try_update_with(|_| Some(a), s, f), Ok(b));
            }
        }

        #[test]
        fn construction_and_conversions() {
            let (a, b): ($t, $t) = ($a, $b);
            static A: Atomic<$t> = Atomic::new($a); // const-constructible
            assert_eq!(A.load(), a);
            assert_eq!(Atomic::<$t>::default().load(), <$t>::default());
            assert_eq!(Atomic::from(a).load(), a);
            assert_eq!(format!("{:?}", Atomic::new(a)), format!("{:?}", a));
            let mut x = Atomic::new(a);
            *x.get_mut() = b;
            assert_eq!(x.load(), b);
            assert_eq!(x.into_inner(), b);
        }

        #[test]
        fn views_of_plain_memory() {
            let (a, b): ($t, $t) = ($a, $b);
            let mut cell = Atomic::new(a);
            let ptr: *mut $t = cell.get_mut();
            // SAFETY: `ptr` points into `cell`, which is aligned for the atomic,
            // outlives the borrow and is only accessed through it meanwhile.
            let view = unsafe { Atomic::<$t>::from_ptr(ptr) };
            view.store(b);
            assert_eq!(view.load(), b);
            assert_eq!(cell.into_inner(), b);
            views_of_plain_memory_from_mut(a, b);
        }
    };
}

/// `from_mut` exists only where `T` is as aligned as its atomic.
macro_rules! from_mut_test {
    ($t:ty) => {
        fn views_of_plain_memory_from_mut(a: $t, b: $t) {
            let mut plain = a;
            assert_eq!(Atomic::from_mut(&mut plain).swap(b), a);
            assert_eq!(plain, b);
        }
    };
}

macro_rules! int_suite {
    ($($t:ident),*) => {$(
        mod $t {
            use super::*;

            common_suite!($t, 3, <$t>::MAX - 1);
            from_mut_test!($t);

            #[test]
            fn add_and_sub_return_new_and_wrap() {
                let x = Atomic::<$t>::new(40);
                assert_eq!(x.add(2), 42);
                assert_eq!(x.sub(2), 40);
                assert_eq!(x.load(), 40);
                x.store(<$t>::MAX);
                assert_eq!(x.add(1), <$t>::MIN, "Go's Add wraps");
                assert_eq!(x.sub(1), <$t>::MAX);
                for o in RMW {
                    x.store(10);
                    assert_eq!(x.add_with(5, o), 15);
                    assert_eq!(x.sub_with(7, o), 8);
                }
            }

            #[test]
            fn fetch_add_and_fetch_sub_return_old_and_wrap() {
                let x = Atomic::<$t>::new(40);
                assert_eq!(x.fetch_add(2), 40);
                assert_eq!(x.fetch_sub(2), 42);
                x.store(<$t>::MIN);
                assert_eq!(x.fetch_sub(1), <$t>::MIN);
                assert_eq!(x.load(), <$t>::MAX);
                for o in RMW {
                    x.store(1);
                    assert_eq!(x.fetch_add_with(1, o), 1);
                    assert_eq!(x.fetch_sub_with(1, o), 2);
                }
            }

            #[test]
            fn bit_operations_return_old() {
                let x = Atomic::<$t>::new(0b1100);
                assert_eq!(x.and(0b1010), 0b1100);
                assert_eq!(x.load(), 0b1000);
                assert_eq!(x.or(0b0011), 0b1000);
                assert_eq!(x.load(), 0b1011);
                assert_eq!(x.xor(0b1111), 0b1011);
                assert_eq!(x.load(), 0b0100);
                for o in RMW {
                    x.store(0b0110);
                    assert_eq!(x.and_with(0b0011, o), 0b0110);
                    assert_eq!(x.or_with(0b1000, o), 0b0010);
                    assert_eq!(x.xor_with(0b1010, o), 0b1010);
                    assert_eq!(x.load(), 0);
                }
                x.store(<$t>::MAX);
                assert_eq!(x.and(0), <$t>::MAX);
                assert_eq!(x.load(), 0);
            }

            #[test]
            fn single_bit_operations_return_the_old_bit() {
                let top = <$t as AtomicInteger>::BITS - 1;
                let x = Atomic::<$t>::new(0);
                for n in [0, 1, top / 2, top] {
                    assert!(!x.bit_set(n), "bit {n} starts clear");
                    assert!(x.bit_set(n), "bit {n} stays set");
                    assert_eq!(x.load(), (1 as $t) << n, "only bit {n} is set");
                    assert!(x.bit_toggle(n));
                    assert_eq!(x.load(), 0);
                    assert!(!x.bit_toggle(n));
                    assert!(x.bit_clear(n));
                    assert!(!x.bit_clear(n));
                    assert_eq!(x.load(), 0);
                }
                x.store(!0);
                for o in RMW {
                    assert!(x.bit_clear_with(top, o));
                    assert!(!x.bit_toggle_with(top, o));
                    assert!(x.bit_set_with(0, o));
                    assert_eq!(x.load(), !0, "the other bits are untouched");
                }
            }

            #[test]
            fn converts_to_and_from_the_std_atomic() {
                let x = Atomic::<$t>::new(7);
                let std: &<$t as AtomicPrimitive>::Repr = x.as_std();
                assert_eq!(std.load(SeqCst), 7);
                assert_eq!(Atomic::<$t>::from_std(std).add(1), 8);
                // SAFETY: `x` is not shared, so a plain read is fine.
                assert_eq!(unsafe { x.as_ptr().read() }, 8);
                let owned: <$t as AtomicPrimitive>::Repr = x.into();
                let back: Atomic<$t> = owned.into();
                assert_eq!(back.load(), 8);
            }

            #[test]
            fn max_and_min_return_old() {
                let x = Atomic::<$t>::new(5);
                assert_eq!(x.max(9), 5);
                assert_eq!(x.max(7), 9);
                assert_eq!(x.load(), 9);
                assert_eq!(x.min(2), 9);
                assert_eq!(x.min(4), 2);
                assert_eq!(x.load(), 2);
                assert_eq!(x.max(<$t>::MAX), 2);
                assert_eq!(x.min(<$t>::MIN), <$t>::MAX);
                assert_eq!(x.load(), <$t>::MIN);
                for o in RMW {
                    x.store(3);
                    assert_eq!(x.max_with(4, o), 3);
                    assert_eq!(x.min_with(1, o), 4);
                    assert_eq!(x.load(), 1);
                }
            }
        }
    )*};
}

int_suite!(u8, i8, u16, i16, u32, i32, u64, i64, usize, isize);

#[test]
fn signed_edges() {
    let x = Atomic::<i32>::new(-1);
    assert_eq!(x.add(1), 0);
    assert_eq!(x.sub(5), -5);
    assert_eq!(x.max(-10), -5, "signed comparison, not unsigned");
    assert_eq!(x.min(-10), -5);
    assert_eq!(x.load(), -10);
    x.store(i32::MIN);
    assert_eq!(x.sub(1), i32::MAX);
}

mod bool_ops {
    use super::*;

    common_suite!(bool, false, true);
    from_mut_test!(bool);

    #[test]
    fn one_byte_like_std() {
        assert_eq!(size_of::<Atomic<bool>>(), 1);
    }

    #[test]
    fn logic_returns_old() {
        let truth = [false, true];
        for a in truth {
            for b in truth {
                for o in RMW {
                    let x = Atomic::new(a);
                    assert_eq!(x.and_with(b, o), a);
                    assert_eq!(x.load(), a & b);
                    let x = Atomic::new(a);
                    assert_eq!(x.or_with(b, o), a);
                    assert_eq!(x.load(), a | b);
                    let x = Atomic::new(a);
                    assert_eq!(x.xor_with(b, o), a);
                    assert_eq!(x.load(), a ^ b);
                }
                let x = Atomic::new(a);
                assert_eq!((x.and(b), x.load()), (a, a & b));
                let x = Atomic::new(a);
                assert_eq!((x.or(b), x.load()), (a, a | b));
                let x = Atomic::new(a);
                assert_eq!((x.xor(b), x.load()), (a, a ^ b));
            }
            let x = Atomic::new(a);
            assert_eq!(x.not(), a);
            assert_eq!(x.load(), !a);
            for o in RMW {
                assert_eq!(x.not_with(o), !a);
                assert_eq!(x.not_with(o), a);
            }
        }
    }
}

macro_rules! float_suite {
    ($($t:ident => $bits:ident),*) => {$(
        mod $t {
            use super::*;

            common_suite!($t, 1.5, -2.25);

            #[cfg(not(all(target_arch = "x86", not(target_os = "windows"))))]
            from_mut_test!($t);
            #[cfg(all(target_arch = "x86", not(target_os = "windows")))]
            fn views_of_plain_memory_from_mut(_: $t, _: $t) {}

            #[test]
            fn arithmetic_returns_new_or_old() {
                let x = Atomic::<$t>::new(1.5);
                assert_eq!(x.add(2.0), 3.5);
                assert_eq!(x.sub(0.5), 3.0);
                assert_eq!(x.fetch_add(1.0), 3.0);
                assert_eq!(x.fetch_sub(4.0), 4.0);
                assert_eq!(x.load(), 0.0);
                for o in RMW {
                    x.store(1.0);
                    assert_eq!(x.add_with(1.0, o), 2.0);
                    assert_eq!(x.sub_with(0.5, o), 1.5);
                    assert_eq!(x.fetch_add_with(0.5, o), 1.5);
                    assert_eq!(x.fetch_sub_with(2.0, o), 2.0);
                    assert_eq!(x.load(), 0.0);
                }
                x.store(<$t>::MAX);
                assert_eq!(x.add(<$t>::MAX), <$t>::INFINITY);
            }

            #[test]
            fn max_min_follow_float_rules() {
                let x = Atomic::<$t>::new(1.0);
                assert_eq!(x.max(2.5), 1.0);
                assert_eq!(x.min(-3.0), 2.5);
                assert_eq!(x.load(), -3.0);
                assert_eq!(x.max(<$t>::NAN), -3.0, "NaN argument leaves the value");
                assert_eq!(x.load(), -3.0);
                x.store(<$t>::NAN);
                assert!(x.min(7.0).is_nan());
                assert_eq!(x.load(), 7.0, "a NaN cell takes the other operand");
                for o in RMW {
                    x.store(0.0);
                    assert_eq!(x.max_with(1.0, o), 0.0);
                    assert_eq!(x.min_with(-1.0, o), 1.0);
                    assert_eq!(x.load(), -1.0);
                }
            }

            #[test]
            fn comparisons_are_bitwise() {
                let nan = <$t>::NAN;
                let x = Atomic::new(nan);
                assert!(x.compare_and_swap(nan, 1.0), "the same NaN matches");
                let x = Atomic::new(0.0 as $t);
                assert!(!x.compare_and_swap(-0.0, 1.0), "-0.0 differs from 0.0");
                assert_eq!(x.compare_exchange(-0.0, 1.0).unwrap_err().to_bits(), 0);
                let other_nan = <$t>::from_bits(nan.to_bits() ^ 1);
                let x = Atomic::new(nan);
                assert!(!x.compare_and_swap(other_nan, 1.0), "another NaN payload differs");
            }

            #[test]
            fn update_on_nan_terminates_and_keeps_bits() {
                let payload = <$t>::from_bits(<$t>::NAN.to_bits() | 1);
                let x = Atomic::new(payload);
                let old = x.update(|v| v);
                assert_eq!(old.to_bits(), payload.to_bits());
                assert_eq!(x.load().to_bits(), payload.to_bits());
                assert!(x.add(1.0).is_nan());
                let mut calls = 0;
                assert!(x.try_update(|v| { calls += 1; Some(v) }).is_ok());
                // Bit comparison lets it finish; a weak CAS may still fail
                // spuriously now and then (miri simulates that), so a few
                // runs are allowed, not an endless loop.
                assert!((1..100).contains(&calls), "{calls} runs");
            }

            #[test]
            fn stored_as_bits_of_the_same_width() {
                assert_eq!(size_of::<Atomic<$t>>(), size_of::<$bits>());
                let x = Atomic::new(-0.0 as $t);
                assert_eq!(x.load().to_bits(), (-0.0 as $t).to_bits());
            }
        }
    )*};
}

float_suite!(f32 => u32, f64 => u64);

#[test]
fn go_aliases_are_the_generic_type() {
    use atomics_core::*;
    let _: &Atomic<bool> = &Bool::new(true);
    let _: &Atomic<i8> = &Int8::new(0);
    let _: &Atomic<i16> = &Int16::new(0);
    let _: &Atomic<i32> = &Int32::new(0);
    let _: &Atomic<i64> = &Int64::new(0);
    let _: &Atomic<u8> = &Uint8::new(0);
    let _: &Atomic<u16> = &Uint16::new(0);
    let _: &Atomic<u32> = &Uint32::new(0);
    let _: &Atomic<u64> = &Uint64::new(0);
    let _: &Atomic<usize> = &Uintptr::new(0);
    let _: &Atomic<f32> = &Float32::new(0.0);
    let _: &Atomic<f64> = &Float64::new(0.0);
    assert_eq!(
        align_of::<Int64>(),
        8,
        "Go's Int64 is 8-aligned on every target"
    );
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "is not aligned to 8 bytes")]
fn from_ptr_rejects_a_misaligned_pointer_in_debug() {
    let mut words = [0u64; 2];
    // One byte in: misaligned for any u64 atomic.
    let ptr = words
        .as_mut_ptr()
        .cast::<u8>()
        .wrapping_add(1)
        .cast::<u64>();
    // SAFETY: not sound to use; the debug assertion must stop it first.
    let _ = unsafe { Atomic::<u64>::from_ptr(ptr) };
}

#[test]
fn pointer_operations() {
    use atomics_core::Pointer;
    let (mut a, mut b) = (1u32, 2u32);
    let (pa, pb): (*mut u32, *mut u32) = (&mut a, &mut b);
    let p = Pointer::<u32>::null();
    assert!(p.load().is_null());
    assert!(Pointer::<u32>::default().load().is_null());
    assert_eq!(size_of::<Pointer<u32>>(), size_of::<*mut u32>());
    p.store(pa);
    assert_eq!(p.load(), pa);
    assert_eq!(p.swap(pb), pa);
    assert!(!p.compare_and_swap(pa, pa));
    assert!(p.compare_and_swap(pb, pa));
    assert_eq!(p.compare_exchange(pb, pb), Err(pa));
    assert_eq!(p.compare_exchange(pa, pb), Ok(pa));
    for (s, f) in CAS {
        assert_eq!(p.compare_exchange_with(pb, pa, s, f), Ok(pb));
        assert_eq!(p.compare_exchange_with(pb, pa, s, f), Err(pa));
        p.store_with(pb, Release);
        assert_eq!(p.load_with(Acquire), pb);
        assert_eq!(p.swap_with(pb, AcqRel), pb);
    }
    assert_eq!(Pointer::from(pa).into_inner(), pa);
    assert_eq!(format!("{:?}", Pointer::new(pa)), format!("{pa:?}"));
    static GLOBAL: Pointer<u32> = Pointer::null();
    assert!(GLOBAL.load().is_null());
}

/// A bad ordering panics at the caller's line (the methods are
/// `#[track_caller]`), not inside `core`.
#[test]
fn a_bad_ordering_panics_at_the_callers_line() {
    use std::panic;
    type Call = Box<dyn Fn(&Atomic<u32>)>;
    let calls: [(&str, Call); 5] = [
        (
            "load_with(Release)",
            Box::new(|a| {
                let _ = a.load_with(Release);
            }),
        ),
        (
            "store_with(Acquire)",
            Box::new(|a| a.store_with(1, Acquire)),
        ),
        (
            "compare_exchange_with(.., AcqRel)",
            Box::new(|a| {
                let _ = a.compare_exchange_with(0, 1, SeqCst, AcqRel);
            }),
        ),
        (
            "compare_exchange_weak_with(.., Release)",
            Box::new(|a| {
                let _ = a.compare_exchange_weak_with(0, 1, SeqCst, Release);
            }),
        ),
        (
            "try_update_with(.., Release)",
            Box::new(|a| {
                let _ = a.try_update_with(Some, SeqCst, Release);
            }),
        ),
    ];
    let previous = panic::take_hook();
    let (tx, rx) = std::sync::mpsc::channel();
    let this = std::thread::current().id();
    panic::set_hook(Box::new(move |info| {
        // Other tests run (and may panic) at the same time.
        if std::thread::current().id() == this {
            let _ = tx.send(info.location().map(|l| l.file().to_owned()));
        }
    }));
    for (name, call) in &calls {
        let a = Atomic::new(0u32);
        let result = panic::catch_unwind(panic::AssertUnwindSafe(|| call(&a)));
        assert!(result.is_err(), "{name} must panic");
        let file = rx.recv().unwrap().unwrap_or_default();
        assert!(
            file.ends_with("ops.rs"),
            "{name} panicked in {file}, not at the caller"
        );
    }
    panic::set_hook(previous);
}

/// User types in atomics: fieldless enums and newtypes, made atomic-capable
/// by `#[derive(AtomicPrimitive)]`.
#[cfg(feature = "derive")]
mod user_types {
    use super::*;
    use atomics_core::FieldValue;

    // Types made atomic-capable by `#[derive(AtomicPrimitive)]`.
    #[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq, Eq)]
    #[repr(u8)]
    enum State {
        #[default]
        Idle,
        Running,
        Draining,
    }

    /// A newtype over an integer.
    #[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq, Eq)]
    #[repr(transparent)]
    struct Port(u16);

    /// A newtype over a derived type, with a named field.
    #[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq, Eq)]
    #[repr(transparent)]
    struct Phase {
        state: State,
    }

    /// A signed, wider enum with explicit discriminants.
    #[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq, Eq)]
    #[repr(i32)]
    enum Level {
        Low = -100_000,
        #[default]
        Mid = 0,
        High = 1 << 30,
    }

    const STATES: [State; 3] = [State::Idle, State::Running, State::Draining];

    /// An enum of every primitive repr, with its extreme discriminants, made
    /// atomic-capable by the derive; its test round-trips every variant
    /// through every operation that returns a value.
    macro_rules! repr_widths {
        ($($name:ident: $repr:ident),* $(,)?) => {$(
            #[allow(non_camel_case_types)]
            mod $name {
                use super::*;

                // The discriminants are the repr's own `MIN` and `MAX`, for
                // the target being built, so they fit on every target.
                #[allow(clippy::enum_clike_unportable_variant)]
                #[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq, Eq)]
                #[repr($repr)]
                enum E {
                    #[default]
                    Low = $repr::MIN as _,
                    Next = ($repr::MIN + 1) as _,
                    High = $repr::MAX as _,
                }

                #[test]
                fn every_variant_round_trips_at_the_width_of_the_repr() {
                    assert_eq!(size_of::<Atomic<E>>(), size_of::<$repr>());
                    assert_eq!(align_of::<Atomic<E>>(), size_of::<$repr>());
                    let all = [E::Low, E::Next, E::High];
                    let a = Atomic::new(E::default());
                    for v in all {
                        a.store(v);
                        assert_eq!(a.load(), v);
                        for w in all {
                            assert_eq!(a.swap(w), v);
                            assert_eq!(a.compare_exchange(w, v), Ok(w));
                            assert_eq!(a.update(|_| w), v);
                            assert_eq!(a.try_update(|_| Some(v)), Ok(w));
                            assert!(a.compare_and_swap(v, w));
                            let expected = if v == w { Ok(w) } else { Err(w) };
                            assert_eq!(a.compare_exchange(v, w), expected);
                            let mut cur = a.load();
                            while let Err(actual) = a.compare_exchange_weak(cur, v) {
                                cur = actual;
                            }
                            assert_eq!(cur, w);
                        }
                        assert_eq!(format!("{:?}", a), format!("{v:?}"));
                    }
                }
            }
        )*};
    }

    repr_widths!(
        repr_u8: u8, repr_u16: u16, repr_u32: u32, repr_u64: u64,
        repr_i8: i8, repr_i16: i16, repr_i32: i32, repr_i64: i64,
        repr_usize: usize, repr_isize: isize,
    );

    #[test]
    fn stored_at_the_width_of_the_repr() {
        assert_eq!(size_of::<Atomic<State>>(), 1);
        assert_eq!(align_of::<Atomic<State>>(), 1);
        assert_eq!(size_of::<Atomic<Port>>(), 2);
        assert_eq!(align_of::<Atomic<Port>>(), 2);
        assert_eq!(size_of::<Atomic<Phase>>(), 1);
        assert_eq!(size_of::<Atomic<Level>>(), 4);
        assert_eq!(align_of::<Atomic<Level>>(), 4);
    }

    #[test]
    fn every_variant_round_trips() {
        for s in STATES {
            let a = Atomic::new(s);
            assert_eq!(a.load(), s);
            for t in STATES {
                a.store(t);
                assert_eq!(a.load(), t);
                assert_eq!(a.swap(s), t);
                assert_eq!(a.load_with(Acquire), s);
            }
            assert_eq!(Atomic::new(Phase { state: s }).load().state, s);
        }
        for l in [Level::Low, Level::Mid, Level::High] {
            let a = Atomic::new(Level::default());
            a.store_with(l, Release);
            assert_eq!(a.load(), l);
            assert_eq!(a.swap(Level::Mid), l);
        }
        for p in [0, 1, 8080, u16::MAX] {
            let a = Atomic::from(Port(p));
            assert_eq!(a.load(), Port(p));
            assert_eq!(a.into_inner(), Port(p));
        }
    }

    // `State`'s and `Port`'s rows in the per-type suite: every common
    // operation with every ordering.
    mod state_suite {
        use super::State;
        use super::*;
        common_suite!(State, State::Running, State::Draining);
        from_mut_test!(State);
    }
    mod port_suite {
        use super::Port;
        use super::*;
        common_suite!(Port, Port(80), Port(443));
        from_mut_test!(Port);
    }

    #[test]
    fn a_state_machine_with_compare_exchange() {
        let state = Atomic::new(State::Idle);
        assert!(state.compare_and_swap(State::Idle, State::Running));
        assert!(!state.compare_and_swap(State::Idle, State::Running));
        assert_eq!(
            state.compare_exchange(State::Idle, State::Draining),
            Err(State::Running)
        );
        assert_eq!(
            state.compare_exchange(State::Running, State::Draining),
            Ok(State::Running)
        );
        let mut cur = state.load();
        while let Err(actual) = state.compare_exchange_weak(cur, State::Idle) {
            cur = actual;
        }
        assert_eq!(state.load(), State::Idle);
        let next = |s| match s {
            State::Idle => State::Running,
            State::Running => State::Draining,
            State::Draining => State::Idle,
        };
        assert_eq!(state.update(next), State::Idle);
        assert_eq!(state.update(next), State::Running);
        assert_eq!(state.load(), State::Draining);
        // Only a running service starts draining.
        let drain = |s| (s == State::Running).then_some(State::Draining);
        assert_eq!(state.try_update(drain), Err(State::Draining));
        state.store(State::Running);
        assert_eq!(state.try_update(drain), Ok(State::Running));
        assert_eq!(
            state.try_update_with(drain, AcqRel, Acquire),
            Err(State::Draining)
        );
    }

    #[test]
    fn debug_shows_the_variant() {
        assert_eq!(format!("{:?}", Atomic::new(State::Draining)), "Draining");
        assert_eq!(format!("{:?}", Atomic::new(Port(22))), "Port(22)");
        assert_eq!(format!("{:?}", Atomic::<Level>::default()), "Mid");
    }

    #[test]
    fn the_visitor_sees_the_discriminant() {
        use atomics_core::__private::field_value;
        assert_eq!(field_value(State::Draining), FieldValue::Unsigned(2));
        assert_eq!(field_value(Level::Low), FieldValue::Signed(-100_000));
        assert_eq!(field_value(Port(7)), FieldValue::Unsigned(7));
    }

    #[test]
    fn const_and_static_cells() {
        static GLOBAL: Atomic<State> = Atomic::new(State::Running);
        assert_eq!(GLOBAL.load(), State::Running);
        GLOBAL.store(State::Idle);
        assert_eq!(GLOBAL.swap(State::Draining), State::Idle);
    }

    #[test]
    fn layout_view_and_std_interop_keep_values_valid() {
        let mut s = State::Running;
        assert_eq!(
            Atomic::from_mut(&mut s).swap(State::Draining),
            State::Running
        );
        assert_eq!(s, State::Draining);
        let mut a = Atomic::new(State::Idle);
        *a.get_mut() = State::Running;
        assert_eq!(a.load(), State::Running);
        // The storage lent out has no methods; it only comes back.
        let storage = a.as_std();
        assert_eq!(Atomic::<State>::from_std(storage).load(), State::Running);
        let mut cell = Atomic::new(State::Idle);
        let ptr: *mut State = cell.get_mut();
        // SAFETY: `ptr` is aligned, valid for this block, holds a valid
        // `State`, and is only accessed atomically here.
        let view = unsafe { Atomic::<State>::from_ptr(ptr) };
        assert!(view.compare_and_swap(State::Idle, State::Draining));
        assert_eq!(cell.into_inner(), State::Draining);
    }
}

//! What a derived twin offers, method by method: the per-field accessors and
//! their return values, the whole-struct operations, the trait impls, the
//! striped and padded fields, the attributes, and the `#[repr(C)]` view.
#![cfg(not(atomics_loom))]

use atomics_core::{Atomic, AtomicFields, CachePadded, Ordering, StripedCounter};

type Count = u64;

/// A struct with a field of every kind.
#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
pub struct Stats {
    /// Requests served.
    pub requests: u64,
    /// Bytes sent.
    #[atomic(padded)]
    pub bytes: u64,
    /// Cache hits.
    #[atomic(striped)]
    pub hits: u32,
    /// Whether the server is ready.
    pub ready: bool,
    /// Errors seen.
    pub errors: i8,
    /// A temperature.
    pub temperature: f32,
    /// Open sessions, through an alias.
    pub sessions: Count,
}

fn sample() -> Stats {
    Stats {
        requests: 1,
        bytes: 2,
        hits: 3,
        ready: true,
        errors: -1,
        temperature: 0.5,
        sessions: 7,
    }
}

#[test]
fn new_load_and_into_inner_round_trip() {
    let s = AtomicStats::new(sample());
    assert_eq!(s.load(), sample());
    assert_eq!(AtomicStats::from(sample()).into_inner(), sample());
    assert_eq!(AtomicStats::default().load(), Stats::default());
}

#[test]
fn integer_fields_follow_go_add_returns_the_new_value_and_wraps() {
    let s = AtomicStats::new(sample());
    assert_eq!(s.add_requests(10), 11);
    assert_eq!(s.sub_requests(1), 10);
    assert_eq!(s.add_errors(i8::MIN), i8::MAX); // -1 + -128 wraps
    assert_eq!(s.sub_errors(-1), i8::MIN);
    assert_eq!(s.add_bytes(3), 5);
    // A field typed by an alias of `u64` has the arithmetic too: the bound
    // `Count: AtomicNumber` holds.
    assert_eq!(s.add_sessions(1), 8);
    assert_eq!(s.sub_sessions(2), 6);
    assert_eq!(s.load_requests(), 10);
}

#[test]
fn store_swap_and_compare_and_swap_per_field() {
    let s = AtomicStats::default();
    s.store_requests(5);
    assert_eq!(s.swap_requests(6), 5);
    assert!(s.compare_and_swap_requests(6, 7));
    assert!(!s.compare_and_swap_requests(6, 8));
    assert_eq!(s.load_requests(), 7);

    s.store_ready(true);
    assert!(s.swap_ready(false));
    assert!(s.compare_and_swap_ready(false, true));
    assert!(s.load_ready());

    assert_eq!(s.add_temperature(1.5), 1.5);
    assert_eq!(s.sub_temperature(0.25), 1.25);
    assert!(s.compare_and_swap_temperature(1.25, -0.0));
    // Floats compare by bit pattern: 0.0 is not -0.0.
    assert!(!s.compare_and_swap_temperature(0.0, 1.0));
    assert_eq!(s.swap_temperature(2.0).to_bits(), (-0.0f32).to_bits());

    s.store_bytes(9);
    assert_eq!(s.swap_bytes(10), 9);
    assert!(s.compare_and_swap_bytes(10, 11));
    assert_eq!(s.load_bytes(), 11);
}

#[test]
fn accessors_return_the_atomics_with_their_whole_api() {
    let s = AtomicStats::new(sample());
    let requests: &Atomic<u64> = s.requests();
    assert_eq!(requests.fetch_add(5), 1);
    assert_eq!(requests.max(100), 6);
    let bytes: &CachePadded<Atomic<u64>> = s.bytes();
    assert_eq!(bytes.load_with(Ordering::Relaxed), 2);
    assert!(std::mem::align_of_val(bytes) >= 32);
    let hits: &StripedCounter = s.hits();
    hits.inc();
    assert_eq!(s.load_hits(), 4);
    assert!(s.ready().not(), "returns the old value");
    assert!(!s.load_ready());
    assert_eq!(s.load().requests, 100);
}

#[test]
fn a_striped_field_adds_sums_and_takes_in_its_own_type() {
    let s = AtomicStats::default();
    s.add_hits(u32::MAX);
    s.add_hits(2);
    assert_eq!(s.load_hits(), 1, "wraps as a u32 would");
    assert_eq!(s.take_hits(), 1);
    assert_eq!(s.load_hits(), 0);

    #[derive(AtomicFields, Clone, Copy, Default)]
    struct Signed {
        #[atomic(striped)]
        balance: i32,
        #[atomic(striped)]
        tiny: i8,
    }
    let t = AtomicSigned::default();
    t.add_balance(-5);
    t.add_balance(3);
    t.add_tiny(i8::MAX);
    t.add_tiny(1);
    assert_eq!(t.load_balance(), -2);
    assert_eq!(t.load_tiny(), i8::MIN);
    assert_eq!(t.take_balance(), -2);
    assert_eq!(t.load_balance(), 0);
}

#[test]
fn whole_struct_store_swap_and_take() {
    let s = AtomicStats::default();
    s.store(sample());
    assert_eq!(s.load(), sample());
    let next = Stats {
        requests: 10,
        hits: 30,
        ..sample()
    };
    assert_eq!(s.swap(next), sample());
    assert_eq!(s.load(), next);
    assert_eq!(s.take(), next);
    // Counters are taken to zero; gauges (the flag, the alias-typed field)
    // are left as they were.
    assert_eq!(
        s.load(),
        Stats {
            ready: next.ready,
            sessions: next.sessions,
            ..Stats::default()
        }
    );
    // A striped field in `store` is reset, then added to.
    s.add_hits(5);
    s.store(sample());
    assert_eq!(s.load_hits(), 3);
}

#[test]
fn debug_shows_current_values_as_their_types_do() {
    let s = AtomicStats::new(sample());
    assert_eq!(
        format!("{s:?}"),
        "AtomicStats { requests: 1, bytes: 2, hits: 3, ready: true, errors: -1, temperature: 0.5, sessions: 7 }"
    );
}

/// Without a striped field, `new` is `const`.
#[derive(AtomicFields, Clone, Copy, Default)]
struct Flags {
    open: bool,
    level: u8,
    #[atomic(padded)]
    generation: usize,
}

static FLAGS: AtomicFlags = AtomicFlags::new(Flags {
    open: true,
    level: 3,
    generation: 0,
});

#[test]
fn new_is_const_without_striped_fields() {
    assert!(FLAGS.load_open());
    assert_eq!(FLAGS.add_level(1), 4);
    assert_eq!(FLAGS.add_generation(1), 1);
}

#[test]
fn the_name_attribute_names_the_twin() {
    #[derive(AtomicFields, Clone, Copy, Default)]
    #[atomic(name = "SharedCounters")]
    struct Counters {
        value: u32,
    }
    let c = SharedCounters::new(Counters { value: 1 });
    assert_eq!(c.add_value(1), 2);
    assert_eq!(format!("{c:?}"), "SharedCounters { value: 2 }");
}

mod renamed {
    //! `atomics_core` under another name, as a renamed dependency would be.
    use ::atomics_core as atomics;

    #[derive(atomics::AtomicFields, Clone, Copy, Default)]
    #[atomic(crate = "atomics")]
    pub struct Gauge {
        pub level: i64,
        #[atomic(striped)]
        pub events: u64,
    }

    /// The `const` constructor and the layout view go through the same path.
    #[derive(atomics::AtomicFields, Clone, Copy, Default)]
    #[atomic(crate = "atomics")]
    #[repr(C)]
    pub struct Level {
        pub value: u8,
    }

    pub static LEVEL: AtomicLevel = AtomicLevel::new(Level { value: 1 });
}

#[test]
fn the_crate_attribute_finds_a_renamed_atomics_core() {
    let g = renamed::AtomicGauge::default();
    assert_eq!(g.sub_level(3), -3);
    g.add_events(2);
    assert_eq!(g.take().events, 2);
    assert_eq!(renamed::LEVEL.add_value(1), 2);
    let mut plain = renamed::Level::default();
    renamed::AtomicLevel::from_mut(&mut plain).store_value(7);
    assert_eq!(plain.value, 7);
}

#[test]
fn raw_identifiers_and_empty_structs() {
    #[derive(AtomicFields, Clone, Copy, Default, Debug, PartialEq)]
    struct Keywords {
        r#type: u8,
        r#match: bool,
    }
    let k = AtomicKeywords::default();
    assert_eq!(k.add_type(2), 2);
    k.store_match(true);
    assert_eq!(k.r#type().load(), 2);
    assert_eq!(AtomicKeywords::FIELD_NAMES, ["type", "match"]);

    #[derive(AtomicFields, Clone, Copy, Default, Debug, PartialEq)]
    struct Nothing {}
    let n = AtomicNothing::new(Nothing {});
    assert_eq!(n.take(), Nothing {});
    assert_eq!(AtomicNothing::FIELD_NAMES.len(), 0);
    n.for_each_field(|_, _| panic!("no fields to visit"));
}

#[test]
fn twins_are_send_and_sync() {
    fn shareable<T: Send + Sync>() {}
    shareable::<AtomicStats>();
    shareable::<AtomicFlags>();
}

/// A block of counters as another process would map it.
#[derive(AtomicFields, Debug, Default, PartialEq)]
#[repr(C)]
struct Shared {
    sequence: u64,
    writers: u32,
    flags: u16,
    open: bool,
    level: i8,
    ratio: f64,
}

#[test]
fn a_repr_c_twin_has_the_same_layout_and_views_a_plain_struct_in_place() {
    use std::mem::{align_of, offset_of, size_of};
    assert_eq!(size_of::<Shared>(), size_of::<AtomicShared>());
    assert_eq!(align_of::<Shared>(), align_of::<AtomicShared>());
    assert_eq!(offset_of!(Shared, ratio), offset_of!(AtomicShared, ratio));

    let mut plain = Shared::default();
    {
        let view: &AtomicShared = AtomicShared::from_mut(&mut plain);
        std::thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| {
                    for _ in 0..1000 {
                        view.add_sequence(1);
                        view.add_ratio(0.25);
                    }
                });
            }
        });
        view.store_open(true);
        view.sub_level(2);
    }
    assert_eq!(
        plain,
        Shared {
            sequence: 2000,
            open: true,
            level: -2,
            ratio: 500.0,
            ..Shared::default()
        }
    );

    let mut boxed = Box::new(Shared::default());
    let ptr: *mut Shared = &mut *boxed;
    {
        // SAFETY: `ptr` comes from a live `Box<Shared>`, aligned for
        // `AtomicShared` (same alignment, checked at compile time), and the
        // box is not touched while the view is used.
        let view = unsafe { AtomicShared::from_ptr(ptr) };
        view.add_writers(3);
    }
    assert_eq!(boxed.writers, 3);
}

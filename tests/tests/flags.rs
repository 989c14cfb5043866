//! User types as fields of a derived struct: a flag set declared with
//! `atomic_flags!` and an enum made atomic-capable as
//! `#[derive(AtomicPrimitive)]` will expand. The derive sees neither as a
//! number, so neither gets `add_*`.
#![cfg(not(atomics_loom))]

use atomics_core::{Atomic, AtomicFields, AtomicPrimitive, FieldKind, FieldValue};

atomics_core::atomic_flags! {
    /// What a connection may do.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct Perms: u8 {
        /// May read.
        const READ = 1;
        /// May write.
        const WRITE = 1 << 1;
    }
}

/// A connection's phase.
#[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(u8)]
pub enum Phase {
    /// Not started.
    #[default]
    Idle,
    /// Serving.
    Open,
}

/// A connection's stats: a counter, a flag set and a state.
#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
pub struct Conn {
    /// Requests served.
    pub requests: u64,
    /// What the connection may do.
    pub perms: Perms,
    /// Where it is.
    pub phase: Phase,
}

fn sample() -> Conn {
    Conn {
        requests: 3,
        perms: Perms::READ | Perms::WRITE,
        phase: Phase::Open,
    }
}

#[test]
fn a_flags_field_derives_and_loads_stores_and_takes() {
    let c = AtomicConn::new(sample());
    assert_eq!(c.load(), sample());
    let _: &Atomic<Perms> = c.perms();
    assert_eq!(c.perms().remove(Perms::WRITE), Perms::READ | Perms::WRITE);
    assert!(c.perms().contains(Perms::READ));
    assert_eq!(c.swap_perms(Perms::WRITE), Perms::READ);
    assert!(c.compare_and_swap_perms(Perms::WRITE, Perms::all()));
    c.store(Conn::default());
    assert_eq!(c.load(), Conn::default());
    c.store(sample());
    c.add_requests(1);
    let taken = c.take();
    assert_eq!(
        taken,
        Conn {
            requests: 4,
            ..sample()
        }
    );
    assert_eq!(c.load_requests(), 0, "a counter is taken to zero");
    // A flag set and a state are levels, not counts: `take` reports them and
    // leaves them as they are.
    assert_eq!(
        c.load(),
        Conn {
            requests: 0,
            ..sample()
        }
    );
    assert_eq!(
        AtomicConn::FIELDS.map(|f| f.kind()),
        [FieldKind::Counter, FieldKind::Gauge, FieldKind::Gauge]
    );
}

#[test]
fn an_enum_field_has_the_common_accessors() {
    let c = AtomicConn::new(Conn::default());
    assert!(c.compare_and_swap_phase(Phase::Idle, Phase::Open));
    assert_eq!(c.load_phase(), Phase::Open);
    assert_eq!(c.phase().swap(Phase::Idle), Phase::Open);
    c.store_phase(Phase::Open);
    assert_eq!(c.into_inner().phase, Phase::Open);
}

#[test]
fn the_twin_shows_and_visits_user_types() {
    let c = AtomicConn::new(sample());
    let shown = format!("{c:?}");
    assert!(shown.contains("perms: Perms(READ | WRITE)"), "{shown}");
    assert!(shown.contains("phase: Open"), "{shown}");
    let mut seen = Vec::new();
    c.for_each_field(|name, value| seen.push((name, value)));
    assert_eq!(
        seen,
        [
            ("requests", FieldValue::Unsigned(3)),
            ("perms", FieldValue::Unsigned(3)),
            ("phase", FieldValue::Unsigned(1)),
        ]
    );
}

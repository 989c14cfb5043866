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

/// A derived newtype, a field of a derived struct below.
#[derive(AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(transparent)]
pub struct Port(u16);

/// Derived types in a `#[repr(C)]` struct: the layout view works for them.
#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
#[repr(C)]
pub struct Endpoint {
    /// The port listened on.
    pub port: Port,
    /// Where the endpoint is.
    pub phase: Phase,
}

#[test]
fn derived_types_are_gauges_and_have_the_layout_view() {
    let mut plain = Endpoint {
        port: Port(443),
        phase: Phase::Open,
    };
    let c = AtomicEndpoint::from_mut(&mut plain);
    assert_eq!(c.swap_port(Port(8443)), Port(443));
    assert_eq!(
        c.take(),
        Endpoint {
            port: Port(8443),
            phase: Phase::Open
        }
    );
    assert_eq!(c.load_port(), Port(8443), "`take()` leaves a gauge");
    assert!(
        AtomicEndpoint::FIELDS
            .iter()
            .all(|f| f.kind() == FieldKind::Gauge)
    );
    assert_eq!(
        format!("{c:?}"),
        "AtomicEndpoint { port: Port(8443), phase: Open }"
    );
    assert_eq!(plain.port, Port(8443));
}

mod renamed {
    //! `atomics_core` under another name, as a renamed dependency would be.
    use ::atomics_core as atomics;

    #[derive(atomics::AtomicPrimitive, Clone, Copy, Debug, Default, PartialEq)]
    #[atomic(crate = "atomics")]
    #[repr(i16)]
    pub enum Level {
        Low = -1,
        #[default]
        High = 1,
    }

    #[test]
    fn the_derive_names_the_renamed_crate() {
        let a = atomics::Atomic::new(Level::Low);
        assert_eq!(a.swap(Level::High), Level::Low);
        assert_eq!(format!("{a:?}"), "High");
    }
}

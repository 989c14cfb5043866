//! The generated code names everything by absolute path: it compiles in a
//! `#![no_implicit_prelude]` module, next to items that shadow the prelude's
//! and std's names, and with `atomics_core` reached only through `::`.
#![cfg(not(atomics_loom))]

mod plain {
    #![no_implicit_prelude]
    #![allow(dead_code)]

    // Decoys: the generated code must not pick these up.
    pub struct Ordering;
    pub struct Default;
    pub struct From;
    pub struct Debug;
    pub struct Option;
    pub struct Some;
    pub struct FnMut;
    pub struct Atomic;
    pub struct CachePadded;
    pub struct FieldValue;
    pub struct StripedCounter;
    pub struct Result;
    pub struct Ok;
    pub struct FieldInfo;
    pub struct FieldKind;
    pub struct FieldSet;
    pub mod core {}
    pub mod atomics_core {}

    #[derive(::atomics_core::AtomicFields, Clone, Copy)]
    #[atomic(ordering = "acq_rel")]
    pub struct Stats {
        pub requests: u64,
        #[atomic(padded, ordering = "relaxed")]
        pub bytes: u64,
        #[atomic(striped)]
        pub hits: u32,
        pub ready: bool,
        pub ratio: f64,
    }

    #[derive(::atomics_core::AtomicFields, Clone, Copy)]
    #[repr(C)]
    pub struct Shared {
        pub sequence: u64,
        pub open: bool,
    }

    pub const ZERO: Shared = Shared {
        sequence: 0,
        open: false,
    };
    pub static GLOBAL: AtomicShared = AtomicShared::new(ZERO);
}

#[test]
fn the_twin_works_in_a_module_without_prelude() {
    let stats = plain::AtomicStats::new(plain::Stats {
        requests: 1,
        bytes: 2,
        hits: 3,
        ready: false,
        ratio: 0.5,
    });
    assert_eq!(stats.add_requests(1), 2);
    stats.add_hits(1);
    stats.store_ready(true);
    let taken = stats.take();
    assert_eq!(
        (
            taken.requests,
            taken.bytes,
            taken.hits,
            taken.ready,
            taken.ratio
        ),
        (2, 2, 4, true, 0.5)
    );
    let mut names = Vec::new();
    stats.for_each_field(|name, _| names.push(name));
    assert_eq!(names, plain::AtomicStats::FIELD_NAMES);
    assert!(format!("{stats:?}").starts_with("AtomicStats { requests: 0"));

    assert_eq!(plain::GLOBAL.add_sequence(1), 1);
    let mut shared = plain::ZERO;
    plain::AtomicShared::from_mut(&mut shared).store_open(true);
    assert!(shared.open);
}

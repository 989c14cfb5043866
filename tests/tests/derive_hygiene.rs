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

/// Structs written by a `macro_rules!`, the derive in the macro's body and
/// the field names and types passed in: the generated locals (the packed
/// check's `plain`) have one hygiene, and `$ty` arrives in an invisible
/// group that the derive looks through.
mod made_by_macro {
    #![no_implicit_prelude]

    macro_rules! twin_of {
        ($name:ident { $($field:ident: $ty:ty),* $(,)? }) => {
            #[derive(::atomics_core::AtomicFields, Clone, Copy)]
            #[repr(C)]
            pub struct $name {
                $(pub $field: $ty,)*
            }
        };
    }

    pub type Count = u64;

    twin_of!(Shared {
        sequence: u64,
        writers: Count,
        open: bool
    });

    macro_rules! plain_twin {
        ($($field:ident),*) => {
            #[derive(::atomics_core::AtomicFields, Clone, Copy)]
            pub struct Stats {
                $(pub $field: u32,)*
            }
        };
    }

    plain_twin!(requests, errors);
}

#[test]
fn macro_made_structs_get_their_twins() {
    let mut shared = made_by_macro::Shared {
        sequence: 1,
        writers: 0,
        open: false,
    };
    let view = made_by_macro::AtomicShared::from_mut(&mut shared);
    assert_eq!(view.add_sequence(1), 2);
    view.store_open(true);
    assert_eq!((shared.sequence, shared.open), (2, true));
    let stats = made_by_macro::AtomicStats::new(made_by_macro::Stats {
        requests: 1,
        errors: 2,
    });
    assert_eq!(stats.add_requests(1) + stats.load_errors(), 4);
}

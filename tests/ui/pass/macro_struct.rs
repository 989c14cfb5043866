//! A struct written inside `macro_rules!`, its fields passed in: the
//! generated code's locals share one hygiene, so it builds.
#![deny(warnings)]

use atomics_core::AtomicFields;

macro_rules! stats {
    ($name:ident { $($field:ident: $ty:ty),* $(,)? }) => {
        #[derive(AtomicFields, Clone, Copy, Default)]
        struct $name {
            $($field: $ty,)*
        }
    };
}

stats!(Stats { requests: u64, ready: bool });

macro_rules! repr_c_stats {
    ($($field:ident),*) => {
        #[derive(AtomicFields, Clone, Copy, Default)]
        #[repr(C)]
        struct Shared {
            $($field: u64,)*
        }
    };
}

repr_c_stats!(sequence, writers);

macro_rules! block {
    ($name:ident { $($field:ident: $ty:ty),* $(,)? }) => {
        #[derive(AtomicFields, Clone, Copy, Default)]
        #[atomic(per_thread)]
        #[allow(non_snake_case)]
        struct $name {
            $($field: $ty,)*
        }
    };
}

block!(Block { Requests: u64, errors: u32 });

fn main() {
    let stats = AtomicStats::new(Stats::default());
    assert_eq!(stats.add_requests(2), 2);
    stats.store_ready(true);
    assert!(stats.load().ready);
    let mut plain = Shared::default();
    assert_eq!(AtomicShared::from_mut(&mut plain).add_writers(1), 1);
    assert_eq!(plain.writers + plain.sequence, 1);
    let block = AtomicBlock::default();
    block.record(|d| {
        d.Requests += 2;
        d.errors += 1;
    });
    let seen = block.snapshot();
    assert_eq!((seen.Requests, seen.errors), (2, 1));
}

//! A crate that denies warnings, missing docs and the pedantic lints: the
//! generated code must not trip any of them.
#![deny(warnings, missing_docs, missing_debug_implementations, unreachable_pub)]
#![deny(unused_qualifications, unused_lifetimes, single_use_lifetimes, unused_results)]
#![deny(rust_2018_idioms, trivial_casts, trivial_numeric_casts, unsafe_op_in_unsafe_fn)]

use atomics_core::AtomicFields;

/// Counters of a server.
#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
#[atomic(ordering = "relaxed")]
pub struct Stats {
    /// Requests served.
    pub requests: u64,
    /// Bytes sent.
    #[atomic(padded)]
    pub bytes: u64,
    /// Cache hits.
    #[atomic(striped)]
    pub hits: i32,
    /// Whether the server is ready.
    #[atomic(ordering = "acq_rel")]
    pub ready: bool,
    /// Load average.
    pub load_average: f64,
    internal: u8,
}

/// A block in shared memory.
#[derive(AtomicFields, Debug, Default)]
#[repr(C)]
pub struct Shared {
    /// A sequence number.
    pub sequence: u64,
    /// Writers attached.
    pub writers: u32,
    /// Whether the block is open.
    pub open: bool,
}

/// A struct with no fields.
#[derive(AtomicFields, Debug, Default)]
pub struct Empty {}

// Private, and never used: no dead-code warning either.
#[derive(AtomicFields)]
struct Unused {
    a: u16,
    #[atomic(striped)]
    b: usize,
}

// The struct's own lint attributes reach the twin; the twin's declaration
// in its module still does not trip them.
#[derive(AtomicFields, Debug, Default)]
#[deny(unreachable_pub, missing_docs)]
struct Strict {
    count: u32,
}

fn main() {
    let stats = AtomicStats::new(Stats::default());
    let _ = stats.add_requests(1);
    let _ = stats.load().internal;
    let _ = AtomicStrict::default().load_count();
}

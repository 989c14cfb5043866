//! The generated code is lint-clean in a crate that denies warnings, missing
//! docs and clippy's pedantic lints (run under `cargo clippy --all-targets`
//! with `-D warnings`; `tests/ui/pass/lints.rs` does the same as a binary).
#![cfg(not(atomics_loom))]
#![deny(warnings, missing_docs, missing_debug_implementations, unreachable_pub)]
#![deny(
    unused_qualifications,
    unused_lifetimes,
    single_use_lifetimes,
    unused_results
)]
#![deny(
    rust_2018_idioms,
    trivial_casts,
    trivial_numeric_casts,
    unsafe_op_in_unsafe_fn
)]
#![deny(clippy::all, clippy::pedantic)]

/// Twins with every kind of field, public and private, used and unused.
pub mod stats {
    use atomics_core::AtomicFields;

    /// An alias: no arithmetic methods, but the same checks.
    pub type Count = u64;

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
        /// Sessions.
        pub sessions: Count,
        internal: u8,
    }

    /// A block in shared memory.
    #[derive(AtomicFields, Debug, Default)]
    #[repr(C, align(8))]
    pub struct Shared {
        /// A sequence number.
        pub sequence: u64,
        /// Writers attached.
        pub writers: u32,
        /// Whether the block is open.
        pub open: bool,
    }

    /// No fields at all.
    #[derive(AtomicFields, Debug, Default)]
    pub struct Empty {}

    // Private and never used: no dead-code warning either.
    #[derive(AtomicFields)]
    struct Unused {
        a: u16,
        #[atomic(striped)]
        b: usize,
        c: f32,
    }

    /// A per-thread block.
    #[derive(AtomicFields, Debug, Clone, Copy, Default)]
    #[atomic(per_thread)]
    pub struct Requests {
        /// Requests served.
        pub requests: u64,
        /// Balance.
        pub balance: i32,
        internal: u8,
    }

    /// A per-thread field.
    #[derive(AtomicFields, Debug, Clone, Copy, Default)]
    pub struct Hits {
        /// Cache hits.
        #[atomic(per_thread)]
        pub hits: u64,
    }

    // Private and never used, per-thread.
    #[derive(AtomicFields)]
    #[atomic(per_thread)]
    struct UnusedBlock {
        a: u16,
    }

    /// A per-thread block with no fields.
    #[derive(AtomicFields, Debug, Clone, Copy, Default)]
    #[atomic(per_thread)]
    pub struct EmptyBlock {}

    // Crate-visible, with crate-visible fields.
    #[derive(AtomicFields, Clone, Copy, Default)]
    pub(crate) struct Internal {
        pub(crate) level: i64,
    }
}

#[test]
fn the_lint_test_crate_builds_and_its_twins_work() {
    let s = stats::AtomicStats::default();
    assert_eq!(s.add_requests(1), 1);
    assert_eq!(stats::AtomicInternal::default().sub_level(1), -1);
    assert_eq!(stats::AtomicEmpty::FIELD_NAMES.len(), 0);
    let mut plain = stats::Shared::default();
    assert_eq!(stats::AtomicShared::from_mut(&mut plain).add_writers(2), 2);
}

/// The same derives (every kind of field, the layout view, Go-style names
/// under the struct's `allow`, `expect`, `#[deprecated]` fields and structs,
/// a struct made by a `macro_rules!`) pass `cargo clippy -- -D warnings`
/// with `deny(warnings, missing_docs)` and the pedantic lints on every
/// edition: one fixture package per edition, one source
/// (`tests/fixtures/editions.rs`).
#[test]
#[cfg(not(miri))]
fn generated_code_is_lint_clean_on_every_edition() {
    use atomics_tests::fixture;
    for edition in ["2015", "2018", "2021", "2024"] {
        let dir = fixture::path(&format!("edition-{edition}"));
        fixture::cargo(
            &dir,
            &["clippy", "--all-targets", "--", "-D", "warnings"],
            None,
        )
        .assert_success();
    }
}

/// atomics-core renamed in `Cargo.toml` (`atomics = { package =
/// "atomics-core" }`) and no `#[atomic(crate = "...")]`: both derives find
/// the name in the manifest, and the crate builds lint-clean.
#[test]
#[cfg(not(miri))]
fn a_dependency_renamed_in_the_manifest_needs_no_crate_attribute() {
    use atomics_tests::fixture;
    fixture::cargo(
        &fixture::path("renamed-crate"),
        &["clippy", "--all-targets", "--", "-D", "warnings"],
        None,
    )
    .assert_success();
}

//! Cross-target: what compiles, and what must not, on 32-bit x86 Linux (a
//! `u64` only 4-aligned there) and on `thumbv7m-none-eabi` (`no_std`, no
//! 64-bit atomics).
//!
//! Each failing case also has a passing twin (the same fixture on the host,
//! or the `u32` version on the same target), so a failure can only come from
//! what the target lacks, not from a broken fixture.

use atomics_tests::fixture::{self, I686, THUMBV7M};

/// The start of `AtomicAligned`'s `on_unimplemented` message for `u64`.
const LESS_ALIGNED: &str = "`u64` is less aligned than `Atomic<u64>`";

/// `AtomicPrimitive`'s `on_unimplemented` message for `u64`.
const NOT_ATOMIC_CAPABLE: &str = "`u64` is not atomic-capable";

#[test]
fn from_mut_u64_compiles_on_the_host() {
    fixture::cargo(&fixture::path("from-mut-u64"), &["check"], None).assert_success();
}

#[test]
fn from_mut_u64_is_rejected_on_i686() {
    if !fixture::require_target(I686) {
        return;
    }
    let dir = fixture::path("from-mut-u64");
    // The trait bound fails in type checking, so `check` already sees it;
    // `build` must fail the same way.
    for subcommand in ["check", "build"] {
        fixture::cargo(&dir, &[subcommand], Some(I686)).assert_failure_containing(LESS_ALIGNED);
    }
}

#[test]
fn from_mut_u32_compiles_on_i686() {
    if !fixture::require_target(I686) {
        return;
    }
    let dir = fixture::path("from-mut-u32");
    for subcommand in ["check", "build"] {
        fixture::cargo(&dir, &[subcommand], Some(I686)).assert_success();
    }
}

#[test]
fn no_std_u32_operations_build_for_thumbv7m() {
    if !fixture::require_target(THUMBV7M) {
        return;
    }
    fixture::cargo(&fixture::path("no-std-thumb"), &["build"], Some(THUMBV7M)).assert_success();
}

#[test]
fn no_std_u64_is_rejected_on_thumbv7m() {
    let dir = fixture::path("no-std-thumb");
    let with_u64 = ["build", "--features", "u64"];
    // Where the host has 64-bit atomics, the same code compiles.
    fixture::cargo(&dir, &with_u64, None).assert_success();
    if !fixture::require_target(THUMBV7M) {
        return;
    }
    fixture::cargo(&dir, &with_u64, Some(THUMBV7M)).assert_failure_containing(NOT_ATOMIC_CAPABLE);
}

#[test]
fn core_checks_for_i686() {
    if !fixture::require_target(I686) {
        return;
    }
    fixture::cargo(
        &fixture::workspace_root(),
        &["check", "-p", "atomics-core"],
        Some(I686),
    )
    .assert_success();
}

#[test]
fn core_without_default_features_checks_for_thumbv7m() {
    if !fixture::require_target(THUMBV7M) {
        return;
    }
    fixture::cargo(
        &fixture::workspace_root(),
        &["check", "-p", "atomics-core", "--no-default-features"],
        Some(THUMBV7M),
    )
    .assert_success();
}

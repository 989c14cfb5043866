//! The layout view across targets: a `#[repr(C)]` struct whose `u64` field is
//! 8-aligned on x86_64 but not on 32-bit x86 Linux builds on the first and
//! fails on the second, with an error that names the field and shows the
//! numbers (the fixture `tests/fixtures/repr-c`).
#![cfg(not(any(atomics_loom, miri)))]

use atomics_tests::fixture::{self, I686};

#[test]
fn repr_c_u32_u64_builds_on_the_host() {
    let dir = fixture::path("repr-c");
    fixture::cargo(&dir, &["build"], None).assert_success();
}

#[test]
fn repr_c_u32_u64_is_rejected_on_i686_naming_b() {
    if !fixture::require_target(I686) {
        return;
    }
    let dir = fixture::path("repr-c");
    let source = std::fs::read_to_string(dir.join("src/lib.rs")).expect("the fixture's source");
    let line = 1 + source
        .lines()
        .position(|l| l.trim() == "pub b: u64,")
        .expect("the fixture has `b: u64`");
    // The check is a constant, so `check` already fails; `build` too.
    for subcommand in ["check", "build"] {
        let run = fixture::cargo(&dir, &[subcommand], Some(I686));
        run.assert_failure_containing(
            "field `b` of `S` is misaligned for `Atomic<u64>` on this target: \
             it is at offset 4, which is not a multiple of 8",
        );
        // Only `b` is at fault, and the error points at it.
        assert!(!run.stderr.contains("field `a`"), "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("src/lib.rs:{line}:9")),
            "the error is at `b` (line {line}): {}",
            run.stderr
        );
    }
}

#[test]
fn a_struct_less_aligned_than_its_atomics_is_rejected_on_i686() {
    let dir = fixture::path("repr-c");
    let args = ["build", "--features", "struct-align"];
    fixture::cargo(&dir, &args, None).assert_success();
    if !fixture::require_target(I686) {
        return;
    }
    // Every offset is a multiple of its field's alignment (0, 4, 8), but the
    // struct is only 4-aligned: a `&mut S` at an address 4 mod 8 would put
    // `c` at a misaligned address.
    let run = fixture::cargo(&dir, &args, Some(I686));
    run.assert_failure_containing(
        "field `c` of `S` is misaligned for `Atomic<u64>` on this target: \
         `S` is only 4-aligned, and `Atomic<u64>` needs 8-byte alignment",
    );
    assert!(
        run.stderr.contains("#[repr(C, align(8))]"),
        "the error says how to fix it: {}",
        run.stderr
    );
}

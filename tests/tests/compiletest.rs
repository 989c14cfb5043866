//! The compile-time guarantees, checked against the compiler's output: every
//! case under `tests/ui/<mistake>/` must fail to build with exactly the
//! error in the `.stderr` beside it, and every case under `tests/ui/pass/`
//! must build and run.
//!
//! The expected output belongs to the toolchain pinned in
//! `rust-toolchain.toml`, and some of it quotes `atomics-core`'s source (the
//! bound that a note points to). After a toolchain bump, a change of a
//! message, or an edit that moves those lines, regenerate with
//! `TRYBUILD=overwrite cargo test -p atomics-tests --test compiletest` and
//! review the diff: each message must still name the field, point at it and
//! say what to write instead.
#![cfg(not(any(atomics_loom, miri)))]

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    // The derive's rejections, one mistake per file, by kind of mistake.
    t.compile_fail("ui/shape/*.rs");
    t.compile_fail("ui/not-atomic/*.rs");
    t.compile_fail("ui/packed/*.rs");
    t.compile_fail("ui/attr/*.rs");
    t.compile_fail("ui/layout/*.rs");
    t.compile_fail("ui/per-thread/*.rs");
    t.compile_fail("ui/already-atomic/*.rs");
    t.compile_fail("ui/primitive/*.rs");
    // atomics-core's own compile errors.
    t.compile_fail("ui/core/*.rs");
    t.pass("ui/pass/*.rs");
}

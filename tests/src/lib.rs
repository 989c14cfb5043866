//! Integration, UI, loom and cross-target tests of the atomics workspace. The
//! library holds only what those tests share.
#![deny(missing_docs)]

pub mod exposition;
pub mod fixture;

/// The workspace README's Rust examples, compiled and run as doc tests (the
/// published crates test their own READMEs).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct WorkspaceReadme;

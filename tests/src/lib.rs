//! Integration, UI, loom and cross-target tests of the atomics workspace. The
//! library holds only what those tests share.
#![deny(missing_docs)]

pub mod fixture;

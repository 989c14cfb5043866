//! `#[atomic(crate = "...")]` naming a crate that is not there (as when
//! `atomics_core` is renamed in Cargo.toml and the path is not updated):
//! one error, at the path.
use atomics_core::AtomicFields;

#[derive(AtomicFields)]
#[atomic(crate = "my_atomics")]
struct Stats {
    requests: u64,
    ready: bool,
}

fn main() {}

//! Part 1 of the tour: Go's `sync/atomic` examples, ported, and the updates a split `i++` loses.
//!
//! `cargo run --release -p atomics-examples --example counter [-- --help]`

use atomics_examples::{Part, example_main};

fn main() -> std::io::Result<std::process::ExitCode> {
    example_main(Part::Counter)
}

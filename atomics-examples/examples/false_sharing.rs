//! Part 5 of the tour: false sharing between neighbouring counters, measured live.
//!
//! `cargo run --release -p atomics-examples --example false_sharing [-- --help]`

use atomics_examples::{Part, example_main};

fn main() -> std::io::Result<std::process::ExitCode> {
    example_main(Part::FalseSharing)
}

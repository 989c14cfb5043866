//! Part 6 of the tour: the stats block in Prometheus' text format, through the field visitor.
//!
//! `cargo run --release -p atomics-examples --example prometheus [-- --help]`

use atomics_examples::{Part, example_main};

fn main() -> std::io::Result<std::process::ExitCode> {
    example_main(Part::Prometheus)
}

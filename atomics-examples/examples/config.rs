//! Part 4 of the tour: hot-reloaded configuration in a `Value<Config>`.
//!
//! `cargo run --release -p atomics-examples --example config [-- --help]`

use atomics_examples::{Part, example_main};

fn main() -> std::io::Result<std::process::ExitCode> {
    example_main(Part::Config)
}

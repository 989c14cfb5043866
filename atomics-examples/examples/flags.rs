//! Part 3 of the tour: a shutdown flag and a state word changed with `and` / `or`.
//!
//! `cargo run --release -p atomics-examples --example flags [-- --help]`

use atomics_examples::{Part, example_main};

fn main() -> std::io::Result<std::process::ExitCode> {
    example_main(Part::Flags)
}

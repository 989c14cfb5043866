//! Part 2 of the tour: a `#[derive(AtomicFields)]` stats block, reported every 100 ms with `take()`.
//!
//! `cargo run --release -p atomics-examples --example stats [-- --help]`

use atomics_examples::{Part, example_main};

fn main() -> std::io::Result<std::process::ExitCode> {
    example_main(Part::Stats)
}

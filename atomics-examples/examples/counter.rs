//! Part 1 of the tour: Go's `sync/atomic` examples, ported, and the updates a split `i++` loses.
//!
//! `cargo run --release -p atomics-examples --example counter [-- --help]`

use std::process::ExitCode;

use atomics_examples::{Options, counter};

fn main() -> std::io::Result<ExitCode> {
    let options = Options::from_env_or_exit("counter");
    let report = counter::run(&options, &mut std::io::stdout().lock())?;
    Ok(if report.holds() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

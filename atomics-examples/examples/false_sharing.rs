//! Part 5 of the tour: false sharing between neighbouring counters, measured live.
//!
//! `cargo run --release -p atomics-examples --example false_sharing [-- --help]`

use std::process::ExitCode;

use atomics_examples::{Options, false_sharing};

fn main() -> std::io::Result<ExitCode> {
    let options = Options::from_env_or_exit("false_sharing");
    let report = false_sharing::run(&options, &mut std::io::stdout().lock())?;
    Ok(if report.holds() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

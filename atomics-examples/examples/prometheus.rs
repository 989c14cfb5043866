//! Part 6 of the tour: the stats block in Prometheus' text format, through the field visitor.
//!
//! `cargo run --release -p atomics-examples --example prometheus [-- --help]`

use std::process::ExitCode;

use atomics_examples::{Options, prometheus};

fn main() -> std::io::Result<ExitCode> {
    let options = Options::from_env_or_exit("prometheus");
    let report = prometheus::run(&options, &mut std::io::stdout().lock())?;
    Ok(if report.holds() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

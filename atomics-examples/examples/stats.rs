//! Part 2 of the tour: a `#[derive(AtomicFields)]` stats block, reported every 100 ms with `take()`.
//!
//! `cargo run --release -p atomics-examples --example stats [-- --help]`

use std::process::ExitCode;

use atomics_examples::{Options, stats};

fn main() -> std::io::Result<ExitCode> {
    let options = Options::from_env_or_exit("stats");
    let report = stats::run(&options, &mut std::io::stdout().lock())?;
    Ok(if report.holds() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

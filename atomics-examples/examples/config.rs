//! Part 4 of the tour: hot-reloaded configuration in a `Value<Config>`.
//!
//! `cargo run --release -p atomics-examples --example config [-- --help]`

use std::process::ExitCode;

use atomics_examples::{Options, config};

fn main() -> std::io::Result<ExitCode> {
    let options = Options::from_env_or_exit("config");
    let report = config::run(&options, &mut std::io::stdout().lock())?;
    Ok(if report.holds() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

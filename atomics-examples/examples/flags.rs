//! Part 3 of the tour: a shutdown flag and a state word changed with `and` / `or`.
//!
//! `cargo run --release -p atomics-examples --example flags [-- --help]`

use std::process::ExitCode;

use atomics_examples::{Options, flags};

fn main() -> std::io::Result<ExitCode> {
    let options = Options::from_env_or_exit("flags");
    let report = flags::run(&options, &mut std::io::stdout().lock())?;
    Ok(if report.holds() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

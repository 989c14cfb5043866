//! The tour of `atomics-core`, as a library: one module per part, each with a
//! `run` function that prints its section and returns the numbers it
//! checked.
//!
//! The tour binary (`cargo run --release -p atomics-examples`) runs every
//! part in order; each part is also an example of its own (`cargo run
//! --release -p atomics-examples --example counter`), and the crate's tests run
//! the same functions briefly and assert their invariants.
//!
//! The parts, in the tour's order, with their modules and what each shows:
//! [`Part`], generated from the table in `parts.rs`.
#![deny(missing_docs)]

pub mod config;
pub mod counter;
pub mod false_sharing;
pub mod flags;
mod options;
mod parts;
pub mod prometheus;
pub mod stats;
mod text;

pub use options::{Command, Options, UsageError, parse_args, usage};
pub use parts::Part;

use std::io;
use std::process::ExitCode;

/// The `main` of `--example NAME`: runs `part` with the options of the
/// command line and fails if its invariants did not hold.
///
/// # Errors
///
/// When writing to standard output fails.
pub fn example_main(part: Part) -> io::Result<ExitCode> {
    let options = Options::from_env_or_exit(part.name());
    let held = part.run(&options, &mut io::stdout().lock())?;
    Ok(if held {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The whole of an example program, `examples/NAME.rs`: a `main` that runs
/// the part called NAME through [`example_main`]. The file's name picks the
/// part, so every example file is the same one line, and a file named after
/// no part does not build.
#[macro_export]
macro_rules! example {
    () => {
        fn main() -> ::std::io::Result<::std::process::ExitCode> {
            const PART: $crate::Part = $crate::Part::named(env!("CARGO_CRATE_NAME"));
            $crate::example_main(PART)
        }
    };
}

//! The tour of `atomics-core`, as a library: one module per part, each with a
//! `run` function that prints its section and returns the numbers it
//! checked.
//!
//! The tour binary (`cargo run --release -p atomics-examples`) runs every
//! part in order; each part is also an example of its own (`cargo run
//! --release -p atomics-examples --example counter`), and the crate's tests run
//! the same functions briefly and assert their invariants.
//!
//! | part | module | shows |
//! |---|---|---|
//! | 1 | [`counter`] | Go's `sync/atomic` examples, ported, and the update a split `i++` loses |
//! | 2 | [`stats`] | a `#[derive(AtomicFields)]` stats block, reported with `take()` |
//! | 3 | [`flags`] | a shutdown flag and a state word changed with `and` / `or` |
//! | 4 | [`config`] | hot-reloaded configuration in a `Value<Config>` |
//! | 5 | [`false_sharing`] | neighbouring counters, padded and not, measured live |
//! | 6 | [`prometheus`] | the stats block in Prometheus' text format, through the field visitor |
#![deny(missing_docs)]

pub mod config;
pub mod counter;
pub mod false_sharing;
pub mod flags;
mod options;
pub mod prometheus;
pub mod stats;
mod text;

pub use options::{Command, Options, Part, UsageError, parse_args, usage};

use std::io::{self, Write};
use std::process::ExitCode;

impl Part {
    /// Runs this part with `options`, printing its section to `out`; returns
    /// whether its invariants held.
    ///
    /// # Errors
    ///
    /// When writing to `out` fails.
    pub fn run(self, options: &Options, out: &mut impl Write) -> io::Result<bool> {
        Ok(match self {
            Part::Counter => counter::run(options, out)?.holds(),
            Part::Stats => stats::run(options, out)?.holds(),
            Part::Flags => flags::run(options, out)?.holds(),
            Part::Config => config::run(options, out)?.holds(),
            Part::FalseSharing => false_sharing::run(options, out)?.holds(),
            Part::Prometheus => prometheus::run(options, out)?.holds(),
        })
    }
}

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

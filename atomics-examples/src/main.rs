//! The tour of atomics-core: `cargo run --release -p atomics-examples`.
//!
//! Runs every part of the library in order, each under a heading; `--help`
//! lists the options. Exits with status 1 if a part's invariant did not hold,
//! 2 on a bad option.

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

use atomics_examples::{Command, Options, Part, parse_args, usage};

/// How the tour is invoked, for its help text.
const PROGRAM: &str = "cargo run --release -p atomics-examples --";

fn main() -> ExitCode {
    let (options, parts) = match parse_args(std::env::args().skip(1), true) {
        Ok(Command::Run { options, parts }) => (options, parts),
        Ok(Command::Help) => {
            print!("{}", usage(PROGRAM, true));
            return ExitCode::SUCCESS;
        }
        Err(e) => e.exit(),
    };
    match tour(&options, &parts, &mut io::stdout().lock()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("error: an invariant did not hold (see MISMATCH above)");
            ExitCode::FAILURE
        }
        // `| head` closed the pipe: the reader has what it wanted.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `parts` with headings; returns whether every invariant held.
fn tour(options: &Options, parts: &[Part], out: &mut impl Write) -> io::Result<bool> {
    let began = Instant::now();
    writeln!(
        out,
        "atomics, Go's sync/atomic for Rust: a tour ({} threads, {} ms phases; --help)",
        options.threads,
        options.duration.as_millis()
    )?;
    let mut all_held = true;
    for &part in parts {
        let heading = format!("{}. {}", part.number(), part.title());
        writeln!(out)?;
        writeln!(out, "{heading:<56}--example {part}")?;
        writeln!(out, "{}", "-".repeat(heading.len()))?;
        let held = part.run(options, out)?;
        all_held &= held;
        out.flush()?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Done in {:.1} s; every invariant held: {}.",
        began.elapsed().as_secs_f64(),
        if all_held { "yes" } else { "NO" }
    )?;
    Ok(all_held)
}

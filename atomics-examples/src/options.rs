//! Command-line options of the tour and the examples, parsed by hand: a
//! handful of options does not justify a parser dependency.

use std::fmt;
use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::process;
use std::time::Duration;

use crate::parts::Part;
use crate::text::count_in_words;

/// What every part runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Worker threads for the parts that spawn several (`--threads`). Go's
    /// ported counter keeps its 5 goroutines and the false-sharing part its
    /// 2 threads whatever this says: their point is the fixed shape.
    pub threads: usize,
    /// How long each timed phase runs (`--duration-ms`): the stats workers,
    /// the config readers, the lost-update race (a fifth of it each way) and
    /// each false-sharing layout (two rounds of a quarter of it).
    pub duration: Duration,
    /// The port the Prometheus part serves `/metrics` on, on 127.0.0.1
    /// (`--metrics-port`; 0, the default, lets the system pick a free one).
    pub metrics_port: u16,
    /// Where the Prometheus part writes the page it scraped
    /// (`--dump-metrics PATH`, `-` for standard output), for `promtool`.
    pub dump_metrics: Option<PathBuf>,
}

impl Options {
    /// `--threads` when not given.
    pub const DEFAULT_THREADS: usize = 4;
    /// `--duration-ms` when not given.
    pub const DEFAULT_DURATION_MS: u64 = 500;
    /// The values `--threads` accepts (the flags part gives each thread a
    /// bit of a `u64`).
    pub const THREADS: RangeInclusive<usize> = 1..=64;
    /// The values `--duration-ms` accepts.
    pub const DURATION_MS: RangeInclusive<u64> = 10..=60_000;

    /// Short runs with a few threads: what the tests use.
    #[must_use]
    pub fn brief() -> Self {
        Self {
            threads: 3,
            duration: Duration::from_millis(40),
            ..Self::default()
        }
    }

    /// The options of an example program (`--threads`, `--duration-ms`,
    /// `--help`) from the process's arguments. Prints the help and exits 0 on
    /// `--help`; prints the error and exits 2 on a bad option.
    #[must_use]
    pub fn from_env_or_exit(example: &str) -> Self {
        let program = format!("cargo run --release -p atomics-examples --example {example} --");
        match parse_args(std::env::args().skip(1), false) {
            Ok(Command::Run { options, .. }) => options,
            Ok(Command::Help) => {
                print!("{}", usage(&program, false));
                process::exit(0);
            }
            Err(e) => e.exit(),
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Self {
            threads: Self::DEFAULT_THREADS,
            duration: Duration::from_millis(Self::DEFAULT_DURATION_MS),
            metrics_port: 0,
            dump_metrics: None,
        }
    }
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Run `parts` (in the tour's order) with `options`.
    Run {
        /// The options every part runs with.
        options: Options,
        /// The parts to run: all of them unless `--only` chose some.
        parts: Vec<Part>,
    },
    /// Print the help and stop.
    Help,
}

/// A bad command line, with a message that says what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl UsageError {
    /// Prints the error and a hint to stderr and exits with status 2 (the
    /// usual status for a usage error).
    pub fn exit(&self) -> ! {
        eprintln!("error: {self}");
        eprintln!("Run with --help to see the options.");
        process::exit(2);
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Parses command-line arguments (without the program name). `--only` is
/// accepted when `allow_only` is true (the tour), rejected otherwise (an
/// example is one part already).
///
/// Options: `--threads N`, `--duration-ms N`, `--metrics-port N`,
/// `--dump-metrics PATH`, `--only NAME[,NAME…]` (repeatable), `--help` /
/// `-h`; `--opt=value` works too.
///
/// # Errors
///
/// An unknown option, a missing or malformed value, a value out of range, or
/// an unknown part name.
pub fn parse_args<I>(args: I, allow_only: bool) -> Result<Command, UsageError>
where
    I: IntoIterator,
    I::Item: Into<String>,
{
    let mut options = Options::default();
    let mut only: Vec<Part> = Vec::new();
    let mut args = args.into_iter().map(Into::into);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |flag: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| UsageError(format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--threads" => {
                let (lo, hi) = (*Options::THREADS.start(), *Options::THREADS.end());
                let n = number(&flag, &value(&flag)?, lo as u64, hi as u64)?;
                options.threads = usize::try_from(n).expect("range fits usize");
            }
            "--duration-ms" => {
                let (lo, hi) = (*Options::DURATION_MS.start(), *Options::DURATION_MS.end());
                let ms = number(&flag, &value(&flag)?, lo, hi)?;
                options.duration = Duration::from_millis(ms);
            }
            "--metrics-port" => {
                let port = number(&flag, &value(&flag)?, 0, u64::from(u16::MAX))?;
                options.metrics_port = u16::try_from(port).expect("range fits u16");
            }
            "--dump-metrics" => options.dump_metrics = Some(value(&flag)?.into()),
            "--only" if allow_only => {
                for name in value(&flag)?.split(',').filter(|s| !s.is_empty()) {
                    let part = Part::from_name(name).ok_or_else(|| {
                        UsageError(format!(
                            "--only: no part named `{name}` (parts: {})",
                            part_names()
                        ))
                    })?;
                    only.push(part);
                }
            }
            "--only" => {
                return Err(UsageError(
                    "--only is a tour option; an example runs its own part".into(),
                ));
            }
            _ => return Err(UsageError(format!("unknown option `{arg}`"))),
        }
    }
    let parts = if only.is_empty() {
        Part::ALL.to_vec()
    } else {
        Part::ALL.into_iter().filter(|p| only.contains(p)).collect()
    };
    Ok(Command::Run { options, parts })
}

/// Parses `text` as a number from `lo` to `hi`, for option `flag`.
fn number(flag: &str, text: &str, lo: u64, hi: u64) -> Result<u64, UsageError> {
    text.parse::<u64>()
        .ok()
        .filter(|n| (lo..=hi).contains(n))
        .ok_or_else(|| {
            UsageError(format!(
                "{flag} takes a number from {lo} to {hi}, not `{text}`"
            ))
        })
}

/// The part names, comma-separated, for messages.
fn part_names() -> String {
    Part::ALL.map(Part::name).join(", ")
}

/// The help text. `program` is how to invoke it; `tour` adds `--only`.
#[must_use]
pub fn usage(program: &str, tour: bool) -> String {
    let mut s = String::new();
    if tour {
        s.push_str(&format!(
            "The tour of atomics-core: Go's sync/atomic for Rust, in {} short parts.\n\n",
            count_in_words(Part::ALL.len())
        ));
    }
    s.push_str(&format!("Usage: {program} [OPTIONS]\n\nOptions:\n"));
    s.push_str(&format!(
        "  --threads N       worker threads, {}..={} (default {})\n",
        Options::THREADS.start(),
        Options::THREADS.end(),
        Options::DEFAULT_THREADS
    ));
    s.push_str(&format!(
        "  --duration-ms N   length of each timed phase, {}..={} (default {})\n",
        Options::DURATION_MS.start(),
        Options::DURATION_MS.end(),
        Options::DEFAULT_DURATION_MS
    ));
    s.push_str("  --metrics-port N  the port /metrics is served on, on 127.0.0.1 (default 0: any free one)\n");
    s.push_str(
        "  --dump-metrics PATH  write the page scraped from /metrics to PATH (- for stdout)\n",
    );
    if tour {
        s.push_str("  --only NAME       run only this part (repeat, or NAME,NAME)\n");
    }
    s.push_str("  -h, --help        print this help\n");
    if tour {
        s.push_str(&format!("\nParts: {}\n", part_names()));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Command, UsageError> {
        parse_args(args.iter().copied(), true)
    }

    #[test]
    fn defaults_run_every_part() {
        assert_eq!(
            run(&[]),
            Ok(Command::Run {
                options: Options::default(),
                parts: Part::ALL.to_vec()
            })
        );
    }

    #[test]
    fn parses_values_both_ways() {
        let Ok(Command::Run { options, parts }) = run(&[
            "--threads",
            "8",
            "--duration-ms=120",
            "--only",
            "prometheus,counter",
            "--only=false-sharing",
        ]) else {
            panic!("should parse");
        };
        assert_eq!(options.threads, 8);
        assert_eq!(options.duration, Duration::from_millis(120));
        assert_eq!((options.metrics_port, options.dump_metrics), (0, None));
        // The tour's order, not the command line's.
        assert_eq!(parts, [Part::Counter, Part::FalseSharing, Part::Prometheus]);
    }

    #[test]
    fn parses_the_metrics_options() {
        let Ok(Command::Run { options, .. }) =
            run(&["--metrics-port", "9184", "--dump-metrics=scrape.txt"])
        else {
            panic!("should parse");
        };
        assert_eq!(options.metrics_port, 9184);
        assert_eq!(options.dump_metrics, Some(PathBuf::from("scrape.txt")));
    }

    #[test]
    fn help_wins() {
        assert_eq!(run(&["--threads", "2", "-h"]), Ok(Command::Help));
        assert_eq!(run(&["--help"]), Ok(Command::Help));
    }

    #[test]
    fn rejects_bad_options_with_a_message() {
        for (args, needle) in [
            (&["--threads"][..], "needs a value"),
            (&["--threads", "0"], "from 1 to 64"),
            (&["--threads", "65"], "from 1 to 64"),
            (&["--threads", "four"], "not `four`"),
            (&["--duration-ms", "-5"], "not `-5`"),
            (&["--duration-ms", "5"], "from 10 to 60000"),
            (&["--only", "nope"], "no part named `nope`"),
            (&["--metrics-port", "65536"], "from 0 to 65535"),
            (&["--dump-metrics"], "needs a value"),
            (&["--fast"], "unknown option `--fast`"),
            (&["counter"], "unknown option `counter`"),
        ] {
            let err = run(args).expect_err(needle);
            assert!(err.0.contains(needle), "{args:?}: {err}");
        }
        let err = parse_args(["--only", "counter"], false).unwrap_err();
        assert!(err.0.contains("tour option"), "{err}");
    }

    #[test]
    fn only_the_tour_has_only() {
        assert!(usage("tour", true).contains("--only"));
        assert!(!usage("example", false).contains("--only"));
    }
}

//! The table of the tour's parts. Each row names a part's variant, its
//! module (whose name is also the part's `--only` and `--example` name), the
//! heading the tour prints above it and a one-line summary; [`Part`] and
//! everything about it (the tour's order, names, headings, dispatch to the
//! module's `run`) are generated from the rows.
//!
//! A new part is a module with a `run(&Options, &mut impl Write) ->
//! io::Result<Report>` whose report has `holds(&self) -> bool`, declared in
//! `lib.rs`, one row here, and a copy of any `examples/*.rs` file under the
//! part's name (the example finds its part by its own name). The tests in
//! `tests/parts.rs` run every row and check that each has its example.

use std::fmt;
use std::io::{self, Write};

use crate::Options;

/// Generates [`Part`] from the rows of the table.
macro_rules! parts {
    ($($variant:ident => $module:ident {
        title: $title:literal,
        summary: $summary:literal $(,)?
    })*) => {
        /// One part of the tour, in the tour's order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Part {
            $(
                #[doc = concat!("[`", stringify!($module), "`](crate::", stringify!($module), "): ", $summary, ".")]
                $variant,
            )*
        }

        impl Part {
            /// Every part, in the tour's order.
            pub const ALL: [Part; [$(stringify!($variant)),*].len()] = [$(Part::$variant),*];

            /// The name `--only` and `--example` use: the part's module.
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    $(Part::$variant => stringify!($module),)*
                }
            }

            /// The heading the tour prints above the part.
            #[must_use]
            pub const fn title(self) -> &'static str {
                match self {
                    $(Part::$variant => $title,)*
                }
            }

            /// What the part shows, in one line.
            #[must_use]
            pub const fn summary(self) -> &'static str {
                match self {
                    $(Part::$variant => $summary,)*
                }
            }

            /// Runs this part with `options`, printing its section to `out`;
            /// returns whether its invariants held.
            ///
            /// # Errors
            ///
            /// When writing to `out` fails.
            pub fn run(self, options: &Options, out: &mut impl Write) -> io::Result<bool> {
                Ok(match self {
                    $(Part::$variant => crate::$module::run(options, out)?.holds(),)*
                })
            }
        }
    };
}

parts! {
    Counter => counter {
        title: "Go's sync/atomic examples, ported",
        summary: "Go's `sync/atomic` examples, ported, and the update a split `i++` loses",
    }
    Stats => stats {
        title: "A stats block: #[derive(AtomicFields)] and take()",
        summary: "a `#[derive(AtomicFields)]` stats block, reported with `take()`; a per-thread block's snapshots are whole",
    }
    Flags => flags {
        title: "Flags: a shutdown flag and a state word",
        summary: "a shutdown flag and a state word changed with `and` / `or`",
    }
    Config => config {
        title: "Hot-reloaded configuration: Value<Config>",
        summary: "hot-reloaded configuration in a `Value<Config>`",
    }
    FalseSharing => false_sharing {
        title: "False sharing, measured live",
        summary: "neighbouring counters, padded and not, measured live",
    }
    Prometheus => prometheus {
        title: "Exporting the stats block to Prometheus: /metrics",
        summary: "the stats block on a real `/metrics`, registered without naming a field",
    }
}

impl Part {
    /// The part called `name` (`-` may stand for `_`).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Part> {
        let name = name.replace('-', "_");
        Part::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The part called exactly `name`, in a constant: a name that is no
    /// part's fails the build. The example programs find their part with
    /// it, from their own name.
    ///
    /// # Panics
    ///
    /// When no part is called `name` (at compile time, in a constant).
    #[must_use]
    pub const fn named(name: &str) -> Part {
        let mut i = 0;
        while i < Part::ALL.len() {
            if same(Part::ALL[i].name(), name) {
                return Part::ALL[i];
            }
            i += 1;
        }
        panic!("no part of the tour has this name: see the table in parts.rs");
    }

    /// The part's number in the tour, from 1.
    #[must_use]
    pub fn number(self) -> usize {
        Part::ALL
            .iter()
            .position(|&p| p == self)
            .map_or(0, |i| i + 1)
    }
}

/// `a == b`, in a constant.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for part in Part::ALL {
            assert_eq!(Part::from_name(part.name()), Some(part));
            assert_eq!(Part::named(part.name()), part);
            assert_eq!(part.to_string(), part.name());
        }
        assert_eq!(Part::from_name("false-sharing"), Some(Part::FalseSharing));
        assert_eq!(Part::from_name("nope"), None);
    }

    #[test]
    fn numbers_follow_the_table() {
        let numbers: Vec<usize> = Part::ALL.into_iter().map(Part::number).collect();
        assert_eq!(numbers, (1..=Part::ALL.len()).collect::<Vec<_>>());
        assert_eq!(Part::Counter.number(), 1);
    }

    #[test]
    #[should_panic(expected = "no part of the tour")]
    fn named_rejects_a_stranger() {
        let _ = Part::named("nope");
    }
}

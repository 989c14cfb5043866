//! Part 4: hot-reloaded configuration. Readers serve requests against the
//! current `Config` in a `Value<Config>` while a writer publishes new
//! versions; readers never block, never see a half-written config, and each
//! sees the versions in order.

use std::io::{self, Write};
use std::thread;
use std::time::{Duration, Instant};

use atomics_core::{Bool, Ordering, Value};

use crate::Options;
use crate::text::{grouped, verdict};

/// How often the writer publishes a new version.
pub const RELOAD_EVERY: Duration = Duration::from_millis(5);

/// The backends a config can point at.
const ENDPOINTS: [&str; 4] = [
    "10.0.0.1:8080",
    "10.0.0.2:8080",
    "10.0.0.3:8080",
    "10.0.0.4:8080",
];

/// A service's configuration: several fields that must change together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Increases by one with every reload.
    pub version: u64,
    /// Where requests go.
    pub endpoint: String,
    /// The request timeout.
    pub timeout_ms: u64,
    /// The connection limit.
    pub max_connections: u32,
}

impl Config {
    /// Version `version`, each field derived from it so that a reader can
    /// tell a mix of two versions from a real one.
    #[must_use]
    pub fn version(version: u64) -> Self {
        Self {
            version,
            endpoint: ENDPOINTS[(version % 4) as usize].to_owned(),
            timeout_ms: 100 + 10 * (version % 50),
            max_connections: 64 << (version % 3),
        }
    }

    /// Whether every field belongs to the same version (checked field by
    /// field, without building the expected config: readers call it on every
    /// request).
    #[must_use]
    pub fn is_consistent(&self) -> bool {
        self.endpoint == ENDPOINTS[(self.version % 4) as usize]
            && self.timeout_ms == 100 + 10 * (self.version % 50)
            && self.max_connections == 64 << (self.version % 3)
    }
}

/// What one reader saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderReport {
    /// Requests served, one config read each (at least one).
    pub reads: u64,
    /// The first version it read.
    pub first: u64,
    /// The last version it read.
    pub last: u64,
    /// How many times the version it read changed.
    pub changes: u64,
    /// Reads that returned an older version than the one before: 0.
    pub backwards: u64,
    /// Reads that returned fields of different versions: 0.
    pub torn: u64,
}

/// What part 4 printed, for checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigReport {
    /// The last version the writer published (the first is 1).
    pub published: u64,
    /// The version in the cell at the end.
    pub final_version: u64,
    /// What the config held by `load()` at the start still showed at the end.
    pub held_version: u64,
    /// One entry per reader.
    pub readers: Vec<ReaderReport>,
}

impl ConfigReport {
    /// Whether the invariants held: no reader went backwards or saw a torn
    /// config, no reader saw a version that was never published, and the
    /// held `Arc` kept its version.
    #[must_use]
    pub fn holds(&self) -> bool {
        self.final_version == self.published
            && self.held_version == 1
            && self.readers.iter().all(|r| {
                r.reads >= 1
                    && r.backwards == 0
                    && r.torn == 0
                    && 1 <= r.first
                    && r.first <= r.last
                    && r.last <= self.published
            })
    }
}

/// Runs part 4 and prints it to `out`: `options.threads` readers serve for
/// `options.duration` while this thread reloads the config every
/// [`RELOAD_EVERY`].
///
/// # Errors
///
/// Only those of writing to `out`.
pub fn run(options: &Options, out: &mut impl Write) -> io::Result<ConfigReport> {
    let config: Value<Config> = Value::new();
    config.store(Config::version(1));
    // A request that keeps its config for a long time holds an `Arc`: it
    // keeps seeing the version it started with, whatever the writer does.
    let held = config.load().expect("stored above");
    let stop = Bool::new(false);

    let (published, readers) = thread::scope(|s| {
        let readers: Vec<_> = (0..options.threads)
            .map(|_| s.spawn(|| read_until(&config, &stop)))
            .collect();

        let deadline = Instant::now() + options.duration;
        let mut published = 1;
        while Instant::now() < deadline {
            thread::sleep(RELOAD_EVERY);
            // Read-copy-update: build the next version from the current one.
            config.update(|c| Config::version(c.version + 1));
            published += 1;
        }
        stop.store_with(true, Ordering::Release);
        let readers: Vec<ReaderReport> = readers
            .into_iter()
            .map(|r| r.join().expect("reader panicked"))
            .collect();
        (published, readers)
    });

    let report = ConfigReport {
        published,
        final_version: config.load().expect("never emptied").version,
        held_version: held.version,
        readers,
    };

    writeln!(
        out,
        "  {} readers serve with config.read() while the writer calls config.update()",
        options.threads
    )?;
    writeln!(
        out,
        "  every {} ms for {} ms: versions 1..={published} published.",
        RELOAD_EVERY.as_millis(),
        options.duration.as_millis()
    )?;
    writeln!(
        out,
        "  {:>6} {:>14} {:>9} {:>9} {:>9} {:>10} {:>5}",
        "reader", "reads served", "first", "last", "changes", "backwards", "torn"
    )?;
    for (i, r) in report.readers.iter().enumerate() {
        writeln!(
            out,
            "  {i:>6} {:>14} {:>9} {:>9} {:>9} {:>10} {:>5}",
            grouped(r.reads),
            r.first,
            r.last,
            r.changes,
            r.backwards,
            r.torn
        )?;
    }
    let total: u64 = report.readers.iter().map(|r| r.reads).sum();
    writeln!(
        out,
        "  {} reads in all; versions only move forward and no read is torn: {}",
        grouped(total),
        verdict(report.holds())
    )?;
    writeln!(
        out,
        "  An Arc from config.load() at the start still shows version {}, intact.",
        report.held_version
    )?;
    Ok(report)
}

/// One reader: serves requests until `stop`, checking each config it reads.
fn read_until(config: &Value<Config>, stop: &Bool) -> ReaderReport {
    let mut r = ReaderReport {
        reads: 0,
        first: 0,
        last: 0,
        changes: 0,
        backwards: 0,
        torn: 0,
    };
    // Check the flag after each read, so every reader reads at least once.
    loop {
        // The cheap path: no shared reference count is touched, so readers
        // on different cores do not contend.
        let cfg = config.read().expect("stored before the readers start");
        if !cfg.is_consistent() {
            r.torn += 1;
        }
        let v = cfg.version;
        drop(cfg);
        if r.reads == 0 {
            r.first = v;
        } else if v < r.last {
            r.backwards += 1;
        } else if v > r.last {
            r.changes += 1;
        }
        r.last = v;
        r.reads += 1;
        if stop.load_with(Ordering::Acquire) {
            return r;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consistent_and_distinguishable() {
        for v in 1..200 {
            assert!(Config::version(v).is_consistent());
            let mut mixed = Config::version(v);
            mixed.endpoint = Config::version(v + 1).endpoint;
            assert!(!mixed.is_consistent());
        }
    }
}

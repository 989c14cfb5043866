//! Runs each part of the tour briefly and checks what it must guarantee:
//! totals, lost updates, version order. Never its timings.
//!
//! The first tests go through the table of parts, so a new row is covered
//! before it has tests of its own: it runs, its invariants hold, it has its
//! example program and its heading in the tour.

use std::collections::BTreeSet;
use std::io;
use std::process::Command;
use std::time::Duration;

use atomics_examples::false_sharing::Layout;
use atomics_examples::{Options, Part, config, counter, false_sharing, flags};
use atomics_examples::{prometheus, stats};

#[test]
fn every_part_runs_briefly_and_its_invariants_hold() {
    for part in Part::ALL {
        let (held, out) = capture(|o| part.run(&Options::brief(), o));
        assert!(held, "{part}: an invariant did not hold:\n{out}");
        assert!(!out.trim().is_empty(), "{part} printed nothing");
    }
}

#[test]
fn every_part_has_its_example_program_and_every_example_is_a_part() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let files: BTreeSet<String> = std::fs::read_dir(dir)
        .expect("the examples directory")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .into_string()
                .expect("UTF-8")
        })
        .filter_map(|name| name.strip_suffix(".rs").map(str::to_owned))
        .collect();
    let parts: BTreeSet<String> = Part::ALL.iter().map(|p| p.name().to_owned()).collect();
    assert_eq!(files, parts, "examples/*.rs against the table in parts.rs");
}

#[test]
fn every_part_has_a_title_and_a_summary_of_its_own() {
    let titles: BTreeSet<&str> = Part::ALL.iter().map(|p| p.title()).collect();
    let summaries: BTreeSet<&str> = Part::ALL.iter().map(|p| p.summary()).collect();
    assert_eq!(titles.len(), Part::ALL.len(), "titles repeat");
    assert_eq!(summaries.len(), Part::ALL.len(), "summaries repeat");
    assert!(
        titles
            .iter()
            .chain(&summaries)
            .all(|t| !t.trim().is_empty())
    );
}

#[test]
fn the_tour_runs_every_part_in_order_under_its_heading() {
    let run = tour(&["--threads", "2", "--duration-ms", "10"]);
    assert!(run.status.success());
    let out = String::from_utf8_lossy(&run.stdout);
    let mut rest = &out[..];
    for part in Part::ALL {
        let heading = format!("{}. {}", part.number(), part.title());
        let at = rest
            .find(&heading)
            .unwrap_or_else(|| panic!("`{heading}` missing or out of order:\n{out}"));
        let line = rest[at..].lines().next().unwrap_or_default();
        assert!(line.ends_with(&format!("--example {part}")), "{line}");
        rest = &rest[at + heading.len()..];
    }
    assert!(out.contains("every invariant held: yes"), "{out}");
    let help = String::from_utf8_lossy(&tour(&["--help"]).stdout).into_owned();
    let names: Vec<&str> = Part::ALL.iter().map(|p| p.name()).collect();
    assert!(
        help.contains(&format!("Parts: {}", names.join(", "))),
        "{help}"
    );
}

/// Runs a part with output captured; returns its report and what it printed.
fn capture<R>(part: impl FnOnce(&mut Vec<u8>) -> io::Result<R>) -> (R, String) {
    let mut out = Vec::new();
    let report = part(&mut out).expect("writing to a Vec cannot fail");
    (report, String::from_utf8(out).expect("the output is UTF-8"))
}

#[test]
fn counter_prints_go_outputs_and_loses_only_the_split_updates() {
    let options = Options::brief();
    let (r, out) = capture(|o| counter::run(&options, o));
    assert_eq!((r.added, r.loaded, r.stored), (1, 42, 100));
    assert_eq!((r.cas_swapped, r.after_cas), (true, 100));
    assert_eq!((r.swap_old, r.after_swap), (42, 100));
    assert_eq!(r.go_counter, 5000);
    assert!(out.contains("Counter: 5000"), "{out}");
    assert!(out.contains("Value swapped successfully"), "{out}");

    assert!(r.atomic_increments > 0 && r.racy_increments > 0);
    assert_eq!(
        r.atomic_total, r.atomic_increments,
        "add(1) never loses an update"
    );
    // A split increment can only lose updates, never invent them.
    assert!(r.racy_total <= r.racy_increments);
    assert_eq!(r.lost(), r.racy_increments - r.racy_total);
    assert!(r.holds());
}

#[test]
fn flags_have_one_winner_and_every_worker_stops() {
    for threads in [1, 3, 64] {
        let options = Options {
            threads,
            ..Options::brief()
        };
        let (r, _) = capture(|o| flags::run(&options, o));
        use flags::{DRAINING, READY};
        assert_eq!(
            r.steps,
            [
                (0, READY),
                (READY, READY | DRAINING),
                (READY | DRAINING, DRAINING)
            ]
        );
        assert_eq!(r.racers, threads);
        assert_eq!(r.winners, 1, "exactly one thread sees the bit clear");
        assert_eq!(r.all_alive.count_ones() as usize, threads);
        assert_eq!(r.alive_while_running, r.all_alive);
        assert_eq!(r.alive_after, 0, "every worker saw the flag and left");
        assert_eq!(r.iterations.len(), threads);
        use flags::Phase;
        assert_eq!(
            r.transitions,
            [
                (Phase::Idle, Phase::Running),
                (Phase::Running, Phase::Draining)
            ]
        );
        assert_eq!(r.drain_winners, 1, "exactly one thread moves the phase");
        assert_eq!(
            r.ready_seen,
            flags::PUBLISHED,
            "the woken worker sees the data"
        );
        assert!(r.holds());
    }
}

#[test]
fn config_readers_see_versions_in_order_and_never_torn() {
    let options = Options {
        threads: 3,
        duration: Duration::from_millis(60),
        ..Options::default()
    };
    let (r, out) = capture(|o| config::run(&options, o));
    assert_eq!(r.final_version, r.published);
    assert_eq!(r.held_version, 1, "a held Arc keeps its version");
    assert_eq!(r.readers.len(), 3);
    for (i, reader) in r.readers.iter().enumerate() {
        assert!(reader.reads >= 1, "reader {i} read at least once");
        assert_eq!(reader.backwards, 0, "reader {i} went back in versions");
        assert_eq!(reader.torn, 0, "reader {i} saw a mix of two versions");
        assert!(1 <= reader.first && reader.first <= reader.last);
        assert!(
            reader.last <= r.published,
            "reader {i} saw an unpublished version"
        );
        assert!(reader.changes <= reader.last - reader.first);
    }
    assert!(r.holds());
    assert!(out.contains("reads served"), "{out}");
}

#[test]
fn false_sharing_counts_every_add_in_every_layout() {
    let (r, out) = capture(|o| false_sharing::run(&Options::brief(), o));
    let layouts: Vec<Layout> = r.variants.iter().map(|v| v.layout).collect();
    assert_eq!(layouts, Layout::ALL);
    for v in &r.variants {
        assert!(v.adds > 0, "{:?} ran", v.layout);
        assert_eq!(v.adds, v.counted, "{:?} lost adds", v.layout);
        assert!(v.mops.is_finite() && v.mops > 0.0);
    }
    assert!(r.holds());
    assert!(out.contains("depend on the machine"), "{out}");
}

#[test]
fn stats_deltas_add_up_to_what_the_workers_counted() {
    // Two reporting ticks while the workers run, then the rest.
    let options = Options {
        threads: 3,
        duration: Duration::from_millis(250),
        ..Options::default()
    };
    let (r, out) = capture(|o| stats::run(&options, o));
    assert_eq!(r.intervals.len(), 3);
    assert_eq!(r.reported, r.counted, "no count lost or counted twice");
    assert!(r.counted.requests > 0);
    assert!(r.counted.errors <= r.counted.requests);
    assert_eq!(r.in_flight_after, 0);
    // The reporter puts the levels back after each take.
    assert!(r.intervals.iter().all(|d| d.ready));
    assert!(r.intervals.iter().all(|d| d.in_flight >= 0));
    assert!(r.holds());
    assert!(out.contains("rest"), "{out}");
}

#[test]
fn the_per_thread_block_never_breaks_an_invariant_of_its_records() {
    let (r, out) = capture(|o| stats::run(&Options::brief(), o));
    let c = r.consistency;
    assert!(c.readings > 0, "{out}");
    assert_eq!(
        c.block_broken, 0,
        "every snapshot and take is whole:\n{out}"
    );
    assert_eq!(c.block_taken, c.counted, "the block's takes are exact");
    assert!(c.counted.requests > 0);
    assert!(out.contains("per-thread block"), "{out}");
}

#[test]
fn prometheus_exports_every_field_once_with_its_value() {
    let (r, out) = capture(|o| prometheus::run(&Options::brief(), o));
    let samples = r.samples();
    assert_eq!(samples.len(), stats::AtomicStats::FIELD_NAMES.len());
    for field in stats::AtomicStats::FIELD_NAMES {
        let base = format!("{}_{field}", prometheus::NAMESPACE);
        let matching: Vec<_> = samples
            .iter()
            .filter(|(name, _)| *name == base || *name == format!("{base}_total"))
            .collect();
        assert_eq!(matching.len(), 1, "{field}: {matching:?}");
        let name = matching[0].0;
        assert!(r.page.contains(&format!("# TYPE {name} ")), "{name}");
    }
    let value = |name: &str| {
        samples
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
            .unwrap_or_else(|| panic!("{name} exported"))
    };
    let total = Options::brief().threads as u64 * prometheus::REQUESTS_PER_WORKER;
    assert_eq!(r.counted.requests, total);
    assert_eq!(value("server_requests_total"), total.to_string());
    assert_eq!(value("server_bytes_total"), r.counted.bytes.to_string());
    assert_eq!(value("server_errors_total"), r.counted.errors.to_string());
    assert_eq!(value("server_in_flight"), "0");
    assert_eq!(value("server_ready"), "1");
    assert!(r.holds());
    assert!(
        out.contains("# TYPE server_requests_total counter"),
        "{out}"
    );
}

/// The tour binary, run with `args`.
fn tour(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_atomics-examples"))
        .args(args)
        .output()
        .expect("the tour runs")
}

#[test]
fn tour_rejects_a_bad_option_with_a_message() {
    for args in [
        &["--threads", "0"][..],
        &["--frobnicate"],
        &["--only", "nope"],
    ] {
        let run = tour(args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn tour_prints_help_and_runs_a_chosen_part() {
    let help = tour(&["--help"]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--duration-ms"));

    let run = tour(&["--only", "flags", "--threads", "2", "--duration-ms", "10"]);
    assert!(run.status.success());
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(out.contains("3. Flags"), "{out}");
    assert!(!out.contains("1. Go's"), "{out}");
    assert!(out.contains("every invariant held: yes"), "{out}");
}

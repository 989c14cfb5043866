//! Zero cost: every operation of ours compiles to the instructions of the std
//! atomic operation it stands for.
//!
//! The fixture `tests/fixtures/zero-cost` exports pairs of functions,
//! `ours_<name>` (through `atomics_core`) and `std_<name>` (through
//! `core::sync::atomic`). This test compiles it in release to assembly for the
//! host and compares each pair's body, instruction by instruction, after
//! normalising away what may legitimately differ (label numbers, the
//! function's own name, directives and comments).
//!
//! The compiler merges functions whose optimised code is identical: it then
//! emits `std_x = ours_x`, one body under two names. Such an alias counts as
//! identical, the strongest form of it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::time::SystemTime;

use atomics_tests::fixture;

/// Integer operations, each a pair `<op>_u64` and `<op>_u32` in the fixture.
const INTEGER_OPS: &[&str] = &[
    "load",
    "store",
    "add",
    "fetch_add",
    "sub",
    "fetch_sub",
    "swap",
    "compare_and_swap",
    "compare_exchange",
    "and",
    "or",
    "xor",
    "max",
    "load_relaxed",
    "store_relaxed",
    "add_relaxed",
    "fetch_add_relaxed",
    "sub_relaxed",
    "swap_relaxed",
    "compare_and_swap_relaxed",
    "compare_exchange_relaxed",
    "and_relaxed",
    "or_relaxed",
    "xor_relaxed",
    "max_relaxed",
    "bit_set",
    "bit_clear",
    "bit_toggle",
    "bit_set_relaxed",
    "bit_clear_relaxed",
    "bit_toggle_relaxed",
];

/// `Atomic<bool>` operations, each a pair `<op>_bool` in the fixture.
const BOOL_OPS: &[&str] = &[
    "load",
    "store",
    "swap",
    "and",
    "or",
    "xor",
    "not",
    "compare_and_swap",
    "load_relaxed",
    "store_relaxed",
    "swap_relaxed",
    "and_relaxed",
    "or_relaxed",
    "xor_relaxed",
    "not_relaxed",
    "compare_and_swap_relaxed",
];

/// `Atomic<State>` (a `#[repr(u8)]` enum) against an `AtomicU8` with the
/// conversion written by hand, each a pair `<op>_state` in the fixture.
const STATE_OPS: &[&str] = &[
    "load",
    "store",
    "swap",
    "compare_and_swap",
    "compare_exchange",
    "load_relaxed",
    "store_relaxed",
    "compare_exchange_relaxed",
    "cas_loop",
];

/// Pairs for the derived twins (`#[derive(AtomicFields)]`): list here the
/// names of the pairs added to the fixture's "Derived twins" section.
const DERIVED: &[&str] = &[
    "twin_add_hits",
    "twin_sub_flags",
    "twin_load_hits",
    "twin_store_hits",
    "twin_swap_flags",
    "twin_cas_ready",
    "twin_add_bytes_relaxed",
    "twin_load_bytes_relaxed",
    "twin_store_bytes_relaxed",
    "twin_load_all",
];

/// Fewer compared pairs than this means the lists above were emptied, and the
/// test would prove little.
const MIN_PAIRS: usize = 70;

fn expected_pairs() -> Vec<String> {
    let integers = ["u64", "u32"]
        .iter()
        .flat_map(|t| INTEGER_OPS.iter().map(move |op| format!("{op}_{t}")));
    let bools = BOOL_OPS.iter().map(|op| format!("{op}_bool"));
    let states = STATE_OPS.iter().map(|op| format!("{op}_state"));
    let derived = DERIVED.iter().map(|name| name.to_string());
    integers.chain(bools).chain(states).chain(derived).collect()
}

#[test]
fn our_operations_compile_to_the_same_instructions_as_std() {
    let asm = compile_fixture_to_asm();
    let parsed = Asm::parse(&asm);
    let expected = expected_pairs();
    assert!(
        expected.len() >= MIN_PAIRS,
        "only {} pairs listed",
        expected.len()
    );

    // The lists and the fixture must agree, or a pair could go unchecked.
    let listed: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    let exported: BTreeSet<&str> = parsed
        .symbols()
        .filter_map(|s| s.strip_prefix("ours_").or_else(|| s.strip_prefix("std_")))
        .collect();
    let unlisted: Vec<_> = exported.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "the fixture exports pairs this test does not list: {unlisted:?}"
    );

    let mut mismatches = Vec::new();
    let mut aliased = 0;
    for name in &expected {
        let (ours, std) = (format!("ours_{name}"), format!("std_{name}"));
        let ours_body = parsed.body(&ours);
        let std_body = parsed.body(&std);
        assert!(!ours_body.is_empty(), "{ours} has an empty body");
        assert!(!std_body.is_empty(), "{std} has an empty body");
        if parsed.resolve(&ours) == parsed.resolve(&std) {
            aliased += 1;
        } else if ours_body != std_body {
            mismatches.push(format!(
                "{name}:\n  {ours}:\n    {}\n  {std}:\n    {}",
                ours_body.join("\n    "),
                std_body.join("\n    ")
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} pairs compile to different instructions:\n\n{}",
        mismatches.len(),
        expected.len(),
        mismatches.join("\n\n")
    );

    // The comparison can fail: two functions that must differ do differ.
    let (seqcst, relaxed) = (
        parsed.body("control_store_seqcst"),
        parsed.body("control_store_relaxed"),
    );
    assert!(!seqcst.is_empty() && !relaxed.is_empty());
    assert_ne!(
        seqcst, relaxed,
        "a SeqCst and a Relaxed store compared equal"
    );

    println!(
        "{} pairs compiled to the same instructions ({aliased} merged into one symbol by the compiler)",
        expected.len()
    );
}

/// Builds the fixture in release, one codegen unit, and returns its assembly.
fn compile_fixture_to_asm() -> String {
    let dir = fixture::path("zero-cost");
    let out = fixture::target_dir().join("zero-cost.s");
    // Cargo skips a crate it considers up to date, and then writes no
    // assembly: remove the old file and mark the source changed, so the file
    // read below is always this build's.
    let _ = fs::remove_file(&out);
    fs::File::options()
        .append(true)
        .open(dir.join("src/lib.rs"))
        .and_then(|f| f.set_modified(SystemTime::now()))
        .expect("touching the fixture's source");
    let emit = format!("asm={}", out.display());
    let run = fixture::cargo(
        &dir,
        &[
            "rustc",
            "--release",
            "--",
            "-C",
            "codegen-units=1",
            "--emit",
            &emit,
        ],
        None,
    );
    run.assert_success();
    fs::read_to_string(&out).unwrap_or_else(|e| panic!("reading {}: {e}", out.display()))
}

/// The functions and aliases of an assembly file (GNU as syntax, as LLVM
/// prints it for ELF and Mach-O targets).
#[derive(Debug, Default)]
struct Asm {
    /// Function name to its normalised instructions.
    bodies: BTreeMap<String, Vec<String>>,
    /// `alias = target` lines (or `.set alias, target`).
    aliases: BTreeMap<String, String>,
}

impl Asm {
    /// Collects the functions named `ours_*`, `std_*` and `control_*`.
    fn parse(asm: &str) -> Self {
        let mut parsed = Asm::default();
        let mut current: Option<(String, Vec<&str>)> = None;
        for line in asm.lines() {
            let code = strip_comment(line).trim_end();
            if let Some((alias, target)) = alias(code) {
                parsed.aliases.insert(alias, target);
                continue;
            }
            if let Some(label) = code
                .strip_suffix(':')
                .filter(|l| !l.starts_with(char::is_whitespace))
            {
                let name = label.strip_prefix('_').unwrap_or(label); // Mach-O's prefix
                if is_tested(name) {
                    parsed.finish(current.take());
                    current = Some((name.to_string(), Vec::new()));
                    continue;
                }
                if is_function_end(label) {
                    parsed.finish(current.take());
                    continue;
                }
            }
            let directive = code.trim_start();
            if directive.starts_with(".cfi_endproc") || directive.starts_with(".size") {
                parsed.finish(current.take());
            } else if let Some((_, body)) = &mut current {
                body.push(code);
            }
        }
        parsed.finish(current);
        parsed
    }

    fn finish(&mut self, function: Option<(String, Vec<&str>)>) {
        if let Some((name, lines)) = function {
            let body = normalize(&name, &lines);
            self.bodies.insert(name, body);
        }
    }

    /// Every tested symbol, with a body or as an alias.
    fn symbols(&self) -> impl Iterator<Item = &str> {
        self.bodies
            .keys()
            .chain(self.aliases.keys().filter(|a| is_tested(a)))
            .map(String::as_str)
    }

    /// The symbol whose body `name` is, following aliases.
    fn resolve<'a>(&'a self, mut name: &'a str) -> &'a str {
        for _ in 0..16 {
            match self.aliases.get(name) {
                Some(target) => name = target,
                None => break,
            }
        }
        name
    }

    /// The normalised body of `name` (empty if there is none).
    fn body(&self, name: &str) -> Vec<String> {
        self.bodies
            .get(self.resolve(name))
            .cloned()
            .unwrap_or_default()
    }
}

fn is_tested(name: &str) -> bool {
    ["ours_", "std_", "control_"]
        .iter()
        .any(|prefix| name.starts_with(prefix))
}

/// LLVM ends each function with a `.Lfunc_endN` label (`Lfunc_endN` on Mach-O).
fn is_function_end(label: &str) -> bool {
    label.trim_start_matches('.').starts_with("Lfunc_end")
}

/// `a = b` or `.set a, b`, with Mach-O's leading underscores removed.
fn alias(code: &str) -> Option<(String, String)> {
    let code = code.trim();
    let (alias, target) = match code.strip_prefix(".set") {
        Some(rest) => rest.split_once(',')?,
        None => code.split_once(" = ")?,
    };
    let clean = |s: &str| {
        let s = s.trim();
        s.strip_prefix('_').unwrap_or(s).to_string()
    };
    let (alias, target) = (clean(alias), clean(target));
    let symbol = |s: &str| !s.is_empty() && s.chars().all(is_symbol_char);
    (symbol(&alias) && symbol(&target)).then_some((alias, target))
}

fn strip_comment(line: &str) -> &str {
    // `#` starts an immediate on Arm, where comments start with `//` (or `;`).
    let markers: &[&str] = if cfg!(any(target_arch = "x86", target_arch = "x86_64")) {
        &["#"]
    } else {
        &["//", ";"]
    };
    let end = markers
        .iter()
        .filter_map(|m| line.find(m))
        .min()
        .unwrap_or(line.len());
    &line[..end]
}

fn is_symbol_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$')
}

/// Keeps instructions and local label definitions; drops directives and empty
/// lines; renames local labels by order of first appearance (`L0`, `L1`, …)
/// and the function's own name to `<self>`; collapses whitespace.
fn normalize(name: &str, lines: &[&str]) -> Vec<String> {
    let mut labels: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() || (line.starts_with('.') && !is_local_label(line)) {
            continue;
        }
        let mut normalized = String::new();
        let mut rest = line;
        while let Some(c) = rest.chars().next() {
            if is_symbol_char(c) {
                let end = rest.find(|c| !is_symbol_char(c)).unwrap_or(rest.len());
                let token = &rest[..end];
                if is_local_label(token) {
                    let next = labels.len();
                    let n = *labels.entry(token.to_string()).or_insert(next);
                    normalized.push_str(&format!("L{n}"));
                } else if token.strip_prefix('_').unwrap_or(token) == name {
                    normalized.push_str("<self>");
                } else {
                    normalized.push_str(token);
                }
                rest = &rest[end..];
            } else {
                if !(c.is_whitespace() && normalized.ends_with(' ')) {
                    normalized.push(if c.is_whitespace() { ' ' } else { c });
                }
                rest = &rest[c.len_utf8()..];
            }
        }
        out.push(normalized.trim().to_string());
    }
    out
}

/// LLVM's local labels: `.LBB0_2`, `.Ltmp3` (ELF), `LBB0_2` (Mach-O).
fn is_local_label(token: &str) -> bool {
    token.starts_with(".L") || token.starts_with("LBB") || token.starts_with("Ltmp")
}

/// The parser and normaliser on a hand-written file: no build needed.
#[test]
fn normalization_ignores_names_and_keeps_instructions() {
    let asm = "\
\t.section\t.text.ours_a,\"ax\",@progbits
\t.globl\tours_a
ours_a:
\t.cfi_startproc
\tmovq\t(%rdi), %rax   # a comment
.LBB0_1:
\tlock\t\tcmpxchgq %rcx, (%rdi)
\tjne\t.LBB0_1
\tretq
.Lfunc_end0:
\t.size\tours_a, .Lfunc_end0-ours_a
\t.cfi_endproc
std_a:
\tmovq (%rdi), %rax
.LBB7_4:
\tlock cmpxchgq %rcx, (%rdi)
\tjne .LBB7_4
\tretq
.Lfunc_end1:
ours_b:
\tmovq\t(%rdi), %rax
\tlock\t\tcmpxchgq %rcx, (%rdi)
.LBB2_1:
\tjne\t.LBB2_1
\tretq
.Lfunc_end2:
std_b = ours_b
";
    let parsed = Asm::parse(asm);
    assert_eq!(
        parsed.body("ours_a"),
        [
            "movq (%rdi), %rax",
            "L0:",
            "lock cmpxchgq %rcx, (%rdi)",
            "jne L0",
            "retq"
        ]
    );
    assert_eq!(parsed.body("ours_a"), parsed.body("std_a"));
    assert_eq!(parsed.resolve("std_b"), "ours_b");
    assert_eq!(parsed.body("std_b"), parsed.body("ours_b"));
    // The same instructions, but the loop's back edge goes elsewhere.
    assert_ne!(parsed.body("ours_a"), parsed.body("ours_b"));
    assert!(parsed.body("std_c").is_empty());
    assert_eq!(
        parsed.symbols().collect::<Vec<_>>(),
        ["ours_a", "ours_b", "std_a", "std_b"]
    );
}

//! Running `cargo` on the fixture crates under `tests/fixtures/<name>` (and on
//! the workspace's own crates) from inside a test.
//!
//! Each fixture is a workspace of its own. Its builds go to a separate target
//! directory, `target/fixtures`, because the outer `cargo test` may still hold
//! the lock on the main one. All runs in one test binary are serialised: they
//! share that directory, and cargo would only make them wait for each other.
//!
//! ```no_run
//! use atomics_tests::fixture::{self, I686};
//!
//! if fixture::require_target(I686) {
//!     let run = fixture::cargo(&fixture::path("from-mut-u64"), &["check"], Some(I686));
//!     run.assert_failure_containing("less aligned than `Atomic<u64>`");
//! }
//! ```

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::sync::Mutex;

/// 32-bit x86 Linux: 64-bit atomics, but a `u64` only 4-aligned.
pub const I686: &str = "i686-unknown-linux-gnu";

/// A `no_std` Cortex-M3 target: 32-bit atomics, no 64-bit ones.
pub const THUMBV7M: &str = "thumbv7m-none-eabi";

/// What one `cargo` run did.
#[derive(Debug)]
pub struct Outcome {
    /// The command line, for messages.
    pub command: String,
    /// How cargo exited.
    pub status: ExitStatus,
    /// Everything cargo and rustc printed to stderr (without colours).
    pub stderr: String,
}

impl Outcome {
    /// Whether cargo exited successfully.
    pub fn success(&self) -> bool {
        self.status.success()
    }

    /// Panics, showing the compiler's output, unless cargo succeeded.
    #[track_caller]
    pub fn assert_success(&self) {
        assert!(
            self.success(),
            "`{}` failed ({}):\n{}",
            self.command,
            self.status,
            self.stderr
        );
    }

    /// Panics, showing the compiler's output, unless cargo failed and its
    /// stderr contains `needle` (so the failure is the one expected, not any
    /// compile error).
    #[track_caller]
    pub fn assert_failure_containing(&self, needle: &str) {
        assert!(
            !self.success(),
            "`{}` was expected to fail with {needle:?} but succeeded:\n{}",
            self.command,
            self.stderr
        );
        assert!(
            self.stderr.contains(needle),
            "`{}` failed, but its output lacks {needle:?}:\n{}",
            self.command,
            self.stderr
        );
    }
}

/// The workspace root (the directory of the top-level `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests package lives in the workspace root")
        .to_path_buf()
}

/// The directory of the fixture crate `name` (`tests/fixtures/<name>`).
pub fn path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The target directory every fixture build uses: `fixtures` under the
/// workspace's (`$CARGO_TARGET_DIR` if set, else `target`).
pub fn target_dir() -> PathBuf {
    let outer = std::env::var_os("CARGO_TARGET_DIR")
        .map(|dir| workspace_root().join(dir))
        .unwrap_or_else(|| workspace_root().join("target"));
    outer.join("fixtures")
}

/// Runs `cargo <args>` in `dir` (a fixture, or the workspace root) with the
/// fixtures' target directory and, if given, `--target <target>`.
///
/// `args[0]` is the subcommand; the target options go right after it, so
/// `args` may end with `--` and arguments for rustc. Progress lines are
/// silenced (`--quiet`); warnings and errors are in [`Outcome::stderr`].
///
/// A fixture is built with the workspace's `Cargo.lock`, copied in first, so
/// it uses the dependency versions the workspace is tested with and needs no
/// network.
pub fn cargo(dir: &Path, args: &[&str], target: Option<&str>) -> Outcome {
    let (subcommand, rest) = args.split_first().expect("a cargo subcommand");
    let mut cmd = Command::new(tool("CARGO", "cargo"));
    cmd.current_dir(dir)
        .arg(subcommand)
        .arg("--quiet")
        .arg("--target-dir")
        .arg(target_dir());
    if let Some(target) = target {
        cmd.args(["--target", target]);
    }
    cmd.args(rest)
        .env("CARGO_TERM_COLOR", "never")
        // Flags meant for the outer build (e.g. `--cfg atomics_loom` in the
        // loom lane) would change what the fixtures check.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS");
    let mut shown = vec![*subcommand];
    shown.extend(target.map(|t| ["--target", t]).into_iter().flatten());
    shown.extend(rest);
    let command = format!("cargo {} (in {})", shown.join(" "), dir.display());

    // One run at a time in this process. A test that panicked holding the
    // lock poisons it, which must not fail the tests after it.
    static SERIAL: Mutex<()> = Mutex::new(());
    let _serial = SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());

    let root = workspace_root();
    if dir != root {
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
            .unwrap_or_else(|e| panic!("copying Cargo.lock into {}: {e}", dir.display()));
    }
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("running {command}: {e}"));
    Outcome {
        command,
        status: output.status,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Whether the standard library for `triple` is installed in the toolchain's
/// sysroot (`rustup target add <triple>` puts it there).
pub fn target_installed(triple: &str) -> bool {
    // Asked from the workspace root, so `rust-toolchain.toml` picks the
    // toolchain the builds use.
    let output = Command::new(tool("RUSTC", "rustc"))
        .args(["--print", "sysroot"])
        .current_dir(workspace_root())
        .output()
        .expect("running `rustc --print sysroot`");
    assert!(output.status.success(), "`rustc --print sysroot` failed");
    let sysroot = String::from_utf8_lossy(&output.stdout);
    Path::new(sysroot.trim())
        .join("lib/rustlib")
        .join(triple)
        .is_dir()
}

/// Whether a test needing `triple` can run: `true` if it is installed.
///
/// If it is not, a local run prints why the test is skipped and gets `false`,
/// while a CI run (the `CI` variable set) panics: CI installs its targets,
/// and a missing one must not pass as a skip.
#[track_caller]
pub fn require_target(triple: &str) -> bool {
    if target_installed(triple) {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "target {triple} is not installed, and CI must run every cross-target check \
         (`rustup target add {triple}`)"
    );
    // Straight to stderr: the test harness captures `eprintln!`, and a skip
    // should be seen.
    let _ = writeln!(
        std::io::stderr(),
        "skipped: target {triple} is not installed (`rustup target add {triple}` to run this test)"
    );
    false
}

/// The program in `$var` (as cargo sets `CARGO` for the tests it runs), else
/// `default` from the `PATH`: the toolchain running the tests builds the
/// fixtures.
fn tool(var: &str, default: &str) -> OsString {
    std::env::var_os(var).unwrap_or_else(|| default.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_target_is_installed_and_a_made_up_one_is_not() {
        let output = Command::new(tool("RUSTC", "rustc"))
            .arg("-vV")
            .current_dir(workspace_root())
            .output()
            .expect("running `rustc -vV`");
        let info = String::from_utf8_lossy(&output.stdout);
        let host = info
            .lines()
            .find_map(|line| line.strip_prefix("host: "))
            .expect("`rustc -vV` names the host");
        assert!(
            target_installed(host),
            "host {host} not found in the sysroot"
        );
        assert!(!target_installed("no-such-arch-none-none"));
    }
}

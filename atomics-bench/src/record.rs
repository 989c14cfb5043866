//! Where the harness writes what the table script reads: beside criterion's
//! own results, as small JSON files.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Where criterion writes its results: `$CRITERION_HOME`, else the target
/// directory this benchmark binary was built in (`target/release/deps/..`),
/// plus `criterion`.
pub fn criterion_home() -> PathBuf {
    criterion_home_from(
        std::env::var_os("CRITERION_HOME"),
        std::env::var_os("CARGO_TARGET_DIR"),
        std::env::current_exe().ok().as_deref(),
    )
}

/// [`criterion_home`] from the values it looks at: the two variables and the
/// path of the running binary.
pub fn criterion_home_from(
    criterion_home: Option<OsString>,
    target_dir: Option<OsString>,
    exe: Option<&Path>,
) -> PathBuf {
    if let Some(home) = criterion_home {
        return PathBuf::from(home);
    }
    if let Some(dir) = target_dir {
        return PathBuf::from(dir).join("criterion");
    }
    exe.and_then(|exe| Some(exe.parent()?.parent()?.parent()?.to_path_buf()))
        .map_or_else(
            || PathBuf::from("target/criterion"),
            |t| t.join("criterion"),
        )
}

/// `x` with `decimals` decimals, or JSON's `null` when it is not finite (an
/// infinite round trip: the probe timed out).
pub fn json_number(x: f64, decimals: usize) -> String {
    if x.is_finite() {
        format!("{x:.decimals$}")
    } else {
        "null".into()
    }
}

/// The file name of a benchmark's record: its full id (`group/function`)
/// with each `/` spelled `__`.
pub fn file_name(full_id: &str) -> String {
    format!("{}.json", full_id.replace('/', "__"))
}

/// Writes `text` to `dir/name`, creating `dir`. A failure is reported on
/// stderr and does not stop the benchmarks: their criterion results still
/// count.
pub fn write(dir: &Path, name: &str, text: &str) {
    let file = dir.join(name);
    if let Err(e) = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&file, text)) {
        eprintln!("could not write {}: {e}", file.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criterion_home_prefers_its_variable_then_the_target_dir_then_the_binary() {
        let exe = Path::new("/work/target/release/deps/value-0123");
        assert_eq!(
            criterion_home_from(Some("/ch".into()), Some("/t".into()), Some(exe)),
            Path::new("/ch")
        );
        assert_eq!(
            criterion_home_from(None, Some("/t".into()), Some(exe)),
            Path::new("/t/criterion")
        );
        assert_eq!(
            criterion_home_from(None, None, Some(exe)),
            Path::new("/work/target/criterion")
        );
        assert_eq!(
            criterion_home_from(None, None, None),
            Path::new("target/criterion")
        );
        assert_eq!(
            criterion_home_from(None, None, Some(Path::new("bench"))),
            Path::new("target/criterion")
        );
    }

    #[test]
    fn numbers_are_rounded_and_infinity_is_null() {
        assert_eq!(json_number(1.23456, 4), "1.2346");
        assert_eq!(json_number(81.26, 1), "81.3");
        assert_eq!(json_number(2000.0, 1), "2000.0");
        assert_eq!(json_number(f64::INFINITY, 1), "null");
        assert_eq!(json_number(f64::NAN, 4), "null");
    }

    #[test]
    fn a_full_id_becomes_one_file_name() {
        assert_eq!(
            file_name("contended_2_threads/mutex"),
            "contended_2_threads__mutex.json"
        );
        assert_eq!(file_name("u64_add"), "u64_add.json");
    }

    #[test]
    fn write_creates_the_directory() {
        let dir = std::env::temp_dir().join(format!("atomics-bench-record-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        write(&dir.join("nested"), "a.json", "{}\n");
        assert_eq!(
            std::fs::read_to_string(dir.join("nested/a.json")).unwrap(),
            "{}\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

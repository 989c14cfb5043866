//! The path both derives reach atomics-core by when no `crate = "..."` is
//! given: `::atomics_core`, or the name the crate being compiled gives
//! atomics-core in its `Cargo.toml` when it renames the dependency
//! (`atomics = { package = "atomics-core", ... }`), so a rename needs no
//! attribute. The manifest is read as text, for the forms a dependency
//! entry takes (an inline table on one line, a `[dependencies.NAME]`
//! table, dotted keys), and for `workspace = true` in the workspace's
//! `[workspace.dependencies]`. A rename the scan does not see leaves rustc's
//! one error, at the derive (`atomics_core` not found), and `crate = "..."`
//! names the crate.

use proc_macro2::Span;
use syn::{Ident, Path};

/// The package name the derives generate code for.
const PACKAGE: &str = "atomics-core";

/// The default path of atomics-core: `::NAME`, where NAME is the name the
/// manifest of the crate being compiled gives the package (looked up in the
/// workspace's manifest for a dependency inherited with `workspace = true`).
pub fn default_path() -> Path {
    let name = std::env::var_os("CARGO_MANIFEST_DIR")
        .and_then(|dir| renamed_for(std::path::Path::new(&dir)))
        .unwrap_or_else(|| "atomics_core".to_string());
    let ident = Ident::new(&name, Span::call_site());
    syn::parse_quote!(::#ident)
}

fn renamed_for(dir: &std::path::Path) -> Option<String> {
    let scan = scan(&std::fs::read_to_string(dir.join("Cargo.toml")).ok()?);
    if scan.own {
        return None;
    }
    if scan.renamed.is_some() || scan.inherited.is_empty() {
        return scan.renamed;
    }
    // The first manifest with a `[workspace]` table, this one or one above,
    // is the one the inherited entries come from.
    let root = dir.ancestors().find_map(|d| {
        let text = std::fs::read_to_string(d.join("Cargo.toml")).ok()?;
        text.lines()
            .any(|l| l.trim() == "[workspace]")
            .then_some(text)
    })?;
    let root = scan_workspace(&root);
    if root.own {
        return None;
    }
    root.renamed.filter(|name| {
        scan.inherited
            .iter()
            .any(|key| key.replace('-', "_") == *name)
    })
}

/// What a manifest says of atomics-core.
#[derive(Default)]
struct Scan {
    /// A dependency named `atomics-core` (or `atomics_core`).
    own: bool,
    /// The key of a dependency with `package = "atomics-core"`, `-` as `_`.
    renamed: Option<String>,
    /// The keys of dependencies inherited with `workspace = true`.
    inherited: Vec<String>,
}

/// The dependency tables of a package's manifest.
fn scan(manifest: &str) -> Scan {
    scan_tables(manifest, |table| {
        !table.starts_with("workspace") && is_dependencies(table)
    })
}

/// `[workspace.dependencies]` of a workspace's manifest.
fn scan_workspace(manifest: &str) -> Scan {
    scan_tables(manifest, |table| table == "workspace.dependencies")
}

/// Reads the dependency entries of the tables `wanted` picks, in both
/// forms: `KEY = { package = "...", ... }` (or dotted, `KEY.package = ...`)
/// in the table, and a `[TABLE.KEY]` table of its own.
fn scan_tables(manifest: &str, wanted: impl Fn(&str) -> bool) -> Scan {
    let mut out = Scan::default();
    // The key of the `[TABLE.KEY]` table the line is in, if any.
    let mut table_key: Option<String> = None;
    let mut in_table = false;
    for line in manifest.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_start_matches('[').trim_end_matches(']').trim();
            let (table, key) = match header.rsplit_once('.') {
                Some((table, key)) if wanted(table) => (table, Some(unquote(key))),
                _ => (header, None),
            };
            in_table = key.is_none() && wanted(table);
            if let Some(key) = &key {
                out.own |= is_own_name(key);
            }
            table_key = key;
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let (dep, entry) = match (&table_key, key.split_once('.')) {
            (Some(dep), _) => (dep.clone(), Some((unquote(key), value.to_string()))),
            (None, Some((dep, sub))) if in_table => {
                (unquote(dep), Some((unquote(sub), value.to_string())))
            }
            (None, None) if in_table => (unquote(key), None),
            _ => continue,
        };
        if is_own_name(&dep) {
            out.own = true;
            continue;
        }
        let pairs = match entry {
            Some(pair) => vec![pair],
            None => inline_pairs(value),
        };
        for (k, v) in pairs {
            if k == "package" && unquote(&v) == PACKAGE {
                out.renamed = Some(dep.replace('-', "_"));
            } else if k == "workspace" && v.trim() == "true" {
                out.inherited.push(dep.clone());
            }
        }
    }
    out
}

/// Whether `table` is a dependency table (`dependencies`,
/// `dev-dependencies`, `build-dependencies`, or a `target.….` one).
fn is_dependencies(table: &str) -> bool {
    let last = table.rsplit('.').next().unwrap_or(table).trim();
    matches!(
        last,
        "dependencies" | "dev-dependencies" | "build-dependencies"
    )
}

fn is_own_name(key: &str) -> bool {
    key == PACKAGE || key == "atomics_core"
}

/// The `key = value` pairs of an inline table `{ key = value, … }`.
fn inline_pairs(value: &str) -> Vec<(String, String)> {
    value
        .trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .split(',')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (unquote(k), v.trim().to_string()))
        .collect()
}

fn unquote(text: &str) -> String {
    text.trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::{renamed_for, scan};

    fn renamed_in(manifest: &str) -> Option<String> {
        let scan = scan(manifest);
        if scan.own { None } else { scan.renamed }
    }

    #[test]
    fn a_renamed_dependency_is_found_in_every_form() {
        let inline = "[package]\nname = \"app\"\n\n[dependencies]\nserde = \"1\"\natomics = { package = \"atomics-core\", version = \"0.1\", features = [\"derive\"] }\n";
        assert_eq!(renamed_in(inline).as_deref(), Some("atomics"));
        let table =
            "[dependencies.my-atomics]\npackage = 'atomics-core' # renamed\nversion = \"0.1\"\n";
        assert_eq!(renamed_in(table).as_deref(), Some("my_atomics"));
        let target = "[target.'cfg(unix)'.dev-dependencies]\nat = { path = \"../atomics-core\", package = \"atomics-core\" }\n";
        assert_eq!(renamed_in(target).as_deref(), Some("at"));
        let dotted = "[dependencies]\nat.package = \"atomics-core\"\nat.version = \"0.1\"\n";
        assert_eq!(renamed_in(dotted).as_deref(), Some("at"));
    }

    #[test]
    fn the_own_name_wins_and_other_packages_are_ignored() {
        for manifest in [
            "[dependencies]\natomics-core = \"0.1\"\n[dev-dependencies]\nat = { package = \"atomics-core\" }\n",
            "[dev-dependencies]\nat = { package = \"atomics-core\" }\n[dependencies.atomics-core]\nversion = \"0.1\"\n",
            "[dependencies]\natomics_core = { path = \"x\" }\n",
            "[dependencies]\natomics-core.workspace = true\n",
            "[dependencies]\nserde = { package = \"serde-core\" }\n# at = { package = \"atomics-core\" }\n",
            "[package]\nname = \"atomics-core\"\n",
            "[features]\nat = { package = \"atomics-core\" }\n",
            "[workspace.dependencies]\nat = { package = \"atomics-core\" }\n",
        ] {
            assert_eq!(renamed_in(manifest), None, "{manifest}");
        }
    }

    #[test]
    fn a_rename_inherited_from_the_workspace_is_found_there() {
        let root = std::env::temp_dir().join(format!("atomics-manifest-{}", std::process::id()));
        let member = root.join("member");
        std::fs::create_dir_all(&member).unwrap();
        std::fs::write(
            root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"member\"]\n\n[workspace.dependencies]\nat = { package = \"atomics-core\", version = \"0.1\" }\n",
        )
        .unwrap();
        std::fs::write(
            member.join("Cargo.toml"),
            "[package]\nname = \"member\"\n\n[dependencies]\nat = { workspace = true, features = [\"derive\"] }\n",
        )
        .unwrap();
        assert_eq!(renamed_for(&member).as_deref(), Some("at"));
        // The root package inherits from its own `[workspace.dependencies]`.
        assert_eq!(renamed_for(&root), None);
        std::fs::write(
            root.join("Cargo.toml"),
            "[package]\nname = \"app\"\n\n[dependencies]\nat.workspace = true\n\n[workspace]\n\n[workspace.dependencies]\nat = { package = \"atomics-core\" }\n",
        )
        .unwrap();
        assert_eq!(renamed_for(&root).as_deref(), Some("at"));
        std::fs::write(
            member.join("Cargo.toml"),
            "[dependencies]\nother.workspace = true\n",
        )
        .unwrap();
        assert_eq!(renamed_for(&member), None);
        std::fs::remove_dir_all(&root).unwrap();
    }
}

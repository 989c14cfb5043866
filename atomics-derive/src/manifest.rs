//! The path both derives reach atomics-core by when no `crate = "..."` is
//! given: `::atomics_core`, or the name the crate being compiled gives
//! atomics-core in its `Cargo.toml` when it renames the dependency
//! (`atomics = { package = "atomics-core", ... }`), so a rename needs no
//! attribute. The manifest is read as text, for the two forms a dependency
//! entry takes (an inline table on one line, or a `[dependencies.NAME]`
//! table); a rename written elsewhere (`workspace = true` with the rename in
//! the workspace's manifest) is not seen: then rustc's one error, at the
//! derive, says `atomics_core` is not found, and `crate = "..."` names it.

use proc_macro2::Span;
use syn::{Ident, Path};

/// The package name the derives generate code for.
const PACKAGE: &str = "atomics-core";

/// The default path of atomics-core: `::NAME`, where NAME is the name the
/// manifest of the crate being compiled gives the package.
pub fn default_path() -> Path {
    let name = std::env::var_os("CARGO_MANIFEST_DIR")
        .and_then(|dir| std::fs::read_to_string(std::path::Path::new(&dir).join("Cargo.toml")).ok())
        .and_then(|manifest| renamed_in(&manifest))
        .unwrap_or_else(|| "atomics_core".to_string());
    let ident = Ident::new(&name, Span::call_site());
    syn::parse_quote!(::#ident)
}

/// The name `manifest` gives atomics-core if it depends on it only under
/// another name; `None` if it depends on it by its own name (or not at all).
fn renamed_in(manifest: &str) -> Option<String> {
    let mut renamed = None;
    // The key of the `[…dependencies.KEY]` table the line is in, if any.
    let mut table_key: Option<String> = None;
    let mut in_dependencies = false;
    for line in manifest.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_start_matches('[').trim_end_matches(']').trim();
            let (table, key) = match header.rsplit_once('.') {
                Some((table, key)) if is_dependencies(table) => (table, Some(unquote(key))),
                _ => (header, None),
            };
            in_dependencies = key.is_none() && is_dependencies(table);
            if key.as_deref().is_some_and(is_own_name) {
                return None;
            }
            table_key = key;
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = unquote(key);
        if let Some(table_key) = &table_key {
            if key == "package" && unquote(value) == PACKAGE {
                renamed = Some(table_key.replace('-', "_"));
            }
        } else if in_dependencies {
            if is_own_name(&key) {
                return None;
            }
            if names_package(value) {
                renamed = Some(key.replace('-', "_"));
            }
        }
    }
    renamed
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

/// Whether an inline table `{ …, package = "atomics-core", … }` names the
/// package.
fn names_package(value: &str) -> bool {
    value
        .trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .split(',')
        .filter_map(|pair| pair.split_once('='))
        .any(|(k, v)| unquote(k) == "package" && unquote(v) == PACKAGE)
}

fn unquote(text: &str) -> String {
    text.trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::renamed_in;

    #[test]
    fn a_renamed_dependency_is_found_in_both_forms() {
        let inline = "[package]\nname = \"app\"\n\n[dependencies]\nserde = \"1\"\natomics = { package = \"atomics-core\", version = \"0.1\", features = [\"derive\"] }\n";
        assert_eq!(renamed_in(inline).as_deref(), Some("atomics"));
        let table =
            "[dependencies.my-atomics]\npackage = 'atomics-core' # renamed\nversion = \"0.1\"\n";
        assert_eq!(renamed_in(table).as_deref(), Some("my_atomics"));
        let target = "[target.'cfg(unix)'.dev-dependencies]\nat = { path = \"../atomics-core\", package = \"atomics-core\" }\n";
        assert_eq!(renamed_in(target).as_deref(), Some("at"));
    }

    #[test]
    fn the_own_name_wins_and_other_packages_are_ignored() {
        for manifest in [
            "[dependencies]\natomics-core = \"0.1\"\n[dev-dependencies]\nat = { package = \"atomics-core\" }\n",
            "[dev-dependencies]\nat = { package = \"atomics-core\" }\n[dependencies.atomics-core]\nversion = \"0.1\"\n",
            "[dependencies]\natomics_core = { path = \"x\" }\n",
            "[dependencies]\nserde = { package = \"serde-core\" }\n# at = { package = \"atomics-core\" }\n",
            "[package]\nname = \"atomics-core\"\n",
            "[features]\nat = { package = \"atomics-core\" }\n",
        ] {
            assert_eq!(renamed_in(manifest), None, "{manifest}");
        }
    }
}

//! Tests of the expansion itself, on `proc_macro2` tokens: the snapshots of
//! what is generated, the orderings each method uses, and that no input
//! makes the derive panic.
//!
//! The snapshots are `tests/expand/<name>.rs` (a struct with its derive)
//! and, beside each, `<name>.expanded.rs` (its expansion, formatted by
//! `prettyplease`). After changing the generated code, regenerate them with
//! `ATOMICS_BLESS=1 cargo test -p atomics-derive` and review the diff.

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::derive;

fn expand_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expand")
}

/// The expansion of `source` (a struct with its attributes), as a file.
fn expand_to_file(source: &str) -> syn::File {
    let tokens: TokenStream = source.parse().expect("the input lexes");
    let output = derive(tokens);
    syn::parse2(output.clone())
        .unwrap_or_else(|e| panic!("the expansion is not valid Rust ({e}):\n{output}"))
}

#[test]
fn expansion_snapshots() {
    let bless = std::env::var_os("ATOMICS_BLESS").is_some();
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(expand_dir())
        .expect("tests/expand exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".rs") && !name.ends_with(".expanded.rs")
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no snapshot inputs in tests/expand");
    let mut stale = Vec::new();
    for input in inputs {
        let source = std::fs::read_to_string(&input).expect("the input is readable");
        let expanded = prettyplease::unparse(&expand_to_file(&source));
        assert!(
            !expanded.contains("compile_error"),
            "{} does not expand cleanly:\n{expanded}",
            input.display()
        );
        let snapshot = input.with_extension("expanded.rs");
        if bless {
            std::fs::write(&snapshot, &expanded).expect("the snapshot is writable");
            continue;
        }
        let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
        if expected != expanded {
            stale.push(snapshot.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "these snapshots differ from the current expansion: {stale:?}\n\
         if the change is intended, run `ATOMICS_BLESS=1 cargo test -p atomics-derive` and review the diff"
    );
}

/// The body of the twin's method `name`, as a string of tokens.
fn method_body(file: &syn::File, name: &str) -> String {
    find_method_body(file, name).unwrap_or_else(|| panic!("no method `{name}` in the expansion"))
}

/// The body of the twin's method `name`, if it has one.
fn find_method_body(file: &syn::File, name: &str) -> Option<String> {
    fn in_items(items: &[syn::Item], name: &str) -> Option<String> {
        for item in items {
            match item {
                syn::Item::Impl(imp) if imp.trait_.is_none() => {
                    for it in &imp.items {
                        match it {
                            syn::ImplItem::Fn(f) if f.sig.ident == name => {
                                return Some(f.block.to_token_stream().to_string());
                            }
                            // Methods inside a macro call (`const_fn!`,
                            // `unless_loom!`, `if_cas!`).
                            syn::ImplItem::Macro(m) => {
                                let inner: syn::File = syn::parse2(m.mac.tokens.clone())
                                    .expect("a macro call in the impl holds items");
                                if let Some(found) = in_items(&inner.items, name) {
                                    return Some(found);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                syn::Item::Fn(f) if f.sig.ident == name => {
                    return Some(f.block.to_token_stream().to_string());
                }
                syn::Item::Const(c) => {
                    if let syn::Expr::Block(block) = &*c.expr {
                        let items: Vec<syn::Item> = block
                            .block
                            .stmts
                            .iter()
                            .filter_map(|s| match s {
                                syn::Stmt::Item(i) => Some(i.clone()),
                                _ => None,
                            })
                            .collect();
                        if let Some(found) = in_items(&items, name) {
                            return Some(found);
                        }
                    }
                }
                _ => {}
            }
        }
        None
    }
    in_items(&file.items, name)
}

/// The orderings `body` uses, in order, following its calls of the twin's
/// own methods (`self.load_a()`): the whole-struct methods call the field's.
fn orderings_through(file: &syn::File, body: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut rest = body;
    loop {
        let next_ordering = rest.find("Ordering :: ");
        let next_call = rest.find("self . ");
        match (next_ordering, next_call) {
            (Some(o), c) if c.is_none_or(|c| o < c) => {
                rest = &rest[o + "Ordering :: ".len()..];
                out.extend(
                    ["Relaxed", "Acquire", "Release", "AcqRel", "SeqCst"]
                        .into_iter()
                        .find(|name| rest.starts_with(name)),
                );
            }
            (_, Some(c)) => {
                rest = &rest[c + "self . ".len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if rest[name.len()..].starts_with(" (")
                    && let Some(callee) = find_method_body(file, &name)
                {
                    out.extend(orderings_through(file, &callee));
                }
            }
            _ => return out,
        }
    }
}

fn orderings_in(body: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find("Ordering :: ") {
        rest = &rest[i + "Ordering :: ".len()..];
        for name in ["Relaxed", "Acquire", "Release", "AcqRel", "SeqCst"] {
            if rest.starts_with(name) {
                out.push(name);
            }
        }
    }
    out
}

#[test]
fn every_method_uses_its_fields_ordering() {
    let file = expand_to_file(
        r#"
        #[atomic(ordering = "acq_rel")]
        struct S {
            inherited: u64,
            #[atomic(ordering = "relaxed")]
            relaxed: i32,
            #[atomic(ordering = "seq_cst")]
            strict: f64,
            #[atomic(ordering = "acq_rel", padded)]
            flag: bool,
        }
        "#,
    );
    let expect = |method: &str, orders: &[&str]| {
        assert_eq!(
            orderings_in(&method_body(&file, method)),
            orders,
            "orderings of `{method}`"
        );
    };
    expect("load_inherited", &["Acquire"]);
    expect("store_inherited", &["Release"]);
    expect("swap_inherited", &["AcqRel"]);
    expect("add_inherited", &["AcqRel"]);
    expect("sub_inherited", &["AcqRel"]);
    expect("compare_and_swap_inherited", &["AcqRel", "Acquire"]);
    for m in [
        "load_relaxed",
        "store_relaxed",
        "swap_relaxed",
        "add_relaxed",
        "sub_relaxed",
    ] {
        expect(m, &["Relaxed"]);
    }
    expect("compare_and_swap_relaxed", &["Relaxed", "Relaxed"]);
    for m in ["load_strict", "store_strict", "swap_strict", "add_strict"] {
        expect(m, &["SeqCst"]);
    }
    expect("compare_and_swap_strict", &["SeqCst", "SeqCst"]);
    expect("load_flag", &["Acquire"]);
    expect("store_flag", &["Release"]);
    // The whole-struct methods use each field's own ordering, in order
    // (through the field's methods, which they call).
    let through = |method: &str| orderings_through(&file, &method_body(&file, method));
    assert_eq!(through("load"), ["Acquire", "Relaxed", "SeqCst", "Acquire"]);
    assert_eq!(
        through("store"),
        ["Release", "Relaxed", "SeqCst", "Release"]
    );
    assert_eq!(through("swap"), ["AcqRel", "Relaxed", "SeqCst", "AcqRel"]);
    // `take` swaps the counters and loads the gauge (the flag).
    assert_eq!(through("take"), ["AcqRel", "Relaxed", "SeqCst", "Acquire"]);
}

#[test]
fn the_default_ordering_is_seq_cst_and_striped_fields_have_no_cas() {
    let file = expand_to_file(
        "struct S { a: u8, #[atomic(striped)] hits: i32, flag: bool, alias: Count }",
    );
    assert_eq!(orderings_in(&method_body(&file, "load_a")), ["SeqCst"]);
    assert_eq!(orderings_in(&method_body(&file, "load_flag")), ["SeqCst"]);
    let text = file.to_token_stream().to_string();
    for present in [
        "fn add_hits",
        "fn take_hits",
        "fn load_hits",
        "fn hits",
        "fn load_alias",
        "fn compare_and_swap_alias",
        // Every atomic field has the arithmetic, under a bound unless its
        // type is a number written by name.
        "fn add_alias",
        "fn sub_flag",
    ] {
        assert!(text.contains(present), "missing `{present}`");
    }
    // A striped counter only adds.
    for absent in [
        "fn compare_and_swap_hits",
        "fn swap_hits",
        "fn sub_hits",
        "fn store_hits",
    ] {
        assert!(!text.contains(absent), "unexpected `{absent}`");
    }
    // Not `const`: a striped counter allocates.
    assert!(!text.contains("const_fn"));
}

/// Every error the derive reports for `source`.
fn errors_of(source: &str) -> Vec<String> {
    let tokens: TokenStream = source.parse().expect("the input lexes");
    let file: syn::File = syn::parse2(derive(tokens)).expect("valid Rust");
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Macro(m)
                if m.mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "compile_error") =>
            {
                let lit: syn::LitStr = m.mac.parse_body().expect("a message");
                Some(lit.value())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn several_mistakes_are_reported_together() {
    let errors = errors_of(
        r#"
        #[atomic(ordering = "fast", colour = "red")]
        #[repr(packed)]
        struct S<T> {
            a: [u8; 4],
            #[atomic(striped)]
            b: bool,
            #[atomic(padded, padded)]
            c: (u32, u32),
            load: u64,
            t: T,
        }
        "#,
    );
    let expected = [
        "unknown ordering `fast`",
        "unknown `atomic` attribute `colour` on `S`",
        "`S` cannot be generic over `T`",
        "`#[repr(packed)]` cannot be used",
        "field `a` is an array",
        "`striped` needs an integer field, and `b` is a `bool`",
        "duplicate `padded`",
        "field `c` is a tuple (`(u32, u32)`)",
        "field `load` would generate the method `load`",
    ];
    for e in expected {
        assert!(
            errors.iter().any(|m| m.contains(e)),
            "no error containing {e:?} in {errors:#?}"
        );
    }
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
}

#[test]
fn soft_mistakes_still_generate_the_whole_twin() {
    let source = r#"#[atomic(ordering = "SeqCst")] struct S { #[atomic(striped)] flag: bool }"#;
    let errors = errors_of(source);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].contains("did you mean `seq_cst`?"));
    let text = expand_to_file(source).to_token_stream().to_string();
    assert!(text.contains("fn store_flag"), "the full twin is generated");
}

#[test]
fn fatal_mistakes_leave_a_stand_in_with_the_other_fields() {
    let source = "enum E { A }";
    let text = expand_to_file(source).to_token_stream().to_string();
    assert!(text.contains("struct AtomicE { }"), "{text}");
    let text = expand_to_file("struct S { a: [u8; 2], b: String, c: u64 }")
        .to_token_stream()
        .to_string();
    // `b` stays, so its type is still checked in the same build.
    assert!(
        text.contains("b : __atomics_core :: Atomic < < __Fields as __Field < 0 > > :: Type >"),
        "{text}"
    );
    assert!(text.contains("type Type = String ;"), "{text}");
    assert!(!text.contains("a :"), "{text}");
    assert!(!text.contains("fn load"), "{text}");
}

/// A deterministic source of choices (xorshift), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[(self.next() % options.len() as u64) as usize]
    }

    fn chance(&mut self, one_in: u64) -> bool {
        self.next().is_multiple_of(one_in)
    }

    /// Any field type, valid or not.
    fn any_type(&mut self) -> &'static str {
        if self.chance(2) {
            self.pick(VALID_TYPES)
        } else {
            self.pick(OTHER_TYPES)
        }
    }
}

/// Field types beyond [`VALID_TYPES`]: not atomic-capable, not types at
/// all, or only accepted in some places.
const OTHER_TYPES: &[&str] = &[
    "::std::primitive::bool",
    "String",
    "Vec<u8>",
    "Option<u64>",
    "u128",
    "i128",
    "char",
    "[u8; 4]",
    "[u8]",
    "(u32, u32)",
    "()",
    "&u64",
    "&'a mut u64",
    "*mut u8",
    "*const T",
    "dyn Fn()",
    "impl Copy",
    "fn()",
    "!",
    "_",
    "Self",
    "<T as Trait>::Assoc",
    "m!()",
    "T",
];

const ATTR_BODIES: &[&str] = &[
    "",
    "padded",
    "striped",
    "padded, striped",
    "striped, padded",
    "padded, padded",
    "padded = true",
    "padded(1)",
    "striped = \"yes\"",
    "per_thread",
    "per_thread, striped",
    "per_thread, gauge",
    "per_thread, padded",
    "per_thread = 1",
    "per_thread, ordering = \"relaxed\"",
    "ordering = \"relaxed\"",
    "ordering = \"acq_rel\"",
    "ordering = \"seq_cst\"",
    "ordering = \"SeqCst\"",
    "ordering = \"acquire\"",
    "ordering = \"\"",
    "ordering = relaxed",
    "ordering = 1",
    "ordering",
    "ordering(\"relaxed\")",
    "ordering = \"relaxed\", ordering = \"seq_cst\"",
    "name = \"AtomicX\"",
    "name = \"1bad\"",
    "name = \"S\"",
    "name = \"fn\"",
    "name = X",
    "name",
    "crate = \"atomics_core\"",
    "crate = \"::a::b\"",
    "crate = \"1 2\"",
    "crate = \"\"",
    "crate",
    "colour = \"red\"",
    "a::b = 1",
    ",",
    "padded striped",
    "= 1",
    "ordering = \"relaxed\" padded",
];

const REPRS: &[&str] = &[
    "",
    "#[repr(C)]",
    "#[repr(packed)]",
    "#[repr(packed(2))]",
    "#[repr(C, packed(4))]",
    "#[repr(align(8))]",
    "#[repr(C, align(16))]",
    "#[repr(transparent)]",
    "#[repr(Rust)]",
    "#[repr(u8)]",
    "#[repr(C(1))]",
    "#[repr]",
    "#[repr = \"C\"]",
    "#[repr(align)]",
    "#[repr(align(x, y))]",
];

const NAMES: &[&str] = &[
    "a",
    "b",
    "c",
    "hits",
    "r#type",
    "load",
    "new",
    "take",
    "load_a",
    "add_b",
    "_x",
    "FIELD_NAMES",
    "from_mut",
    "a1",
];

const GENERICS: &[&str] = &[
    "",
    "<T>",
    "<'a>",
    "<const N: usize>",
    "<T: Copy, 'a>",
    "<>",
    " where u64: Copy",
];

fn attr(rng: &mut Rng) -> String {
    match rng.next() % 8 {
        0 => "#[atomic]".to_string(),
        1 => "#[atomic = \"x\"]".to_string(),
        2 => "#[atomic()]".to_string(),
        3 => "/// A doc comment.".to_string(),
        _ => format!("#[atomic({})]", rng.pick(ATTR_BODIES)),
    }
}

const VALID_TYPES: &[&str] = &[
    "u8",
    "u16",
    "u32",
    "u64",
    "usize",
    "i8",
    "i16",
    "i32",
    "i64",
    "isize",
    "f32",
    "f64",
    "bool",
    "core::primitive::u64",
    "(u64)",
    "Count",
];

/// The struct's lint attributes, which the twin and its impls carry.
const LINT_ATTRS: &[&str] = &[
    "#[allow(non_snake_case)]",
    "#[allow(dead_code, clippy::pedantic)]",
    "#[warn(missing_docs)]",
    "#[deny(unused_results)]",
    "#[expect(non_camel_case_types, reason = \"Go\")]",
    "#[forbid(unused_must_use)]",
    "#[deprecated(note = \"old\")]",
    "#[deprecated]",
    "#[cfg_attr(all(), allow(unused))]",
];

const VALID_ATTRS: &[&str] = &[
    "#[deprecated]",
    "",
    "/// A doc comment.",
    "#[atomic(padded)]",
    "#[atomic(ordering = \"relaxed\")]",
    "#[atomic(ordering = \"acq_rel\", padded)]",
    "#[atomic(ordering = \"seq_cst\")]",
];

/// A struct the derive accepts: named fields of atomic-capable types, valid
/// attributes (`striped` only on integers, nothing layout-changing in a
/// `#[repr(C)]` struct).
fn valid_shape(rng: &mut Rng) -> String {
    if rng.chance(5) {
        return valid_block(rng);
    }
    let repr_c = rng.chance(3);
    let mut s = String::new();
    s.push_str(rng.pick(&[
        "",
        "#[atomic(ordering = \"relaxed\")]",
        "#[atomic(name = \"Twin\")]",
        "#[atomic(crate = \"atomics\")]",
    ]));
    for _ in 0..rng.next() % 3 {
        s.push_str(rng.pick(LINT_ATTRS));
    }
    if repr_c {
        s.push_str(rng.pick(&["#[repr(C)]", "#[repr(C, align(64))]"]));
    }
    s.push_str("pub struct S {");
    for i in 0..rng.next() % 6 {
        let ty = rng.pick(VALID_TYPES);
        let integer = !matches!(ty, "bool" | "f32" | "f64" | "Count");
        let attr = if !repr_c && integer && rng.chance(4) {
            rng.pick(&["#[atomic(striped)]", "#[atomic(per_thread)]"])
        } else if repr_c {
            rng.pick(&["", "#[atomic(ordering = \"relaxed\")]"])
        } else {
            rng.pick(VALID_ATTRS)
        };
        let _ = writeln!(s, "{attr}");
        let _ = write!(s, "pub f{i}: {ty},");
    }
    s.push('}');
    s
}

/// A per-thread block the derive accepts: integer fields written by name,
/// with no key that changes a field's storage or ordering.
fn valid_block(rng: &mut Rng) -> String {
    let mut s = String::from(rng.pick(&[
        "#[atomic(per_thread)]",
        "#[atomic(per_thread, name = \"Twin\")]",
        "#[atomic(crate = \"atomics\", per_thread)]",
    ]));
    s.push_str("pub struct S {");
    for i in 0..rng.next() % 6 {
        let ty = rng.pick(&[
            "u8", "u16", "u32", "u64", "usize", "i8", "i32", "i64", "isize",
        ]);
        let attr = rng.pick(&["", "/// A doc comment.", "#[atomic(unit = \"bytes\")]"]);
        let _ = write!(s, "{attr}\npub f{i}: {ty},");
    }
    s.push('}');
    s
}

/// One generated input: a struct (of any shape) or an enum or a union, with
/// any attributes, reprs, generics, field names and types.
fn shape(rng: &mut Rng) -> String {
    if rng.chance(3) {
        return valid_shape(rng);
    }
    let mut s = String::new();
    for _ in 0..rng.next() % 3 {
        s.push_str(&attr(rng));
        s.push('\n');
    }
    s.push_str(rng.pick(REPRS));
    s.push('\n');
    let generics = rng.pick(GENERICS);
    let (params, clause) = if generics.starts_with(" where") {
        ("", generics)
    } else {
        (generics, "")
    };
    let mut fields = Vec::new();
    for _ in 0..rng.next() % 6 {
        let mut field = String::new();
        for _ in 0..rng.next() % 3 {
            field.push_str(&attr(rng));
            field.push(' ');
        }
        if rng.chance(4) {
            field.push_str("pub ");
        }
        let _ = write!(field, "{}: {}", rng.pick(NAMES), rng.any_type());
        fields.push(field);
    }
    let types: Vec<&str> = fields.iter().map(|_| rng.any_type()).collect();
    match rng.next() % 8 {
        0 => {
            let _ = write!(s, "struct S{params}({}){clause};", types.join(", "));
        }
        1 => {
            let _ = write!(s, "struct S{params}{clause};");
        }
        2 => {
            let _ = write!(s, "enum S{params}{clause} {{ A, B(u64) }}");
        }
        3 => {
            let _ = write!(s, "union S{params}{clause} {{ {} }}", fields.join(", "));
        }
        _ => {
            let _ = write!(
                s,
                "pub struct S{params}{clause} {{ {} }}",
                fields.join(",\n")
            );
        }
    }
    s
}

#[test]
fn no_input_makes_the_derive_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut checked = 0;
    let mut fine = 0;
    for _ in 0..4000 {
        let source = shape(&mut rng);
        let Ok(tokens) = source.parse::<TokenStream>() else {
            continue;
        };
        let output = catch_unwind(AssertUnwindSafe(|| derive(tokens)))
            .unwrap_or_else(|_| panic!("the derive panicked on:\n{source}"));
        assert!(!output.is_empty(), "no output for:\n{source}");
        let file: syn::File = syn::parse2(output.clone())
            .unwrap_or_else(|e| panic!("invalid Rust ({e}) for:\n{source}\n->\n{output}"));
        if !output.to_string().contains("compile_error") {
            fine += 1;
            // Without errors, the full twin, with its methods.
            assert!(
                file.items.iter().any(|i| matches!(i, syn::Item::Const(_))),
                "no impls for:\n{source}"
            );
        }
        checked += 1;
    }
    assert!(checked > 3000, "only {checked} inputs lexed");
    assert!(fine > 100, "only {fine} inputs expanded without errors");
}

/// `tokens` with every field type in the struct's braces wrapped in an
/// invisible group, as a `macro_rules!` passes a `$ty:ty` on, and the field
/// names and the struct's name as a macro would pass `$name:ident`.
fn as_if_from_a_macro(tokens: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, Group, Spacing, TokenTree};
    let none = |stream: TokenStream| TokenTree::Group(Group::new(Delimiter::None, stream));
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(body) if body.delimiter() == Delimiter::Brace => {
                let mut out = TokenStream::new();
                let mut ty: Option<TokenStream> = None;
                let mut after_joint_colon = false;
                let mut depth = 0i32;
                for tree in body.stream() {
                    let (is_colon, is_comma) = match &tree {
                        TokenTree::Punct(p) => (p.as_char() == ':', p.as_char() == ','),
                        _ => (false, false),
                    };
                    if let TokenTree::Punct(p) = &tree {
                        match p.as_char() {
                            '<' => depth += 1,
                            '>' if depth > 0 => depth -= 1,
                            _ => {}
                        }
                    }
                    if let Some(current) = ty.as_mut() {
                        if is_comma && depth == 0 {
                            out.extend([none(ty.take().unwrap_or_default()), tree]);
                        } else {
                            current.extend([tree]);
                        }
                        continue;
                    }
                    let single_colon = is_colon
                        && !after_joint_colon
                        && matches!(&tree, TokenTree::Punct(p) if p.spacing() == Spacing::Alone);
                    after_joint_colon = matches!(&tree, TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == Spacing::Joint);
                    out.extend([tree]);
                    if single_colon {
                        ty = Some(TokenStream::new());
                    }
                }
                if let Some(rest) = ty {
                    out.extend([none(rest)]);
                }
                TokenTree::Group(Group::new(Delimiter::Brace, out))
            }
            other => other,
        })
        .collect()
}

/// `tokens` printed with invisible groups flattened.
fn flat(tokens: TokenStream) -> String {
    fn walk(tokens: TokenStream, out: &mut Vec<String>) {
        for tree in tokens {
            match tree {
                proc_macro2::TokenTree::Group(g)
                    if g.delimiter() == proc_macro2::Delimiter::None =>
                {
                    walk(g.stream(), out);
                }
                proc_macro2::TokenTree::Group(g) => {
                    let (open, close) = match g.delimiter() {
                        proc_macro2::Delimiter::Brace => ("{", "}"),
                        proc_macro2::Delimiter::Bracket => ("[", "]"),
                        _ => ("(", ")"),
                    };
                    out.push(open.to_string());
                    walk(g.stream(), out);
                    out.push(close.to_string());
                }
                other => out.push(other.to_string()),
            }
        }
    }
    let mut out = Vec::new();
    walk(tokens, &mut out);
    out.join(" ")
}

/// A struct made by a `macro_rules!` (its field types in invisible groups)
/// expands as the same struct written out, and the struct's lint attributes
/// reach the twin and its impls, `expect` as `allow` and `forbid` as `deny`.
#[test]
fn macro_made_structs_and_lint_attributes() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut wrapped = 0;
    for _ in 0..1500 {
        let source = valid_shape(&mut rng);
        let tokens: TokenStream = source.parse().expect("a valid shape lexes");
        let written = derive(tokens.clone());
        let from_macro = catch_unwind(AssertUnwindSafe(|| derive(as_if_from_a_macro(tokens))))
            .unwrap_or_else(|_| panic!("the derive panicked on the macro-made:\n{source}"));
        assert_eq!(flat(written.clone()), flat(from_macro), "for:\n{source}");
        if source.contains(": ") {
            wrapped += 1;
        }
        let text = written.to_string();
        assert!(!text.contains("compile_error"), "{source}\n->\n{text}");
        assert!(!text.contains("expect"), "an `expect` carried over: {text}");
        assert!(!text.contains("forbid"), "a `forbid` carried over: {text}");
        for (lint, carried) in [
            ("#[allow(non_snake_case)]", "allow (non_snake_case)"),
            (
                "#[expect(non_camel_case_types",
                "allow (non_camel_case_types",
            ),
            ("#[forbid(unused_must_use)]", "deny (unused_must_use)"),
        ] {
            if source.contains(lint) {
                // On the twin's declaration and on the block of its impls.
                assert!(text.matches(carried).count() >= 2, "{source}\n->\n{text}");
            }
        }
        if source.contains("#[deprecated") {
            assert!(text.contains("deprecated"), "{text}");
        }
    }
    assert!(wrapped > 500, "only {wrapped} structs had fields");
}

#[test]
fn every_valid_per_thread_block_expands_without_errors() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..200 {
        let source = valid_block(&mut rng);
        let output = derive(source.parse().expect("lexes"));
        assert!(
            !output.to_string().contains("compile_error"),
            "{source}\n->\n{output}"
        );
        let _: syn::File = syn::parse2(output).expect("valid Rust");
    }
}

#[test]
fn inputs_that_are_not_items_are_errors() {
    for source in [
        "",
        "fn f() {}",
        "struct",
        "struct S { a: }",
        "42",
        "struct S { a: u8 } extra",
    ] {
        let tokens: TokenStream = source.parse().expect("lexes");
        let output = catch_unwind(AssertUnwindSafe(|| derive(tokens))).expect("no panic");
        assert!(output.to_string().contains("compile_error"), "{source}");
    }
}

/// The twin's methods are exactly what `methods` lists, which is also what
/// the collision check sees: no method is generated that escapes the check.
#[test]
fn the_twin_has_exactly_the_listed_methods() {
    use crate::ast::Input;
    use crate::errors::Errors;
    use crate::methods::{Method, Whole};

    for source in [
        "#[repr(C)] struct S { a: u8, flag: bool, alias: Count, r#type: f64 }",
        "struct S { #[atomic(striped)] hits: i32, #[atomic(padded)] bytes: u64, x: f32 }",
        "struct S { #[atomic(per_thread)] hits: i32, x: u8 }",
        "#[atomic(per_thread)] struct S { requests: u64, errors: u32, level: i8 }",
    ] {
        let parsed: syn::DeriveInput = syn::parse_str(source).expect("the input parses");
        let errors = Errors::default();
        let mut model = Input::from_syn(&errors, &parsed);
        crate::valid::check(&errors, &mut model);
        assert!(errors.into_compile_errors().is_none(), "{source}");
        let mut listed: Vec<String> = Whole::of(&model)
            .filter(|w| ![Whole::FieldNames, Whole::Fields].contains(w))
            .map(|w| w.text().to_string())
            .collect();
        // The `FieldSet` impls of the twin and of the plain struct.
        listed.extend([
            "try_for_each_field".to_string(),
            "try_for_each_field".to_string(),
        ]);
        for field in &model.fields {
            listed.extend(Method::of(field).map(|m| m.ident(field).to_string()));
        }
        listed.sort();

        fn walk(tokens: TokenStream, out: &mut Vec<String>) {
            let mut after_fn = false;
            for tree in tokens {
                let is_fn = matches!(&tree, proc_macro2::TokenTree::Ident(i) if i == "fn");
                match tree {
                    proc_macro2::TokenTree::Ident(ident) if after_fn => out.push(ident.to_string()),
                    proc_macro2::TokenTree::Group(group) => walk(group.stream(), out),
                    _ => {}
                }
                after_fn = is_fn;
            }
        }
        let mut generated = Vec::new();
        walk(
            derive(source.parse().expect("the input lexes")),
            &mut generated,
        );
        generated.retain(|name| !["default", "from", "fmt"].contains(&name.as_str()));
        generated.sort();
        assert_eq!(generated, listed, "{source}");
    }
}

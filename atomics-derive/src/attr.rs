//! The attributes the derive reads: `#[atomic(...)]` on the struct and on its
//! fields, `#[repr(...)]`, and the fields' doc comments.
//!
//! Parsing never stops at the first mistake: each bad key or value is
//! recorded with the span of the exact token, and the rest of the attribute
//! is still read, so one build reports them all.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::{Attribute, Ident, LitStr, Path, Token};

use crate::errors::Errors;

/// A field's memory ordering, as `#[atomic(ordering = "...")]` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// `relaxed`: every operation `Relaxed`.
    Relaxed,
    /// `acq_rel`: loads `Acquire`, stores `Release`, read-modify-writes `AcqRel`.
    AcqRel,
    /// `seq_cst`: every operation `SeqCst` (the default, as Go's).
    SeqCst,
}

impl Order {
    /// Each ordering by the name `ordering = "..."` gives it: the parser, the
    /// list of accepted names and the did-you-mean all read this table.
    const NAMES: [(&'static str, Order); 3] = [
        ("relaxed", Order::Relaxed),
        ("acq_rel", Order::AcqRel),
        ("seq_cst", Order::SeqCst),
    ];

    /// Other spellings of the orderings, for the did-you-mean (compared
    /// folded: lowercase, letters and digits only).
    const ALSO: [(&'static str, &'static str); 4] = [
        ("sequentially_consistent", "seq_cst"),
        ("sequential_consistency", "seq_cst"),
        ("sequential", "seq_cst"),
        ("acquire_release", "acq_rel"),
    ];

    /// The accepted name `written` means, however it is spelled:
    /// `SeqCst`, `Ordering::SeqCst`, `"sequentially_consistent"`.
    fn guess(written: &str) -> Option<&'static str> {
        let folded = fold(written);
        let folded = folded.strip_prefix("ordering").unwrap_or(&folded);
        Order::NAMES
            .iter()
            .map(|(name, _)| (*name, *name))
            .chain(Order::ALSO)
            .find(|(spelling, _)| fold(spelling) == folded)
            .map(|(_, name)| name)
    }
}

/// `s` in lowercase, letters and digits only: how spellings are compared.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A value and the span of the token that gave it.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// `#[atomic(...)]` on the struct.
#[derive(Default)]
pub struct StructAttrs {
    /// `name = "AtomicX"`: the twin's name.
    pub name: Option<Ident>,
    /// `ordering = "..."`: the default of every field.
    pub ordering: Option<Spanned<Order>>,
    /// `crate = "path"`: where `atomics_core` is, if renamed.
    pub krate: Option<Path>,
    /// `per_thread`: the twin is one per-thread block; the span of the key.
    pub per_thread: Option<Span>,
}

/// `#[atomic(...)]` on a field.
#[derive(Default)]
pub struct FieldAttrs {
    /// `ordering = "..."`.
    pub ordering: Option<Spanned<Order>>,
    /// `padded`: the span of the key.
    pub padded: Option<Span>,
    /// `striped`: the span of the key.
    pub striped: Option<Span>,
    /// `per_thread`: the span of the key.
    pub per_thread: Option<Span>,
    /// `gauge`: the span of the key.
    pub gauge: Option<Span>,
    /// `unit = "..."`: the field's unit, for exporters.
    pub unit: Option<Spanned<String>>,
}

/// What `#[repr(...)]` says about the layout.
#[derive(Default)]
pub struct Repr {
    /// `C`.
    pub c: bool,
    /// `packed` or `packed(N)`: the span of `packed`.
    pub packed: Option<Span>,
    /// `align(N)`: the `N`, to give the twin the same alignment.
    pub align: Option<TokenStream>,
}

/// How a key of `#[atomic(...)]` takes its value.
#[derive(Clone, Copy)]
enum Form {
    /// `key = "..."`; `example` is the whole key as messages suggest it.
    Str { example: &'static str },
    /// A bare key: `padded`.
    Flag,
}

/// A key's value as read, before the key makes sense of it.
enum Value {
    Str(LitStr),
    Flag(Span),
}

/// Where a key is being read, for its messages.
struct Ctx<'a> {
    errors: &'a Errors,
    /// `on `Stats`` or `on field `requests``.
    on: &'a str,
    /// The struct's or the field's name.
    item: &'a str,
}

/// One key of `#[atomic(...)]` in one position: its name, the form of its
/// value, what it does, and how it records its value in `T`. The two tables
/// below are the only lists of keys: parsing, the "expected ..." messages,
/// the misplaced-key messages and the did-you-mean all read them.
struct Key<T> {
    name: &'static str,
    form: Form,
    doc: &'static str,
    set: fn(&Ctx, &ParseNestedMeta, &mut T, Value),
}

/// The keys of `#[atomic(...)]` on the struct.
const STRUCT_KEYS: &[Key<StructAttrs>] = &[
    Key {
        name: "name",
        form: Form::Str {
            example: "name = \"AtomicStats\"",
        },
        doc: "the twin's name",
        set: |cx, meta, out, value| {
            let Value::Str(lit) = value else { return };
            match lit.parse::<Ident>() {
                Ok(ident) => set_once(cx, meta, &mut out.name, ident),
                Err(_) => cx.errors.soft(
                    lit.span(),
                    format!(
                        "`{}` is not an identifier: `name` takes the name of `{item}`'s twin, e.g. `name = \"Atomic{item}\"`",
                        lit.value(),
                        item = cx.item,
                    ),
                ),
            }
        },
    },
    Key {
        name: "ordering",
        form: Form::Str {
            example: "ordering = \"relaxed\"",
        },
        doc: "the default ordering of the fields",
        set: |cx, meta, out, value| {
            if let Some(order) = ordering_value(cx, value) {
                set_once(cx, meta, &mut out.ordering, order);
            }
        },
    },
    Key {
        name: "crate",
        form: Form::Str {
            example: "crate = \"atomics_core\"",
        },
        doc: "the path of `atomics_core`",
        set: |cx, meta, out, value| {
            let Value::Str(lit) = value else { return };
            match lit.parse::<Path>() {
                Ok(path) => set_once(cx, meta, &mut out.krate, path),
                Err(_) => cx.errors.soft(
                    lit.span(),
                    format!(
                        "`{}` is not a path: `crate` takes the path of the renamed `atomics_core`, e.g. `crate = \"my_atomics\"`",
                        lit.value()
                    ),
                ),
            }
        },
    },
    Key {
        name: "per_thread",
        form: Form::Flag,
        doc: "one `PerThreadBlock` for all the fields, read consistently per record",
        set: |cx, meta, out, value| {
            if let Value::Flag(span) = value {
                set_once(cx, meta, &mut out.per_thread, span);
            }
        },
    },
];

/// The keys of `#[atomic(...)]` on a field.
const FIELD_KEYS: &[Key<FieldAttrs>] = &[
    Key {
        name: "ordering",
        form: Form::Str {
            example: "ordering = \"relaxed\"",
        },
        doc: "this field's ordering",
        set: |cx, meta, out, value| {
            if let Some(order) = ordering_value(cx, value) {
                set_once(cx, meta, &mut out.ordering, order);
            }
        },
    },
    Key {
        name: "padded",
        form: Form::Flag,
        doc: "a cache line of its own",
        set: |cx, meta, out, value| {
            if let Value::Flag(span) = value {
                set_once(cx, meta, &mut out.padded, span);
            }
        },
    },
    Key {
        name: "striped",
        form: Form::Flag,
        doc: "a `StripedCounter`",
        set: |cx, meta, out, value| {
            if let Value::Flag(span) = value {
                set_once(cx, meta, &mut out.striped, span);
            }
        },
    },
    Key {
        name: "per_thread",
        form: Form::Flag,
        doc: "a `PerThreadCounter`",
        set: |cx, meta, out, value| {
            if let Value::Flag(span) = value {
                set_once(cx, meta, &mut out.per_thread, span);
            }
        },
    },
    Key {
        name: "gauge",
        form: Form::Flag,
        doc: "a level, which `take()` leaves as it is",
        set: |cx, meta, out, value| {
            if let Value::Flag(span) = value {
                set_once(cx, meta, &mut out.gauge, span);
            }
        },
    },
    Key {
        name: "unit",
        form: Form::Str {
            example: "unit = \"bytes\"",
        },
        doc: "the unit exporters show",
        set: |cx, meta, out, value| {
            let Value::Str(lit) = value else { return };
            let unit = Spanned {
                value: lit.value(),
                span: lit.span(),
            };
            set_once(cx, meta, &mut out.unit, unit);
        },
    },
];

/// Reads every `#[atomic(...)]` on the struct.
pub fn struct_attrs(errors: &Errors, attrs: &[Attribute], item: &str) -> StructAttrs {
    let on = format!("on `{item}`");
    let cx = Ctx {
        errors,
        on: &on,
        item,
    };
    read(&cx, attrs, STRUCT_KEYS, |cx, meta, key| {
        if FIELD_KEYS.iter().any(|k| k.name == key) {
            cx.errors.soft(
                meta.path.span_of_key(),
                format!(
                    "`{key}` applies to a field, not to the struct: put `#[atomic({key})]` on the field of `{}` it is for",
                    cx.item
                ),
            );
            true
        } else {
            false
        }
    })
}

/// Reads every `#[atomic(...)]` on a field.
pub fn field_attrs(errors: &Errors, attrs: &[Attribute], field: &str) -> FieldAttrs {
    let on = format!("on field `{field}`");
    let cx = Ctx {
        errors,
        on: &on,
        item: field,
    };
    read(&cx, attrs, FIELD_KEYS, |cx, meta, key| {
        let Some(k) = STRUCT_KEYS.iter().find(|k| k.name == key) else {
            return false;
        };
        if key == "name" {
            cx.errors.soft(
                meta.path.span_of_key(),
                format!(
                    "`name` names the twin, not a field: the twin's field `{}` and its methods are named after the struct's field, so rename the field itself (`#[atomic(name = \"...\")]` above the struct renames the twin)",
                    cx.item
                ),
            );
            return true;
        }
        cx.errors.soft(
            meta.path.span_of_key(),
            format!(
                "`{key}` applies to the struct, not to a field: move it from field `{}` to `#[atomic({})]` above the struct",
                cx.item,
                k.written()
            ),
        );
        true
    })
}

impl<T> Key<T> {
    /// The key as the "expected ..." messages show it: `padded`, `name = "..."`.
    fn written(&self) -> String {
        match self.form {
            Form::Str { .. } => format!("{} = \"...\"", self.name),
            Form::Flag => self.name.to_string(),
        }
    }
}

/// Reads the `#[atomic(...)]` attributes among `attrs` with the keys of
/// `keys`. A key that is not there goes to `misplaced`, which reports it and
/// returns true if it belongs to the other position; otherwise it is unknown.
fn read<T: Default>(
    cx: &Ctx,
    attrs: &[Attribute],
    keys: &[Key<T>],
    misplaced: impl Fn(&Ctx, &ParseNestedMeta, &str) -> bool,
) -> T {
    let mut out = T::default();
    for attr in atomic_attrs(cx.errors, attrs, cx.on) {
        if literal_keys(cx, attr) {
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            let Some(k) = keys.iter().find(|k| k.name == key) else {
                if let Some(hint) = unknown_key_hint(cx, &key) {
                    cx.errors.soft(meta.path.span_of_key(), hint);
                } else if !misplaced(cx, &meta, &key) {
                    let names: Vec<&str> = keys.iter().map(|k| k.name).collect();
                    let expected: Vec<String> = keys
                        .iter()
                        .map(|k| format!("`{}` ({})", k.written(), k.doc))
                        .collect();
                    cx.errors.soft(
                        meta.path.span_of_key(),
                        format!(
                            "unknown `atomic` attribute `{key}` {}: expected {}{}",
                            cx.on,
                            one_of(&expected),
                            did_you_mean(&key, &names)
                        ),
                    );
                }
                return skip_value(&meta);
            };
            let value = match k.form {
                Form::Str { example } => string_value(cx, &meta, example)?.map(Value::Str),
                Form::Flag => {
                    flag(cx, &meta, k.name)?.then(|| Value::Flag(meta.path.span_of_key()))
                }
            };
            if let Some(value) = value {
                (k.set)(cx, &meta, &mut out, value);
            }
            Ok(())
        });
        if let Err(err) = result {
            cx.errors.push_soft(err);
        }
    }
    out
}

/// Keys that are not keys but say what was meant: a near name that edit
/// distance misses (`order`, `cache_padded`), or a key other derives have
/// (`rename`, `skip`). One row per key: the key, whether the hint is for a
/// field only (elsewhere the usual message, with its did-you-mean, is
/// right), and the hint. An ordering written as a key (`relaxed`) needs no
/// row: the ordering guess finds it.
const HINTS: &[(&str, bool, &str)] = &[
    (
        "order",
        false,
        "write `ordering = \"...\"`: the key is `ordering`",
    ),
    (
        "orderings",
        false,
        "write `ordering = \"...\"`: the key is `ordering`",
    ),
    (
        "cache_padded",
        true,
        "write `padded`: it puts the field on a cache line of its own",
    ),
    (
        "pad",
        true,
        "write `padded`: it puts the field on a cache line of its own",
    ),
    (
        "rename",
        true,
        "the twin's fields and methods are named after the struct's fields: rename the field itself",
    ),
    (
        "skip",
        true,
        "every field is in the twin (its `load`, `store` and `take` cover the whole struct), so none can be skipped: move a field that should not be atomic into another struct, kept beside the twin",
    ),
];

/// The message for an unknown key that [`HINTS`] or the ordering guess
/// explains.
fn unknown_key_hint(cx: &Ctx, key: &str) -> Option<String> {
    if let Some(name) = Order::guess(key) {
        return Some(format!(
            "`{key}` is an ordering, not a key {}: write `ordering = \"{name}\"`",
            cx.on
        ));
    }
    let on_field = cx.on.starts_with("on field");
    let (_, _, hint) = HINTS
        .iter()
        .find(|(k, field_only, _)| *k == key && (on_field || !field_only))?;
    Some(format!(
        "unknown `atomic` attribute `{key}` {}: {hint}",
        cx.on
    ))
}

/// Reports each string literal where a key should be (`#[atomic("relaxed")]`)
/// and returns whether there was one; such an attribute is not read further.
fn literal_keys(cx: &Ctx, attr: &Attribute) -> bool {
    let syn::Meta::List(list) = &attr.meta else {
        return false;
    };
    let mut found = false;
    let mut at_key = true;
    for tree in list.tokens.clone() {
        match &tree {
            proc_macro2::TokenTree::Punct(p) if p.as_char() == ',' => at_key = true,
            proc_macro2::TokenTree::Literal(lit) if at_key => {
                found = true;
                let text = lit.to_string();
                let text = text.trim_matches('"');
                let advice = match Order::guess(text) {
                    Some(name) => format!("write `#[atomic(ordering = \"{name}\")]`"),
                    None => {
                        "write `key = \"value\"`, e.g. `#[atomic(unit = \"bytes\")]`".to_string()
                    }
                };
                cx.errors.soft(
                    lit.span(),
                    format!("`{lit}` names no key {}: {advice}", cx.on),
                );
                at_key = false;
            }
            _ => at_key = false,
        }
    }
    found
}

/// `a`, `a or b`, `a, b or c`.
fn one_of(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Reads `#[repr(...)]`. Malformed reprs are rustc's to report: this only
/// looks for what changes the derive's answer.
pub fn repr(attrs: &[Attribute]) -> Repr {
    let mut out = Repr::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("repr")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("C") {
                out.c = true;
            } else if meta.path.is_ident("packed") {
                out.packed = Some(meta.path.span_of_key());
            } else if meta.path.is_ident("align") {
                let content;
                syn::parenthesized!(content in meta.input);
                out.align = Some(content.parse()?);
                return Ok(());
            }
            skip_value(&meta)
        });
    }
    out
}

/// The `#[doc = "..."]` attributes (doc comments) among `attrs`.
pub fn docs(attrs: &[Attribute]) -> Vec<&Attribute> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc") && matches!(a.meta, syn::Meta::NameValue(_)))
        .collect()
}

/// The `#[atomic(...)]` attributes among `attrs`; the wrong forms
/// (`#[atomic]`, `#[atomic = ...]`) are reported and left out.
fn atomic_attrs<'a>(errors: &Errors, attrs: &'a [Attribute], on: &str) -> Vec<&'a Attribute> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("atomic"))
        .filter(|a| match &a.meta {
            syn::Meta::List(_) => true,
            other => {
                errors.soft(
                    span_of(other),
                    format!(
                        "expected `#[atomic(...)]` with keys in parentheses {on}, e.g. `#[atomic(ordering = \"relaxed\")]`"
                    ),
                );
                false
            }
        })
        .collect()
}

/// The key as written (`crate` included), for matching and for messages.
fn key_of(meta: &ParseNestedMeta) -> String {
    match meta.path.get_ident() {
        Some(ident) => ident.to_string(),
        None => meta.path.to_token_stream().to_string().replace(' ', ""),
    }
}

/// Parses `= "..."`; on anything else records `example` as what was
/// expected, skips the value and returns `None`.
fn string_value(cx: &Ctx, meta: &ParseNestedMeta, example: &str) -> syn::Result<Option<LitStr>> {
    let key = key_of(meta);
    let on = cx.on;
    if !meta.input.peek(Token![=]) {
        cx.errors.soft(
            meta.path.span_of_key(),
            format!("`{key}` needs a value {on}: write `{example}`"),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    let value = meta.value()?;
    if value.peek(LitStr) {
        return Ok(Some(value.parse()?));
    }
    let tokens = skip_tokens(value)?;
    let guessed = (key == "ordering")
        .then(|| Order::guess(&tokens.to_string()))
        .flatten()
        .map(|name| format!("ordering = \"{name}\""));
    let example = guessed.as_deref().unwrap_or(example);
    cx.errors.push_soft(syn::Error::new_spanned(
        tokens,
        format!("`{key}` takes a string {on}: write `{example}`"),
    ));
    Ok(None)
}

/// Reads the value of `ordering = "relaxed" | "acq_rel" | "seq_cst"`.
fn ordering_value(cx: &Ctx, value: Value) -> Option<Spanned<Order>> {
    let Value::Str(lit) = value else { return None };
    let written = lit.value();
    if let Some((_, order)) = Order::NAMES.iter().find(|(name, _)| *name == written) {
        return Some(Spanned {
            value: *order,
            span: lit.span(),
        });
    }
    let folded = fold(&written);
    let hint = match Order::guess(&written) {
        Some(name) => format!(" (did you mean `{name}`?)"),
        None if folded == "acquire" || folded == "release" => format!(
            "; `{written}` alone fits only loads or only stores: `acq_rel` makes loads Acquire and stores Release"
        ),
        None => String::new(),
    };
    let names: Vec<String> = Order::NAMES
        .iter()
        .map(|(name, _)| format!("`{name}`"))
        .collect();
    cx.errors.soft(
        lit.span(),
        format!(
            "unknown ordering `{written}` {}: expected {}{hint}",
            cx.on,
            one_of(&names)
        ),
    );
    None
}

/// Accepts a bare key (`padded`); records a value given to it as a mistake.
fn flag(cx: &Ctx, meta: &ParseNestedMeta, key: &str) -> syn::Result<bool> {
    if meta.input.is_empty() || meta.input.peek(Token![,]) {
        return Ok(true);
    }
    let tokens = skip_tokens(meta.input)?;
    cx.errors.push_soft(syn::Error::new_spanned(
        tokens,
        format!("`{key}` takes no value {}: write `#[atomic({key})]`", cx.on),
    ));
    Ok(false)
}

/// Stores `value` in `slot` unless a value is already there, which is
/// reported on the second key.
fn set_once<T>(cx: &Ctx, meta: &ParseNestedMeta, slot: &mut Option<T>, value: T) {
    if slot.is_some() {
        let key = key_of(meta);
        cx.errors.soft(
            meta.path.span_of_key(),
            format!("duplicate `{key}` {}: it is already set; keep one", cx.on),
        );
    } else {
        *slot = Some(value);
    }
}

/// Skips whatever follows a key up to the next `,`: `= value` or `(...)`.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    skip_tokens(meta.input).map(drop)
}

/// Skips up to the next `,`, returning what was skipped (to blame it).
fn skip_tokens(input: ParseStream) -> syn::Result<TokenStream> {
    let mut skipped = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        skipped.extend([input.parse::<proc_macro2::TokenTree>()?]);
    }
    Ok(skipped)
}

/// ` (did you mean `x`?)` when `key` is a small typo of one of `known`.
fn did_you_mean(key: &str, known: &[&str]) -> String {
    known
        .iter()
        .find(|k| edit_distance(key, k) <= 2)
        .map(|k| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

fn span_of(meta: &syn::Meta) -> Span {
    syn::spanned::Spanned::span(meta)
}

/// The span of a key: its one identifier, or the whole path.
trait SpanOfKey {
    fn span_of_key(&self) -> Span;
}

impl SpanOfKey for Path {
    fn span_of_key(&self) -> Span {
        match self.get_ident() {
            Some(ident) => ident.span(),
            None => syn::spanned::Spanned::span(self),
        }
    }
}

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
    /// The spellings `ordering = "..."` accepts.
    const NAMES: &'static str = "`relaxed`, `acq_rel` or `seq_cst`";
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

const STRUCT_KEYS: &str = "`name = \"...\"`, `ordering = \"...\"` or `crate = \"...\"`";
const FIELD_KEYS: &str = "`ordering = \"...\"`, `padded` or `striped`";

/// Reads every `#[atomic(...)]` on the struct.
pub fn struct_attrs(errors: &Errors, attrs: &[Attribute], item: &str) -> StructAttrs {
    let mut out = StructAttrs::default();
    let on = format!("on `{item}`");
    for attr in atomic_attrs(errors, attrs, &on) {
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            match key.as_str() {
                "name" => {
                    if let Some(lit) = string_value(errors, &meta, &on, "name = \"AtomicStats\"")? {
                        match lit.parse::<Ident>() {
                            Ok(ident) => set_once(errors, &meta, &on, &mut out.name, ident),
                            Err(_) => errors.soft(
                                lit.span(),
                                format!(
                                    "`{}` is not an identifier: `name` takes the name of `{item}`'s twin, e.g. `name = \"Atomic{item}\"`",
                                    lit.value()
                                ),
                            ),
                        }
                    }
                }
                "ordering" => {
                    if let Some(order) = ordering_value(errors, &meta, &on)? {
                        set_once(errors, &meta, &on, &mut out.ordering, order);
                    }
                }
                "crate" => {
                    if let Some(lit) = string_value(errors, &meta, &on, "crate = \"atomics_core\"")? {
                        match lit.parse::<Path>() {
                            Ok(path) => set_once(errors, &meta, &on, &mut out.krate, path),
                            Err(_) => errors.soft(
                                lit.span(),
                                format!(
                                    "`{}` is not a path: `crate` takes the path of the renamed `atomics_core`, e.g. `crate = \"my_atomics\"`",
                                    lit.value()
                                ),
                            ),
                        }
                    }
                }
                "padded" | "striped" => {
                    errors.soft(
                        meta.path.span_of_key(),
                        format!(
                            "`{key}` applies to a field, not to the struct: put `#[atomic({key})]` on the field of `{item}` it is for"
                        ),
                    );
                    skip_value(&meta)?;
                }
                _ => {
                    errors.soft(
                        meta.path.span_of_key(),
                        format!(
                            "unknown `atomic` attribute `{key}` {on}: expected {STRUCT_KEYS}{}",
                            did_you_mean(&key, &["name", "ordering", "crate"])
                        ),
                    );
                    skip_value(&meta)?;
                }
            }
            Ok(())
        });
        if let Err(err) = result {
            errors.push_soft(err);
        }
    }
    out
}

/// Reads every `#[atomic(...)]` on a field.
pub fn field_attrs(errors: &Errors, attrs: &[Attribute], field: &str) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    let on = format!("on field `{field}`");
    for attr in atomic_attrs(errors, attrs, &on) {
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            match key.as_str() {
                "ordering" => {
                    if let Some(order) = ordering_value(errors, &meta, &on)? {
                        set_once(errors, &meta, &on, &mut out.ordering, order);
                    }
                }
                "padded" => {
                    if flag(errors, &meta, &on, &key)? {
                        set_once(errors, &meta, &on, &mut out.padded, meta.path.span_of_key());
                    }
                }
                "striped" => {
                    if flag(errors, &meta, &on, &key)? {
                        set_once(errors, &meta, &on, &mut out.striped, meta.path.span_of_key());
                    }
                }
                "name" | "crate" => {
                    errors.soft(
                        meta.path.span_of_key(),
                        format!(
                            "`{key}` applies to the struct, not to a field: move it from field `{field}` to `#[atomic({key} = \"...\")]` above the struct"
                        ),
                    );
                    skip_value(&meta)?;
                }
                _ => {
                    errors.soft(
                        meta.path.span_of_key(),
                        format!(
                            "unknown `atomic` attribute `{key}` {on}: expected {FIELD_KEYS}{}",
                            did_you_mean(&key, &["ordering", "padded", "striped"])
                        ),
                    );
                    skip_value(&meta)?;
                }
            }
            Ok(())
        });
        if let Err(err) = result {
            errors.push_soft(err);
        }
    }
    out
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
fn string_value(
    errors: &Errors,
    meta: &ParseNestedMeta,
    on: &str,
    example: &str,
) -> syn::Result<Option<LitStr>> {
    let key = key_of(meta);
    if !meta.input.peek(Token![=]) {
        errors.soft(
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
    errors.push_soft(syn::Error::new_spanned(
        tokens,
        format!("`{key}` takes a string {on}: write `{example}`"),
    ));
    Ok(None)
}

/// Parses `= "relaxed" | "acq_rel" | "seq_cst"`.
fn ordering_value(
    errors: &Errors,
    meta: &ParseNestedMeta,
    on: &str,
) -> syn::Result<Option<Spanned<Order>>> {
    let Some(lit) = string_value(errors, meta, on, "ordering = \"relaxed\"")? else {
        return Ok(None);
    };
    let written = lit.value();
    let value = match written.as_str() {
        "relaxed" => Order::Relaxed,
        "acq_rel" => Order::AcqRel,
        "seq_cst" => Order::SeqCst,
        _ => {
            let folded: String = written
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            let hint = match folded.as_str() {
                "relaxed" => " (did you mean `relaxed`?)".to_string(),
                "acqrel" => " (did you mean `acq_rel`?)".to_string(),
                "seqcst" => " (did you mean `seq_cst`?)".to_string(),
                "acquire" | "release" => format!(
                    "; `{written}` alone fits only loads or only stores: `acq_rel` makes loads Acquire and stores Release"
                ),
                _ => String::new(),
            };
            errors.soft(
                lit.span(),
                format!(
                    "unknown ordering `{written}` {on}: expected {}{hint}",
                    Order::NAMES
                ),
            );
            return Ok(None);
        }
    };
    Ok(Some(Spanned {
        value,
        span: lit.span(),
    }))
}

/// Accepts a bare key (`padded`); records a value given to it as a mistake.
fn flag(errors: &Errors, meta: &ParseNestedMeta, on: &str, key: &str) -> syn::Result<bool> {
    if meta.input.is_empty() || meta.input.peek(Token![,]) {
        return Ok(true);
    }
    let tokens = skip_tokens(meta.input)?;
    errors.push_soft(syn::Error::new_spanned(
        tokens,
        format!("`{key}` takes no value {on}: write `#[atomic({key})]`"),
    ));
    Ok(false)
}

/// Stores `value` in `slot` unless a value is already there, which is
/// reported on the second key.
fn set_once<T>(errors: &Errors, meta: &ParseNestedMeta, on: &str, slot: &mut Option<T>, value: T) {
    if slot.is_some() {
        let key = key_of(meta);
        errors.soft(
            meta.path.span_of_key(),
            format!("duplicate `{key}` {on}: it is already set; keep one"),
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

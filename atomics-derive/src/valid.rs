//! Rejections: everything the derive refuses, each reported on the exact
//! token with what to write instead.
//!
//! Each mistake is recorded in [`Errors`] as soft (reported, replaced by the
//! default, the twin still generated) or fatal (`fallback` emits a stand-in
//! instead). Types that are not atomic-capable are neither: the trait system
//! reports them, at the field, in the generated code.

use std::collections::BTreeMap;

use quote::format_ident;
use syn::ext::IdentExt;
use syn::{GenericParam, Type};

use crate::ast::{Field, Input, Kind, Shape, Storage, strip, type_string};
use crate::errors::Errors;
use crate::methods::{Method, TRAIT_ITEMS, Whole};

/// Checks `input`, records every mistake, and adjusts the model so that a
/// twin generated from it after soft mistakes is sound.
pub fn check(errors: &Errors, input: &mut Input) {
    shape(errors, input);
    generics(errors, input);
    packed(errors, input);
    twin_name(errors, input);
    let plain = input.ident.unraw().to_string();
    let repr_c = input.repr.c;
    let block = input.block.is_some();
    duplicates(errors, input);
    for field in &mut input.fields {
        if !field.rejected {
            field_type(errors, field);
        }
        if !block {
            field_attrs(errors, field, &plain, repr_c);
        }
    }
    if block {
        crate::valid_block::check(errors, input);
    }
    collisions(errors, input);
}

fn shape(errors: &Errors, input: &Input) {
    let name = input.ident.unraw();
    match &input.shape {
        Shape::Named => {}
        Shape::Tuple(fields) => errors.fatal_spanned(
            fields,
            format!(
                "`{name}` is a tuple struct, and the twin's accessors (`load_requests`, `add_requests`, ...) are named after fields: name them (`struct {name} {{ requests: u64 }}`)"
            ),
        ),
        Shape::Unit => errors.fatal(
            input.ident.span(),
            format!(
                "`{name}` is a unit struct, with no fields to make atomic: give it named fields (`struct {name} {{ requests: u64 }}`)"
            ),
        ),
        Shape::Enum(span) => errors.fatal(
            *span,
            format!(
                "`#[derive(AtomicFields)]` needs a struct with named fields, and `{name}` is an enum: keep the variant in a `u8` field of a struct, or share the enum as `atomics_core::Value<{name}>`"
            ),
        ),
        Shape::Union(span) => errors.fatal(
            *span,
            format!(
                "`#[derive(AtomicFields)]` needs a struct with named fields, and `{name}` is a union: use a struct"
            ),
        ),
    }
}

fn generics(errors: &Errors, input: &Input) {
    let name = input.ident.unraw();
    let generics = &input.original.generics;
    for param in &generics.params {
        let message = match param {
            GenericParam::Type(t) => format!(
                "`{name}` cannot be generic over `{}`: the twin's accessors are generated from each field's concrete type; replace `{}` with the type it stands for (`u64`, `bool`, ...)",
                t.ident, t.ident
            ),
            GenericParam::Lifetime(l) => format!(
                "`{name}` cannot have the lifetime `{}`: a twin's fields are atomic-capable values, never references; remove it",
                l.lifetime
            ),
            GenericParam::Const(c) => format!(
                "`{name}` cannot be generic over `const {}`: the twin needs concrete field types; remove it",
                c.ident
            ),
        };
        errors.fatal_spanned(param, message);
    }
    if let Some(clause) = &generics.where_clause {
        errors.fatal_spanned(
            clause,
            format!(
                "`#[derive(AtomicFields)]` does not take a `where` clause: `{name}` must not be generic; remove it"
            ),
        );
    }
}

fn packed(errors: &Errors, input: &Input) {
    if let Some(span) = input.repr.packed {
        errors.fatal(
            span,
            format!(
                "`#[repr(packed)]` cannot be used with `#[derive(AtomicFields)]`: `packed` lowers every field's alignment to 1 (`packed(N)` to at most N), and an atomic wider than that would be misaligned (Go's alignment caveat), so no form of it is taken; remove `packed` (to save space without it, order the fields of `{}` from the widest to the narrowest)",
                input.ident.unraw()
            ),
        );
    }
}

fn twin_name(errors: &Errors, input: &mut Input) {
    if input.twin == *input.ident {
        errors.soft(
            input.twin.span(),
            format!(
                "the twin needs a name of its own, and `{}` is the struct's: pick another, e.g. `name = \"Atomic{}\"`",
                input.ident.unraw(),
                input.ident.unraw()
            ),
        );
        input.twin = format_ident!("Atomic{}", input.ident.unraw());
    }
}

/// Rejects, from the tokens, the types that can never be atomic-capable with
/// a message for each; everything else is left to the trait bound.
fn field_type(errors: &Errors, field: &mut Field) {
    let name = &field.name;
    let ty = strip(field.ty);
    let shown = type_string(ty);
    let message = match ty {
        Type::Array(array) => format!(
            "field `{name}` is an array (`{shown}`), and arrays are not atomic-capable: give each element a field of its own (`{name}_0: {elem}`, `{name}_1: {elem}`, ...), or share the array as `atomics_core::Value<{shown}>`",
            elem = type_string(&array.elem)
        ),
        Type::Slice(_) => format!(
            "field `{name}` is a slice (`{shown}`), and slices are not atomic-capable: give each element a field of its own, or share the data as an `atomics_core::Value<Vec<_>>`"
        ),
        Type::Tuple(tuple) if tuple.elems.is_empty() => format!(
            "field `{name}` has type `()`, which holds nothing to make atomic: remove the field"
        ),
        Type::Tuple(tuple) => {
            let parts: Vec<String> = tuple
                .elems
                .iter()
                .enumerate()
                .map(|(i, t)| format!("`{name}_{i}: {}`", type_string(t)))
                .collect();
            format!(
                "field `{name}` is a tuple (`{shown}`), and tuples are not atomic-capable: give each element a field of its own ({})",
                parts.join(", ")
            )
        }
        Type::Reference(reference) => format!(
            "field `{name}` is a reference (`{shown}`); a twin holds values, not references: make the field a `{}` and share the twin itself by reference",
            type_string(&reference.elem)
        ),
        Type::Ptr(_) => format!(
            "field `{name}` is a raw pointer (`{shown}`), which a twin cannot hold: keep it in an `atomics_core::Pointer<_>` beside the twin"
        ),
        Type::TraitObject(_) | Type::ImplTrait(_) => format!(
            "field `{name}` has the unsized type `{shown}`, which is not atomic-capable: share such a value as an `atomics_core::Value<_>`"
        ),
        _ if names_self(quote::ToTokens::to_token_stream(ty)) => format!(
            "field `{name}` names `Self` (`{shown}`), which in the twin's code would mean the twin: a field holds an atomic-capable value (an integer, a float, a `bool`); write that type"
        ),
        _ => match path_mistake(name, ty) {
            Some(message) => message,
            None => return,
        },
    };
    field.rejected = true;
    errors.fatal_spanned(field.ty, message);
}

fn field_attrs(errors: &Errors, field: &mut Field, plain: &str, repr_c: bool) {
    let name = &field.name;
    if let (Some(_), Some(per_thread)) = (field.attrs.striped, field.attrs.per_thread) {
        errors.soft(
            per_thread,
            format!(
                "field `{name}` is both `striped` and `per_thread`: pick one counter; `per_thread` adds without a locked instruction, `striped` keeps a fixed number of shards however many threads add; remove one"
            ),
        );
        field.attrs.per_thread = None;
        field.storage = Storage::Striped;
    }
    // The counter attribute (`striped` or `per_thread`), if any: its key and
    // how its messages name the counter.
    let counter = match (field.attrs.striped, field.attrs.per_thread) {
        (Some(span), _) => Some(("striped", "a striped counter", "shards", span)),
        (None, Some(span)) => Some(("per_thread", "a per-thread counter", "slots", span)),
        (None, None) => None,
    };
    if let (Some((key, what, parts, _)), Some(padded)) = (counter, field.attrs.padded) {
        errors.soft(
            padded,
            format!(
                "field `{name}` is both `{key}` and `padded`: {what}'s {parts} are already cache-padded; remove `padded`"
            ),
        );
    }
    if let (Some((key, what, _, _)), Some(gauge)) = (counter, field.attrs.gauge) {
        let message = if key == "striped" {
            format!(
                "field `{name}` is both `striped` and `gauge`: {what} only adds, so it cannot hold a level; remove `gauge`, or `striped`"
            )
        } else {
            format!(
                "field `{name}` is both `{key}` and `gauge`: a per-thread field is a counter (it only adds), and a gauge needs a plain field; remove `gauge`, or `{key}`"
            )
        };
        errors.soft(gauge, message);
    }
    if let Some((key, what, _, span)) = counter {
        let wrong = match field.kind {
            Kind::Bool => Some(format!(
                "`{key}` needs an integer field, and `{name}` is a `bool`: {what} only adds; remove `{key}` (a plain field has `store_{name}` and `swap_{name}`)"
            )),
            Kind::Float { .. } => Some(format!(
                "`{key}` needs an integer field, and `{name}` is a float: {what} adds integers; remove `{key}` (a plain float field has `add_{name}`)"
            )),
            _ => None,
        };
        if let Some(message) = wrong {
            errors.soft(span, message);
            field.storage = Storage::Plain;
        } else if let Some(order) = &field.attrs.ordering {
            errors.soft(
                order.span,
                format!(
                    "field `{name}` is `{key}`, and {what} is always relaxed (it orders no other memory): remove `ordering`, or `{key}`"
                ),
            );
        }
    }
    if repr_c {
        for (key, span, effect) in [
            (
                "padded",
                field.attrs.padded,
                "pads the field to a cache line",
            ),
            (
                "striped",
                field.attrs.striped,
                "replaces the field with a counter of many shards",
            ),
            (
                "per_thread",
                field.attrs.per_thread,
                "replaces the field with a counter of one slot per thread",
            ),
        ] {
            if let Some(span) = span {
                errors.soft(
                    span,
                    format!(
                        "`{key}` {effect}, but `{plain}` is `#[repr(C)]`, whose twin mirrors its layout for `from_mut`/`from_ptr`: remove `{key}` from `{name}`, or `#[repr(C)]` if you do not need the layout view"
                    ),
                );
                field.storage = Storage::Plain;
            }
        }
    }
}

/// Two generated methods with one name would be a wall of rustc errors far
/// from the cause; report the field whose name makes the clash instead.
fn collisions(errors: &Errors, input: &Input) {
    let twin = &input.twin;
    let mut taken: BTreeMap<String, String> = Whole::of(input)
        .map(|item| {
            (
                item.text().to_string(),
                format!("`{twin}::{}`", item.text()),
            )
        })
        .chain(TRAIT_ITEMS.iter().map(|(name, item)| {
            (
                (*name).to_string(),
                format!("{item} (an inherent `{twin}::{name}` would shadow it)"),
            )
        }))
        .collect();
    for field in input.fields.iter().filter(|f| !f.rejected) {
        for method in Method::of(field) {
            let name = method.name(field);
            let origin = if method == Method::Cell {
                format!("the accessor of field `{}`", field.name)
            } else {
                format!("`{name}` of field `{}`", field.name)
            };
            if let Some(existing) = taken.get(&name) {
                errors.fatal(
                    field.ident.span(),
                    format!(
                        "field `{}` would generate the method `{name}`, which clashes with {existing}: rename the field",
                        field.name
                    ),
                );
                // One error per field: renaming it fixes every clash.
                break;
            } else {
                taken.insert(name, origin);
            }
        }
    }
}

/// A field declared twice is rustc's to report (E0124, at the second one):
/// the second copy is left out of the model, and the twin is not generated,
/// so no generated method repeats the mistake.
fn duplicates(errors: &Errors, input: &mut Input) {
    let mut seen = Vec::new();
    for field in &mut input.fields {
        if seen.contains(&field.name) {
            field.rejected = true;
            errors.fatal_reported_by_rustc();
        } else {
            seen.push(field.name.clone());
        }
    }
}

/// Whether `tokens` name `Self` anywhere (`Self`, `Option<Self>`, ...).
fn names_self(tokens: proc_macro2::TokenStream) -> bool {
    tokens.into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(ident) => ident == "Self",
        proc_macro2::TokenTree::Group(group) => names_self(group.stream()),
        _ => false,
    })
}

/// The atomics and counters a field can be by mistake, by the name its type
/// is written with (the last segment of its path): what to write instead.
/// One row per name; `T` in the advice is the type's own argument.
const ALREADY_ATOMIC: &[(&str, &str)] = &[
    ("AtomicBool", "bool"),
    ("AtomicI8", "i8"),
    ("AtomicI16", "i16"),
    ("AtomicI32", "i32"),
    ("AtomicI64", "i64"),
    ("AtomicIsize", "isize"),
    ("AtomicU8", "u8"),
    ("AtomicU16", "u16"),
    ("AtomicU32", "u32"),
    ("AtomicU64", "u64"),
    ("AtomicUsize", "usize"),
    // Go's names, atomics-core's aliases of `Atomic<T>`.
    ("Bool", "bool"),
    ("Int8", "i8"),
    ("Int16", "i16"),
    ("Int32", "i32"),
    ("Int64", "i64"),
    ("Uint8", "u8"),
    ("Uint16", "u16"),
    ("Uint32", "u32"),
    ("Uint64", "u64"),
    ("Uintptr", "usize"),
    ("Float32", "f32"),
    ("Float64", "f64"),
    ("Atomic", "T"),
];

/// The mistakes a field type's path shows by its name: an atomic or counter
/// already (the twin makes fields atomic), a `PhantomData`, an
/// `Option<NonZero..>`.
fn path_mistake(name: &str, ty: &Type) -> Option<String> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    let ident = last.ident.to_string();
    let arg = match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(strip(t)),
            _ => None,
        }),
        _ => None,
    };
    let arg_shown = arg.map_or_else(|| "T".to_string(), type_string);
    let shown = type_string(ty);
    if let Some((_, plain)) = ALREADY_ATOMIC.iter().find(|(n, _)| *n == ident) {
        let plain = if *plain == "T" {
            arg_shown.as_str()
        } else {
            plain
        };
        return Some(format!(
            "field `{name}` is already atomic (`{shown}`): write `{name}: {plain}`, and the twin makes it an atomic"
        ));
    }
    let keyed = |key: &str, plain: &str| {
        format!(
            "field `{name}` is already atomic (`{shown}`): write `{name}: {plain}` with `#[atomic({key})]`, and the twin makes it one"
        )
    };
    match ident.as_str() {
        "CachePadded" => {
            let inner = arg
                .and_then(path_plain)
                .unwrap_or_else(|| arg_shown.clone());
            Some(keyed("padded", &inner))
        }
        "StripedCounter" => Some(keyed("striped", "u64")),
        "PerThreadCounter" => Some(keyed("per_thread", "u64")),
        "Value" => Some(format!(
            "field `{name}` is already atomic (`{shown}`): write `{name}: {arg_shown}` if it is atomic-capable (an integer, a float, a `bool`), or keep the `Value` beside the twin"
        )),
        "Pointer" | "AtomicPtr" => Some(format!(
            "field `{name}` is already atomic (`{shown}`), and a twin cannot hold pointers: keep it beside the twin"
        )),
        "PhantomData" => Some(format!(
            "field `{name}` is a `PhantomData`, which holds nothing to make atomic, and the twin has no generic parameters for it to mark: remove the field"
        )),
        "Option" => {
            let inner = arg?;
            let plain = nonzero_plain(inner)?;
            Some(format!(
                "field `{name}` is an `{shown}`, which is not atomic-capable: store a `{plain}` instead, with 0 for `None` (`{name}: {plain}`)"
            ))
        }
        _ => None,
    }
}

/// `u64` for `AtomicU64` (a type whose name says its plain type).
fn path_plain(ty: &Type) -> Option<String> {
    let Type::Path(path) = ty else {
        return Some(type_string(ty));
    };
    let ident = path.path.segments.last()?.ident.to_string();
    match ALREADY_ATOMIC.iter().find(|(n, _)| *n == ident) {
        Some((_, plain)) if *plain != "T" => Some((*plain).to_string()),
        _ => Some(type_string(ty)),
    }
}

/// `u64` for `NonZeroU64` or `NonZero<u64>`.
fn nonzero_plain(ty: &Type) -> Option<String> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    let ident = last.ident.to_string();
    if ident == "NonZero" {
        if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
            if let Some(syn::GenericArgument::Type(t)) = args.args.first() {
                return Some(type_string(t));
            }
        }
        return None;
    }
    let rest = ident.strip_prefix("NonZero")?;
    (!rest.is_empty()).then(|| rest.to_ascii_lowercase())
}

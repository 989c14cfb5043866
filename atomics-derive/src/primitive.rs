//! `#[derive(AtomicPrimitive)]`: a user type made atomic-capable. Its own
//! line, beside the twin's: [`parse`] reads the type into a [`Model`]
//! (recording attribute mistakes), [`validate`] rejects what cannot be
//! stored as a primitive, and [`expand`] emits the `Via` impl and the
//! `impl_atomic_primitive!` call of `atomics_core::__private`.
//!
//! Two shapes are accepted, each with the primitive it is stored as:
//!
//! - a fieldless enum with an integer `repr` (`u8` … `u64`, `i8` … `i64`,
//!   `usize`, `isize`, optionally with `C`): stored as its repr;
//! - a `#[repr(transparent)]` struct of exactly one field (tuple or named),
//!   without generic parameters: stored as the field's type, whose
//!   `AtomicPrimitive` bound is checked by the compiler at the user's token.
//!
//! Zero-sized extras in a transparent struct (`PhantomData<Unit>`) are
//! rejected: without generic parameters a marker cannot carry anything the
//! atomic would keep, and the field to store would then have to be found by
//! its size, which a derive cannot see.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Fields, Ident, LitStr, Path, Token, Type};

use crate::errors::Errors;

/// The integer reprs an enum may have, each the name of the primitive it is
/// stored as. `u128`/`i128` are absent: no target has 128-bit atomics here.
const INT_REPRS: [&str; 10] = [
    "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
];

/// What the derive read: the type and what it is stored as.
pub struct Model<'a> {
    /// The type's name.
    ident: &'a Ident,
    /// The path of `atomics_core` (`crate = "..."`, or `::atomics_core`).
    krate: Path,
    /// The primitive it is stored as, if the shape gives one.
    prim: Option<Prim<'a>>,
}

/// The primitive a user type is stored as.
enum Prim<'a> {
    /// An enum's integer repr (`u8`), spanned at the user's token.
    Repr(Ident),
    /// A newtype's field type, as the user wrote it.
    Field(&'a Type),
}

/// What `#[repr(...)]` says, with the span of each hint that matters.
#[derive(Default)]
struct Repr {
    /// The first integer repr, as written.
    int: Option<Ident>,
    /// `u128` or `i128`.
    wide: Option<Ident>,
    c: Option<Span>,
    transparent: Option<Span>,
    packed: Option<Span>,
    align: Option<Span>,
}

/// The whole derive: what `#[derive(AtomicPrimitive)]` expands `input` to,
/// including the `compile_error!`s of any mistakes.
pub fn derive(input: TokenStream) -> TokenStream {
    let parsed: DeriveInput = match syn::parse2(input) {
        Ok(parsed) => parsed,
        Err(error) => return error.to_compile_error(),
    };
    let errors = Errors::default();
    let model = parse(&errors, &parsed);
    let model = validate(&errors, &parsed, model);
    let impls = match model {
        Some(model) if !errors.is_fatal() => expand(&model),
        _ => TokenStream::new(),
    };
    let compile_errors = errors.into_compile_errors();
    quote!(#compile_errors #impls)
}

/// Reads the type's attributes and shape. Attribute mistakes are recorded;
/// whether the shape can be stored is [`validate`]'s call.
fn parse<'a>(errors: &Errors, input: &'a DeriveInput) -> Model<'a> {
    let krate = atomic_attrs(errors, &input.attrs).unwrap_or_else(crate::manifest::default_path);
    for attrs in inner_attrs(input) {
        for attr in attrs.iter().filter(|a| a.path().is_ident("atomic")) {
            errors.soft(
                attr.path().span(),
                format!(
                    "`#[atomic(...)]` has no keys inside `#[derive(AtomicPrimitive)]` `{}`: remove it (the only key is `crate = \"...\"`, on the type)",
                    input.ident
                ),
            );
        }
    }
    Model {
        ident: &input.ident,
        krate,
        prim: None,
    }
}

/// The attributes of the variants or fields inside the type.
fn inner_attrs(input: &DeriveInput) -> Vec<&[Attribute]> {
    match &input.data {
        Data::Enum(data) => data
            .variants
            .iter()
            .flat_map(|v| {
                std::iter::once(&v.attrs[..]).chain(v.fields.iter().map(|f| &f.attrs[..]))
            })
            .collect(),
        Data::Struct(data) => data.fields.iter().map(|f| &f.attrs[..]).collect(),
        Data::Union(data) => data.fields.named.iter().map(|f| &f.attrs[..]).collect(),
    }
}

/// Reads `#[atomic(crate = "...")]` on the type, the only key.
fn atomic_attrs(errors: &Errors, attrs: &[Attribute]) -> Option<Path> {
    let mut krate: Option<Path> = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("atomic")) {
        let result = attr.parse_nested_meta(|meta| {
            if !meta.path.is_ident("crate") {
                let key = quote::ToTokens::to_token_stream(&meta.path)
                    .to_string()
                    .replace(' ', "");
                errors.soft(
                    meta.path.span(),
                    format!(
                        "unknown `atomic` attribute `{key}` on `#[derive(AtomicPrimitive)]`: expected `crate = \"...\"` (the path of `atomics_core`), the only key"
                    ),
                );
                skip_value(&meta)?;
                return Ok(());
            }
            if !meta.input.peek(Token![=]) {
                errors.soft(
                    meta.path.span(),
                    "`crate` needs a value: write `crate = \"atomics_core\"`",
                );
                return Ok(());
            }
            let lit: LitStr = meta.value()?.parse()?;
            match lit.parse::<Path>() {
                Ok(_) if krate.is_some() => errors.soft(
                    meta.path.span(),
                    "`crate` is given twice: keep one",
                ),
                Ok(path) => krate = Some(path),
                Err(_) => errors.soft(
                    lit.span(),
                    format!(
                        "`{}` is not a path: `crate` takes the path of the renamed `atomics_core`, e.g. `crate = \"my_atomics\"`",
                        lit.value()
                    ),
                ),
            }
            Ok(())
        });
        if let Err(error) = result {
            errors.push_soft(error);
        }
    }
    krate
}

/// Skips the value of an unknown key (`= ...` or `(...)`), if any.
fn skip_value(meta: &syn::meta::ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let _: TokenStream = meta
            .value()?
            .parse::<syn::Expr>()
            .map(quote::ToTokens::into_token_stream)?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| skip_value(&inner))?;
    }
    Ok(())
}

/// Reads every `#[repr(...)]` of the type. Malformed reprs are rustc's to
/// report; they are skipped here.
fn repr(attrs: &[Attribute]) -> Repr {
    let mut repr = Repr::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("repr")) {
        let _ = attr.parse_nested_meta(|meta| {
            let Some(ident) = meta.path.get_ident() else {
                return Ok(());
            };
            let name = ident.to_string();
            match name.as_str() {
                "C" => repr.c = Some(ident.span()),
                "transparent" => repr.transparent = Some(ident.span()),
                "packed" => repr.packed = Some(ident.span()),
                "align" => repr.align = Some(ident.span()),
                "u128" | "i128" => repr.wide = Some(ident.clone()),
                _ if INT_REPRS.contains(&name.as_str()) => {
                    repr.int.get_or_insert_with(|| ident.clone());
                }
                _ => {}
            }
            if meta.input.peek(syn::token::Paren) {
                let _content;
                syn::parenthesized!(_content in meta.input);
            }
            Ok(())
        });
    }
    repr
}

/// Rejects every shape that cannot be stored as a primitive, one error per
/// mistake at the user's token, and fills in the primitive of the rest.
fn validate<'a>(
    errors: &Errors,
    input: &'a DeriveInput,
    mut model: Model<'a>,
) -> Option<Model<'a>> {
    let name = &input.ident;
    let repr = repr(&input.attrs);
    if let Some(param) = input.generics.params.first() {
        errors.fatal_spanned(
            &input.generics,
            format!(
                "`#[derive(AtomicPrimitive)]` does not take generic parameters, and `{name}` has `{}`: write one non-generic newtype per stored type (`struct {name}(u32);`)",
                quote::ToTokens::to_token_stream(param)
            ),
        );
    }
    match &input.data {
        Data::Union(data) => errors.fatal(
            data.union_token.span,
            format!(
                "`#[derive(AtomicPrimitive)]` needs a fieldless enum or a `#[repr(transparent)]` newtype, and `{name}` is a union: store its bits as the integer of its width (`Atomic<u32>`), or share it through `atomics_core::Value<{name}>`"
            ),
        ),
        Data::Enum(data) => {
            // `packed` on an enum is rustc's to reject (E0517); with it and
            // no integer repr, no second error is added below.
            if let Some(span) = repr.align.filter(|_| repr.int.is_some()) {
                errors.fatal(
                    span,
                    format!(
                        "`#[repr(align)]` gives `{name}` an alignment its primitive does not have, so it cannot be stored as one: remove `align` (to keep the atomic on a cache line of its own, use `CachePadded<Atomic<{name}>>`)"
                    ),
                );
            }
            if data.variants.is_empty() {
                if repr.int.is_some() {
                    // rustc rejects an integer repr on an empty enum (E0084):
                    // that error speaks alone.
                    return None;
                }
                errors.fatal(
                    data.brace_token.span.join(),
                    format!(
                        "`{name}` has no variants, so an `Atomic<{name}>` could never hold a value: add the variants it has"
                    ),
                );
                return None;
            }
            for variant in &data.variants {
                if !matches!(variant.fields, Fields::Unit) {
                    errors.fatal_spanned(
                        &variant.fields,
                        format!(
                            "variant `{}` carries data, and `#[derive(AtomicPrimitive)]` needs a fieldless enum (stored as its discriminant): make `{}` a unit variant, and keep its data in an atomic of its own or in `atomics_core::Value<{name}>`",
                            variant.ident, variant.ident
                        ),
                    );
                }
            }
            if let Some(wide) = &repr.wide {
                errors.fatal(
                    wide.span(),
                    format!(
                        "`#[repr({wide})]`: there are no 128-bit atomics, so `{name}` cannot be stored in one: use `#[repr(u64)]` or narrower (`#[repr(u8)]` fits up to 256 variants)"
                    ),
                );
            } else if let Some(int) = &repr.int {
                model.prim = Some(Prim::Repr(int.clone()));
            } else if repr.packed.is_none() {
                let (span, has) = match (repr.c, repr.transparent) {
                    (Some(c), _) => (c, "`#[repr(C)]` alone (the size of a C `int`, which differs by target)"),
                    (None, Some(t)) => (t, "`#[repr(transparent)]`, which names no integer"),
                    (None, None) => (data.enum_token.span, "no `#[repr]` (its size is the compiler's choice)"),
                };
                errors.fatal(
                    span,
                    format!(
                        "`#[derive(AtomicPrimitive)]` stores an enum as its integer `repr`, and `{name}` has {has}: add `#[repr(u8)]` (or `u16` … `u64`, `i8` … `i64`)"
                    ),
                );
            }
        }
        Data::Struct(data) => {
            if let Some(span) = repr.packed {
                if repr.transparent.is_none() {
                    errors.fatal(
                        span,
                        format!(
                            "`#[repr(packed)]` misaligns the value, and an atomic must be aligned: remove `packed` and make `{name}` `#[repr(transparent)]`"
                        ),
                    );
                    return None;
                }
                // `transparent` with `packed`: rustc's E0692 speaks.
                return None;
            }
            if repr.transparent.is_none() {
                errors.fatal(
                    data.struct_token.span,
                    format!(
                        "`#[derive(AtomicPrimitive)]` stores a struct as its one field, and `{name}` is not `#[repr(transparent)]`, so its layout may differ from the field's: add `#[repr(transparent)]`"
                    ),
                );
            }
            let mut fields = data.fields.iter();
            match fields.next() {
                None => errors.fatal(
                    data.struct_token.span,
                    format!(
                        "`{name}` has no field to store: give it one atomic-capable field (`struct {name}(u32);`)"
                    ),
                ),
                Some(field) => model.prim = Some(Prim::Field(&field.ty)),
            }
            for extra in fields {
                let which = match &extra.ident {
                    Some(ident) => format!("field `{ident}`"),
                    None => "field".to_owned(),
                };
                errors.fatal_spanned(
                    extra,
                    format!(
                        "`#[derive(AtomicPrimitive)]` stores a newtype as its one field, and `{name}` has a second {which}: remove it (a zero-sized marker without generic parameters carries nothing an atomic would keep), or store the fields in an `AtomicFields` struct"
                    ),
                );
            }
        }
    }
    Some(model)
}

/// The `Via` impl and the `impl_atomic_primitive!` call, in an anonymous
/// constant so that they add no names.
fn expand(model: &Model) -> TokenStream {
    let Model { ident, krate, prim } = model;
    let (prim, safety, check, bound) = match prim {
        Some(Prim::Repr(int)) => (
            quote!(#int),
            format!(
                "`{ident}` is a fieldless enum with `#[repr({int})]`: it has the size and alignment of `{int}`, and each of its values is one `{int}`, its discriminant, with no padding"
            ),
            TokenStream::new(),
            TokenStream::new(),
        ),
        Some(Prim::Field(ty)) => {
            // Spanned at the user's type, so that `AtomicPrimitive`'s error
            // for a type that is not atomic-capable points there; the one
            // check of it, the impls being bounded on it.
            let ty = quote_spanned!(ty.span()=> #ty);
            (
                ty.clone(),
                format!(
                    "`{ident}` is `#[repr(transparent)]` over its only field: it has the field's size and alignment, and each of its values is, byte for byte, a value of the field's type"
                ),
                quote!(const _: () = #krate::__private::via::assert_primitive::<#ty>();),
                quote!(where for<'__a> #ty: #krate::AtomicPrimitive),
            )
        }
        None => return TokenStream::new(),
    };
    let safety =
        format!(" SAFETY: {safety} (`impl_atomic_primitive!` checks both at compile time).");
    quote! {
        #[doc(hidden)]
        const _: () = {
            #[doc = #safety]
            #[automatically_derived]
            unsafe impl #krate::__private::Via for #ident #bound {
                type Prim = #prim;
            }
            #check
            #krate::__private::impl_atomic_primitive!(#ident #bound);
        };
    }
}

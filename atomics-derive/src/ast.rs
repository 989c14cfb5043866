//! The derive's own model of the input: the struct, its fields, and what the
//! attributes and the tokens of each field type say about them.

use proc_macro2::Span;
use quote::{ToTokens, format_ident};
use syn::ext::IdentExt;
use syn::{Attribute, Data, DeriveInput, Fields, Ident, Path, Type, Visibility};

use crate::attr::{self, Order, Repr};
use crate::errors::Errors;

/// The struct the derive was applied to.
pub struct Input<'a> {
    pub original: &'a DeriveInput,
    pub ident: &'a Ident,
    pub vis: &'a Visibility,
    /// The twin's name: `Atomic` + the struct's, or `#[atomic(name = "...")]`.
    pub twin: Ident,
    /// Whether the twin's name was given (`name = "..."`): the import of
    /// the name is then located there, so that a name taken twice is
    /// reported at it.
    pub twin_given: bool,
    /// The path of `atomics_core` (`#[atomic(crate = "...")]`).
    pub krate: Path,
    pub repr: Repr,
    pub shape: Shape<'a>,
    /// `#[atomic(per_thread)]` on the struct (the span of the key): the twin
    /// is one per-thread block, each field an index into it.
    pub block: Option<Span>,
    /// The span of `ordering = "..."` on the struct, if given.
    pub struct_ordering: Option<Span>,
    /// The named fields (none unless `shape` is `Named`).
    pub fields: Vec<Field<'a>>,
    /// The struct's lint attributes, for the twin and its impls (which are
    /// the struct's code too): `allow`, `warn` and `deny` as written;
    /// `expect` as `allow` and `forbid` as `deny` (the twin may not trip
    /// the lint an `expect` is for, and the derive's own `allow`s must
    /// still apply).
    pub lints: Vec<Attribute>,
    /// The struct's `#[deprecated]`, which the twin carries too.
    pub deprecated: Vec<&'a Attribute>,
}

/// What kind of item the derive was applied to.
pub enum Shape<'a> {
    Named,
    Tuple(&'a Fields),
    Unit,
    Enum(Span),
    Union(Span),
}

/// One named field.
pub struct Field<'a> {
    pub ident: &'a Ident,
    /// The name without `r#`: what `FIELD_NAMES` reports and accessor names
    /// are built from.
    pub name: String,
    pub vis: &'a Visibility,
    pub ty: &'a Type,
    pub docs: Vec<&'a Attribute>,
    pub kind: Kind,
    pub storage: Storage,
    pub order: Order,
    pub attrs: attr::FieldAttrs,
    /// Whether the field is one of a per-thread block's (`#[atomic(per_thread)]`
    /// on the struct): its storage is then the block's, not its own.
    pub in_block: bool,
    /// Whether the type was rejected from its tokens alone (an array, a
    /// reference, ...); such a field is left out of the fallback twin.
    pub rejected: bool,
}

/// What the tokens of a field's type say it is. Only primitives written by
/// name are recognised; an alias is `Other`. It never decides which methods
/// the twin has (`methods` does, the same for every type): it words the
/// docs and the messages, and spares the bounds the tokens already prove
/// (an `Other` field is checked through a bound instead).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Bool,
    Int { signed: bool, width: Width },
    Float { width: Width },
    Other,
}

/// The width a type's atomic needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    W8,
    W16,
    W32,
    W64,
    Ptr,
}

impl Kind {
    /// Whether it is a number written by name: its `add_f`/`sub_f` need no
    /// `AtomicNumber` bound.
    pub fn is_numeric(self) -> bool {
        matches!(self, Kind::Int { .. } | Kind::Float { .. })
    }

    /// The `cfg(target_has_atomic)` width, for a primitive written by name.
    pub fn width(self) -> Option<Width> {
        match self {
            Kind::Bool => Some(Width::W8),
            Kind::Int { width, .. } | Kind::Float { width } => Some(width),
            Kind::Other => None,
        }
    }
}

/// How a field is stored in the twin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Storage {
    /// `Atomic<T>`.
    Plain,
    /// `CachePadded<Atomic<T>>`.
    Padded,
    /// `Striped<T>`, a `StripedCounter` of `T`s.
    Striped,
    /// `PerThread<T>`, a `PerThreadCounter` of `T`s.
    PerThread,
}

impl Storage {
    /// Whether the field is a counter that only adds (`striped`,
    /// `per_thread`): no stores, swaps or compare-and-swaps of its own.
    pub fn is_counter(self) -> bool {
        matches!(self, Storage::Striped | Storage::PerThread)
    }
}

impl<'a> Input<'a> {
    /// Reads `input`, recording attribute mistakes in `errors`. Nothing is
    /// rejected here: `valid` decides that, with the whole model in view.
    pub fn from_syn(errors: &Errors, input: &'a DeriveInput) -> Self {
        let attrs = attr::struct_attrs(errors, &input.attrs, &input.ident.unraw().to_string());
        let repr = attr::repr(&input.attrs);
        let twin_given = attrs.name.is_some();
        let twin = attrs
            .name
            .unwrap_or_else(|| format_ident!("Atomic{}", input.ident.unraw()));
        let krate = attrs.krate.unwrap_or_else(crate::manifest::default_path);
        let default_order = attrs.ordering.as_ref().map_or(Order::SeqCst, |o| o.value);
        let block = attrs.per_thread;
        let struct_ordering = attrs.ordering.as_ref().map(|o| o.span);
        let (shape, fields) = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => {
                    let fields = named
                        .named
                        .iter()
                        .filter_map(|f| Field::from_syn(errors, f, default_order, block.is_some()))
                        .collect();
                    (Shape::Named, fields)
                }
                fields @ Fields::Unnamed(_) => (Shape::Tuple(fields), Vec::new()),
                Fields::Unit => (Shape::Unit, Vec::new()),
            },
            Data::Enum(data) => (Shape::Enum(data.enum_token.span), Vec::new()),
            Data::Union(data) => (Shape::Union(data.union_token.span), Vec::new()),
        };
        Input {
            lints: lints(&input.attrs),
            deprecated: input
                .attrs
                .iter()
                .filter(|a| a.path().is_ident("deprecated"))
                .collect(),
            original: input,
            ident: &input.ident,
            vis: &input.vis,
            twin,
            twin_given,
            krate,
            repr,
            shape,
            block,
            struct_ordering,
            fields,
        }
    }
}

impl<'a> Field<'a> {
    fn from_syn(
        errors: &Errors,
        field: &'a syn::Field,
        default_order: Order,
        in_block: bool,
    ) -> Option<Self> {
        // Named fields always have an identifier.
        let ident = field.ident.as_ref()?;
        let attrs = attr::field_attrs(errors, &field.attrs, &ident.unraw().to_string());
        let storage = if in_block {
            Storage::Plain
        } else if attrs.striped.is_some() {
            Storage::Striped
        } else if attrs.per_thread.is_some() {
            Storage::PerThread
        } else if attrs.padded.is_some() {
            Storage::Padded
        } else {
            Storage::Plain
        };
        let order = attrs.ordering.as_ref().map_or(default_order, |o| o.value);
        Some(Field {
            ident,
            name: ident.unraw().to_string(),
            vis: &field.vis,
            ty: strip(&field.ty),
            docs: attr::docs(&field.attrs),
            kind: kind_of(&field.ty),
            storage,
            order,
            attrs,
            in_block,
            rejected: false,
        })
    }
}

impl Field<'_> {
    /// Whether the field is a gauge (a level, which `take()` leaves as it
    /// is): `#[atomic(gauge)]`, or a type not written as a number (`bool`,
    /// a user type). Numbers are counters otherwise.
    pub fn is_gauge(&self) -> bool {
        !self.in_block && (self.attrs.gauge.is_some() || !self.kind.is_numeric())
    }
}

/// The lint attributes among `attrs`, as the twin carries them (see
/// [`Input::lints`]).
fn lints(attrs: &[Attribute]) -> Vec<Attribute> {
    attrs
        .iter()
        .filter_map(|attr| {
            let level = attr.path().get_ident()?.to_string();
            let carried = match level.as_str() {
                "allow" | "warn" | "deny" => level.as_str(),
                "expect" => "allow",
                "forbid" => "deny",
                _ => return None,
            };
            let syn::Meta::List(list) = &attr.meta else {
                return None;
            };
            let level = Ident::new(carried, list.path.get_ident()?.span());
            let tokens = &list.tokens;
            Some(syn::parse_quote!(#[#level(#tokens)]))
        })
        .collect()
}

/// Unwraps the invisible groups and parentheses a type can arrive in (from a
/// `macro_rules!` `$t:ty`, or `(u64)`).
pub fn strip(mut ty: &Type) -> &Type {
    loop {
        match ty {
            Type::Group(g) => ty = &g.elem,
            Type::Paren(p) => ty = &p.elem,
            _ => return ty,
        }
    }
}

/// Recognises the atomic-capable primitives written by name (`u64`,
/// `core::primitive::u64`, `::std::primitive::u64`).
fn kind_of(ty: &Type) -> Kind {
    let Type::Path(path) = strip(ty) else {
        return Kind::Other;
    };
    if path.qself.is_some() {
        return Kind::Other;
    }
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| {
            if s.arguments.is_empty() {
                s.ident.to_string()
            } else {
                String::new()
            }
        })
        .collect();
    let name = match segments.as_slice() {
        [name] if path.path.leading_colon.is_none() => name,
        [krate, module, name] if (krate == "core" || krate == "std") && module == "primitive" => {
            name
        }
        _ => return Kind::Other,
    };
    use Width::*;
    let int = |signed, width| Kind::Int { signed, width };
    match name.as_str() {
        "bool" => Kind::Bool,
        "u8" => int(false, W8),
        "u16" => int(false, W16),
        "u32" => int(false, W32),
        "u64" => int(false, W64),
        "usize" => int(false, Ptr),
        "i8" => int(true, W8),
        "i16" => int(true, W16),
        "i32" => int(true, W32),
        "i64" => int(true, W64),
        "isize" => int(true, Ptr),
        "f32" => Kind::Float { width: W32 },
        "f64" => Kind::Float { width: W64 },
        _ => Kind::Other,
    }
}

/// A type as a person writes it (`[u8; 4]`, `&u64`), for messages.
pub fn type_string(ty: &Type) -> String {
    let mut s = ty.to_token_stream().to_string();
    for (from, to) in [
        (" ;", ";"),
        (" ,", ","),
        ("< ", "<"),
        (" <", "<"),
        (" >", ">"),
        ("& ", "&"),
        ("* const", "*const"),
        ("* mut", "*mut"),
        ("( ", "("),
        (" )", ")"),
        ("[ ", "["),
        (" ]", "]"),
        (":: ", "::"),
        (" ::", "::"),
        ("' ", "'"),
    ] {
        s = s.replace(from, to);
    }
    s
}

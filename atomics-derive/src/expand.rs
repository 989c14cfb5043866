//! Code generation: the twin struct, its methods and trait impls, and the
//! compile-time checks that go with them.
//!
//! Every path is absolute (`::core::…`, or the `atomics_core` path, which
//! `#[atomic(crate = "…")]` can change), so the code works under
//! `#![no_implicit_prelude]` and next to any names the user has in scope.
//!
//! Whether a field type is atomic-capable is the trait system's call: the
//! twin's field `Atomic<T>` is spanned at the field's type, so an unsatisfied
//! bound is reported there, once. The impls carry `where for<'__a> T:
//! AtomicPrimitive` for each field type that is not a primitive written by
//! name: such a bound holds trivially when `T` is atomic-capable, and when it
//! is not, it keeps the bodies from repeating the error (rustc checks a
//! higher-ranked bound where the impl is used, not where it is written).
//! Primitives written by name need no bound: a `cfg` drops the impls where
//! the target lacks 64-bit atomics and a field needs them. `add_f`/`sub_f` of a field that is
//! not a number written by name carry `where for<'__a> T: AtomicNumber` the
//! same way.
//!
//! Methods that read, modify and write sit in `if_cas!`, which drops them on
//! targets without compare-and-swap, leaving loads and stores.

use proc_macro2::{Group, Literal, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::{Ident, Type};

use crate::ast::{Field, Input, Kind, Storage, Width, type_string};
use crate::attr::Order;
use crate::methods::{Method, Whole};

/// The name the twin's `const _` block gives `atomics_core::Ordering`
/// (`type __Ordering = ...`), so that each of the many orderings in the
/// generated code is three tokens instead of nine: the derive's run time and
/// rustc's parsing grow with the tokens. The block is the name's whole
/// scope, and the double underscore keeps it from meeting the user's names.
const ORDERING: &str = "__Ordering";

/// The orderings one field's operations use.
struct Orders {
    load: TokenStream,
    store: TokenStream,
    rmw: TokenStream,
    failure: TokenStream,
}

impl Orders {
    /// The orderings, through [`ORDERING`], the short name the twin's block
    /// gives `Ordering`.
    fn new(order: Order) -> Self {
        let o = |name: &str| {
            let (alias, name) = (format_ident!("{}", ORDERING), format_ident!("{}", name));
            quote!(#alias::#name)
        };
        match order {
            Order::Relaxed => Orders {
                load: o("Relaxed"),
                store: o("Relaxed"),
                rmw: o("Relaxed"),
                failure: o("Relaxed"),
            },
            Order::AcqRel => Orders {
                load: o("Acquire"),
                store: o("Release"),
                rmw: o("AcqRel"),
                failure: o("Acquire"),
            },
            Order::SeqCst => Orders {
                load: o("SeqCst"),
                store: o("SeqCst"),
                rmw: o("SeqCst"),
                failure: o("SeqCst"),
            },
        }
    }
}

/// How the docs name the ordering of one kind of operation.
fn ordering_doc(order: Order, op: &str) -> &'static str {
    match (order, op) {
        (Order::Relaxed, _) => "relaxed",
        (Order::SeqCst, _) => "sequentially consistent",
        (Order::AcqRel, "load") => "`Acquire`",
        (Order::AcqRel, "store") => "`Release`",
        (Order::AcqRel, _) => "`AcqRel`",
    }
}

/// The expressions one field's operations are made of.
struct FieldGen<'a> {
    field: &'a Field<'a>,
    krate: &'a TokenStream,
    orders: Orders,
}

impl FieldGen<'_> {
    fn load(&self) -> TokenStream {
        let f = self.field.ident;
        let order = &self.orders.load;
        match self.field.storage {
            Storage::Striped | Storage::PerThread => quote!(self.#f.load()),
            _ => quote!(self.#f.load_with(#order)),
        }
    }

    fn relaxed_load(&self) -> TokenStream {
        let f = self.field.ident;
        let alias = format_ident!("{}", ORDERING);
        match self.field.storage {
            Storage::Striped | Storage::PerThread => quote!(self.#f.load()),
            _ => quote!(self.#f.load_with(#alias::Relaxed)),
        }
    }

    fn store(&self, value: &TokenStream) -> TokenStream {
        let f = self.field.ident;
        let order = &self.orders.store;
        match self.field.storage {
            Storage::Striped | Storage::PerThread => quote!(self.#f.store(#value)),
            _ => quote!(self.#f.store_with(#value, #order)),
        }
    }

    fn swap(&self, value: &TokenStream) -> TokenStream {
        let f = self.field.ident;
        let order = &self.orders.rmw;
        match self.field.storage {
            Storage::Striped | Storage::PerThread => quote!(self.#f.swap(#value)),
            _ => quote!(self.#f.swap_with(#value, #order)),
        }
    }

    fn take(&self) -> TokenStream {
        let f = self.field.ident;
        match self.field.storage {
            Storage::Striped | Storage::PerThread => quote!(self.#f.take()),
            _ => self.swap(&quote!(::core::default::Default::default())),
        }
    }

    /// The whole-struct methods call the field's own methods (inlined, so
    /// the instructions are the same): one short call per field instead of
    /// the whole operation again, for rustc to parse and check.
    fn call(&self, method: Method, args: TokenStream) -> TokenStream {
        let m = method.ident(self.field);
        quote!(self.#m(#args))
    }

    /// `load` of the whole struct: the field's `load_f`.
    fn whole_load(&self) -> TokenStream {
        self.call(Method::Load, TokenStream::new())
    }

    /// What the visitor reports: the field's `FieldValue`, loaded as by `load`.
    fn visited_value(&self) -> TokenStream {
        let (krate, load) = (self.krate, self.whole_load());
        quote!(#krate::__private::field_value(#load))
    }

    /// `store` of the whole struct: `store_f`, or the striped counter's
    /// reset-and-add (it has no `store_f`).
    fn whole_store(&self, value: &TokenStream) -> TokenStream {
        match self.field.storage {
            Storage::Striped | Storage::PerThread => self.store(value),
            _ => self.call(Method::Store, value.clone()),
        }
    }

    /// `swap` of the whole struct: `swap_f`, or the striped counter's
    /// take-and-add.
    fn whole_swap(&self, value: &TokenStream) -> TokenStream {
        match self.field.storage {
            Storage::Striped | Storage::PerThread => self.swap(value),
            _ => self.call(Method::Swap, value.clone()),
        }
    }

    /// `take` of the whole struct: a counter's `take_f`, or `swap_f` with
    /// zero; a gauge's `load_f` (a level is reported, not reset).
    fn whole_take(&self) -> TokenStream {
        match self.field.storage {
            Storage::Striped | Storage::PerThread => self.call(Method::Take, TokenStream::new()),
            _ if self.field.is_gauge() => self.whole_load(),
            _ => self.call(Method::Swap, quote!(::core::default::Default::default())),
        }
    }

    /// `add_all` of the whole struct: a counter's `add_f` with its delta; a
    /// gauge's `store_f` (a level is set to the one given, not summed).
    fn whole_add(&self, deltas: &TokenStream) -> TokenStream {
        let f = self.field.ident;
        if self.field.is_gauge() {
            self.whole_store(&quote!(#deltas.#f))
        } else {
            self.call(Method::Add, quote!(#deltas.#f))
        }
    }

    fn inner_value(&self) -> TokenStream {
        let f = self.field.ident;
        let krate = self.krate;
        match self.field.storage {
            Storage::Padded => quote!(#krate::CachePadded::into_inner(self.#f).into_inner()),
            _ => quote!(self.#f.into_inner()),
        }
    }

    fn construct(&self, value: &TokenStream) -> TokenStream {
        let krate = self.krate;
        match self.field.storage {
            Storage::Plain => quote!(#krate::Atomic::new(#value)),
            Storage::Padded => quote!(#krate::CachePadded::new(#krate::Atomic::new(#value))),
            Storage::Striped => quote!(#krate::__private::Striped::new(#value)),
            Storage::PerThread => quote!(#krate::__private::PerThread::new(#value)),
        }
    }

    /// The accessor's return type.
    fn cell_type(&self) -> TokenStream {
        let krate = self.krate;
        let ty = self.field.ty;
        match self.field.storage {
            Storage::Plain => quote!(#krate::Atomic<#ty>),
            Storage::Padded => quote!(#krate::CachePadded<#krate::Atomic<#ty>>),
            Storage::Striped => quote!(#krate::StripedCounter),
            Storage::PerThread => quote!(#krate::PerThreadCounter),
        }
    }

    /// The generated doc line, then the field's own doc comment.
    fn docs(&self, summary: String) -> TokenStream {
        let own = &self.field.docs;
        if own.is_empty() {
            doc(&summary)
        } else {
            let summary = doc(&summary);
            quote! {
                #summary
                #[doc = ""]
                #(#own)*
            }
        }
    }

    /// The methods of this field, as `methods` lists them.
    fn methods(&self) -> TokenStream {
        let methods = Method::of(self.field).map(|m| (m.is_rmw(), self.method(m)));
        if_cas(self.krate, methods)
    }

    fn method(&self, method: Method) -> TokenStream {
        let field = self.field;
        let f = field.ident;
        let name = &field.name;
        let vis = field.vis;
        let ty = field.ty;
        let order = field.order;
        let m = method.ident(field);
        let striped = field.storage.is_counter();
        let (rmw, failure) = (&self.orders.rmw, &self.orders.failure);
        match method {
            Method::Cell => {
                let cell = self.cell_type();
                let accessor_doc = match field.storage {
                    Storage::Plain => format!(
                        "The `Atomic` behind field `{name}`, with its whole API (`fetch_add`, `max`, `update`, ... and explicit orderings)."
                    ),
                    Storage::Padded => format!(
                        "The cache-padded `Atomic` behind field `{name}` (it dereferences to the `Atomic`, with its whole API)."
                    ),
                    Storage::Striped => format!(
                        "The `StripedCounter` behind field `{name}`, which counts in `u64` (`load_{name}` and `take_{name}` convert to the field's type)."
                    ),
                    Storage::PerThread => format!(
                        "The `PerThreadCounter` behind field `{name}`, which counts in `u64` (`load_{name}` and `take_{name}` convert to the field's type)."
                    ),
                };
                let own = &field.docs;
                let accessor_docs = if own.is_empty() {
                    doc(&accessor_doc)
                } else {
                    let accessor_doc = doc(&accessor_doc);
                    quote! {
                        #(#own)*
                        #[doc = ""]
                        #accessor_doc
                    }
                };
                let body = if striped {
                    quote!(self.#f.counter())
                } else {
                    quote!(&self.#f)
                };
                quote! {
                    #accessor_docs
                    #[inline]
                    #[must_use]
                    #vis fn #m(&self) -> &#cell {
                        #body
                    }
                }
            }
            Method::Load => {
                let docs = if striped {
                    self.docs(format!(
                        "The sum of field `{name}`'s counter (relaxed; not a linearizable snapshot while adds run)."
                    ))
                } else {
                    self.docs(format!(
                        "Loads field `{name}` ({}).",
                        ordering_doc(order, "load")
                    ))
                };
                let load = self.load();
                quote! {
                    #docs
                    #[inline]
                    #[must_use]
                    #vis fn #m(&self) -> #ty {
                        #load
                    }
                }
            }
            Method::Store => {
                let docs = self.docs(format!(
                    "Stores `value` in field `{name}` ({}).",
                    ordering_doc(order, "store")
                ));
                let store = self.store(&quote!(value));
                quote! {
                    #docs
                    #[inline]
                    #vis fn #m(&self, value: #ty) {
                        #store
                    }
                }
            }
            Method::Swap => {
                let docs = self.docs(format!(
                    "Stores `value` in field `{name}` and returns the previous value ({}).",
                    ordering_doc(order, "rmw")
                ));
                let swap = self.swap(&quote!(value));
                quote! {
                    #docs
                    #[inline]
                    #vis fn #m(&self, value: #ty) -> #ty {
                        #swap
                    }
                }
            }
            Method::CompareAndSwap => {
                let cas_orders = if order == Order::AcqRel {
                    format!(
                        "{}; {} when it does not",
                        ordering_doc(order, "rmw"),
                        ordering_doc(order, "load")
                    )
                } else {
                    ordering_doc(order, "rmw").to_string()
                };
                let docs = self.docs(format!(
                    "Stores `new` in field `{name}` if it holds `old`, and says whether it did ({cas_orders}){}.",
                    if matches!(field.kind, Kind::Float { .. }) {
                        ". Floats are compared by bit pattern"
                    } else {
                        ""
                    }
                ));
                quote! {
                    #docs
                    #[inline]
                    #vis fn #m(&self, old: #ty, new: #ty) -> bool {
                        self.#f.compare_and_swap_with(old, new, #rmw, #failure)
                    }
                }
            }
            Method::Add if striped => {
                let docs = self.docs(if field.storage == Storage::PerThread {
                    format!(
                        "Adds `delta` to field `{name}` (wrapping, relaxed), in this thread's own slot of its counter: a plain load and store, no locked instruction."
                    )
                } else {
                    format!(
                        "Adds `delta` to field `{name}` (wrapping, relaxed), on this thread's shard of its counter."
                    )
                });
                quote! {
                    #docs
                    #[inline]
                    #vis fn #m(&self, delta: #ty) {
                        self.#f.add(delta)
                    }
                }
            }
            Method::Add | Method::Sub => {
                // A number written by name has the method; any other type
                // (an alias, a `bool`) gets it under a bound, which holds
                // where the type is an `AtomicNumber` and otherwise makes
                // calling the method the error, at the call.
                let krate = self.krate;
                let bound = (!field.kind.is_numeric())
                    .then(|| quote!(where for<'__a> #ty: #krate::AtomicNumber));
                let wraps = match field.kind {
                    Kind::Int { .. } => "wrapping, ",
                    Kind::Float { .. } => "",
                    Kind::Bool | Kind::Other => "integers wrap; ",
                };
                let (summary, op) = if method == Method::Add {
                    ("Adds `delta` to", quote!(add_with))
                } else {
                    ("Subtracts `delta` from", quote!(sub_with))
                };
                let only = if field.kind.is_numeric() {
                    ""
                } else {
                    " For a field whose type is an `AtomicNumber` (an integer or a float)."
                };
                let docs = self.docs(format!(
                    "{summary} field `{name}` and returns the new value ({wraps}{}).{only}",
                    ordering_doc(order, "rmw")
                ));
                quote! {
                    #docs
                    #[inline]
                    #vis fn #m(&self, delta: #ty) -> #ty #bound {
                        self.#f.#op(delta, #rmw)
                    }
                }
            }
            Method::Take => {
                let docs = self.docs(format!(
                    "Takes what field `{name}` has counted, leaving zero (relaxed): each add is returned by exactly one take, or stays for a later one."
                ));
                let take = self.take();
                quote! {
                    #docs
                    #[inline]
                    #vis fn #m(&self) -> #ty {
                        #take
                    }
                }
            }
        }
    }
}

/// The items in order, each run of read-modify-writes (the `true` ones)
/// wrapped in one `if_cas!`, which drops them on targets without
/// compare-and-swap.
pub fn if_cas(
    krate: &TokenStream,
    items: impl Iterator<Item = (bool, TokenStream)>,
) -> TokenStream {
    let mut out = TokenStream::new();
    let mut run = TokenStream::new();
    for (rmw, item) in items {
        if rmw {
            run.extend(item);
        } else {
            if !run.is_empty() {
                out.extend(quote!(#krate::__private::if_cas! { #run }));
                run = TokenStream::new();
            }
            out.extend(item);
        }
    }
    if !run.is_empty() {
        out.extend(quote!(#krate::__private::if_cas! { #run }));
    }
    out
}

/// `#[doc]` attributes for `text`, one per line, each starting with a space
/// as a `///` comment would.
pub fn doc(text: &str) -> TokenStream {
    text.lines()
        .map(|line| {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            quote!(#[doc = #line])
        })
        .collect()
}

/// Gives every token in `tokens` the span `span`.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let TokenTree::Group(group) = &tree {
                let mut inner = Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                tree = TokenTree::Group(inner);
            } else {
                tree.set_span(span);
            }
            tree
        })
        .collect()
}

/// The type of `field` in the twin, spanned over the field's type so that
/// an unsatisfied bound is reported there: the tokens before the user's type
/// take its first token's span, those after it its last token's, and the
/// compiler underlines the whole type.
fn twin_type(field: &Field, krate: &TokenStream) -> TokenStream {
    twin_type_of(field, &field.ty.to_token_stream(), krate)
}

/// [`twin_type`] around `ty`, the field's plain type as written or as the
/// twin's module names it.
fn twin_type_of(field: &Field, ty: &TokenStream, krate: &TokenStream) -> TokenStream {
    let (first, last) = first_and_last_span(field.ty);
    let krate = respan(krate.clone(), first);
    let (open, close) = match field.storage {
        Storage::Plain => (
            quote_spanned!(first=> #krate::Atomic<),
            quote_spanned!(last=> >),
        ),
        Storage::Padded => (
            quote_spanned!(first=> #krate::CachePadded<#krate::Atomic<),
            quote_spanned!(last=> > >),
        ),
        Storage::Striped => (
            quote_spanned!(first=> #krate::__private::Striped<),
            quote_spanned!(last=> >),
        ),
        Storage::PerThread => (
            quote_spanned!(first=> #krate::__private::PerThread<),
            quote_spanned!(last=> >),
        ),
    };
    quote!(#open #ty #close)
}

/// The spans of the first and the last token of `ty`, as the user wrote
/// them: an invisible group (a `macro_rules!` `$ty`) is looked through, so
/// the spans are those of the type's own tokens, not of the macro body.
fn first_and_last_span(ty: &Type) -> (Span, Span) {
    first_and_last_span_of(ty.to_token_stream())
}

/// The spans of the first and the last token of `tokens` (through
/// invisible groups).
fn first_and_last_span_of(tokens: TokenStream) -> (Span, Span) {
    let mut spans = Vec::new();
    user_spans(tokens, &mut spans);
    let first = spans.first().copied().unwrap_or_else(Span::call_site);
    let last = spans.last().copied().unwrap_or(first);
    (first, last)
}

/// The spans of `tokens`, looking into invisible groups.
fn user_spans(tokens: TokenStream, out: &mut Vec<Span>) {
    for tree in tokens {
        match tree {
            TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::None => {
                user_spans(g.stream(), out);
            }
            other => out.push(other.span()),
        }
    }
}

/// The name the generated code reaches `atomics_core` by: a private import
/// of `#[atomic(crate = "...")]`'s path (or `::atomics_core`) beside the
/// twin, named after the plain struct so that two twins in one module do not
/// meet (two structs cannot share a name; two twins can, by mistake, and
/// then rustc's error about the twin is the only one).
pub fn krate(input: &Input) -> TokenStream {
    format_ident!("__atomics_core_of_{}", input.ident.unraw()).to_token_stream()
}

/// The twin's declaration, shared with the fallback: fields of the given
/// `fields`, typed so that a type that is not atomic-capable is reported at
/// the field.
pub fn twin_struct(input: &Input, fields: &[&Field], docs: &str) -> TokenStream {
    let module = twin_module(input);
    let inner = inner_krate();
    let decls = fields.iter().enumerate().map(|(index, field)| {
        let f = field.ident;
        let (first, _) = first_and_last_span(field.ty);
        let index = Literal::usize_unsuffixed(index);
        let plain = quote_spanned!(first=> <__Fields as __Field<#index>>::Type);
        let ty = twin_type_of(field, &plain, &inner);
        quote!(pub(super) #f: #ty)
    });
    let types = fields.iter().enumerate().map(|(index, field)| {
        let ty = field.ty;
        let index = Literal::usize_unsuffixed(index);
        quote! {
            #[allow(unused_qualifications)]
            impl #module::__Field<#index> for #module::__Fields {
                type Type = #ty;
            }
        }
    });
    let repr = if input.repr.c {
        let align = input.repr.align.as_ref().map(|n| quote!(, align(#n)));
        quote!(#[repr(C #align)])
    } else {
        TokenStream::new()
    };
    let decl = twin_decl(
        input,
        &quote!(#repr #[allow(dead_code)]),
        docs,
        &quote!(#(#decls,)*),
    );
    quote! {
        #decl
        #(#types)*
    }
}

/// The name the twin's module reaches `atomics_core` by.
pub fn inner_krate() -> TokenStream {
    quote!(__atomics_core)
}

/// The hidden module the twin is declared in, named after the plain struct
/// (whose name is unique in its scope): the generated impls reach the twin
/// through it, so they attach to the twin even where its name is taken (a
/// hand-written struct, another twin given the same `name`), and that
/// clash is rustc's one error, at the import of the name.
pub fn twin_module(input: &Input) -> Ident {
    // The derive's span, not the struct's: the import's path is then read
    // by the derive's edition.
    Ident::new(
        &format!("__atomics_twin_of_{}", input.ident.unraw()),
        Span::call_site(),
    )
}

/// The twin's path, as the generated impls name it.
pub fn twin_path(input: &Input) -> TokenStream {
    let module = twin_module(input);
    let twin = &input.twin;
    quote!(#module::#twin)
}

/// The twin: `pub struct Twin { fields }` (with `attrs`, the struct's lint
/// attributes, `#[deprecated]` and `docs`) in its module, and the import of
/// its name with the plain struct's visibility. The module holds no name of
/// the user's: each field's plain type comes in as `__Field<N>::Type`,
/// which an impl beside the struct sets, so the module compiles where the
/// struct is (also in a function body, whose items a module cannot see),
/// and `fields` reach `atomics_core` as [`inner_krate`]. The trait and its
/// marker are `pub(super)`: as visible as any type the struct's scope can
/// name, so a private field type may be set through them.
///
/// A name taken twice is then rustc's one error, at the import.
pub fn twin_decl(
    input: &Input,
    attrs: &TokenStream,
    docs: &str,
    fields: &TokenStream,
) -> TokenStream {
    let vis = input.vis;
    let twin = &input.twin;
    let module = twin_module(input);
    let inner = inner_krate();
    let inner_path = path_from_module(input);
    let docs = doc(docs);
    let lints = &input.lints;
    let deprecated = &input.deprecated;
    let import = krate_import(input);
    // The import is located at `name = "..."` when one was given, so rustc
    // reports a clash there, but resolved as the derive's own tokens, so
    // its path is read by the derive's edition (2018's paths, also in a
    // 2015 crate, where `use` would start at the crate root and miss a
    // module in a function body). The imported name keeps the derive's
    // location, so rustc's advice to rename with `as` is a note, not an
    // edit of the user's `name = "..."`.
    let at = if input.twin_given {
        twin.span().resolved_at(Span::call_site())
    } else {
        Span::call_site()
    };
    let vis = respan(vis.to_token_stream(), at);
    let module_at = Ident::new(&module.to_string(), at);
    let source = Ident::new(&twin.to_string(), Span::call_site());
    let binding = Ident::new(&twin.to_string(), at);
    let name = quote_spanned! {at=>
        #[allow(unused_imports, deprecated)]
        #vis use #module_at::#source as #binding;
    };
    quote! {
        #import

        #[doc(hidden)]
        #[allow(non_snake_case, unreachable_pub, missing_docs)]
        mod #module {
            #[allow(unused_imports)]
            use #inner_path as #inner;
            pub(super) trait __Field<const N: usize> {
                type Type: ?::core::marker::Sized;
            }
            pub(super) enum __Fields {}
            #docs
            #attrs
            #(#lints)*
            // After the struct's own lints: `pub` here is how the import
            // reaches the twin, not a promise to the crate's users.
            #[allow(unreachable_pub)]
            #(#deprecated)*
            pub struct #twin {
                #fields
            }
        }
        #name
    }
}

/// The path of `atomics_core` as the twin's module reads it: an absolute
/// path (`::name`, `crate::…`) as it is; a relative one through the import
/// beside the module (`super::`), where it was resolved, so a wrong path is
/// still the one error at that import. In a function body, whose items the
/// module cannot see, `crate = "..."` must be absolute.
fn path_from_module(input: &Input) -> TokenStream {
    let path = &input.krate;
    if path.leading_colon.is_some() || path.segments.first().is_some_and(|s| s.ident == "crate") {
        return path.to_token_stream();
    }
    let import = krate(input);
    quote!(super::#import)
}

/// `add_all`'s parameter: `deltas`, or `_deltas` for a struct without
/// fields, whose body does not read it.
pub fn deltas_param(input: &Input) -> TokenStream {
    if input.fields.is_empty() {
        quote!(_deltas)
    } else {
        quote!(deltas)
    }
}

/// `const FIELDS`: each field's metadata; `kinds` says which kinds there are.
pub fn fields_item(input: &Input, krate: &TokenStream, kinds: &str) -> TokenStream {
    let plain_name = input.ident.unraw().to_string();
    let vis = input.vis;
    let fields_doc = doc(&format!(
        "What exporters need to know of `{plain_name}`'s fields, in declaration order: name, kind ({kinds}), help (the first paragraph of the field's doc comment) and unit."
    ));
    let infos = input.fields.iter().map(|f| field_info(f, krate));
    let count = Literal::usize_unsuffixed(input.fields.len());
    quote! {
        #fields_doc
        #vis const FIELDS: [#krate::FieldInfo; #count] = [#(#infos),*];
    }
}

/// `const FIELD_NAMES`: the fields' names, in declaration order.
pub fn field_names_item(input: &Input) -> TokenStream {
    let plain_name = input.ident.unraw().to_string();
    let vis = input.vis;
    let names_doc = doc(&format!(
        "The names of `{plain_name}`'s fields, in declaration order."
    ));
    let names = input.fields.iter().map(|f| f.name.as_str());
    let count = Literal::usize_unsuffixed(input.fields.len());
    quote! {
        #names_doc
        #vis const FIELD_NAMES: [&'static str; #count] = [#(#names),*];
    }
}

/// The private import of `atomics_core` beside the twin, named by
/// [`krate`]: the one place the path is resolved, so a wrong path (the crate
/// renamed in Cargo.toml, no `crate = "..."`) is one error, at the path, and
/// every use of the name stays quiet.
pub fn krate_import(input: &Input) -> TokenStream {
    let path = &input.krate;
    let (path_span, _) = first_and_last_span_of(path.to_token_stream());
    let import_name = respan(krate(input), path_span);
    quote! {
        #[doc(hidden)]
        #[allow(unused_imports)]
        use #path as #import_name;
    }
}

/// `field_value(source.a), ...`: the visitor's value of each field of the
/// plain struct `source`.
pub fn plain_values(input: &Input, krate: &TokenStream, source: &TokenStream) -> Vec<TokenStream> {
    input
        .fields
        .iter()
        .map(|field| {
            let f = field.ident;
            quote!(#krate::__private::field_value(#source.#f))
        })
        .collect()
}

/// The impls every twin has besides its inherent ones: `From<Plain>`,
/// `Debug` (the twin's name and, per field, `debug_values` after `prelude`),
/// and `FieldSet` for the twin (its own `try_for_each_field`, described by
/// `read`) and for the plain struct (its values).
pub fn common_impls(
    input: &Input,
    krate: &TokenStream,
    where_clause: &TokenStream,
    (debug_doc, prelude, debug_values): (&str, TokenStream, Vec<TokenStream>),
    read: &str,
) -> TokenStream {
    let plain = input.ident;
    let twin_path = twin_path(input);
    let twin_name = input.twin.unraw().to_string();
    let debug_doc = doc(debug_doc);
    let read = doc(read);
    let values = plain_values(input, krate, &quote!(self));
    quote! {
        #[automatically_derived]
        impl ::core::convert::From<#plain> for #twin_path #where_clause {
            /// Same as `new`.
            #[inline]
            fn from(value: #plain) -> Self {
                Self::new(value)
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Debug for #twin_path #where_clause {
            #debug_doc
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #prelude
                #krate::__private::debug_fields(f, #twin_name, &Self::FIELD_NAMES, &[#(#debug_values),*])
            }
        }

        #[automatically_derived]
        impl #krate::FieldSet for #twin_path #where_clause {
            const FIELDS: &'static [#krate::FieldInfo] = &#twin_path::FIELDS;

            #read
            #[inline]
            fn try_for_each_field<E>(
                &self,
                visit: impl ::core::ops::FnMut(&'static str, #krate::FieldValue) -> ::core::result::Result<(), E>,
            ) -> ::core::result::Result<(), E> {
                #twin_path::try_for_each_field(self, visit)
            }
        }

        #[automatically_derived]
        impl #krate::FieldSet for #plain #where_clause {
            const FIELDS: &'static [#krate::FieldInfo] = &#twin_path::FIELDS;

            /// The struct's own values (a snapshot, a `take()`'s deltas).
            #[inline]
            fn try_for_each_field<E>(
                &self,
                visit: impl ::core::ops::FnMut(&'static str, #krate::FieldValue) -> ::core::result::Result<(), E>,
            ) -> ::core::result::Result<(), E> {
                #krate::__private::try_visit(&#twin_path::FIELD_NAMES, [#(#values),*], visit)
            }
        }
    }
}

fn twin_docs(input: &Input) -> String {
    let plain = input.ident.unraw();
    let mut docs = format!(
        "The atomic twin of [`{plain}`](super::{plain}), generated by `#[derive(AtomicFields)]`: one atomic per field, shared through `&self`.\n\n\
         [`load`](Self::load) reads each field atomically, but the whole is **not** one atomic snapshot: other threads may change fields between the reads. [`take`](Self::take) swaps every counter to zero and reads every gauge, for periodic reporting without losing or counting twice a single add."
    );
    if input.repr.c {
        docs.push_str(&format!(
            "\n\nLike `{plain}`, it is `#[repr(C)]`, with the same layout (checked at compile time for this target), so [`from_mut`](Self::from_mut) views a `&mut {plain}` in place."
        ));
    }
    docs
}

/// The full expansion for a struct without fatal mistakes (a per-thread
/// block is `expand_block`'s).
pub fn twin(input: &Input) -> TokenStream {
    let krate = krate(input);
    let plain = input.ident;
    let twin_path = twin_path(input);
    let fields: Vec<&Field> = input.fields.iter().collect();
    let gens: Vec<FieldGen> = input
        .fields
        .iter()
        .map(|field| FieldGen {
            field,
            krate: &krate,
            orders: Orders::new(field.order),
        })
        .collect();
    let idents: Vec<_> = input.fields.iter().map(|f| f.ident).collect();

    let lints = &input.lints;
    let lints = quote!(#(#lints)*);
    let where_clause = where_clause(input, &krate);
    let target_cfg = target_cfg(input);
    let ordering_alias = format_ident!("{}", ORDERING);
    let struct_def = twin_struct(input, &fields, &twin_docs(input));

    let whole = Whole::of(input)
        .filter(|w| !w.is_layout_view())
        .map(|w| (w.is_rmw(), whole_item(input, &gens, w)));
    let whole = if_cas(&krate, whole);
    let view: TokenStream = Whole::of(input)
        .filter(|w| w.is_layout_view())
        .map(|w| whole_item(input, &gens, w))
        .collect();
    let layout_view = if view.is_empty() {
        view
    } else {
        quote!(#krate::__private::unless_loom! { #view })
    };
    let per_field = gens.iter().map(FieldGen::methods);

    let defaults = idents
        .iter()
        .map(|_| quote!(::core::default::Default::default()));
    let debug_values = gens
        .iter()
        .map(|g| {
            let load = g.relaxed_load();
            quote!(&#krate::__private::DebugValue(#load))
        })
        .collect();
    // Each field borrowed: a packed struct (made so by another attribute,
    // where the derive does not see it) fails here, at the field.
    // The local and the closure's parameter share one hygiene (mixed-site:
    // the derive's own), so the check compiles wherever the field names come
    // from (a `macro_rules!` that passes them in).
    let local = syn::Ident::new("plain", Span::mixed_site());
    let borrows = input.fields.iter().map(|field| {
        let f = field.ident;
        quote_spanned!(f.span()=> let _ = &#local.#f;)
    });
    let common = common_impls(
        input,
        &krate,
        &where_clause,
        (
            "Shows each field's current value (a relaxed load).",
            TokenStream::new(),
            debug_values,
        ),
        "The current values, each loaded as by `load`.",
    );
    let layout_checks = if input.repr.c {
        layout_checks(input, &krate)
    } else {
        TokenStream::new()
    };

    quote! {
        #struct_def

        #target_cfg
        #lints
        #[allow(deprecated, unused_qualifications)]
        const _: () = {
            // A type alias, not a `use`: on edition 2015 a `use` path starts
            // at the crate root, where the import of `atomics_core` is not.
            #[allow(dead_code)]
            type #ordering_alias = #krate::Ordering;

            #[automatically_derived]
            #[allow(dead_code)]
            impl #twin_path #where_clause {
                #whole

                #layout_view

                #(#per_field)*
            }

            #[automatically_derived]
            impl ::core::default::Default for #twin_path #where_clause {
                /// A twin of zeros (`false` for flags).
                #[inline]
                fn default() -> Self {
                    Self {
                        #(#idents: #defaults,)*
                    }
                }
            }

            #common

            const _: fn(&#plain) = |#local: &#plain| {
                #(#borrows)*
            };

            #layout_checks
        };
    }
}

impl Whole {
    /// `from_mut` and `from_ptr`, which do not exist under loom.
    fn is_layout_view(self) -> bool {
        matches!(self, Whole::FromMut | Whole::FromPtr)
    }
}

/// One of the twin's whole-struct items.
fn whole_item(input: &Input, gens: &[FieldGen], item: Whole) -> TokenStream {
    let krate = krate(input);
    let plain = input.ident;
    let plain_name = plain.unraw().to_string();
    let vis = input.vis;
    let idents = input.fields.iter().map(|f| f.ident);
    // The twin's field types, for the layout view's proof that they are the
    // real crate's atomics.
    let atomics: Vec<TokenStream> = input.fields.iter().map(|f| twin_type(f, &krate)).collect();
    let has_striped = input.fields.iter().any(|f| f.storage.is_counter());
    let striped_note = if has_striped {
        " A striped or per-thread field is two steps: it is reset (or, in `swap`, taken) and then added to, so an add that lands in between stays on top of the new value."
    } else {
        ""
    };
    match item {
        Whole::New => {
            // Each field read out of `value` (a copy: every field type is
            // `Copy`), then `value` forgotten. Were it dropped instead, a
            // field type with a destructor (a `String`, by mistake) would
            // add a second error in a `const fn`, after the one at the field.
            let constructs = gens.iter().map(|g| {
                let f = g.field.ident;
                g.construct(&quote!(value.#f))
            });
            let new_doc = doc(if has_striped {
                "Creates the twin holding the fields of `value`."
            } else {
                "Creates the twin holding the fields of `value`. `const`, so it can initialise a `static`."
            });
            let new_fn = quote! {
                #new_doc
                #[inline]
                #[must_use]
                #[allow(forgetting_copy_types, clippy::forget_non_drop, clippy::mem_forget)]
                #vis fn new(value: #plain) -> Self {
                    let twin = Self {
                        #(#idents: #constructs,)*
                    };
                    ::core::mem::forget(value);
                    twin
                }
            };
            if has_striped {
                new_fn
            } else {
                quote!(#krate::__private::const_fn! { #new_fn })
            }
        }
        Whole::Load => {
            let load_doc = doc(&format!(
                "Loads every field, each atomically with its field's ordering, into a `{plain_name}`. The result is **not** one atomic snapshot of the whole: other threads may change fields between the reads."
            ));
            let loads = gens.iter().map(FieldGen::whole_load);
            quote! {
                #load_doc
                #[inline]
                #[must_use]
                #vis fn load(&self) -> #plain {
                    #plain {
                        #(#idents: #loads,)*
                    }
                }
            }
        }
        Whole::Store => {
            let store_doc = doc(&format!(
                "Stores every field of `value`, one after another, each atomically with its field's ordering: not one atomic step for the whole.{striped_note}"
            ));
            let stores = gens.iter().map(|g| {
                let f = g.field.ident;
                g.whole_store(&quote!(value.#f))
            });
            quote! {
                #store_doc
                #[inline]
                #vis fn store(&self, value: #plain) {
                    #(#stores;)*
                }
            }
        }
        Whole::Swap => {
            let swap_doc = doc(&format!(
                "Stores every field of `value` and returns the previous values, one field after another, each atomically with its field's ordering.{striped_note}"
            ));
            let swaps = gens.iter().map(|g| {
                let f = g.field.ident;
                g.whole_swap(&quote!(value.#f))
            });
            quote! {
                #swap_doc
                #[inline]
                #vis fn swap(&self, value: #plain) -> #plain {
                    #plain {
                        #(#idents: #swaps,)*
                    }
                }
            }
        }
        Whole::Take => {
            let take_doc = doc(
                "Swaps every counter to zero and returns the values taken, and returns every gauge's current value (loaded, not changed), each field atomically: across any interleaving, a counter's takes plus a final `load` add up to everything added, and a gauge never jumps. Not one atomic snapshot of the whole.",
            );
            let takes = gens.iter().map(FieldGen::whole_take);
            quote! {
                #take_doc
                #[inline]
                #vis fn take(&self) -> #plain {
                    #plain {
                        #(#idents: #takes,)*
                    }
                }
            }
        }
        Whole::AddAll => {
            let add_all_doc = doc(
                "Adds every counter's value in `deltas` to it (integers wrap, as in `add_f`) and stores every gauge's (a level is set, not summed), one field after another, each atomically with its field's ordering: not one atomic step for the whole.\n\n\
                 `total.add_all(&live.take())` keeps `total` a cumulative copy of `live` as of the last take (its counters everything taken so far, its gauges the levels then), as a Prometheus scrape of `total` needs, without naming a field. To move a gauge by a delta, use its `add_f`.",
            );
            let deltas = deltas_param(input);
            let adds = gens.iter().map(|g| g.whole_add(&quote!(deltas)));
            quote! {
                #add_all_doc
                #[inline]
                #vis fn add_all(&self, #deltas: &#plain) {
                    #(#adds;)*
                }
            }
        }
        Whole::IntoInner => {
            let inners = gens.iter().map(FieldGen::inner_value);
            quote! {
                /// Consumes the twin and returns its fields' values.
                #[inline]
                #vis fn into_inner(self) -> #plain {
                    #plain {
                        #(#idents: #inners,)*
                    }
                }
            }
        }
        Whole::ForEachField => {
            let visit_doc = doc(
                "Calls `visit` with the name and current value of every field, in declaration order (all loaded first, each as by `load`): enough to write an exporter without naming each field. The names are [`Self::FIELD_NAMES`].",
            );
            let values = gens.iter().map(|g| g.visited_value());
            quote! {
                #visit_doc
                #[inline]
                #vis fn for_each_field(
                    &self,
                    visit: impl ::core::ops::FnMut(&'static str, #krate::FieldValue),
                ) {
                    #krate::__private::visit(&Self::FIELD_NAMES, [#(#values),*], visit)
                }
            }
        }
        Whole::TryForEachField => {
            let visit_doc = doc(
                "Calls `visit` with the name and current value of every field, in declaration order (all loaded first, each as by `load`), and stops at the first `Err`, which it returns: `for_each_field` for exporters whose writes can fail. The same as `FieldSet::try_for_each_field`.\n\n# Errors\n\nThe first error `visit` returns.",
            );
            let values = gens.iter().map(|g| g.visited_value());
            quote! {
                #visit_doc
                #[inline]
                // The docs have their `# Errors`; in a struct made by a
                // `macro_rules!`, clippy does not see generated docs.
                #[allow(clippy::missing_errors_doc)]
                #vis fn try_for_each_field<E>(
                    &self,
                    visit: impl ::core::ops::FnMut(&'static str, #krate::FieldValue) -> ::core::result::Result<(), E>,
                ) -> ::core::result::Result<(), E> {
                    #krate::__private::try_visit(&Self::FIELD_NAMES, [#(#values),*], visit)
                }
            }
        }
        Whole::Fields => fields_item(input, &krate, "counter or gauge"),
        Whole::FieldNames => field_names_item(input),
        Whole::FromMut => {
            let twin_name = input.twin.unraw().to_string();
            let from_mut_doc = doc(&format!(
                "Views a `&mut {plain_name}` as its atomic twin, in place, for as long as the borrow lasts (shared by reference with other threads meanwhile).\n\n\
                 `{plain_name}` is `#[repr(C)]`, and the derive checked at compile time that every field sits where its atomic needs it on this target: same size, same offsets, each offset a multiple of the atomic's alignment, and `{plain_name}` at least as aligned as `{twin_name}`."
            ));
            quote! {
                #from_mut_doc
                #[inline]
                #[must_use]
                #vis fn from_mut(plain: &mut #plain) -> &Self {
                    // The cast is the real `atomics_core`'s: its macro checks
                    // that every field's atomic is its own (a fake
                    // `Atomic` behind `#[atomic(crate = "...")]` does not
                    // compile) and relies on the layout check below.
                    #krate::__private::view_mut!(plain, #plain, Self, [#(#atomics),*])
                }
            }
        }
        // A per-thread block's alone, which `expand_block` generates: the
        // twin of `Whole::of` a struct without `per_thread` has none of them.
        Whole::Snapshot | Whole::Record | Whole::Reset => TokenStream::new(),
        Whole::FromPtr => {
            let twin_name = input.twin.unraw().to_string();
            let from_ptr_doc = doc(&format!(
                "Views the `{plain_name}` at `ptr` as its atomic twin, for the lifetime `'a` (shared memory, `mmap`, FFI).\n\n\
                 # Safety\n\n\
                 - `ptr` must be aligned to `align_of::<{twin_name}>()` (the layout check makes that `{plain_name}`'s own alignment). Debug builds check it and panic.\n\
                 - `ptr` must point to a `{plain_name}` that stays valid for reads and writes for all of `'a`.\n\
                 - For all of `'a`, every access to that memory must be atomic: no non-atomic read or write through another path, and no atomic access of another size."
            ));
            let misaligned = format!(
                "{twin_name}::from_ptr: the pointer is not aligned to the twin's alignment"
            );
            quote! {
                #from_ptr_doc
                #[inline]
                // The docs have their `# Safety`; in a struct made by a
                // `macro_rules!`, clippy does not see generated docs.
                #[allow(clippy::missing_safety_doc)]
                #vis unsafe fn from_ptr<'a>(ptr: *mut #plain) -> &'a Self {
                    ::core::debug_assert!(ptr.cast::<Self>().is_aligned(), #misaligned);
                    // Alignment, validity for 'a and atomic-only access are the
                    // caller's promise; the real crate's macro checks the
                    // atomics are its own, and the layouts match.
                    #krate::__private::view_ptr!(ptr, #plain, Self, [#(#atomics),*])
                }
            }
        }
    }
}

/// `where for<'__a> T: AtomicPrimitive, ...`, one per distinct field type
/// that is not a primitive written by name (`StripedInt` for striped fields,
/// which implies it). For a primitive written by name the bound adds nothing
/// where the target has its atomics, and elsewhere [`target_cfg`] removes the
/// impls instead; leaving it out saves the compiler a bound to carry into
/// every method (a third of the twin's build time).
/// A field's `FieldInfo`, built in a constant.
pub fn field_info(field: &Field, krate: &TokenStream) -> TokenStream {
    let name = &field.name;
    let kind = if field.is_gauge() {
        quote!(#krate::FieldKind::Gauge)
    } else {
        quote!(#krate::FieldKind::Counter)
    };
    let help = help_text(field);
    let help = if help.is_empty() {
        TokenStream::new()
    } else {
        quote!(.with_help(#help))
    };
    let unit = match &field.attrs.unit {
        Some(unit) => {
            let unit = &unit.value;
            quote!(.with_unit(#unit))
        }
        None => TokenStream::new(),
    };
    quote!(#krate::FieldInfo::new(#name, #kind) #help #unit)
}

/// The first paragraph of a field's doc comment, its lines joined into one
/// (each trimmed, one space between them): the help text exporters show.
pub fn help_text(field: &Field) -> String {
    let mut words: Vec<String> = Vec::new();
    'docs: for attr in &field.docs {
        let syn::Meta::NameValue(nv) = &attr.meta else {
            continue;
        };
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(lit),
            ..
        }) = &nv.value
        else {
            continue;
        };
        // `split`, not `lines`: an empty `///` line is one empty line (a
        // paragraph break), where `lines` would yield nothing.
        for line in lit.value().split('\n') {
            let line = line.trim();
            if line.is_empty() {
                if words.is_empty() {
                    continue;
                }
                break 'docs;
            }
            words.push(line.to_string());
        }
    }
    words.join(" ")
}

fn where_clause(input: &Input, krate: &TokenStream) -> TokenStream {
    let mut seen = Vec::new();
    let mut bounds = Vec::new();
    for field in input.fields.iter().filter(|f| f.kind == Kind::Other) {
        let ty = field.ty;
        let bound = match field.storage {
            Storage::Striped | Storage::PerThread => quote!(#krate::__private::StripedInt),
            _ => quote!(#krate::AtomicPrimitive),
        };
        let key = format!("{} {}", ty.to_token_stream(), bound);
        if !seen.contains(&key) {
            seen.push(key);
            bounds.push(quote!(for<'__a> #ty: #bound));
        }
    }
    if bounds.is_empty() {
        TokenStream::new()
    } else {
        quote!(where #(#bounds),*)
    }
}

/// `#[cfg(target_has_atomic = "64")]` if a field is a 64-bit primitive
/// written by name, so that on a target without 64-bit atomics the field is
/// reported (at its type, by the twin's declaration) and the impls, which
/// would only repeat the error, are not there. That is the one width a
/// target atomics-core builds for can lack (its `sync::cfg_width!`): the
/// 8-, 16-, 32-bit and pointer-sized ones load and store everywhere, also
/// where `target_has_atomic` is false for want of compare-and-swap.
pub fn target_cfg(input: &Input) -> TokenStream {
    let wide = input
        .fields
        .iter()
        .any(|f| f.kind.width() == Some(Width::W64));
    if wide {
        quote!(#[cfg(target_has_atomic = "64")])
    } else {
        TokenStream::new()
    }
}

/// The compile-time layout check of a `#[repr(C)]` struct against its twin.
///
/// Each field gets a constant that panics, at the field, with a message
/// naming it and showing the numbers (composed by `atomics_core` at compile
/// time), so `cargo check` already fails. If every field is at a multiple of
/// its atomic's alignment and the struct is at least as aligned as each
/// atomic, the offsets are the twin's (each atomic has its field's size) and
/// so are the size and alignment: the two assertions after the fields are a
/// net, evaluated once those pass.
fn layout_checks(input: &Input, krate: &TokenStream) -> TokenStream {
    let plain = input.ident;
    let twin_path = twin_path(input);
    let plain_name = plain.unraw().to_string();
    let twin_name = input.twin.unraw().to_string();
    let mut out = TokenStream::new();
    let mut all_aligned = Vec::new();
    for field in &input.fields {
        let f = field.ident;
        let name = &field.name;
        let shown = type_string(field.ty);
        let atomic = twin_type(field, krate);
        let fail = quote_spanned! {f.span()=>
            ::core::panic!("{}", __MESSAGE.as_str())
        };
        out.extend(quote! {
            const _: () = {
                const __OFFSET: usize = ::core::mem::offset_of!(#plain, #f);
                const __ALIGN: usize = ::core::mem::align_of::<#atomic>();
                const __STRUCT_ALIGN: usize = ::core::mem::align_of::<#plain>();
                const __MESSAGE: #krate::__private::Message = #krate::__private::misaligned_field(
                    #name,
                    #plain_name,
                    #shown,
                    __OFFSET,
                    __STRUCT_ALIGN,
                    __ALIGN,
                );
                // Named after the field, so the compiler's "evaluation of
                // `_::requests` failed" names the field, not an internal
                // constant; the `const _` makes it evaluated.
                #[allow(non_upper_case_globals)]
                const #f: () = if !(::core::primitive::usize::rem_euclid(__OFFSET, __ALIGN) == 0
                    && __STRUCT_ALIGN >= __ALIGN)
                {
                    #fail
                };
                const _: () = #f;
            };
        });
        all_aligned.push(quote! {
            ::core::primitive::usize::rem_euclid(
                ::core::mem::offset_of!(#plain, #f),
                ::core::mem::align_of::<#atomic>(),
            ) == 0
                && ::core::mem::align_of::<#plain>() >= ::core::mem::align_of::<#atomic>()
        });
    }
    let size_message = format!("`{plain_name}` and `{twin_name}` differ in size");
    let align_message = format!("`{plain_name}` is less aligned than `{twin_name}`");
    out.extend(quote! {
        const _: () = {
            if true #(&& (#all_aligned))* {
                ::core::assert!(
                    ::core::mem::size_of::<#plain>() == ::core::mem::size_of::<#twin_path>(),
                    #size_message
                );
                ::core::assert!(
                    ::core::mem::align_of::<#plain>() >= ::core::mem::align_of::<#twin_path>(),
                    #align_message
                );
            }
        };
    });
    quote! {
        #krate::__private::unless_loom! {
            #out
        }
    }
}

//! `#[derive(AtomicFields)]`: the atomic twin of a plain struct. Use it through
//! `atomics_core::AtomicFields`, which re-exports it and documents it.
//!
//! The crate is split by phase, and the phases form a line: `derive` (the
//! driver, here) has `ast` build the derive's model of the struct (reading
//! the attributes through `attr`, and the default path of atomics-core
//! through `manifest`), `valid` reject what cannot be derived (a per-thread
//! block's own rules in `valid_block`), and then `expand` generate the twin
//! (`expand_block` a per-thread block's, with `expand`'s shared pieces), or
//! `fallback` what stands in for it next to the errors. `errors` collects
//! the mistakes of every phase; `methods` names what the twin has, for
//! `valid` to check and `expand` to generate. `primitive` is
//! `#[derive(AtomicPrimitive)]`, a line of its own.
//!
//! ```text
//! errors <- attr <- ast <- methods <- valid
//!         manifest <- ast     ast <- valid_block <- valid
//!                           methods <- expand <- expand_block
//!                                      expand <- fallback
//! errors, manifest <- primitive
//! lib (the driver) uses them all
//! ```
#![deny(missing_docs)]

mod ast;
mod attr;
mod errors;
mod expand;
mod expand_block;
mod fallback;
mod manifest;
mod methods;
mod primitive;
mod valid;
mod valid_block;

#[cfg(test)]
mod tests;

use quote::quote;
use syn::DeriveInput;

use crate::ast::Input;
use crate::errors::Errors;

/// The whole derive, on `proc_macro2` tokens: what `#[derive(AtomicFields)]`
/// expands `input` to, including the `compile_error!`s of any mistakes.
/// Parse, validate, then expand (or fall back, after a fatal mistake).
fn derive(input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    let parsed: DeriveInput = match syn::parse2(input) {
        Ok(parsed) => parsed,
        Err(error) => return error.to_compile_error(),
    };
    let errors = Errors::default();
    let mut model = Input::from_syn(&errors, &parsed);
    valid::check(&errors, &mut model);
    let twin = if errors.is_fatal() {
        fallback::twin(&model)
    } else if model.block.is_some() {
        expand_block::twin(&model)
    } else {
        expand::twin(&model)
    };
    let compile_errors = errors.into_compile_errors();
    quote!(#compile_errors #twin)
}

/// Derives the atomic twin of a struct of atomic-capable fields: for
/// `struct Stats`, a `struct AtomicStats` with one atomic per field, the same
/// visibility, and methods to update it through `&self` from many threads.
///
/// Use it through `atomics_core`, which re-exports it and whose paths the
/// generated code names; the examples are with [the
/// re-export](https://docs.rs/atomics-core/latest/atomics_core/derive.AtomicFields.html).
///
/// # What the twin has
///
/// - `new(Stats)` (a `const fn` unless a field is `striped`), `Default` (all
///   zero, `false`), `From<Stats>`, and `Debug` (the current values).
/// - The whole struct: `load() -> Stats`, `store(Stats)`, `swap(Stats) ->
///   Stats`, `take() -> Stats` (swap every counter to zero; read every gauge
///   and leave it as it is) and `into_inner(self) -> Stats`. Each reads or
///   writes every field atomically, one after another: the whole is **not**
///   one atomic snapshot. `take` is what periodic reporting needs: across
///   any interleaving with adds, a counter's takes plus a final `load` add up
///   to everything added, and a gauge (a level) never jumps.
/// - `add_all(&Stats)`: adds each counter's value in the plain struct to it
///   (integers wrap) and sets each gauge to the level in it, field by field.
///   Gauges are set, not summed, because a `Stats` holds levels for them (a
///   `take()` reads them): `total.add_all(&live.take())` keeps `total`
///   cumulative, for an exporter, as of the last take. To move a gauge by a
///   delta, use its `add_f`.
/// - `for_each_field(|name, value| ...)`, with every field's name and current
///   value as a [`FieldValue`](https://docs.rs/atomics-core/latest/atomics_core/enum.FieldValue.html),
///   `try_for_each_field(|name, value| -> Result<(), E>)`, which stops at the
///   first `Err` and returns it, and `FIELD_NAMES`: enough to write a
///   Prometheus or JSON exporter without naming each field.
/// - `FIELDS: [FieldInfo; N]`, each field's
///   [`FieldInfo`](https://docs.rs/atomics-core/latest/atomics_core/struct.FieldInfo.html)
///   in declaration order: its name, kind (counter or gauge, below), help
///   (the first paragraph of its doc comment, in one line) and unit.
/// - [`FieldSet`](https://docs.rs/atomics-core/latest/atomics_core/trait.FieldSet.html)
///   for the twin (its current values) and for the plain struct (its own
///   values: a snapshot or a `take()`'s deltas export as the twin does,
///   without building a twin).
/// - Per field `f`: `f()`, the field's `Atomic` with its whole API;
///   `load_f()`, `store_f(v)`, `swap_f(v)` (the old value) and
///   `compare_and_swap_f(old, new) -> bool`; and `add_f(d)` and `sub_f(d)`,
///   which return the **new** value (integers wrap). Every field has
///   `add_f`/`sub_f`, and they can be called where its type is an
///   [`AtomicNumber`](https://docs.rs/atomics-core/latest/atomics_core/trait.AtomicNumber.html) (an integer
///   or a float, also through an alias such as `type Count = u64`); on a
///   `bool` field, calling one is a compile error that says so. A field's
///   doc comment is carried over to its methods.
/// - On a target without compare-and-swap (`thumbv6m-none-eabi`), the
///   read-modify-writes are absent: the twin keeps `new`, `load`, `store`,
///   `into_inner`, the visitor, `f()`, `load_f` and `store_f`.
///
/// Every method uses its field's ordering, and the plain method's name says
/// which operation it is.
///
/// # Attributes
///
/// On the struct, `#[atomic(...)]` takes:
/// - `ordering = "relaxed" | "acq_rel" | "seq_cst"`: the default ordering of
///   the fields (`seq_cst` if not given, as Go's). `acq_rel` makes loads
///   `Acquire`, stores `Release`, and read-modify-writes `AcqRel` (with
///   `Acquire` when a compare-and-swap fails).
/// - `name = "..."`: the twin's name, instead of `Atomic` + the struct's:
///   the remedy when that name is taken (a hand-written `AtomicStats`, or
///   two structs whose twins would share a name). A taken name is one error,
///   rustc's "the name `AtomicStats` is defined multiple times" (E0255, or
///   E0252 for two twins), at the other definition and at the derive, or at
///   `name = "..."` when one was given: the twin is declared in a hidden
///   module beside the struct, whose name only the struct's own gives, and
///   imported under its name there, so the generated impls reach the twin
///   through the module and none of them attaches to the other definition.
/// - `crate = "..."`: the path of `atomics_core`. Without it the derive
///   reads the name from the crate's `Cargo.toml` (and the workspace's, for
///   `workspace = true`), so a renamed dependency (`atomics = { package =
///   "atomics-core", ... }`) needs nothing; `crate` is for macros of another
///   crate that reach atomics-core through a re-export. The generated code
///   reaches the crate through one private import of this path beside the
///   twin, so a wrong path (or an unseen rename without `crate`) is one
///   error, at the path. In a function body the path must be absolute
///   (`::name` or `crate::…`): the twin is declared in a module there,
///   which cannot see the body's items. The path must name `atomics_core` itself: the
///   layout view's cast is made by its macros, after a check that every
///   field's atomic is its own, so a module with a look-alike `Atomic` does
///   not compile.
/// - `per_thread`: the twin is a per-thread stats block (below).
///
/// The struct's lint attributes (`allow`, `warn`, `deny`; `expect` as
/// `allow`, `forbid` as `deny`) and `#[deprecated]` are carried to the twin
/// and its impls, so Go-style field names under `#[allow(non_snake_case)]`
/// stay quiet; a `#[deprecated]` field does not warn in generated code.
///
/// On a field:
/// - `ordering = "..."`: this field's ordering.
/// - `padded`: the field's atomic is a `CachePadded<Atomic<T>>`, on a cache
///   line of its own, so writes to it do not slow down readers of its
///   neighbours (false sharing).
/// - `striped`: the field is a `StripedCounter` (integers only): adds from
///   many threads go to different cache lines. It offers only what a striped
///   counter can do honestly: `add_f(d)` (returning nothing), `load_f()` (the
///   sum, not a linearizable snapshot while adds run), `take_f()`, and `f()`
///   (the counter). It is always relaxed. In the twin's `store` and `swap`,
///   a striped field is reset (or taken) and then added to: two steps, so an
///   add landing in between stays on top of the new value. Its values are
///   converted with wrapping casts, so an `i32` field counts modulo 2^32 as
///   an `Atomic<i32>` would.
/// - `per_thread`: the field is a `PerThreadCounter` (integers only): each
///   thread that adds owns a slot only it writes, so an add is a plain load
///   and store, with no locked instruction. It has the methods of a
///   `striped` field (`add_f(d)`, `load_f()`, `take_f()`, `f()`, the
///   counter), is always relaxed, converts with the same wrapping casts, and
///   is rejected with `striped`, `padded`, `ordering`, `gauge` (a per-thread
///   field is a counter; a gauge needs a plain field), on a `bool` or a
///   float, and in a `#[repr(C)]` struct.
/// - `gauge`: the field is a level (jobs in flight, a temperature, a
///   high-water mark), not a count of events: `take()` reads it and leaves
///   it as it is, and exporters show it as a gauge. Numbers are counters
///   (swapped to zero by `take()`) unless marked so; a `bool`, and any field whose type is not written as a
///   number (a user type, an alias), is always a gauge. A `striped` field
///   only adds, so it is always a counter: `gauge` on it is an error.
/// - `unit = "..."`: the unit the field is measured in (`"bytes"`,
///   `"seconds"`), for exporters.
///
/// # Per-thread blocks (`#[atomic(per_thread)]` on the struct)
///
/// On a struct whose fields are all integer counters (`u64`, `i32`, …,
/// written by name), the twin is one `PerThreadBlock` of them: each thread
/// that adds owns a shard of the whole struct, which only it writes, under
/// its own sequence number. The twin has, per field, `add_f(d)` (a record of
/// that one field) and `load_f()`; for the whole, `record(|d: &mut Stats|
/// ...)`, which hands the closure a `Stats` of zeros and adds what it fills
/// in as **one** record, and `snapshot()` and `take()`, which return a
/// `Stats` made of whole records only: an invariant every record keeps
/// (`errors <= requests`) holds in every snapshot and take, while threads
/// record. `add_all(&Stats)` adds a whole `Stats` as one record.
/// `load()` is `snapshot()`; `reset()`, `into_inner()`, `new`,
/// `Default`, `Debug`, the visitor (one snapshot), `FIELD_NAMES`, `FIELDS`
/// (every field a counter) and `FieldSet` are as above. There is no
/// `store`, `swap` or accessor `f()`: the shards only add.
///
/// Values are `u64`s in the block, converted with wrapping casts: adding
/// `-1` to an `i32` field subtracts one, and a total reads back modulo the
/// field's width (a `u8` field's 250 + 10 reads 4), as an `Atomic` of the
/// field's type would.
///
/// In a per-thread struct these are errors, each at its token: a `gauge`,
/// `bool`, float or any other type of field (an alias included: write the
/// integer type); `striped`, `per_thread`, `padded` or `ordering` on a
/// field, `ordering` on the struct (a block is always relaxed), and
/// `#[repr(C)]` (or `packed`, as everywhere).
///
/// # The layout view (`#[repr(C)]`)
///
/// When the struct is `#[repr(C)]`, the twin is too and gets
/// `from_mut(&mut Stats) -> &AtomicStats` and the unsafe `from_ptr(*mut
/// Stats)` (shared memory, `mmap`). The derive checks at compile time that
/// the layouts agree on the target being built: same size and offsets, every
/// field at an offset that is a multiple of its atomic's alignment, and the
/// struct at least as aligned as the twin. This is Go's alignment caveat,
/// caught by the compiler: on 32-bit x86 Linux, `#[repr(C)] struct S { a:
/// u32, b: u64 }` puts `b` at offset 4, and the build fails naming `b`.
/// `padded` and `striped` change the layout, so they are rejected there.
///
/// # What is rejected
///
/// At compile time, each with an error at the field (or attribute) at fault
/// that says what to do instead, and all of them in one build:
/// - enums, unions, tuple and unit structs, and generic parameters;
/// - field types that are not atomic-capable (`String`, `u128`, `char`,
///   `Option<u64>`, arrays, tuples, references, aliases of those, and `u64`
///   on a target without 64-bit atomics), through the
///   [`AtomicPrimitive`](https://docs.rs/atomics-core/latest/atomics_core/trait.AtomicPrimitive.html) bound;
/// - `#[repr(packed)]` in any form (it misaligns atomics);
/// - misaligned `#[repr(C)]` layouts (above);
/// - unknown keys, bad ordering names, duplicated keys, `striped` or
///   `per_thread` on a `bool` or a float, `gauge`, `padded` or `ordering`
///   with either, both together, either or `padded` in a `#[repr(C)]`
///   struct, and the mistakes of a per-thread block (above);
/// - field names whose methods would clash with the twin's (a field named
///   `load`) or shadow a trait method callers reach as `AtomicStats::name`
///   (`default`, `from`, `into`, `fmt`, ...);
/// - fields that are already atomic (`AtomicU64`, `Atomic<u64>`, `Int32`,
///   `CachePadded<u64>`, `StripedCounter`, `Value<T>`), with the plain type
///   or key to write instead; `Self` in a field type; `PhantomData` and
///   `Option<NonZeroU64>` fields (store a `u64`, 0 for `None`);
/// - a field declared twice is rustc's own error (E0124), and only that.
#[proc_macro_derive(AtomicFields, attributes(atomic))]
pub fn derive_atomic_fields(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    derive(input.into()).into()
}

/// Derives `AtomicPrimitive` for a fieldless enum with an integer `repr` or a
/// `#[repr(transparent)]` newtype, so that `Atomic<T>` exists for it. Use it
/// through `atomics_core::AtomicPrimitive`, which re-exports and documents it.
#[proc_macro_derive(AtomicPrimitive, attributes(atomic))]
pub fn derive_atomic_primitive(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    primitive::derive(input.into()).into()
}

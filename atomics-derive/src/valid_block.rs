//! Rejections for a per-thread stats block (`#[atomic(per_thread)]` on the
//! struct): every field must be an integer counter written by name, and the
//! keys that change one field's storage or ordering have no meaning in it.
//! Each mistake is reported once, at its token, with what to do instead.

use syn::ext::IdentExt;

use crate::ast::{Input, Kind, type_string};
use crate::errors::Errors;

/// Checks a struct with `#[atomic(per_thread)]` (`valid::check` calls it
/// after the field types' own checks).
pub fn check(errors: &Errors, input: &mut Input) {
    let plain = input.ident.unraw().to_string();
    if let Some(order) = input.struct_ordering {
        errors.soft(
            order,
            format!(
                "`{plain}` is `per_thread`, and a per-thread block is always relaxed (each shard has one writer, and the block orders no other memory): remove `ordering`"
            ),
        );
    }
    if let (true, None, Some(block)) = (input.repr.c, input.repr.packed, input.block) {
        errors.soft(
            block,
            format!(
                "`per_thread` replaces the fields of `{plain}` with one block of per-thread shards, but `{plain}` is `#[repr(C)]`, whose twin mirrors its layout for `from_mut`/`from_ptr`: remove `per_thread`, or `#[repr(C)]` if you do not need the layout view"
            ),
        );
        input.repr.c = false;
    }
    for field in &mut input.fields {
        let name = &field.name;
        let attrs = &field.attrs;
        for (span, message) in [
            (
                attrs.striped,
                format!(
                    "field `{name}` of `{plain}` cannot be `striped`: `{plain}` is `per_thread`, so every field is already counted in each thread's own shard; remove `striped`"
                ),
            ),
            (
                attrs.per_thread,
                format!(
                    "field `{name}` is already per-thread: `#[atomic(per_thread)]` on `{plain}` covers every field; remove it from `{name}`"
                ),
            ),
            (
                attrs.padded,
                format!(
                    "field `{name}` cannot be `padded`: `{plain}` is `per_thread`, and each thread's shard of it is already cache-padded; remove `padded`"
                ),
            ),
            (
                attrs.ordering.as_ref().map(|o| o.span),
                format!(
                    "field `{name}` cannot have an `ordering`: `{plain}` is `per_thread`, and a per-thread block is always relaxed (it orders no other memory); remove `ordering`"
                ),
            ),
            (
                attrs.gauge,
                format!(
                    "field `{name}` is a gauge, and `{plain}` is `per_thread`, whose fields are all counters (each thread adds to its own shard; a level cannot be summed from shards): keep `{name}` in a plain twin beside the block, or remove `gauge`"
                ),
            ),
        ] {
            if let Some(span) = span {
                errors.soft(span, message);
            }
        }
        if field.rejected {
            continue;
        }
        let shown = type_string(field.ty);
        let message = match field.kind {
            Kind::Int { .. } => continue,
            Kind::Bool => format!(
                "field `{name}` is a `bool`, and `{plain}` is `per_thread`, a block of integer counters: keep the flag in a plain twin (or an `atomics_core::Atomic<bool>`) beside the block"
            ),
            Kind::Float { .. } => format!(
                "field `{name}` is a float (`{shown}`), and `{plain}` is `per_thread`, a block of integer counters: count in an integer unit (microseconds in a `u64`), or keep `{name}` in a plain twin beside the block"
            ),
            Kind::Other => format!(
                "field `{name}` has type `{shown}`, and the fields of a per-thread block must be integer types written by name (`u64`, `i32`, ...): write the integer type itself, not an alias, or keep `{name}` in a plain twin beside the block"
            ),
        };
        field.rejected = true;
        errors.fatal_spanned(field.ty, message);
    }
}

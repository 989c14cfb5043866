//! What is emitted next to the errors when a fatal mistake leaves no sound
//! twin to generate.
//!
//! The stand-in declares the twin's name, so code naming the type gets no
//! "cannot find type" on top of the real errors, and keeps every field whose
//! type was not rejected from its tokens, typed as in the full expansion: a
//! field type that is not atomic-capable is still reported, in the same
//! build as the other mistakes.

use proc_macro2::TokenStream;

use crate::ast::{Field, Input};
use crate::expand;

/// The stand-in twin: its declaration and nothing else.
pub fn twin(input: &Input) -> TokenStream {
    let fields: Vec<&Field> = input.fields.iter().filter(|f| !f.rejected).collect();
    expand::twin_struct(
        input,
        &fields,
        "Not generated: `#[derive(AtomicFields)]` reported errors for this struct.",
    )
}

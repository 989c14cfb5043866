//! `#[derive(AtomicFields)]`: the atomic twin of a plain struct. Use it through
//! `atomics_core::AtomicFields`.
#![deny(missing_docs)]

use proc_macro::TokenStream;

/// Derives the atomic twin of a struct of atomic-capable fields.
#[proc_macro_derive(AtomicFields, attributes(atomic))]
pub fn derive_atomic_fields(input: TokenStream) -> TokenStream {
    let _ = input;
    TokenStream::new()
}

//! The error collector: every mistake found while reading and checking the
//! input, reported together at the end.
//!
//! Mistakes come in two kinds. A *soft* one (an unknown key, a bad ordering,
//! `striped` on a `bool`) is reported and replaced by the default, and the
//! twin is still generated in full, so code using it gets no further errors.
//! A *fatal* one (an enum, a generic parameter, `packed`, an array field)
//! leaves no sound twin to generate: the fallback is emitted instead.

use std::cell::{Cell, RefCell};

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;

/// Every mistake found so far, to be reported together.
#[derive(Default)]
pub struct Errors {
    list: RefCell<Vec<syn::Error>>,
    fatal: Cell<bool>,
}

impl Errors {
    /// Records a mistake the derive can work around with a default.
    pub fn soft(&self, span: Span, message: impl std::fmt::Display) {
        self.push_soft(syn::Error::new(span, message));
    }

    /// Records a mistake (from syn) the derive can work around.
    pub fn push_soft(&self, error: syn::Error) {
        self.list.borrow_mut().push(error);
    }

    /// Records a mistake that leaves no twin to generate.
    pub fn fatal(&self, span: Span, message: impl std::fmt::Display) {
        self.fatal.set(true);
        self.soft(span, message);
    }

    /// Records a mistake that leaves no twin to generate, blaming all of
    /// `tokens` (a whole type, not only its first token).
    pub fn fatal_spanned(&self, tokens: impl ToTokens, message: impl std::fmt::Display) {
        self.fatal.set(true);
        self.push_soft(syn::Error::new_spanned(tokens, message));
    }

    /// Records a mistake that leaves no twin to generate and that rustc
    /// reports itself (a field declared twice): no message of ours, which
    /// would only repeat it.
    pub fn fatal_reported_by_rustc(&self) {
        self.fatal.set(true);
    }

    /// Whether a fatal mistake was recorded.
    pub fn is_fatal(&self) -> bool {
        self.fatal.get()
    }

    /// All the mistakes as `compile_error!`s, if there are any.
    pub fn into_compile_errors(self) -> Option<TokenStream> {
        let mut list = self.list.into_inner().into_iter();
        let mut first = list.next()?;
        for error in list {
            first.combine(error);
        }
        Some(first.to_compile_error())
    }
}

//! What the twin is made of, by name: the items it has for the whole struct
//! and each field's method set. Written once here, and read by both `valid`
//! (no two generated names may clash) and `expand` (which generates exactly
//! these, matching on them exhaustively): a method added here is generated
//! and checked, or the derive does not compile.

use proc_macro2::Ident;
use quote::format_ident;

use crate::ast::{Field, Input, Storage};

/// Declares an enum of generated items, its `ALL` list, and for each item
/// its name and which twins or fields have it, from one line per item.
macro_rules! table {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident for $subject:ty {
            $($(#[$doc:meta])* $item:ident = $text:literal if |$s:ident| $has:expr,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        $vis enum $name {
            $($(#[$doc])* $item,)*
        }

        impl $name {
            /// Every item, in the order the twin declares them.
            pub const ALL: &'static [$name] = &[$($name::$item),*];

            /// The name's text (for a field's method, its prefix; empty for
            /// the accessor, which is named after the field).
            pub fn text(self) -> &'static str {
                match self {
                    $($name::$item => $text,)*
                }
            }

            /// Whether the item is generated for `subject`.
            fn is_for(self, subject: &$subject) -> bool {
                match self {
                    $($name::$item => {
                        let $s = subject;
                        $has
                    })*
                }
            }
        }
    };
}

table! {
    /// An item of the twin that is about the whole struct.
    pub enum Whole for Input<'_> {
        New = "new" if |_input| true,
        Load = "load" if |_input| true,
        Store = "store" if |_input| true,
        Swap = "swap" if |_input| true,
        Take = "take" if |_input| true,
        IntoInner = "into_inner" if |_input| true,
        ForEachField = "for_each_field" if |_input| true,
        FieldNames = "FIELD_NAMES" if |_input| true,
        /// The layout view exists only for `#[repr(C)]` structs.
        FromMut = "from_mut" if |input| input.repr.c,
        FromPtr = "from_ptr" if |input| input.repr.c,
    }
}

table! {
    /// A method the twin has for one field `f`: `f()`, `load_f()`, ...
    pub enum Method for Field<'_> {
        /// `f()`: the field's atomic, or its striped counter.
        Cell = "" if |_field| true,
        Load = "load" if |_field| true,
        Store = "store" if |field| field.storage != Storage::Striped,
        Swap = "swap" if |field| field.storage != Storage::Striped,
        CompareAndSwap = "compare_and_swap" if |field| field.storage != Storage::Striped,
        /// A striped counter adds; an atomic field adds if its type is a
        /// number written by name.
        Add = "add" if |field| field.storage == Storage::Striped || field.kind.is_numeric(),
        Sub = "sub" if |field| field.storage != Storage::Striped && field.kind.is_numeric(),
        Take = "take" if |field| field.storage == Storage::Striped,
    }
}

impl Whole {
    /// The whole-struct items the twin of `input` has.
    pub fn of<'a>(input: &'a Input) -> impl Iterator<Item = Whole> + 'a {
        Whole::ALL.iter().copied().filter(move |w| w.is_for(input))
    }
}

impl Method {
    /// The methods the twin has for `field`, in the order it declares them.
    pub fn of<'a>(field: &'a Field) -> impl Iterator<Item = Method> + 'a {
        Method::ALL.iter().copied().filter(move |m| m.is_for(field))
    }

    /// The method's name for `field`, as `FIELD_NAMES` spells the field
    /// (without `r#`).
    pub fn name(self, field: &Field) -> String {
        match self.text() {
            "" => field.name.clone(),
            prefix => format!("{prefix}_{}", field.name),
        }
    }

    /// The method's identifier for `field` (the accessor keeps a raw `r#`).
    pub fn ident(self, field: &Field) -> Ident {
        match self.text() {
            "" => field.ident.clone(),
            prefix => format_ident!("{}_{}", prefix, field.name),
        }
    }
}

//! What the twin is made of, by name: the items it has for the whole struct
//! and each field's method set. Written once here, and read by both `valid`
//! (no two generated names may clash) and `expand` (which generates exactly
//! these, matching on them exhaustively): a method added here is generated
//! and checked, or the derive does not compile.

use proc_macro2::Ident;
use quote::format_ident;

use crate::ast::{Field, Input};

/// Declares an enum of generated items, its `ALL` list, and for each item
/// its name, whether it is a read-modify-write (it exists only on targets
/// with compare-and-swap), and which twins or fields have it, from one line
/// per item.
macro_rules! table {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident for $subject:ty {
            $($(#[$doc:meta])* $item:ident = $text:literal, rmw: $rmw:literal, if |$s:ident| $has:expr,)*
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

            /// Whether the item reads, modifies and writes (and so exists only
            /// where the target has compare-and-swap).
            pub fn is_rmw(self) -> bool {
                match self {
                    $($name::$item => $rmw,)*
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
        New = "new", rmw: false, if |_input| true,
        Load = "load", rmw: false, if |_input| true,
        /// A per-thread block (`#[atomic(per_thread)]` on the struct) has no
        /// store or swap of the whole: its shards only add.
        Store = "store", rmw: false, if |input| input.block.is_none(),
        Swap = "swap", rmw: true, if |input| input.block.is_none(),
        Take = "take", rmw: true, if |_input| true,
        /// On a per-thread block, one record of every field.
        AddAll = "add_all", rmw: true, if |_input| true,
        /// A per-thread block's: every field as of one point in each shard's
        /// records, its adds as one record, and a reset to zero.
        Snapshot = "snapshot", rmw: false, if |input| input.block.is_some(),
        Record = "record", rmw: false, if |input| input.block.is_some(),
        Reset = "reset", rmw: false, if |input| input.block.is_some(),
        IntoInner = "into_inner", rmw: false, if |_input| true,
        ForEachField = "for_each_field", rmw: false, if |_input| true,
        TryForEachField = "try_for_each_field", rmw: false, if |_input| true,
        FieldNames = "FIELD_NAMES", rmw: false, if |_input| true,
        Fields = "FIELDS", rmw: false, if |_input| true,
        /// The layout view exists only for `#[repr(C)]` structs.
        FromMut = "from_mut", rmw: false, if |input| input.repr.c,
        FromPtr = "from_ptr", rmw: false, if |input| input.repr.c,
    }
}

table! {
    /// A method the twin has for one field `f`: `f()`, `load_f()`, ...
    pub enum Method for Field<'_> {
        /// `f()`: the field's atomic, or its counter (`striped`,
        /// `per_thread`); a field of a per-thread block has no cell of its own.
        Cell = "", rmw: false, if |field| !field.in_block,
        Load = "load", rmw: false, if |_field| true,
        Store = "store", rmw: false, if |field| !only_adds(field),
        Swap = "swap", rmw: true, if |field| !only_adds(field),
        CompareAndSwap = "compare_and_swap", rmw: true, if |field| !only_adds(field),
        /// Every field has `add_f`: a striped counter's adds, or an atomic's,
        /// which exist where the field's type is an `AtomicNumber` (a
        /// bound checks that, so a field typed by an alias of `u64` has it).
        Add = "add", rmw: true, if |_field| true,
        Sub = "sub", rmw: true, if |field| !only_adds(field),
        /// A counter's own take; a block's fields are taken together.
        Take = "take", rmw: true, if |field| field.storage.is_counter(),
    }
}

/// Whether `field` is a counter that only adds: `striped`, `per_thread`, or
/// a field of a per-thread block.
fn only_adds(field: &Field) -> bool {
    field.storage.is_counter() || field.in_block
}

/// The names callers reach on any twin through its trait impls and std's
/// blanket impls (`AtomicStats::default()`, `AtomicStats::from(stats)`),
/// each with the item it names. A generated method of the same name would
/// shadow it (an inherent method wins), so `valid` rejects it at the field.
/// One row per name.
pub const TRAIT_ITEMS: &[(&str, &str)] = &[
    ("default", "`Default::default`"),
    ("from", "`From::from`"),
    ("into", "`Into::into`"),
    ("try_from", "`TryFrom::try_from`"),
    ("try_into", "`TryInto::try_into`"),
    ("fmt", "`Debug::fmt`"),
    ("borrow", "`Borrow::borrow`"),
    ("borrow_mut", "`BorrowMut::borrow_mut`"),
    ("type_id", "`Any::type_id`"),
];

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

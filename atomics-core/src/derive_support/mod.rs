//! What `#[derive(AtomicFields)]`'s generated code calls, re-exported as the
//! hidden `__private` module: not API, and free to change with the derive.
//!
//! The derive sees tokens, not types. Everything that depends on what a field
//! type really is (an alias of `u64`, a `bool`, a `String` by mistake) is
//! decided here, by the trait system, in the user's build. One module per
//! concern:
//!
//! - [`layout`]: the layout view's compile-time messages;
//! - [`visit`]: the visitor's value and `Debug` of a field;
//! - [`striped`]: the integer types a counter-backed field can have;
//! - [`counter_field`]: the `striped` and `per_thread` fields;
//! - [`block`]: a per-thread stats block (`per_thread` on the struct);
//! - [`genuine`]: the sealed proof that a layout view's atomics are ours;
//! - [`macros`]: the wrappers that carry atomics-core's build choices (loom,
//!   compare-and-swap) into the generated code.

mod genuine;
mod layout;
mod macros;
mod visit;

pub use genuine::{Genuine, assert_genuine};
pub use layout::*;
pub use visit::*;

crate::sync::cfg_cas! {
    mod striped;
    pub use striped::*;
}

crate::sync::cfg_striped! {
    mod block;
    mod counter_field;
    pub use block::*;
    pub use counter_field::*;
}

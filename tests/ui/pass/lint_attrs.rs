//! The struct's lint attributes reach the twin and its impls: Go-style
//! field names under `deny(warnings)`, a `#[deprecated]` field and a
//! deprecated struct that the generated code names, and `expect`/`forbid`.
#![deny(warnings)]

use atomics_core::AtomicFields;

/// Go's field names.
#[derive(AtomicFields, Clone, Copy, Default)]
#[allow(non_snake_case)]
struct GoStats {
    Requests: u64,
    BytesSent: u64,
}

/// A field on its way out, never touched by the user.
#[derive(AtomicFields, Clone, Copy, Default)]
struct Stats {
    requests: u64,
    #[deprecated(note = "use `requests`")]
    hits: u64,
}

/// A deprecated struct.
#[derive(AtomicFields, Clone, Copy, Default)]
#[deprecated(note = "use `Stats`")]
struct OldStats {
    requests: u64,
}

/// `expect` is for the struct itself; the twin gets `allow`.
#[derive(AtomicFields, Clone, Copy, Default)]
#[expect(non_snake_case, reason = "Go's names")]
#[forbid(unused_must_use)]
struct Expected {
    Level: u32,
}

fn main() {
    let go = AtomicGoStats::default();
    assert_eq!(go.add_Requests(1) + go.add_BytesSent(2), 3);
    let stats = AtomicStats::default();
    assert_eq!(stats.add_requests(1), 1);
    #[allow(deprecated)]
    {
        let old = AtomicOldStats::default();
        assert_eq!(old.add_requests(1), 1);
    }
    let expected = AtomicExpected::default();
    assert_eq!(expected.add_Level(1), 1);
}

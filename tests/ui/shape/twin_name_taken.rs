// A struct of the twin's name already exists: rustc's one error (E0255) says so,
// at that struct and at the derive. The remedy is `#[atomic(name = "...")]`.
use atomics_core::AtomicFields;

#[derive(AtomicFields)]
struct Stats {
    requests: u64,
    healthy: bool,
}

/// Written by hand before the derive.
struct AtomicStats {
    total: u64,
}

fn main() {
    let _ = AtomicStats { total: 1 }.total;
}

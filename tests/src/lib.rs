//! Integration, UI, loom and cross-target tests of the atomics workspace (no library code).

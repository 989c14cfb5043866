//! The harness of `atomics-core`'s benchmarks (`atomics-core/benches/*.rs`),
//! one module per concern:
//!
//! | module | what |
//! |---|---|
//! | [`settings`] | the environment's knobs and criterion's settings, recorded for `scripts/bench-table` |
//! | [`timing`] | one timed run, its time off the CPU, and the tight loop of the single-threaded groups |
//! | [`paired`] | one operation two ways on the same address, with the ratio measured paired |
//! | [`pool`] | persistent worker threads that run one job together |
//! | [`handoff`] | the probe that tells whether two vCPUs are running at the same time |
//! | [`validator`] | every multi-threaded sample checked with the probe and the run queue |
//! | [`writer`] | the background writer of the read benchmarks |
//! | [`record`] | where the results go, and the JSON the table script reads |
//!
//! The benchmark binaries name it `common` (`use atomics_bench as common;`)
//! and reach everything through the re-exports below.
//!
//! What the table script needs to know about a run is written by the
//! harness itself, beside criterion's results: the settings
//! (`criterion/harness.json`, see [`settings::Settings`]), the paired ratios
//! (`criterion/paired/`) and the checks of every multi-threaded row
//! (`criterion/handoff/`).

pub mod handoff;
pub mod paired;
pub mod pool;
pub mod record;
pub mod settings;
pub mod timing;
pub mod validator;
pub mod writer;

pub use handoff::{Probe, TOGETHER_THRESHOLD_NS, handoff_probe};
pub use paired::{same_place_pair, write_paired};
pub use pool::Pool;
pub use record::criterion_home;
pub use settings::{config, quick, thread_counts, two_thread_samples, two_thread_time};
pub use timing::{Timed, run_queue_wait, time_loop};
pub use validator::Validator;
pub use writer::Writer;

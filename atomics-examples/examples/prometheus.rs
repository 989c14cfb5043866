//! One part of the tour as a program of its own: the part named like this
//! file (`cargo run --release -p atomics-examples --example NAME [-- --help]`,
//! NAME one of the parts of `atomics_examples::Part`).

atomics_examples::example!();

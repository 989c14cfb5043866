//! The tour of atomics-core.

use atomics_core::Int32;
use std::{sync::Arc, thread};

fn main() {
    let counter = Arc::new(Int32::new(0));
    let workers: Vec<_> = (0..5)
        .map(|_| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                for _ in 0..1000 {
                    counter.add(1);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker panicked");
    }
    println!("Counter: {}", counter.load());
}

use atomics_core::Atomic;

fn main() {
    let hits = Atomic::new(0u64);
    let copy = hits.clone();
    copy.add(1);
}

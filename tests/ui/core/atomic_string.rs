use atomics_core::Atomic;

fn main() {
    let name = Atomic::new(String::from("config"));
    let _ = name;
}

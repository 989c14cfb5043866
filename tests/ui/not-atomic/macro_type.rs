use atomics_core::AtomicFields;

macro_rules! stats {
    ($($field:ident: $ty:ty),*) => {
        #[derive(AtomicFields)]
        struct Stats {
            $($field: $ty,)*
        }
    };
}

stats!(requests: u64, name: String);

fn main() {}

//! Flag sets in atomics (feature `bitflags`): a [bitflags](https://docs.rs/bitflags)
//! 2 type declared with [`atomic_flags!`](crate::atomic_flags) is
//! atomic-capable, and its `Atomic<F>` has the set operations.

use crate::sync::cfg_flags;

cfg_flags! {
    use crate::Atomic;
    use crate::primitive::{AtomicInteger, AtomicPrimitive};
    use crate::sync::Ordering;
    use crate::via::{self, ViaCast, ViaRepr, from_prim, into_prim};

    /// A bitflags type in an atomic: declared with
    /// [`atomic_flags!`](crate::atomic_flags), which implements this trait.
    /// `Atomic<F>` then has `insert`, `remove`, `toggle`, `set` (each returning
    /// the **old** flags) and `contains`, besides the common operations (`load`,
    /// `store`, `swap`, `compare_and_swap`, `update`, …).
    ///
    /// Unknown bits (set through `from_bits_retain`) are kept as they are, as a
    /// plain bitflags value keeps them.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{Atomic, AtomicFlags};
    ///
    /// atomics_core::atomic_flags! {
    ///     #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    ///     pub struct Perms: u8 {
    ///         const READ = 1;
    ///         const WRITE = 1 << 1;
    ///     }
    /// }
    ///
    /// fn grant<F: AtomicFlags>(cell: &Atomic<F>, flags: F) -> bool {
    ///     !cell.insert(flags).contains(flags) // true if this call added them
    /// }
    ///
    /// let perms = Atomic::new(Perms::READ);
    /// assert!(grant(&perms, Perms::WRITE));
    /// assert!(!grant(&perms, Perms::WRITE));
    /// ```
    pub trait AtomicFlags: AtomicPrimitive + bitflags::Flags {
        /// Ors `flags` in; returns the old flags.
        #[doc(hidden)]
        fn __fetch_or(a: &Self::Repr, flags: Self, order: Ordering) -> Self;
        /// Clears `flags`; returns the old flags.
        #[doc(hidden)]
        fn __fetch_clear(a: &Self::Repr, flags: Self, order: Ordering) -> Self;
        /// Xors `flags` in; returns the old flags.
        #[doc(hidden)]
        fn __fetch_xor(a: &Self::Repr, flags: Self, order: Ordering) -> Self;
    }

    /// The hooks of a flag type, for `atomic_flags!`'s expansion.
    ///
    /// # Safety
    ///
    /// Every `T::Prim` value must be a valid `T` (true of a bitflags type: any
    /// bits are a value), since the new value is computed on the primitive.
    #[inline(always)]
    pub unsafe fn fetch_or<T: ViaCast>(a: &ViaRepr<T>, flags: T, order: Ordering) -> T
    where
        T::Prim: AtomicInteger,
    {
        let old = T::Prim::__fetch_or(via::atomic(a), into_prim(flags), order);
        // SAFETY: every `Prim` value is a valid `T` (the caller's promise).
        unsafe { from_prim(old) }
    }

    /// See [`fetch_or`].
    ///
    /// # Safety
    ///
    /// As [`fetch_or`]'s.
    #[inline(always)]
    pub unsafe fn fetch_clear<T: ViaCast>(a: &ViaRepr<T>, flags: T, order: Ordering) -> T
    where
        T::Prim: AtomicInteger,
    {
        let old = T::Prim::__fetch_and(via::atomic(a), into_prim(flags).__not(), order);
        // SAFETY: every `Prim` value is a valid `T` (the caller's promise).
        unsafe { from_prim(old) }
    }

    /// See [`fetch_or`].
    ///
    /// # Safety
    ///
    /// As [`fetch_or`]'s.
    #[inline(always)]
    pub unsafe fn fetch_xor<T: ViaCast>(a: &ViaRepr<T>, flags: T, order: Ordering) -> T
    where
        T::Prim: AtomicInteger,
    {
        let old = T::Prim::__fetch_xor(via::atomic(a), into_prim(flags), order);
        // SAFETY: every `Prim` value is a valid `T` (the caller's promise).
        unsafe { from_prim(old) }
    }

    /// Set operations on a flag set. Each that modifies returns the **old**
    /// flags, so a caller learns whether it changed anything.
    impl<F: AtomicFlags> Atomic<F> {
        /// Adds `flags` (a bitwise or) and returns the **old** flags
        /// (sequentially consistent).
        ///
        /// # Examples
        ///
        /// ```
        /// # use atomics_core::Atomic;
        /// # atomics_core::atomic_flags! {
        /// #     #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        /// #     pub struct Perms: u8 { const READ = 1; const WRITE = 2; }
        /// # }
        /// let perms = Atomic::new(Perms::READ);
        /// assert_eq!(perms.insert(Perms::WRITE), Perms::READ);
        /// assert_eq!(perms.load(), Perms::READ | Perms::WRITE);
        /// ```
        #[inline]
        pub fn insert(&self, flags: F) -> F {
            self.insert_with(flags, Ordering::SeqCst)
        }

        /// [`insert`](Self::insert) with `order`; returns the old flags.
        ///
        /// # Examples
        ///
        /// ```
        /// # use atomics_core::{Atomic, Ordering};
        /// # atomics_core::atomic_flags! {
        /// #     #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        /// #     pub struct Perms: u8 { const READ = 1; const WRITE = 2; }
        /// # }
        /// let perms = Atomic::new(Perms::empty());
        /// assert!(perms.insert_with(Perms::READ, Ordering::AcqRel).is_empty());
        /// ```
        #[inline]
        #[track_caller]
        pub fn insert_with(&self, flags: F, order: Ordering) -> F {
            F::__fetch_or(&self.repr, flags, order)
        }

        /// Removes `flags` (a bitwise and with their complement) and returns the
        /// **old** flags (sequentially consistent).
        ///
        /// # Examples
        ///
        /// ```
        /// # use atomics_core::Atomic;
        /// # atomics_core::atomic_flags! {
        /// #     #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        /// #     pub struct Perms: u8 { const READ = 1; const WRITE = 2; }
        /// # }
        /// let perms = Atomic::new(Perms::all());
        /// assert_eq!(perms.remove(Perms::WRITE), Perms::all());
        /// assert_eq!(perms.load(), Perms::READ);
        /// ```
        #[inline]
        pub fn remove(&self, flags: F) -> F {
            self.remove_with(flags, Ordering::SeqCst)
        }

        /// [`remove`](Self::remove) with `order`; returns the old flags.
        ///
        /// # Examples
        ///
        /// ```
        /// # use atomics_core::{Atomic, Ordering};
        /// # atomics_core::atomic_flags! {
        /// #     #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        /// #     pub struct Perms: u8 { const READ = 1; const WRITE = 2; }
        /// # }
        /// let perms = Atomic::new(Perms::READ);
        /// assert_eq!(perms.remove_with(Perms::READ, Ordering::Release), Perms::READ);
        /// assert!(perms.load().is_empty());
        /// ```
        #[inline]
        #[track_caller]
        pub fn remove_with(&self, flags: F, order: Ordering) -> F {
            F::__fetch_clear(&self.repr, flags, order)
        }

        /// Flips `flags` (a bitwise xor) and returns the **old** flags
        /// (sequentially consistent).
        ///
        /// # Examples
        ///
        /// ```
        /// # use atomics_core::Atomic;
        /// # atomics_core::atomic_flags! {
        /// #     #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        /// #     pub struct Perms: u8 { const READ = 1; const WRITE = 2; }
        /// # }
        /// let perms = Atomic::new(Perms::READ);
        /// assert_eq!(perms.toggle(Perms::all()), Perms::READ);
        /// assert_eq!(perms.load(), Perms::WRITE);
        /// ```
        #[inline]
        pub fn toggle(&self, flags: F) -> F {
            self.toggle_with(flags, Ordering::SeqCst)
        }

        /// [`toggle`](Self::toggle) with `order`; returns the old flags.
        ///
        /// # Examples
        ///
        /// ```
        /// # use atomics_core::{Atomic, Ordering};
        /// # atomics_core::atomic_flags! {
        /// #     #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        /// #     pub struct Perms: u8 { const READ = 1; const WRITE = 2; }
        /// # }
        /// let perms = Atomic::new(Perms::empty());
        /// assert!(perms.toggle_with(Perms::READ, Ordering::Relaxed).is_empty());
        /// assert_eq!(perms.load(), Perms::READ);
        /// ```
        #[inline]
        #[track_caller]
        pub fn toggle_with(&self, flags: F, order: Ordering) -> F {
            F::__fetch_xor(&self.repr, flags, order)
        }

        /// Inserts `flags` if `value`, removes them if not (bitflags' `set`);
        /// returns the **old** flags (sequentially consistent).
        ///
        /// # Examples
        ///
        /// ```
        /// # use atomics_core::Atomic;
        /// # atomics_core::atomic_flags! {
        /// #     #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        /// #     pub struct Perms: u8 { const READ = 1; const WRITE = 2; }
        /// # }
        /// let perms = Atomic::new(Perms::READ);
        /// let writable = true;
        /// assert_eq!(perms.set(Perms::WRITE, writable), Perms::READ);
        /// assert_eq!(perms.set(Perms::READ, false), Perms::all());
        /// assert_eq!(perms.load(), Perms::WRITE);
        /// ```
        #[inline]
        pub fn set(&self, flags: F, value: bool) -> F {
            self.set_with(flags, value, Ordering::SeqCst)
        }

        /// [`set`](Self::set) with `order`; returns the old flags.
        ///
        /// # Examples
        ///
        /// ```
        /// # use atomics_core::{Atomic, Ordering};
        /// # atomics_core::atomic_flags! {
        /// #     #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        /// #     pub struct Perms: u8 { const READ = 1; const WRITE = 2; }
        /// # }
        /// let perms = Atomic::new(Perms::empty());
        /// perms.set_with(Perms::WRITE, true, Ordering::AcqRel);
        /// assert_eq!(perms.load(), Perms::WRITE);
        /// ```
        #[inline]
        #[track_caller]
        pub fn set_with(&self, flags: F, value: bool, order: Ordering) -> F {
            if value {
                self.insert_with(flags, order)
            } else {
                self.remove_with(flags, order)
            }
        }

        /// Whether all of `flags` are set (one sequentially consistent load).
        ///
        /// # Examples
        ///
        /// ```
        /// # use atomics_core::Atomic;
        /// # atomics_core::atomic_flags! {
        /// #     #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        /// #     pub struct Perms: u8 { const READ = 1; const WRITE = 2; }
        /// # }
        /// let perms = Atomic::new(Perms::READ);
        /// assert!(perms.contains(Perms::READ));
        /// assert!(!perms.contains(Perms::all()));
        /// assert!(perms.contains(Perms::empty()));
        /// ```
        #[inline]
        pub fn contains(&self, flags: F) -> bool {
            self.contains_with(flags, Ordering::SeqCst)
        }

        /// [`contains`](Self::contains) with `order` for the load.
        ///
        /// # Panics
        ///
        /// If `order` is `Release` or `AcqRel`.
        ///
        /// # Examples
        ///
        /// ```
        /// # use atomics_core::{Atomic, Ordering};
        /// # atomics_core::atomic_flags! {
        /// #     #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        /// #     pub struct Perms: u8 { const READ = 1; const WRITE = 2; }
        /// # }
        /// let perms = Atomic::new(Perms::WRITE);
        /// assert!(perms.contains_with(Perms::WRITE, Ordering::Acquire));
        /// ```
        #[inline]
        #[track_caller]
        pub fn contains_with(&self, flags: F, order: Ordering) -> bool {
            self.load_with(order).contains(flags)
        }
    }
}

/// Declares a [bitflags](https://docs.rs/bitflags) 2 type that can live in an
/// atomic (feature `bitflags`): write it where you would write
/// `bitflags::bitflags!`, with the same syntax. `Atomic<YourFlags>` then has
/// `insert`, `remove`, `toggle`, `set` (each returning the **old** flags) and
/// `contains` ([`AtomicFlags`]), the common operations (`load`, `store`,
/// `swap`, `compare_and_swap`, `update`, …), and the type can be a field of a
/// `#[derive(AtomicFields)]` struct.
///
/// The type must derive at least `Clone, Copy, Debug, Default` (what every
/// atomic-capable type is), and its bits type must be atomic-capable (`u8` …
/// `u64`, `i8` … `i64`: not `u128`). Its atomic is stored as the bits, so
/// `Atomic<YourFlags>` has their size. The macro adds `#[repr(transparent)]`
/// itself (don't write it): that, and bitflags' guarantee that its inner type
/// is transparent over the bits, is what makes storing the type as its bits
/// sound. For the same reason a type declared with `bitflags!` (or one from
/// another crate) cannot be made atomic after the fact.
///
/// The `bitflags` crate need not be a dependency of yours; add it if you
/// name its `Flags` trait.
///
/// # Examples
///
/// ```
/// use atomics_core::Atomic;
///
/// atomics_core::atomic_flags! {
///     /// What a connection may do.
///     #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
///     pub struct Perms: u8 {
///         const READ = 1;
///         const WRITE = 1 << 1;
///         const ADMIN = 1 << 2;
///     }
/// }
///
/// let perms = Atomic::new(Perms::READ);
/// assert_eq!(perms.insert(Perms::WRITE), Perms::READ); // the old flags
/// assert!(perms.contains(Perms::READ | Perms::WRITE));
/// assert_eq!(perms.remove(Perms::READ), Perms::READ | Perms::WRITE);
/// assert_eq!(perms.toggle(Perms::ADMIN), Perms::WRITE);
/// assert!(perms.compare_and_swap(Perms::WRITE | Perms::ADMIN, Perms::empty()));
/// assert_eq!(std::mem::size_of::<Atomic<Perms>>(), 1);
/// assert_eq!(format!("{:?}", perms), "Perms(0x0)");
/// ```
// `sync::cfg_flags!`'s condition, spelled out: a `#[macro_export]` made by
// another macro cannot be named by path (by `$crate::atomic_flags!` here).
#[cfg(all(feature = "bitflags", target_has_atomic = "8"))]
#[macro_export]
macro_rules! atomic_flags {
    (
        $(#[$outer:meta])*
        $vis:vis struct $name:ident: $bits:ty {
            $($body:tt)*
        }

        $($rest:tt)*
    ) => {
        $crate::__private::bitflags::bitflags! {
            $(#[$outer])*
            #[repr(transparent)]
            $vis struct $name: $bits {
                $($body)*
            }
        }

        const _: () = {
            #[automatically_derived]
            // SAFETY: bitflags declares the type as a struct of one field, its
            // internal type, which bitflags guarantees to be
            // `#[repr(transparent)]` over the bits type; the
            // `#[repr(transparent)]` added above makes the type itself
            // transparent over that field. So it has the size, alignment and
            // bytes of its bits, and every bits value is a valid value of it.
            unsafe impl $crate::__private::Via for $name {
                type Prim = $bits;
            }
            $crate::__private::impl_atomic_primitive!($name);

            $crate::__atomics_if_cas! {
                #[automatically_derived]
                impl $crate::AtomicFlags for $name {
                    #[inline(always)]
                    fn __fetch_or(
                        a: &<Self as $crate::AtomicPrimitive>::Repr,
                        flags: Self,
                        order: $crate::Ordering,
                    ) -> Self {
                        // SAFETY: every bits value is a valid flag set (above).
                        unsafe { $crate::__private::flags::fetch_or(a, flags, order) }
                    }
                    #[inline(always)]
                    fn __fetch_clear(
                        a: &<Self as $crate::AtomicPrimitive>::Repr,
                        flags: Self,
                        order: $crate::Ordering,
                    ) -> Self {
                        // SAFETY: every bits value is a valid flag set (above).
                        unsafe { $crate::__private::flags::fetch_clear(a, flags, order) }
                    }
                    #[inline(always)]
                    fn __fetch_xor(
                        a: &<Self as $crate::AtomicPrimitive>::Repr,
                        flags: Self,
                        order: $crate::Ordering,
                    ) -> Self {
                        // SAFETY: every bits value is a valid flag set (above).
                        unsafe { $crate::__private::flags::fetch_xor(a, flags, order) }
                    }
                }
            }
        };

        $crate::atomic_flags! {
            $($rest)*
        }
    };
    () => {};
}

cfg_flags! {
    #[cfg(test)]
    mod tests {
        use crate::{Atomic, Ordering::*};

        crate::atomic_flags! {
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
            struct Small: u8 {
                const A = 1;
                const B = 1 << 1;
                const HIGH = 1 << 7;
            }

            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
            struct Wide: i64 {
                const LOW = 1;
                const SIGN = i64::MIN;
            }
        }

        #[test]
        fn every_operation_returns_the_old_flags() {
            let f = Atomic::new(Small::A);
            assert_eq!(f.insert(Small::HIGH), Small::A);
            assert_eq!(f.remove(Small::A), Small::A | Small::HIGH);
            assert_eq!(f.toggle(Small::A | Small::HIGH), Small::HIGH);
            assert_eq!(f.set(Small::B, true), Small::A);
            assert_eq!(f.set(Small::A, false), Small::A | Small::B);
            assert_eq!(f.load(), Small::B);
            assert!(f.contains(Small::B) && !f.contains(Small::A | Small::B));
            assert_eq!(f.swap(Small::all()), Small::B);
            assert!(f.compare_and_swap(Small::all(), Small::empty()));
            assert_eq!(f.into_inner(), Small::empty());
            assert_eq!(core::mem::size_of::<Atomic<Small>>(), 1);
        }

        #[test]
        fn unknown_bits_are_kept_and_signed_bits_work() {
            let f = Atomic::new(Small::from_bits_retain(0b0110_0000));
            f.insert_with(Small::A, Relaxed);
            assert_eq!(f.load().bits(), 0b0110_0001);
            assert_eq!(f.remove_with(Small::all(), AcqRel).bits(), 0b0110_0001);
            assert_eq!(f.load().bits(), 0b0110_0000);
            let w = Atomic::new(Wide::LOW);
            assert_eq!(w.toggle_with(Wide::SIGN, SeqCst), Wide::LOW);
            assert!(w.contains_with(Wide::SIGN | Wide::LOW, Acquire));
            assert_eq!(w.set_with(Wide::all(), false, Release), Wide::all());
            assert_eq!(w.load(), Wide::empty());
            assert_eq!(core::mem::size_of::<Atomic<Wide>>(), 8);
        }
    }
}

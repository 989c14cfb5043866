//! What an exporter sees of a stats block: [`FieldValue`] (one field's
//! current value), [`FieldInfo`] (its name, [`FieldKind`], help and unit) and
//! the [`FieldSet`] trait that walks them.

use core::fmt;

/// The value of one field of a `#[derive(AtomicFields)]` twin, as its
/// `for_each_field` visitor reports it: enough to write an exporter (a
/// Prometheus text page, JSON) without naming each field.
///
/// Integers are widened to 64 bits and `f32` to `f64`, without loss.
///
/// # Examples
///
/// ```
/// use atomics_core::FieldValue;
///
/// assert_eq!(FieldValue::from(7u16), FieldValue::Unsigned(7));
/// assert_eq!(FieldValue::from(-2i8).to_string(), "-2");
/// assert_eq!(FieldValue::from(true).as_f64(), 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldValue {
    /// A `bool` field.
    Bool(bool),
    /// An unsigned integer field (`u8` … `u64`, `usize`).
    Unsigned(u64),
    /// A signed integer field (`i8` … `i64`, `isize`).
    Signed(i64),
    /// A float field (`f32`, `f64`).
    Float(f64),
}

impl FieldValue {
    /// The value as an `f64`, the number type of most metrics formats:
    /// `true` is 1 and `false` 0; integers beyond 2^53 are rounded.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::FieldValue;
    ///
    /// assert_eq!(FieldValue::Signed(-3).as_f64(), -3.0);
    /// assert_eq!(FieldValue::Bool(false).as_f64(), 0.0);
    /// ```
    #[allow(clippy::cast_precision_loss)] // documented: metrics formats are f64
    pub fn as_f64(self) -> f64 {
        match self {
            Self::Bool(b) => f64::from(u8::from(b)),
            Self::Unsigned(u) => u as f64,
            Self::Signed(i) => i as f64,
            Self::Float(f) => f,
        }
    }
}

impl fmt::Display for FieldValue {
    /// The value as Rust prints it (`true`, `42`, `-1`, `0.5`).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::FieldValue;
    ///
    /// assert_eq!(FieldValue::Float(0.5).to_string(), "0.5");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bool(b) => fmt::Display::fmt(b, f),
            Self::Unsigned(u) => fmt::Display::fmt(u, f),
            Self::Signed(i) => fmt::Display::fmt(i, f),
            Self::Float(x) => fmt::Display::fmt(x, f),
        }
    }
}

/// Whether a field counts events or measures a level, which decides what
/// `take()` does with it and how exporters type it.
///
/// Numbers are counters unless marked `#[atomic(gauge)]`; a `bool` (and any
/// non-numeric field) is always a gauge.
///
/// # Examples
///
/// ```
/// use atomics_core::FieldKind;
///
/// assert!(FieldKind::Counter.resets_on_take());
/// assert!(!FieldKind::Gauge.resets_on_take());
/// assert_eq!(FieldKind::Gauge.to_string(), "gauge");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// A count of events that only grows (requests, bytes): `take()` swaps
    /// it to zero and reports what was counted; exporters show it as a
    /// Prometheus counter (`_total`).
    Counter,
    /// A level that goes up and down (jobs in flight, a temperature, a
    /// flag): `take()` reports it and leaves it as it is.
    Gauge,
}

impl FieldKind {
    /// Whether `take()` swaps a field of this kind to zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::FieldKind;
    ///
    /// assert!(FieldKind::Counter.resets_on_take());
    /// ```
    #[inline]
    #[must_use]
    pub const fn resets_on_take(self) -> bool {
        matches!(self, Self::Counter)
    }

    /// The kind's name as metrics formats spell it: `counter` or `gauge`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::FieldKind;
    ///
    /// assert_eq!(FieldKind::Counter.as_str(), "counter");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Counter => "counter",
            Self::Gauge => "gauge",
        }
    }
}

impl fmt::Display for FieldKind {
    /// `counter` or `gauge`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::FieldKind;
    ///
    /// assert_eq!(format!("{}", FieldKind::Counter), "counter");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an exporter needs to know of one field besides its value: its name,
/// kind, help text (the field's doc comment, first paragraph) and unit
/// (`#[atomic(unit = "bytes")]`). A derived twin lists them, in declaration
/// order, in its `FIELDS` constant.
///
/// Built in constants by the derive; its fields are private so more can be
/// added without breaking anyone.
///
/// # Examples
///
/// ```
/// use atomics_core::{FieldInfo, FieldKind};
///
/// const BYTES: FieldInfo = FieldInfo::new("bytes", FieldKind::Counter)
///     .with_help("Bytes written to clients.")
///     .with_unit("bytes");
/// assert_eq!(BYTES.name(), "bytes");
/// assert_eq!(BYTES.kind(), FieldKind::Counter);
/// assert_eq!(BYTES.help(), "Bytes written to clients.");
/// assert_eq!(BYTES.unit(), Some("bytes"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldInfo {
    name: &'static str,
    kind: FieldKind,
    help: &'static str,
    unit: Option<&'static str>,
}

impl FieldInfo {
    /// A field named `name` of kind `kind`, with no help text and no unit.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{FieldInfo, FieldKind};
    ///
    /// let f = FieldInfo::new("in_flight", FieldKind::Gauge);
    /// assert_eq!((f.help(), f.unit()), ("", None));
    /// ```
    #[must_use]
    pub const fn new(name: &'static str, kind: FieldKind) -> Self {
        Self {
            name,
            kind,
            help: "",
            unit: None,
        }
    }

    /// The same field with help text `help`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{FieldInfo, FieldKind};
    ///
    /// let f = FieldInfo::new("errors", FieldKind::Counter).with_help("Failed requests.");
    /// assert_eq!(f.help(), "Failed requests.");
    /// ```
    #[must_use]
    pub const fn with_help(self, help: &'static str) -> Self {
        Self { help, ..self }
    }

    /// The same field measured in `unit` (`"bytes"`, `"seconds"`, …).
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{FieldInfo, FieldKind};
    ///
    /// let f = FieldInfo::new("latency", FieldKind::Gauge).with_unit("seconds");
    /// assert_eq!(f.unit(), Some("seconds"));
    /// ```
    #[must_use]
    pub const fn with_unit(self, unit: &'static str) -> Self {
        Self {
            unit: Some(unit),
            ..self
        }
    }

    /// The field's name, as written in the struct.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{FieldInfo, FieldKind};
    ///
    /// assert_eq!(FieldInfo::new("hits", FieldKind::Counter).name(), "hits");
    /// ```
    #[must_use]
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// Counter or gauge.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{FieldInfo, FieldKind};
    ///
    /// assert_eq!(FieldInfo::new("up", FieldKind::Gauge).kind(), FieldKind::Gauge);
    /// ```
    #[must_use]
    pub const fn kind(&self) -> FieldKind {
        self.kind
    }

    /// The help text: the first paragraph of the field's doc comment, or
    /// `""`.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{FieldInfo, FieldKind};
    ///
    /// assert_eq!(FieldInfo::new("hits", FieldKind::Counter).help(), "");
    /// ```
    #[must_use]
    pub const fn help(&self) -> &'static str {
        self.help
    }

    /// The unit, if the field has one.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{FieldInfo, FieldKind};
    ///
    /// assert_eq!(FieldInfo::new("hits", FieldKind::Counter).unit(), None);
    /// ```
    #[must_use]
    pub const fn unit(&self) -> Option<&'static str> {
        self.unit
    }
}

/// A struct whose fields an exporter can walk without naming them: their
/// metadata ([`FIELDS`](Self::FIELDS)) and their values, in declaration
/// order. `#[derive(AtomicFields)]` implements it for the twin (the current
/// values, each loaded atomically) and for the plain struct (its values: a
/// `take()`'s deltas, a snapshot), so both export the same way.
///
/// # Examples
///
/// An exporter written once for every stats block:
///
/// ```
/// use atomics_core::{FieldInfo, FieldKind, FieldSet, FieldValue};
/// use std::fmt::Write;
///
/// fn render<S: FieldSet>(prefix: &str, stats: &S) -> Result<String, std::fmt::Error> {
///     let mut out = String::new();
///     let mut info = S::FIELDS.iter();
///     stats.try_for_each_field(|name, value| {
///         let kind = info.next().map_or(FieldKind::Gauge, FieldInfo::kind);
///         writeln!(out, "# TYPE {prefix}_{name} {kind}")?;
///         writeln!(out, "{prefix}_{name} {value}")
///     })?;
///     Ok(out)
/// }
///
/// // What the derive generates, written by hand for a one-field block.
/// struct Hits(u64);
/// impl FieldSet for Hits {
///     const FIELDS: &'static [FieldInfo] = &[FieldInfo::new("hits", FieldKind::Counter)];
///     fn try_for_each_field<E>(
///         &self,
///         mut visit: impl FnMut(&'static str, FieldValue) -> Result<(), E>,
///     ) -> Result<(), E> {
///         visit("hits", FieldValue::from(self.0))
///     }
/// }
///
/// assert_eq!(render("app", &Hits(3)).unwrap(), "# TYPE app_hits counter\napp_hits 3\n");
/// ```
pub trait FieldSet {
    /// Every field's metadata, in declaration order.
    const FIELDS: &'static [FieldInfo];

    /// Calls `visit` with every field's name and value, in declaration order,
    /// and stops at the first `Err`, which it returns.
    ///
    /// # Errors
    ///
    /// The first error `visit` returns.
    fn try_for_each_field<E>(
        &self,
        visit: impl FnMut(&'static str, FieldValue) -> Result<(), E>,
    ) -> Result<(), E>;

    /// Calls `visit` with every field's metadata and value, in declaration
    /// order, stopping at the first `Err`. (A field of a hand-written impl
    /// that `FIELDS` does not list is reported as a gauge with no help.)
    ///
    /// # Errors
    ///
    /// The first error `visit` returns.
    ///
    /// # Examples
    ///
    /// ```
    /// use atomics_core::{FieldInfo, FieldKind, FieldSet, FieldValue};
    ///
    /// struct Up(bool);
    /// impl FieldSet for Up {
    ///     const FIELDS: &'static [FieldInfo] = &[FieldInfo::new("up", FieldKind::Gauge)];
    ///     fn try_for_each_field<E>(
    ///         &self,
    ///         mut visit: impl FnMut(&'static str, FieldValue) -> Result<(), E>,
    ///     ) -> Result<(), E> {
    ///         visit("up", FieldValue::from(self.0))
    ///     }
    /// }
    ///
    /// let mut seen = Vec::new();
    /// Up(true)
    ///     .try_for_each_info(|info, value| {
    ///         seen.push((info.name(), info.kind(), value));
    ///         Ok::<(), ()>(())
    ///     })
    ///     .unwrap();
    /// assert_eq!(seen, [("up", FieldKind::Gauge, FieldValue::Bool(true))]);
    /// ```
    fn try_for_each_info<E>(
        &self,
        mut visit: impl FnMut(FieldInfo, FieldValue) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut next = 0;
        self.try_for_each_field(|name, value| {
            // Derived impls visit in `FIELDS` order: the first guess is right.
            let info = match Self::FIELDS.get(next) {
                Some(info) if info.name() == name => *info,
                _ => Self::FIELDS
                    .iter()
                    .find(|info| info.name() == name)
                    .copied()
                    .unwrap_or(FieldInfo::new(name, FieldKind::Gauge)),
            };
            next += 1;
            visit(info, value)
        })
    }
}

// Every atomic-capable type converts to its variant, as the derive's visitor
// reports it (through `AtomicPrimitive::__field_value`).
macro_rules! from_impls {
    ($($t:ident, $width:tt, $atomic:ident, $kind:ident, [$($go:tt)*];)*) => {$(
        impl From<$t> for FieldValue {
            #[doc = concat!("The value of a `", stringify!($t), "`, widened losslessly.")]
            ///
            /// # Examples
            ///
            /// ```
            /// use atomics_core::FieldValue;
            ///
            #[doc = concat!("let v = FieldValue::from(", stringify!($t), "::default());")]
            #[doc = concat!("assert_eq!(v.as_f64(), 0.0);")]
            /// ```
            #[inline]
            #[allow(clippy::cast_lossless)]
            fn from(v: $t) -> Self {
                from_impls!(@value $kind, v)
            }
        }
    )*};
    (@value bool, $v:expr) => { Self::Bool($v) };
    (@value unsigned, $v:expr) => { Self::Unsigned($v as u64) };
    (@value signed, $v:expr) => { Self::Signed($v as i64) };
    (@value float, $v:expr) => { Self::Float($v as f64) };
}

crate::table::atomic_types!(from_impls);

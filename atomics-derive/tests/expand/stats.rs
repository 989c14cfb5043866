/// Counters of a server.
#[derive(AtomicFields, Debug, Clone, Copy, Default, PartialEq)]
#[atomic(ordering = "relaxed")]
pub struct Stats {
    /// Requests served.
    pub requests: u64,
    /// Bytes sent: a hot field, on a cache line of its own.
    #[atomic(padded)]
    pub bytes: u64,
    /// Cache hits, counted from every thread at once.
    #[atomic(striped)]
    pub hits: u64,
    /// Set once the server accepts requests.
    #[atomic(ordering = "acq_rel")]
    pub ready: bool,
    #[atomic(ordering = "seq_cst")]
    pub errors: i32,
    pub temperature: f32,
    pub(crate) sessions: Count,
}

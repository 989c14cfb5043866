//! The Prometheus text exposition, read back: what the exporter tests check
//! a scrape against.

use std::collections::BTreeMap;

/// A parsed exposition page.
///
/// ```
/// let page = atomics_tests::exposition::Page::parse(
///     "# HELP jobs_done Jobs done.\n# TYPE jobs_done counter\njobs_done_total 3\n# EOF\n",
/// );
/// assert_eq!(page.samples["jobs_done_total"], 3.0);
/// assert_eq!(page.meta("TYPE", "jobs_done"), "counter");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Each sample's value, by metric name (with its labels, if any).
    pub samples: BTreeMap<String, f64>,
    /// The `# HELP` / `# TYPE` / `# UNIT` lines' text, by (that word, metric
    /// family).
    pub comments: BTreeMap<(String, String), String>,
}

impl Page {
    /// Parses `page`, panicking on a line that is neither a comment nor a
    /// `name value` sample (a test wants to see that page).
    ///
    /// ```
    /// let page = atomics_tests::exposition::Page::parse("up 1\n");
    /// assert_eq!(page.samples.len(), 1);
    /// ```
    #[must_use]
    pub fn parse(page: &str) -> Self {
        let mut out = Page::default();
        for line in page.lines() {
            if let Some(rest) = line.strip_prefix("# ") {
                if rest == "EOF" {
                    continue;
                }
                let (what, rest) = rest.split_once(' ').expect("a comment names its kind");
                let (family, text) = rest.split_once(' ').unwrap_or((rest, ""));
                out.comments
                    .insert((what.to_owned(), family.to_owned()), text.to_owned());
            } else if !line.is_empty() {
                let (name, value) = line.rsplit_once(' ').expect("a sample is `name value`");
                let value = value.parse().expect("a sample's value is a number");
                out.samples.insert(name.to_owned(), value);
            }
        }
        out
    }

    /// The text of the `what` line (`HELP`, `TYPE`, `UNIT`) of `family`.
    ///
    /// # Panics
    ///
    /// When the page has no such line.
    ///
    /// ```
    /// let page = atomics_tests::exposition::Page::parse("# UNIT t_seconds seconds\n");
    /// assert_eq!(page.meta("UNIT", "t_seconds"), "seconds");
    /// ```
    #[must_use]
    pub fn meta(&self, what: &str, family: &str) -> &str {
        self.comments
            .get(&(what.to_owned(), family.to_owned()))
            .unwrap_or_else(|| panic!("no `# {what} {family}` line"))
    }
}

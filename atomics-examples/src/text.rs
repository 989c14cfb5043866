//! Small formatting helpers shared by the parts.

/// `n` with its digits grouped by thousands (`12,345,678`): counts in the
/// millions stay readable in a terminal.
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A signed count, grouped as [`grouped`] does.
pub(crate) fn grouped_signed(n: i64) -> String {
    if n < 0 {
        format!("-{}", grouped(n.unsigned_abs()))
    } else {
        grouped(n.unsigned_abs())
    }
}

/// `ok` when an invariant held, a loud marker when it did not.
pub(crate) fn verdict(held: bool) -> &'static str {
    if held { "ok" } else { "MISMATCH" }
}

/// `n` in words for the small counts prose uses (`six`), in digits past
/// twelve.
pub(crate) fn count_in_words(n: usize) -> String {
    const WORDS: [&str; 13] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(12_345_678), "12,345,678");
        assert_eq!(grouped(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(grouped_signed(-1_234), "-1,234");
        assert_eq!(grouped_signed(i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn counts_in_words_then_digits() {
        assert_eq!(count_in_words(6), "six");
        assert_eq!(count_in_words(12), "twelve");
        assert_eq!(count_in_words(13), "13");
    }
}

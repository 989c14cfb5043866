//! One operation done two ways, on a cell at the same address, with the
//! ratio of the two measured paired ([`same_place_pair`]): the groups that
//! compare `atomics-core` with std and the derive with hand-written code.

use std::time::Duration;

use criterion::Criterion;
use crossbeam_utils::CachePadded;

use crate::record::{self, json_number};
use crate::settings;
use crate::timing::time_loop;

/// Benchmarks one operation done two ways, as the criterion group `name`
/// with the rows `base` (the baseline) and `other`, both sides on a cell at
/// the same address, then measures their ratio paired.
///
/// Each side builds its cell with `make_*` in one shared slot (a `repr(C)`
/// enum puts every variant's payload at the same offset), so both run on the
/// same memory: for operations of a cycle or two, cells at different
/// addresses alone were measured up to 50 % apart here, running the same
/// (merged) machine code.
///
/// Even so, criterion's two rows are measured seconds apart, and for such
/// short operations their ratio was seen to wander by tens of percent from
/// one run to the next as the machine's speed drifted (the host's other
/// guests). So the ratio is also measured paired: rounds that time a chunk
/// of each side back to back, alternating which goes first, so that the
/// drift hits both sides of a round alike. The table's ratios for these
/// groups are the median of those rounds (see [`write_paired`]).
pub fn same_place_pair<A, B>(
    c: &mut Criterion,
    name: &str,
    (base, make_base, mut base_op): (&str, impl Fn() -> A, impl FnMut(&A, u64) -> u64),
    (other, make_other, mut other_op): (&str, impl Fn() -> B, impl FnMut(&B, u64) -> u64),
) {
    let mut slot = Box::new(CachePadded::new(Slot::<A, B>::Empty));
    let mut group = c.benchmark_group(name);
    group.bench_function(base, |b| {
        b.iter_custom(|iters| run_base(&mut slot, &make_base, &mut base_op, iters));
    });
    group.bench_function(other, |b| {
        b.iter_custom(|iters| run_other(&mut slot, &make_other, &mut other_op, iters));
    });
    group.finish();

    // A chunk long enough (a few milliseconds) that timer resolution and
    // the loop's set-up are noise.
    let mut chunk = 1_000u64;
    while run_base(&mut slot, &make_base, &mut base_op, chunk) < Duration::from_millis(2)
        && chunk < 1 << 40
    {
        chunk *= 2;
    }
    let rounds = settings::paired_rounds(settings::quick());
    let mut ratios = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let (tb, to) = if base_goes_first(round) {
            let tb = run_base(&mut slot, &make_base, &mut base_op, chunk);
            (tb, run_other(&mut slot, &make_other, &mut other_op, chunk))
        } else {
            let to = run_other(&mut slot, &make_other, &mut other_op, chunk);
            (run_base(&mut slot, &make_base, &mut base_op, chunk), to)
        };
        ratios.push(to.as_secs_f64() / tb.as_secs_f64());
    }
    write_paired(name, base, other, &mut ratios);
}

/// Whether the baseline is timed first in `round`: every other round, so
/// that neither side always runs on a warmer machine.
pub fn base_goes_first(round: usize) -> bool {
    round % 2 == 0
}

/// Fills `slot` with a fresh base cell and times `iters` operations on it.
fn run_base<A, B>(
    slot: &mut Slot<A, B>,
    make: &impl Fn() -> A,
    op: &mut impl FnMut(&A, u64) -> u64,
    iters: u64,
) -> Duration {
    *slot = Slot::Base(make());
    let Slot::Base(cell) = &*slot else {
        unreachable!("just stored")
    };
    time_loop(iters, cell, op)
}

/// Fills `slot` with a fresh other cell and times `iters` operations on it.
fn run_other<A, B>(
    slot: &mut Slot<A, B>,
    make: &impl Fn() -> B,
    op: &mut impl FnMut(&B, u64) -> u64,
    iters: u64,
) -> Duration {
    *slot = Slot::Other(make());
    let Slot::Other(cell) = &*slot else {
        unreachable!("just stored")
    };
    time_loop(iters, cell, op)
}

/// The shared cell of [`same_place_pair`]. `repr(C)` lays an enum out as a
/// tag followed by a union of the payloads, so `Base` and `Other` start at
/// the same address.
#[repr(C)]
enum Slot<A, B> {
    Empty,
    Base(A),
    Other(B),
}

/// The paired ratios of one group, summed up: their median, and the ranks
/// around it that give a 95 % confidence interval for the median (the
/// binomial order-statistic interval, normal approximation).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairedRatio {
    /// The median round's ratio (`other` time over `base` time).
    pub median: f64,
    /// The lower end of the interval.
    pub lo: f64,
    /// The upper end of the interval.
    pub hi: f64,
    /// How many rounds there were.
    pub rounds: usize,
}

impl PairedRatio {
    /// Sums up `ratios` (one per round; sorted in place); `None` without
    /// any.
    pub fn of(ratios: &mut [f64]) -> Option<Self> {
        ratios.sort_by(f64::total_cmp);
        let n = ratios.len();
        if n == 0 {
            return None;
        }
        // 1.96 / 2 × √n ranks either side of the median.
        let half = (0.98 * (n as f64).sqrt()).ceil() as usize;
        Some(Self {
            median: ratios[n / 2],
            lo: ratios[(n / 2).saturating_sub(half)],
            hi: ratios[(n / 2 + half).min(n - 1)],
            rounds: n,
        })
    }

    /// The record of group `name` for the table script, as one line of
    /// JSON.
    pub fn to_json(&self, name: &str, base: &str, other: &str) -> String {
        format!(
            "{{\"group\": \"{name}\", \"base\": \"{base}\", \"other\": \"{other}\", \
             \"rounds\": {}, \"ratio_median\": {}, \"ratio_lo\": {}, \"ratio_hi\": {}}}\n",
            self.rounds,
            json_number(self.median, 4),
            json_number(self.lo, 4),
            json_number(self.hi, 4)
        )
    }
}

/// Writes the paired ratios of one group (`other` time over `base` time,
/// one per round) for the table script: see [`PairedRatio`]. Also prints
/// them to stderr.
pub fn write_paired(name: &str, base: &str, other: &str, ratios: &mut [f64]) {
    let Some(r) = PairedRatio::of(ratios) else {
        return;
    };
    eprintln!(
        "{name}: paired ratio {other}/{base} = {:.3} [{:.3} – {:.3}] over {} rounds",
        r.median, r.lo, r.hi, r.rounds
    );
    record::write(
        &record::criterion_home().join("paired"),
        &format!("{name}.json"),
        &r.to_json(name, base, other),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_of_the_slot_start_at_the_same_address() {
        fn addresses<A, B>(a: A, b: B) -> (usize, usize) {
            let mut slot = Box::new(CachePadded::new(Slot::<A, B>::Empty));
            **slot = Slot::Base(a);
            let Slot::Base(cell) = &**slot else {
                unreachable!()
            };
            let base = std::ptr::from_ref(cell).addr();
            **slot = Slot::Other(b);
            let Slot::Other(cell) = &**slot else {
                unreachable!()
            };
            (base, std::ptr::from_ref(cell).addr())
        }
        let (a, b) = addresses(1u8, 2u64);
        assert_eq!(a, b);
        let (a, b) = addresses([0u64; 4], std::sync::atomic::AtomicBool::new(false));
        assert_eq!(a, b);
    }

    #[test]
    fn the_sides_alternate() {
        let firsts: Vec<bool> = (0..4).map(base_goes_first).collect();
        assert_eq!(firsts, [true, false, true, false]);
    }

    #[test]
    fn no_rounds_no_ratio() {
        assert_eq!(PairedRatio::of(&mut []), None);
    }

    #[test]
    fn one_round_is_its_own_interval() {
        let r = PairedRatio::of(&mut [1.5]).unwrap();
        assert_eq!((r.median, r.lo, r.hi, r.rounds), (1.5, 1.5, 1.5, 1));
    }

    #[test]
    fn forty_rounds_take_the_interval_seven_ranks_either_side() {
        // Rounds 0.00, 0.01, … 0.39, shuffled: the median is rank 20 and
        // ⌈0.98 √40⌉ = 7.
        let mut ratios: Vec<f64> = (0..40).map(|i| f64::from((i * 17) % 40) / 100.0).collect();
        let r = PairedRatio::of(&mut ratios).unwrap();
        assert_eq!((r.median, r.lo, r.hi, r.rounds), (0.20, 0.13, 0.27, 40));
        assert!(ratios.is_sorted());
    }

    #[test]
    fn the_interval_stays_inside_few_rounds() {
        let r = PairedRatio::of(&mut [3.0, 1.0, 2.0]).unwrap();
        assert_eq!((r.median, r.lo, r.hi), (2.0, 1.0, 3.0));
    }

    #[test]
    fn a_failed_round_sorts_last_and_is_written_as_null() {
        let r = PairedRatio::of(&mut [f64::INFINITY, 1.0]).unwrap();
        assert_eq!(r.hi, f64::INFINITY);
        assert_eq!(
            r.to_json("u64_add", "std", "atomics"),
            "{\"group\": \"u64_add\", \"base\": \"std\", \"other\": \"atomics\", \
             \"rounds\": 2, \"ratio_median\": null, \"ratio_lo\": 1.0000, \"ratio_hi\": null}\n"
        );
    }
}

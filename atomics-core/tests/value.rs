//! `Value<T>` from several threads: every read sees a value some writer
//! stored, whole; nothing is freed while read (miri checks that part).

use atomics_core::{Atomic, Value};
use std::sync::Arc;
use std::thread;

const WRITERS: usize = if cfg!(miri) { 2 } else { 4 };

/// Held by the tests that wait for reclamation, and by those that hold a
/// guard for long: one long-held guard delays reclamation for every `Value`
/// in the process, so these must not overlap.
static RECLAMATION: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn reclamation_alone() -> std::sync::MutexGuard<'static, ()> {
    RECLAMATION
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
const READERS: usize = if cfg!(miri) { 2 } else { 4 };
const WRITES: u64 = if cfg!(miri) { 30 } else { 5_000 };

/// A value that is only valid whole: a torn or freed read breaks `check`.
#[derive(Debug, Clone, PartialEq)]
struct Stamp {
    writer: u64,
    seq: u64,
    check: u64,
    payload: Vec<u64>,
}

impl Stamp {
    fn new(writer: u64, seq: u64) -> Self {
        Self {
            writer,
            seq,
            check: !(writer ^ seq),
            payload: vec![seq; 4],
        }
    }

    fn assert_whole(&self) {
        assert_eq!(self.check, !(self.writer ^ self.seq), "torn value {self:?}");
        assert!(
            self.payload.iter().all(|&p| p == self.seq),
            "torn payload {self:?}"
        );
        assert!((self.writer as usize) < WRITERS && self.seq < WRITES);
    }
}

#[test]
fn readers_see_only_values_writers_stored() {
    let cell = Value::new();
    cell.store(Stamp::new(0, 0));
    let writers_done = Atomic::new(0usize);
    let reads = Atomic::new(0u64);
    thread::scope(|s| {
        for w in 0..WRITERS as u64 {
            let (cell, writers_done) = (&cell, &writers_done);
            s.spawn(move || {
                for seq in 0..WRITES {
                    match seq % 3 {
                        0 => cell.store(Stamp::new(w, seq)),
                        1 => cell
                            .swap(Stamp::new(w, seq))
                            .expect("never empty")
                            .assert_whole(),
                        _ => {
                            cell.update(|_| Stamp::new(w, seq));
                        }
                    }
                }
                writers_done.add(1);
            });
        }
        for _ in 0..READERS {
            let (cell, writers_done, reads) = (&cell, &writers_done, &reads);
            s.spawn(move || {
                // Per writer, the sequence numbers a reader sees never go back.
                let mut last_seen = [0u64; WRITERS];
                let mut kept = Vec::new();
                // At least one round, however the threads are scheduled:
                // the writers may all be done before a reader starts.
                loop {
                    let finished = writers_done.load() == WRITERS;
                    let guard = cell.read().expect("never empty");
                    guard.assert_whole();
                    let w = guard.writer as usize;
                    assert!(guard.seq >= last_seen[w], "went back in time");
                    last_seen[w] = guard.seq;
                    drop(guard);
                    let arc = cell.load().expect("never empty");
                    arc.assert_whole();
                    if kept.len() < 8 {
                        kept.push(arc); // outlives later writes
                    }
                    reads.add(2);
                    if finished {
                        break;
                    }
                    thread::yield_now();
                }
                kept.iter().for_each(|k| k.assert_whole());
            });
        }
    });
    cell.load().unwrap().assert_whole();
    // Every reader read the final value at least once, after the writers.
    assert!(reads.load() >= 2 * READERS as u64);
}

#[test]
fn a_cache_never_goes_back_and_never_shows_a_freed_value() {
    // Writers store increasing sequence numbers; each reader reads through
    // its own cache (and a clone of it) and must never see a writer's
    // sequence go back, nor a torn or freed value (miri checks the latter).
    let cell = Value::from(Stamp::new(0, 0));
    let writers_done = Atomic::new(0usize);
    thread::scope(|s| {
        for w in 0..WRITERS as u64 {
            let (cell, writers_done) = (&cell, &writers_done);
            s.spawn(move || {
                for seq in 0..WRITES {
                    cell.store(Stamp::new(w, seq));
                }
                writers_done.add(1);
            });
        }
        for _ in 0..READERS {
            let (cell, writers_done) = (&cell, &writers_done);
            s.spawn(move || {
                let mut cache = cell.cache();
                let mut last_seen = [0u64; WRITERS];
                let mut reads = 0u64;
                while writers_done.load() < WRITERS || reads < 10 {
                    let stamp = cache.read().expect("never empty");
                    stamp.assert_whole();
                    let (w, seq) = (stamp.writer as usize, stamp.seq);
                    assert!(seq >= last_seen[w], "a cache went back in time");
                    last_seen[w] = seq;
                    if reads.is_multiple_of(64) {
                        // A clone starts from what the original holds and
                        // moves on from there.
                        let mut clone = cache.clone();
                        let later = clone.load().expect("never empty");
                        later.assert_whole();
                        assert!(later.writer as usize != w || later.seq >= seq);
                    }
                    reads += 1;
                    if cfg!(miri) {
                        thread::yield_now();
                    }
                }
            });
        }
    });
    // After the writers are done, a cache shows the last value stored.
    let last = cell.load().unwrap();
    assert_eq!(cell.cache().read(), Some(&*last));
}

#[test]
fn a_cache_keeps_what_it_returned_alive_and_lets_it_go_on_revalidate() {
    // Counted through a `Weak`, so that the test does not depend on when the
    // epoch releases the cell's reference (other tests hold guards).
    let cell = Value::from(String::from("one"));
    let mut cache = cell.cache();
    assert_eq!(
        cache.value().load().as_deref().map(String::as_str),
        Some("one")
    );
    assert_eq!(cache.read().map(String::as_str), Some("one"));
    let weak = Arc::downgrade(cache.load().unwrap());
    cell.store("two".into());
    for _ in 0..if cfg!(miri) { 300 } else { 3_000 } {
        drop(cell.read());
    }
    // Whatever reclamation did meanwhile, the cache's reference keeps "one".
    let before = weak.strong_count();
    assert!(before >= 1, "the cache holds the replaced value");
    assert_eq!(weak.upgrade().as_deref().map(String::as_str), Some("one"));
    cache.revalidate();
    assert_eq!(weak.strong_count(), before - 1, "the cache let go of it");
    assert_eq!(cache.read().map(String::as_str), Some("two"));
}

#[test]
fn a_cache_of_an_empty_cell() {
    let cell: Value<String> = Value::new();
    let mut cache = cell.cache();
    assert_eq!(cache.read(), None);
    assert!(cache.load().is_none());
    assert_eq!(format!("{cache:?}"), "ValueCache(<empty>)");
    assert!(cell.store_if_empty("set".into()));
    assert_eq!(cache.read().map(String::as_str), Some("set"));
    assert_eq!(format!("{cache:?}"), "ValueCache(\"set\")");
}

#[test]
fn compare_and_swap_by_value_under_contention() {
    // Writers race to advance a counter held by value; each successful
    // compare-and-swap moves it by exactly one, so none is lost.
    let cell = Value::from(0u64);
    let wins = Atomic::new(0u64);
    thread::scope(|s| {
        for _ in 0..WRITERS {
            s.spawn(|| {
                let mut mine = 0;
                while mine < WRITES {
                    let cur = *cell.load().unwrap();
                    if cell.compare_and_swap(&cur, cur + 1) {
                        mine += 1;
                        wins.add(1);
                    }
                }
            });
        }
    });
    assert_eq!(*cell.load().unwrap(), WRITERS as u64 * WRITES);
    assert_eq!(wins.load(), WRITERS as u64 * WRITES);
}

#[test]
fn update_loses_no_change() {
    let cell = Value::from(Vec::<u64>::new());
    thread::scope(|s| {
        for w in 0..WRITERS as u64 {
            let cell = &cell;
            s.spawn(move || {
                for i in 0..WRITES / 10 {
                    cell.update(|v| {
                        let mut v = v.clone();
                        v.push(w * WRITES + i);
                        v
                    });
                }
            });
        }
    });
    let mut all = (*cell.load().unwrap()).clone();
    all.sort_unstable();
    let mut expected: Vec<u64> = (0..WRITERS as u64)
        .flat_map(|w| (0..WRITES / 10).map(move |i| w * WRITES + i))
        .collect();
    expected.sort_unstable();
    assert_eq!(all, expected);
}

#[test]
fn store_if_empty_has_exactly_one_winner() {
    let cell = Value::new();
    let winners = Atomic::new(0usize);
    thread::scope(|s| {
        for w in 0..WRITERS {
            let (cell, winners) = (&cell, &winners);
            s.spawn(move || {
                if cell.store_if_empty(w) {
                    winners.add(1);
                }
            });
        }
    });
    assert_eq!(winners.load(), 1);
    assert!(*cell.load().unwrap() < WRITERS);
}

#[test]
fn empty_cell_semantics() {
    let cell: Value<String> = Value::new();
    assert!(cell.load().is_none());
    assert!(cell.read().is_none());
    assert!(
        !cell.compare_and_swap(&String::new(), "x".into()),
        "Go: CAS on empty fails"
    );
    assert!(cell.load().is_none(), "and leaves it empty");
    assert!(cell.update(|s| s.clone() + "!").is_none());
    assert!(cell.load().is_none());
    assert_eq!(cell.swap("a".into()), None);
    assert_eq!(
        cell.swap("b".into()).as_deref().map(String::as_str),
        Some("a")
    );
}

#[test]
fn replaced_values_are_dropped_exactly_once() {
    // Each drop decrements; after the cell and every Arc are gone (and the
    // epoch has had the chance to run deferred drops) nothing is dropped twice.
    let drops = Arc::new(Atomic::new(0usize));
    struct Counted(Arc<Atomic<usize>>);
    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.add(1);
        }
    }
    let _alone = reclamation_alone();
    let cell = Value::new();
    let n = if cfg!(miri) { 10 } else { 200 };
    for _ in 0..n {
        cell.store(Counted(Arc::clone(&drops)));
    }
    let last = cell.swap(Counted(Arc::clone(&drops))).unwrap();
    drop(cell);
    drop(last);
    // Deferred drops may still be pending in the epoch; force collection by
    // pinning and flushing until the count settles at n + 1 (bounded).
    for _ in 0..1000 {
        if drops.load() == n + 1 {
            break;
        }
        let v: Value<u8> = Value::new();
        for i in 0..64 {
            v.store(i);
        }
        thread::yield_now();
    }
    assert_eq!(drops.load(), n + 1);
}

#[test]
fn send_and_sync_exactly_when_t_is() {
    use std::cell::Cell;
    use std::marker::PhantomData;
    use std::rc::Rc;

    // Autoref probing: the inherent-like trait on `Probe<T>` wins when `T`
    // has the property, the fallback on `&Probe<T>` otherwise.
    struct Probe<T>(PhantomData<T>);
    trait Yes {
        fn sync(&self) -> bool {
            true
        }
    }
    trait No {
        fn sync(&self) -> bool {
            false
        }
    }
    impl<T: Send + Sync> Yes for Probe<T> {}
    impl<T> No for &Probe<T> {}
    macro_rules! send_sync {
        ($t:ty) => {
            (&Probe::<$t>(PhantomData)).sync()
        };
    }
    assert!(send_sync!(Value<String>));
    assert!(send_sync!(atomics_core::ValueCache<'static, String>));
    assert!(!send_sync!(atomics_core::ValueCache<'static, Cell<u8>>));
    assert!(
        !send_sync!(atomics_core::ValueRef<'static, String>),
        "a guard stays on its thread"
    );
    assert!(!send_sync!(Value<Cell<u8>>), "Cell is Send but not Sync");
    assert!(!send_sync!(Value<Rc<u8>>));
    assert!(
        !send_sync!(Value<std::sync::MutexGuard<'static, u8>>),
        "Sync but not Send"
    );
    assert!(
        send_sync!(atomics_core::Pointer<Rc<u8>>),
        "Pointer is Send + Sync for every T"
    );
}

// ---------------------------------------------------------------------------
// Reclamation: destructors that write, backlogs behind a held guard.
// ---------------------------------------------------------------------------

mod reclaim {
    use atomics_core::{Atomic, Value};
    use std::cell::Cell;
    use std::sync::mpsc;
    use std::sync::{Arc, Barrier};
    use std::thread;

    thread_local! {
        /// How many `Chained` destructors are running on this thread, one
        /// inside the other.
        static DEPTH: Cell<usize> = const { Cell::new(0) };
    }

    /// What the destructors saw: how often each value was dropped, and the
    /// deepest nesting of destructors on any thread.
    struct Ledger {
        drops: Vec<Atomic<u32>>,
        /// The sum of `drops`, kept apart so that waiting for it is cheap.
        dropped: Atomic<usize>,
        max_depth: Atomic<usize>,
    }

    impl Ledger {
        fn new(values: usize) -> Arc<Self> {
            Arc::new(Self {
                drops: (0..values).map(|_| Atomic::new(0)).collect(),
                dropped: Atomic::new(0),
                max_depth: Atomic::new(0),
            })
        }

        fn dropped(&self) -> usize {
            self.dropped.load()
        }

        fn assert_each_dropped_once(&self) {
            for (id, d) in self.drops.iter().enumerate() {
                assert_eq!(d.load(), 1, "value {id} dropped {} times", d.load());
            }
        }
    }

    /// A value whose destructor stores into another `Value`: a gauge of the
    /// last closed connection, a registry entry removing itself.
    struct Chained {
        id: usize,
        ledger: Arc<Ledger>,
        sink: Arc<Value<usize>>,
    }

    impl Drop for Chained {
        fn drop(&mut self) {
            let depth = DEPTH.with(|d| {
                d.set(d.get() + 1);
                d.get()
            });
            self.ledger.max_depth.max(depth);
            let before = self.ledger.drops[self.id].add(1) - 1;
            assert_eq!(before, 0, "value {} dropped twice", self.id);
            self.ledger.dropped.add(1);
            self.sink.store(self.id);
            DEPTH.with(|d| d.set(d.get() - 1));
        }
    }

    /// Ordinary use after the guard is gone: reads of a `Value`, and one
    /// store in 64, until `done` says the backlog is gone or `max_ops` ran
    /// out. Returns the number of operations it took.
    fn ordinary_use_until(done: impl Fn() -> bool, max_ops: usize) -> usize {
        let other = Value::from(0usize);
        for ops in 0..max_ops {
            if done() {
                return ops;
            }
            if ops % 64 == 0 {
                other.store(ops);
            } else {
                std::hint::black_box(other.read().map(|v| *v));
            }
        }
        assert!(done(), "backlog not reclaimed within {max_ops} operations");
        max_ops
    }

    /// Holds a guard from another thread until the returned sender is
    /// dropped or sent to; returns once the guard is held. The guard is on a
    /// `Value` of its own: any guard holds back the reclamation of every
    /// `Value` in the process.
    fn hold_guard<'scope>(s: &'scope thread::Scope<'scope, '_>) -> mpsc::Sender<()> {
        let (held_tx, held_rx) = mpsc::channel();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        s.spawn(move || {
            let unrelated = Value::from(0u8);
            let guard = unrelated.read().expect("not empty");
            held_tx.send(()).unwrap();
            let _ = release_rx.recv();
            drop(guard);
        });
        held_rx.recv().unwrap();
        release_tx
    }

    /// Stores `per_writer` chained values from each of `writers` threads
    /// while another thread holds a guard, then releases it and reclaims the
    /// backlog by ordinary use.
    fn chained_behind_a_guard(writers: usize, per_writer: usize) {
        let _alone = super::reclamation_alone();
        let n = writers * per_writer;
        let ledger = Ledger::new(n);
        let sink = Arc::new(Value::from(usize::MAX));
        let cell = Value::<Chained>::new();
        thread::scope(|s| {
            let release = hold_guard(s);
            let start = Barrier::new(writers);
            thread::scope(|w| {
                for t in 0..writers {
                    let (cell, ledger, sink, start) = (&cell, &ledger, &sink, &start);
                    w.spawn(move || {
                        start.wait();
                        for i in 0..per_writer {
                            cell.store(Chained {
                                id: t * per_writer + i,
                                ledger: Arc::clone(ledger),
                                sink: Arc::clone(sink),
                            });
                        }
                    });
                }
            });
            // Every value but the one in the cell is retired and none can be
            // freed: the guard may be looking at any of them.
            drop(release);
        });
        // The last value stored is still in the cell; dropping the cell
        // drops it here.
        drop(cell);
        let ops = ordinary_use_until(|| ledger.dropped() == n, 2 * n + 10_000);
        ledger.assert_each_dropped_once();
        let depth = ledger.max_depth.load();
        eprintln!(
            "{writers} writer(s) x {per_writer}: backlog of {n} reclaimed in {ops} ordinary \
             operations; deepest destructor nesting {depth}"
        );
        assert!(depth <= 2, "destructors nested {depth} deep");
    }

    #[test]
    fn destructor_that_stores_one_writer_behind_a_guard() {
        chained_behind_a_guard(1, if cfg!(miri) { 100 } else { 50_000 });
    }

    #[test]
    fn destructor_that_stores_several_writers_behind_a_guard() {
        chained_behind_a_guard(3, if cfg!(miri) { 40 } else { 20_000 });
    }

    #[test]
    fn destructor_that_stores_without_a_guard() {
        // No guard: values are reclaimed as the writes go, each destructor
        // writing again, and none runs inside another one's collection.
        let _alone = super::reclamation_alone();
        let n = if cfg!(miri) { 100 } else { 50_000 };
        let ledger = Ledger::new(n);
        let sink = Arc::new(Value::from(usize::MAX));
        let cell = Value::new();
        for id in 0..n {
            cell.store(Chained {
                id,
                ledger: Arc::clone(&ledger),
                sink: Arc::clone(&sink),
            });
        }
        drop(cell);
        ordinary_use_until(|| ledger.dropped() == n, 2 * n + 10_000);
        ledger.assert_each_dropped_once();
        assert!(ledger.max_depth.load() <= 2);
    }

    #[test]
    fn backlog_reclaimed_by_ordinary_use_in_proportion_to_its_size() {
        // A plain value this time: the backlog's size alone decides the work.
        static DROPPED: Atomic<usize> = Atomic::new(0);
        struct Counted;
        impl Drop for Counted {
            fn drop(&mut self) {
                DROPPED.add(1);
            }
        }
        let _alone = super::reclamation_alone();
        let n = if cfg!(miri) { 200 } else { 100_000 };
        let cell = Value::new();
        thread::scope(|s| {
            let release = hold_guard(s);
            for _ in 0..n {
                cell.store(Counted);
            }
            drop(release);
        });
        // n - 1 retired values wait; the last one is still in the cell.
        let ops = ordinary_use_until(|| DROPPED.load() == n - 1, 2 * n + 10_000);
        eprintln!(
            "backlog of {} values reclaimed in {ops} ordinary operations",
            n - 1
        );
        drop(cell);
        assert_eq!(DROPPED.load(), n);
    }
}

//! The classic *hold* benchmark of a pending-event set (Jones, CACM 1986): keep `n`
//! events pending; each hold pops the earliest and schedules one at its time plus an
//! Exp(1) offset. Reported per hold at n = 16, 32, 64 and 128 (orgsim's own sets: 5 to
//! 55 events on the shipped scenarios, one or two per developer and product person),
//! 1,000 and 100,000 (out of cache).
//!
//! The same loop runs over the kernel's [`Scheduler`] (a sorted array while small, a
//! 4-ary heap with packed integer keys and hole-based sifting when large), over
//! `std::collections::BinaryHeap` with the same (time, seq) order, and over bench
//! copies of the alternatives, so that each choice is justified by numbers: the kernel
//! as it was first (4-ary, `total_cmp` keys, swaps); the heap layout at arity 2, 4 and 8,
//! at arity 4 with a branchy scan for the least child, with sentinel padding (every
//! node has four children) and with a bottom-up pop (Floyd); and a sorted array alone,
//! filled by a linear scan or by a binary search. Offsets are drawn before timing into
//! a buffer, so the RNG is not measured; `exp_draw` measures one Exp(1) draw from the
//! model's ChaCha8 stream on its own, to add back for a hold that draws its offset.
//!
//! Each criterion iteration is `HOLDS` holds: the time per iteration in µs reads as ns
//! per hold, and the throughput as million events per second.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use orgsim::kernel::Scheduler;
use rand::SeedableRng;
use rand_distr::{Distribution, Exp};
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::hint::black_box;
use std::time::Duration;

/// A payload of the model's event size (an enum of up to two `u32` and a tag).
type Payload = [u32; 3];

/// Holds per criterion iteration.
const HOLDS: usize = 1000;

/// Length of the pre-drawn offset buffer, a power of two for cheap wrapping.
const OFFSETS: usize = 1 << 16;

/// The two operations a hold needs; each queue numbers its own events in order.
trait PendingSet {
    fn schedule(&mut self, time: f64, event: Payload);
    fn next(&mut self) -> (f64, Payload);
}

impl PendingSet for Scheduler<Payload> {
    #[inline]
    fn schedule(&mut self, time: f64, event: Payload) {
        self.schedule_at(time, event);
    }
    #[inline]
    fn next(&mut self) -> (f64, Payload) {
        self.pop().expect("the hold keeps the set full")
    }
}

/// `std`'s binary heap with the kernel's order: earliest time, then lowest sequence.
#[derive(Default)]
struct StdHeap {
    heap: BinaryHeap<StdEntry>,
    seq: u64,
}

struct StdEntry {
    time: f64,
    seq: u64,
    event: Payload,
}

impl PartialEq for StdEntry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for StdEntry {}
impl PartialOrd for StdEntry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for StdEntry {
    /// Reversed: `BinaryHeap` pops the greatest.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then(other.seq.cmp(&self.seq))
    }
}

impl PendingSet for StdHeap {
    #[inline]
    fn schedule(&mut self, time: f64, event: Payload) {
        self.seq += 1;
        self.heap.push(StdEntry {
            time,
            seq: self.seq,
            event,
        });
    }
    #[inline]
    fn next(&mut self) -> (f64, Payload) {
        let e = self.heap.pop().expect("the hold keeps the set full");
        (e.time, e.event)
    }
}

/// The kernel's first heap: 4-ary, (f64, u64) keys compared with `total_cmp`, sifting
/// by swaps. Kept to show what the packed keys and holes bought.
#[derive(Default)]
struct SwapHeap {
    entries: Vec<(f64, u64, Payload)>,
    seq: u64,
}

impl SwapHeap {
    #[inline]
    fn before(a: &(f64, u64, Payload), b: &(f64, u64, Payload)) -> bool {
        match a.0.total_cmp(&b.0) {
            Ordering::Less => true,
            Ordering::Greater => false,
            Ordering::Equal => a.1 < b.1,
        }
    }
}

impl PendingSet for SwapHeap {
    #[inline]
    fn schedule(&mut self, time: f64, event: Payload) {
        self.seq += 1;
        self.entries.push((time, self.seq, event));
        let mut i = self.entries.len() - 1;
        while i > 0 {
            let parent = (i - 1) / 4;
            if Self::before(&self.entries[i], &self.entries[parent]) {
                self.entries.swap(i, parent);
                i = parent;
            } else {
                break;
            }
        }
    }
    #[inline]
    fn next(&mut self) -> (f64, Payload) {
        let last = self.entries.pop().expect("the hold keeps the set full");
        if self.entries.is_empty() {
            return (last.0, last.2);
        }
        let top = std::mem::replace(&mut self.entries[0], last);
        let n = self.entries.len();
        let mut i = 0;
        loop {
            let first = i * 4 + 1;
            if first >= n {
                break;
            }
            let mut best = first;
            for c in first + 1..(first + 4).min(n) {
                if Self::before(&self.entries[c], &self.entries[best]) {
                    best = c;
                }
            }
            if Self::before(&self.entries[best], &self.entries[i]) {
                self.entries.swap(i, best);
                i = best;
            } else {
                break;
            }
        }
        (top.0, top.2)
    }
}

/// The kernel's heap layout (packed `u128` key, hole-based sifting) at any arity `D`, to
/// compare arities on equal terms. With `BRANCH_FREE` the least child of a full node is
/// found by a tournament whose comparisons become index arithmetic, as in the kernel;
/// without it, by a scan whose comparisons are jumps (to show what that costs). With
/// `BOTTOM_UP` a pop moves the hole down to a leaf along the least children without
/// comparing them to the last entry, then sifts that entry up from the leaf (Floyd):
/// one comparison fewer per level, for a walk back up that is usually short.
#[derive(Default)]
struct DaryHeap<const D: usize, const BRANCH_FREE: bool, const BOTTOM_UP: bool> {
    entries: Vec<(u128, Payload)>,
    seq: u64,
}

impl<const D: usize, const BRANCH_FREE: bool, const BOTTOM_UP: bool>
    DaryHeap<D, BRANCH_FREE, BOTTOM_UP>
{
    #[inline]
    fn least_child(&self, first: usize, n: usize) -> usize {
        let key = |i: usize| self.entries[i].0;
        if BRANCH_FREE && first + D <= n {
            let mut round: [usize; D] = std::array::from_fn(|i| first + i);
            let mut len = D;
            while len > 1 {
                for i in 0..len / 2 {
                    let (a, b) = (round[2 * i], round[2 * i + 1]);
                    round[i] = a + usize::from(key(b) < key(a)) * (b - a);
                }
                len /= 2;
            }
            round[0]
        } else {
            let mut best = first;
            for c in first + 1..(first + D).min(n) {
                if key(c) < key(best) {
                    best = c;
                }
            }
            best
        }
    }

    /// Moves the hole at `hole` up until `entry` fits, and puts it there.
    #[inline]
    fn sift_up(&mut self, mut hole: usize, entry: (u128, Payload)) {
        while hole > 0 {
            let parent = (hole - 1) / D;
            if entry.0 < self.entries[parent].0 {
                self.entries[hole] = self.entries[parent];
                hole = parent;
            } else {
                break;
            }
        }
        self.entries[hole] = entry;
    }
}

impl<const D: usize, const BRANCH_FREE: bool, const BOTTOM_UP: bool> PendingSet
    for DaryHeap<D, BRANCH_FREE, BOTTOM_UP>
{
    #[inline]
    fn schedule(&mut self, time: f64, event: Payload) {
        self.seq += 1;
        let key = packed_key(time, self.seq);
        let hole = self.entries.len();
        self.entries.push((key, event));
        self.sift_up(hole, (key, event));
    }
    #[inline]
    fn next(&mut self) -> (f64, Payload) {
        let last = self.entries.pop().expect("the hold keeps the set full");
        let Some(&top) = self.entries.first() else {
            return (key_time(last.0), last.1);
        };
        let n = self.entries.len();
        let mut hole = 0;
        loop {
            let first = hole * D + 1;
            if first >= n {
                break;
            }
            let least = self.least_child(first, n);
            if BOTTOM_UP || self.entries[least].0 < last.0 {
                self.entries[hole] = self.entries[least];
                hole = least;
            } else {
                break;
            }
        }
        if BOTTOM_UP {
            self.sift_up(hole, last);
        } else {
            self.entries[hole] = last;
        }
        (key_time(top.0), top.1)
    }
}

/// The kernel's heap layout at arity 4 with sentinel padding: the array always ends on
/// a full node, its slots past the last event holding the greatest key, so that the
/// least child is always a four-way tournament and never the partial node's scan.
#[derive(Default)]
struct PaddedHeap {
    /// Events in `..len`, sentinels after, up to the end of the last node's children.
    entries: Vec<(u128, Payload)>,
    len: usize,
    seq: u64,
}

/// What fills a padded heap's slots past its last event: a key above every event's.
const SENTINEL: (u128, Payload) = (u128::MAX, [0; 3]);

impl PaddedHeap {
    #[inline]
    fn least_child(&self, first: usize) -> usize {
        let key = |i: usize| self.entries[i].0;
        let a = first + usize::from(key(first + 1) < key(first));
        let b = first + 2 + usize::from(key(first + 3) < key(first + 2));
        if key(b) < key(a) {
            b
        } else {
            a
        }
    }
}

impl PendingSet for PaddedHeap {
    #[inline]
    fn schedule(&mut self, time: f64, event: Payload) {
        self.seq += 1;
        let key = packed_key(time, self.seq);
        let mut hole = self.len;
        self.len += 1;
        // Slots are the root and then whole nodes of four children: 1..=4, 5..=8, …
        if hole == self.entries.len() {
            let node = if hole == 0 { 1 } else { 4 };
            self.entries.resize(hole + node, SENTINEL);
        }
        while hole > 0 {
            let parent = (hole - 1) / 4;
            if key < self.entries[parent].0 {
                self.entries[hole] = self.entries[parent];
                hole = parent;
            } else {
                break;
            }
        }
        self.entries[hole] = (key, event);
    }
    #[inline]
    fn next(&mut self) -> (f64, Payload) {
        assert!(self.len > 0, "the hold keeps the set full");
        let top = self.entries[0];
        self.len -= 1;
        let n = self.len;
        let last = std::mem::replace(&mut self.entries[n], SENTINEL);
        if n > 0 {
            let mut hole = 0;
            loop {
                let first = hole * 4 + 1;
                if first >= n {
                    break;
                }
                let least = self.least_child(first);
                if self.entries[least].0 < last.0 {
                    self.entries[hole] = self.entries[least];
                    hole = least;
                } else {
                    break;
                }
            }
            self.entries[hole] = last;
        }
        (key_time(top.0), top.1)
    }
}

/// How a sorted array finds a new event's place: from the earliest end, moving each
/// entry it passes up by one as it goes (insertion sort's inner loop) …
const FUSED: u8 = 0;
/// … from the earliest end, then one `copy_within` for the entries it passed …
const SCAN: u8 = 1;
/// … or by binary search, then one `copy_within` (`Vec::insert`).
const BISECT: u8 = 2;

/// A sorted array alone, latest first, so that the earliest is popped from the end
/// (`Vec::pop`) and a new event shifts only the entries due before it. `SEARCH` is
/// `FUSED`, `SCAN` or `BISECT`.
#[derive(Default)]
struct SortedArray<const SEARCH: u8> {
    entries: Vec<(u128, Payload)>,
    seq: u64,
}

impl<const SEARCH: u8> PendingSet for SortedArray<SEARCH> {
    #[inline]
    fn schedule(&mut self, time: f64, event: Payload) {
        self.seq += 1;
        let key = packed_key(time, self.seq);
        let n = self.entries.len();
        match SEARCH {
            FUSED => {
                self.entries.push((key, event));
                let mut hole = n;
                while hole > 0 && self.entries[hole - 1].0 < key {
                    self.entries[hole] = self.entries[hole - 1];
                    hole -= 1;
                }
                self.entries[hole] = (key, event);
            }
            SCAN => {
                let mut at = n;
                while at > 0 && self.entries[at - 1].0 < key {
                    at -= 1;
                }
                self.entries.insert(at, (key, event));
            }
            // BISECT
            _ => {
                let at = self.entries.partition_point(|e| e.0 > key);
                self.entries.insert(at, (key, event));
            }
        }
    }
    #[inline]
    fn next(&mut self) -> (f64, Payload) {
        let (key, event) = self.entries.pop().expect("the hold keeps the set full");
        (key_time(key), event)
    }
}

/// The bench copies' key: times here are ≥ 0, whose bit patterns sort like the numbers.
#[inline]
fn packed_key(time: f64, seq: u64) -> u128 {
    (u128::from(time.to_bits()) << 64) | u128::from(seq)
}

/// The time of a bench copy's key.
#[inline]
fn key_time(key: u128) -> f64 {
    f64::from_bits((key >> 64) as u64)
}

/// Exp(1) offsets drawn once, outside the timed loop.
fn offsets() -> Vec<f64> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(20240601);
    let exp = Exp::new(1.0).expect("rate 1");
    (0..OFFSETS).map(|_| exp.sample(&mut rng)).collect()
}

/// A queue filled with `n` events and run through enough holds that the distribution
/// of pending times has settled (the hold model's transient lasts a few times `n`).
fn settled<Q: PendingSet>(mut queue: Q, n: usize, offsets: &[f64]) -> (Q, usize) {
    for (i, &offset) in offsets.iter().cycle().take(n).enumerate() {
        queue.schedule(offset, [i as u32; 3]);
    }
    let mut cursor = 0;
    for _ in 0..(4 * n).max(100_000) {
        hold(&mut queue, offsets, &mut cursor);
    }
    (queue, cursor)
}

#[inline]
fn hold<Q: PendingSet>(queue: &mut Q, offsets: &[f64], cursor: &mut usize) {
    let (time, event) = queue.next();
    queue.schedule(time + offsets[*cursor & (OFFSETS - 1)], black_box(event));
    *cursor += 1;
}

/// The sets orgsim has (16 to 64 pending events, and 128 for the crossover of a sorted
/// array with a heap).
const SMALL: &[usize] = &[16, 32, 64, 128];
/// One in cache and one beyond it.
const LARGE: &[usize] = &[1_000, 100_000];

fn bench_queue<Q: PendingSet>(
    c: &mut Criterion,
    name: &str,
    sizes: &[&[usize]],
    make: impl Fn() -> Q,
) {
    let offsets = offsets();
    let mut group = c.benchmark_group("hold");
    group.throughput(Throughput::Elements(HOLDS as u64));
    for &n in sizes.iter().copied().flatten() {
        group.bench_function(BenchmarkId::new(name, n), |b| {
            let (mut queue, mut cursor) = settled(make(), n, &offsets);
            b.iter(|| {
                for _ in 0..HOLDS {
                    hold(&mut queue, &offsets, &mut cursor);
                }
            });
        });
    }
    group.finish();
}

fn hold_benches(c: &mut Criterion) {
    let all = &[SMALL, LARGE];
    bench_queue(c, "kernel", all, Scheduler::<Payload>::new);
    bench_queue(c, "std-binaryheap", all, StdHeap::default);
    bench_queue(c, "previous-4ary-swaps", &[LARGE], SwapHeap::default);
    bench_queue(
        c,
        "packed-2ary",
        &[LARGE],
        DaryHeap::<2, true, false>::default,
    );
    bench_queue(c, "packed-4ary", all, DaryHeap::<4, true, false>::default);
    bench_queue(
        c,
        "packed-8ary",
        &[LARGE],
        DaryHeap::<8, true, false>::default,
    );
    bench_queue(
        c,
        "packed-4ary-branchy",
        &[LARGE],
        DaryHeap::<4, false, false>::default,
    );
    bench_queue(
        c,
        "packed-4ary-bottom-up",
        all,
        DaryHeap::<4, true, true>::default,
    );
    bench_queue(c, "packed-4ary-padded", all, PaddedHeap::default);
    bench_queue(
        c,
        "sorted-fused",
        &[SMALL, &[1_000]],
        SortedArray::<FUSED>::default,
    );
    bench_queue(c, "sorted-scan", &[SMALL], SortedArray::<SCAN>::default);
    bench_queue(c, "sorted-bisect", &[SMALL], SortedArray::<BISECT>::default);
}

/// What drawing the offset would add to a hold: one Exp(1) draw from ChaCha8, the
/// generator behind every stream of the model.
fn exp_draw(c: &mut Criterion) {
    let mut rng = orgsim::model::streams::Stream::seed_from_u64(7);
    let exp = Exp::new(1.0).expect("rate 1");
    let mut group = c.benchmark_group("hold");
    group.throughput(Throughput::Elements(HOLDS as u64));
    group.bench_function("exp_draw", |b| {
        b.iter(|| {
            for _ in 0..HOLDS {
                black_box(exp.sample(&mut rng));
            }
        })
    });
    group.finish();
}

fn config() -> Criterion {
    // Modest times: the machine is shared, and the figures are read as orders of
    // magnitude between queues, not to the nanosecond.
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30)
}

criterion_group! {
    name = benches;
    config = config();
    targets = hold_benches, exp_draw
}
criterion_main!(benches);

//! The decision loop written by hand for this one model, the limit orgsim's general
//! engine is measured against (`benches/decision_loop.rs`).
//!
//! The finite-source M/M/c//N queue (docs/model.md §16): N developers each work for an
//! exponential stretch, then raise a question and stay blocked until one of c
//! answerers has answered it (exponential, first come first served). It is what a
//! programmer who knows nothing but this model would write: a
//! `std::collections::BinaryHeap` of events ordered by (time, sequence number), a
//! `VecDeque` of waiting developers, one generator per trial, and no item, no ledger,
//! no booking of anyone's hours.
//!
//! It measures what orgsim measures (docs/model.md §12), so that the two do the same
//! work: a decision wait counts when its answer starts in the window, a latency when
//! the developer is unblocked in it, and a question still open at the end counts with
//! what it has waited so far. `tests/integration/hand_loop.rs` holds its means to the
//! machine-repairman formula, so the bench times a correct loop.

use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Exp};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

/// The queue and the window it is measured over; times in hours.
#[derive(Debug, Clone, Copy)]
pub struct Repairman {
    /// N, developers.
    pub developers: u32,
    /// c, answerers.
    pub answerers: u32,
    /// 1/λ, mean working hours between a developer's questions.
    pub question_mean_h: f64,
    /// 1/μ, mean hours of an answer.
    pub answer_mean_h: f64,
    /// End of the warm-up, where the measured window starts.
    pub warmup_h: f64,
    /// End of the window and of the trial.
    pub end_h: f64,
}

impl Repairman {
    /// The decision loop the issue measures: M/M/2//12, a question every 4 working
    /// hours, answers of an hour (the answerers busy ~93% of the time), 10 weeks of
    /// warm-up and 200 measured weeks of 40 hours: 8,400 simulated hours a trial.
    pub const ISSUE: Repairman = Repairman {
        developers: 12,
        answerers: 2,
        question_mean_h: 4.0,
        answer_mean_h: 1.0,
        warmup_h: 10.0 * 40.0,
        end_h: 210.0 * 40.0,
    };

    /// The same model as an orgsim scenario (as `benches/peers/compare.py` writes it):
    /// one squad with `unlimited_backlog`, exponential questions and answers, one
    /// structure of `answerers` people who only answer, and nothing else taking time.
    /// `trials` trials, seeded with `seed`.
    pub fn scenario(&self, trials: u32, seed: u64) -> String {
        const HOURS_PER_WEEK: f64 = 40.0;
        format!(
            r#"
name = "hand-loop-repairman"
description = "the decision loop against a loop written by hand: M/M/{c}//{n}"

[run]
weeks = {weeks}
warmup_weeks = {warmup}
trials = {trials}
seed = {seed}
hours_per_week = {HOURS_PER_WEEK:?}

[team]
squads = 1
devs_per_squad = {n}

[work]
unlimited_backlog = true
item_effort_hours = {{ dist = "exp", mean = 24.0 }}
question_every_hours = {{ dist = "exp", mean = {q:?} }}
answer_hours = {{ dist = "exp", mean = {a:?} }}
escalation_share = 0.0
accept_hours = 0.0
resume_hours = 0.0
ceremony_hours_per_week = 0.0

[[structures]]
name = "answer-pool"
people = [ {{ role = "answerer", count = {c}, duties = ["answer"] }} ]
"#,
            n = self.developers,
            c = self.answerers,
            q = self.question_mean_h,
            a = self.answer_mean_h,
            weeks = ((self.end_h - self.warmup_h) / HOURS_PER_WEEK).round(),
            warmup = (self.warmup_h / HOURS_PER_WEEK).round(),
        )
    }
}

/// What one trial measured.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    /// Mean decision wait (raised to answer started), hours: the queue's Wq.
    pub wait_mean_h: f64,
    /// Mean decision latency (raised to unblocked), hours: the queue's W.
    pub latency_mean_h: f64,
    /// Events popped from the heap.
    pub events: u64,
}

/// What an event does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    /// The developer reaches its next question.
    Question,
    /// The developer's answer is done.
    Answered,
}

#[derive(Debug, Clone, Copy)]
struct Event {
    time: f64,
    seq: u64,
    what: What,
    developer: u32,
}

// `BinaryHeap` is a max-heap: the order is reversed so that the earliest event, and
// among simultaneous ones the first scheduled, comes out first.
impl Ord for Event {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then(other.seq.cmp(&self.seq))
    }
}

impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Event {}

/// A running sum and count, for a mean.
#[derive(Debug, Default, Clone, Copy)]
struct Mean {
    sum: f64,
    n: u64,
}

impl Mean {
    fn push(&mut self, x: f64) {
        self.sum += x;
        self.n += 1;
    }

    fn get(self) -> f64 {
        self.sum / self.n as f64
    }
}

/// One trial of `model`, every draw from one generator `R` seeded with `seed`.
pub fn run<R: Rng + SeedableRng>(model: &Repairman, seed: u64) -> Outcome {
    let mut rng = R::seed_from_u64(seed);
    let question = Exp::new(1.0 / model.question_mean_h).expect("a positive mean");
    let answer = Exp::new(1.0 / model.answer_mean_h).expect("a positive mean");
    let in_window = |t: f64| t >= model.warmup_h && t <= model.end_h;

    let n = model.developers as usize;
    let mut events = BinaryHeap::with_capacity(n + 1);
    let mut seq = 0;
    let mut schedule = |events: &mut BinaryHeap<Event>, time, what, developer| {
        seq += 1;
        events.push(Event {
            time,
            seq,
            what,
            developer,
        });
    };
    for developer in 0..model.developers {
        let at = question.sample(&mut rng);
        schedule(&mut events, at, What::Question, developer);
    }

    // Per developer: when its open question was raised, and whether an answerer has
    // taken it up.
    let mut raised: Vec<Option<f64>> = vec![None; n];
    let mut started = vec![false; n];
    let mut waiting: VecDeque<u32> = VecDeque::with_capacity(n);
    let mut free = model.answerers;
    let (mut wait, mut latency) = (Mean::default(), Mean::default());
    let mut popped = 0;

    while let Some(event) = events.pop() {
        let now = event.time;
        if now > model.end_h {
            break;
        }
        popped += 1;
        let d = event.developer as usize;
        match event.what {
            What::Question => {
                raised[d] = Some(now);
                if free > 0 {
                    free -= 1;
                    started[d] = true;
                    if in_window(now) {
                        wait.push(0.0);
                    }
                    let at = now + answer.sample(&mut rng);
                    schedule(&mut events, at, What::Answered, event.developer);
                } else {
                    started[d] = false;
                    waiting.push_back(event.developer);
                }
            }
            What::Answered => {
                if let Some(asked) = raised[d].take() {
                    if in_window(now) {
                        latency.push(now - asked);
                    }
                }
                let at = now + question.sample(&mut rng);
                schedule(&mut events, at, What::Question, event.developer);
                match waiting.pop_front() {
                    Some(next) => {
                        let next_d = next as usize;
                        started[next_d] = true;
                        if let (Some(asked), true) = (raised[next_d], in_window(now)) {
                            wait.push(now - asked);
                        }
                        let at = now + answer.sample(&mut rng);
                        schedule(&mut events, at, What::Answered, next);
                    }
                    None => free += 1,
                }
            }
        }
    }
    // Questions still open at the end count with what they have waited so far.
    for (asked, &taken_up) in raised.iter().zip(&started) {
        if let Some(asked) = asked {
            if !taken_up {
                wait.push(model.end_h - asked);
            }
            latency.push(model.end_h - asked);
        }
    }
    Outcome {
        wait_mean_h: wait.get(),
        latency_mean_h: latency.get(),
        events: popped,
    }
}

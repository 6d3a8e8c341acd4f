//! Random streams: one per random process, seeded from (seed, scenario, trial, process).
//!
//! The structure is deliberately *not* part of a stream's seed: trial i of every
//! structure draws the same requests, efforts and question times (common random
//! numbers), which is what makes paired differences between structures tight. The
//! sweep point is not part of it either, so neighbouring points share their work too.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator behind every stream: ChaCha8 is portable and its output is fixed by
/// its specification, so a seed means the same draws on every machine and version.
pub type Stream = ChaCha8Rng;

/// A random process of the model, naming its stream.
#[derive(Debug, Clone, Copy)]
pub enum Process<'a> {
    /// Inter-arrival times of a stakeholder group's requests.
    Arrivals(&'a str),
    /// What a group's requests carry: value, estimate noise, triage hours, items.
    Requests(&'a str),
    /// The intervals between one developer's questions. What each question costs
    /// draws from the developer's streams of [`Service`], one each, so that a
    /// structure's distribution of one (a constant draws nothing, a random one draws)
    /// never shifts another.
    Questions {
        /// Squad, counted from 0.
        squad: u32,
        /// Developer within the squad, counted from 0.
        dev: u32,
    },
    /// The efforts of the items drawn for a squad under `unlimited_backlog`.
    SquadItems(u32),
    /// Their acceptance hours, a stream apart from their efforts.
    SquadItemAccepts(u32),
    /// One of one developer's service streams (docs/model.md §11).
    QuestionService {
        /// Which quantity of a question.
        part: Service,
        /// Squad, counted from 0.
        squad: u32,
        /// Developer within the squad, counted from 0.
        dev: u32,
    },
    /// One product person's own draws, by its label ("po-2"): the weeks it is absent
    /// (docs/model.md §17.3). Keyed by the label, not the structure, so that the same
    /// person of two structures is away in the same weeks of trial i; drawn for every
    /// year of the run when the trial starts, whatever the person does.
    Person(&'a str),
    /// One developer's absence weeks (docs/model.md §17.3), by squad and position as
    /// its questions are: a stream apart, so that absences never shift the questions'
    /// draws; drawn for every year of the run when the trial starts.
    DevAbsences {
        /// Squad, counted from 0.
        squad: u32,
        /// Developer within the squad, counted from 0.
        dev: u32,
    },
    /// What one developer's questions cost besides their hours (docs/model.md §5):
    /// per question, in this order, whether its decision is wrong (a uniform draw) and
    /// the rework a wrong one adds, when some structure of the scenario may decide
    /// wrongly; then the hand-off hours of its escalation, when some structure has
    /// hand-offs. A stream of its own rather than more draws from `Questions`, so that
    /// a file without these keys draws exactly what it drew before; drawn for every
    /// question, whether or not this structure's decision turns out wrong or hands
    /// off, so that trial i of every structure sees the same wrong decisions, rework
    /// and hand-off hours for the same question.
    Decisions {
        /// Squad, counted from 0.
        squad: u32,
        /// Developer within the squad, counted from 0.
        dev: u32,
    },
    /// The hours of one product person's switches between queues, by its label, when
    /// `switch_hours` is a distribution (docs/model.md §9): one draw each time the
    /// person pays a switch. A stream apart from [`Process::Person`], so that absences
    /// are drawn as before; none is drawn when the hours are a constant.
    Switches(&'a str),
    /// The hours of one squad's weekly ceremony blocks, when `ceremony_hours_per_week`
    /// is a distribution (docs/model.md §7): one draw each week at the squad's block
    /// time, also for a joint block held at that time.
    Ceremonies(u32),
    /// The hours of one discovery holder's sessions, by its label, when
    /// `session_hours` is a distribution (docs/model.md §8): one draw for each session
    /// it is given, in the order given.
    Sessions(&'a str),
    /// Whether a stakeholder group's accepted requests wait for sign-off, and how long
    /// (docs/model.md §3), when some structure of the scenario has `approval`: per
    /// request, a uniform draw then the delay, for every request. A stream apart from
    /// [`Process::Requests`] because the delay's distribution is the structure's: a
    /// structure with a constant delay draws nothing for it, one with a random delay
    /// draws, and the request's own content must not shift between them.
    RequestApprovals(&'a str),
    /// The same for one developer's escalated questions: per question, a uniform draw
    /// then the delay, apart from [`Process::Questions`] for the same reason.
    QuestionApprovals {
        /// Squad, counted from 0.
        squad: u32,
        /// Developer within the squad, counted from 0.
        dev: u32,
    },
}

/// What a developer's question draws besides its interval, each from a stream of its
/// own: whether a draw is made depends on the structure's distribution of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// The answer's hours.
    Answer,
    /// Whether the question escalates (a uniform draw).
    Escalates,
    /// The escalation's hours.
    Escalation,
    /// The hours to get back into the work.
    Resume,
    /// The rework a wrong decision adds (beside [`Process::Decisions`]' uniform draw of
    /// whether it is wrong).
    Rework,
    /// The hours an escalation handed off gains.
    Handoff,
}

/// A short stream a request seeds for each part of its items' work: Xoshiro256++,
/// whose seeding is a few instructions and which keeps no block of output, where a
/// ChaCha8 stream would cost a block of output per part and request.
pub type PartStream = Xoshiro256PlusPlus;

/// The stream of part `part` of the work a seed stands for (an item's effort,
/// refinement and acceptance hours), so that each part draws apart from the others:
/// how many draws a part takes depends on the structure's distribution of it.
pub fn part_stream(seed: u64, part: u64) -> PartStream {
    PartStream::seed_from_u64(mix(seed ^ mix(part)))
}

/// FNV-1a: a hash fixed by its definition, unlike `std`'s, so seeds stay stable.
fn fnv1a(bytes: &[u8], mut h: u64) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// SplitMix64's finaliser: spreads nearby inputs over the whole seed space.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The seed shared by every stream of one trial of a scenario.
pub fn trial_key(seed: u64, scenario: &str, trial: u32) -> u64 {
    let h = fnv1a(scenario.as_bytes(), 0xcbf2_9ce4_8422_2325);
    mix(mix(seed ^ h).wrapping_add(trial as u64))
}

/// The stream of one process within a trial.
pub fn stream(trial_key: u64, process: Process<'_>) -> Stream {
    let (tag, a, b): (u64, u64, u64) = match process {
        Process::Arrivals(name) => (1, fnv1a(name.as_bytes(), 0xcbf2_9ce4_8422_2325), 0),
        Process::Requests(name) => (2, fnv1a(name.as_bytes(), 0xcbf2_9ce4_8422_2325), 0),
        Process::Questions { squad, dev } => (3, squad as u64, dev as u64),
        Process::SquadItems(squad) => (4, squad as u64, 0),
        // Tags are never reused: a new process takes a new one.
        Process::Decisions { squad, dev } => (5, squad as u64, dev as u64),
        Process::Person(label) => (11, fnv1a(label.as_bytes(), 0xcbf2_9ce4_8422_2325), 0),
        Process::DevAbsences { squad, dev } => (12, squad as u64, dev as u64),
        Process::Switches(label) => (13, fnv1a(label.as_bytes(), 0xcbf2_9ce4_8422_2325), 0),
        Process::Ceremonies(squad) => (14, squad as u64, 0),
        Process::Sessions(label) => (15, fnv1a(label.as_bytes(), 0xcbf2_9ce4_8422_2325), 0),
        Process::RequestApprovals(name) => (16, fnv1a(name.as_bytes(), 0xcbf2_9ce4_8422_2325), 0),
        Process::QuestionApprovals { squad, dev } => (17, squad as u64, dev as u64),
        Process::SquadItemAccepts(squad) => (18, squad as u64, 0),
        Process::QuestionService { part, squad, dev } => {
            (19 + part as u64, squad as u64, dev as u64)
        }
    };
    let s = mix(mix(mix(trial_key ^ tag).wrapping_add(a)).wrapping_add(b));
    ChaCha8Rng::seed_from_u64(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn streams_differ_by_process_and_trial() {
        let k = trial_key(7, "s", 0);
        let a: u64 = stream(k, Process::Arrivals("sales")).random();
        let b: u64 = stream(k, Process::Requests("sales")).random();
        let c: u64 = stream(trial_key(7, "s", 1), Process::Arrivals("sales")).random();
        let d: u64 = stream(k, Process::Questions { squad: 0, dev: 1 }).random();
        let e: u64 = stream(k, Process::Questions { squad: 1, dev: 0 }).random();
        let f: u64 = stream(k, Process::Person("sales")).random();
        let g: u64 = stream(k, Process::DevAbsences { squad: 0, dev: 1 }).random();
        let h: u64 = stream(k, Process::Decisions { squad: 0, dev: 1 }).random();
        let i: u64 = stream(k, Process::Switches("sales")).random();
        let j: u64 = stream(k, Process::Ceremonies(0)).random();
        let l: u64 = stream(k, Process::Sessions("sales")).random();
        let m: u64 = stream(k, Process::SquadItems(0)).random();
        let n: u64 = stream(k, Process::RequestApprovals("sales")).random();
        let o: u64 = stream(k, Process::QuestionApprovals { squad: 0, dev: 1 }).random();
        let service = |part| {
            stream(
                k,
                Process::QuestionService {
                    part,
                    squad: 0,
                    dev: 1,
                },
            )
        };
        let p: u64 = service(Service::Answer).random();
        let q: u64 = service(Service::Escalates).random();
        let r: u64 = service(Service::Escalation).random();
        let s: u64 = service(Service::Resume).random();
        let w: u64 = service(Service::Rework).random();
        let x: u64 = service(Service::Handoff).random();
        let t: u64 = stream(k, Process::SquadItemAccepts(0)).random();
        let u: u64 = part_stream(9, 1).random();
        let v: u64 = part_stream(9, 2).random();
        let all = [
            a, b, c, d, e, f, g, h, i, j, l, m, n, o, p, q, r, s, t, u, v, w, x,
        ];
        for i in 0..all.len() {
            for j in i + 1..all.len() {
                assert_ne!(all[i], all[j], "streams {i} and {j} coincide");
            }
        }
    }

    #[test]
    fn the_same_process_gives_the_same_stream() {
        let k = trial_key(7, "s", 3);
        let a: u64 = stream(k, Process::SquadItems(2)).random();
        let b: u64 = stream(k, Process::SquadItems(2)).random();
        assert_eq!(a, b);
    }
}

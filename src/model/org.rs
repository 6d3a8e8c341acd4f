//! The organisation of one structure: who the product people are, which task queues
//! exist, and who may serve each queue.
//!
//! Tasks wait in queues by (duty, squad); triage has one team-wide queue, each
//! discovery holder a queue of its own sessions, and each person with other recurring
//! work a queue of its own blocks. A queue's eligible people are listed in structure
//! order, which is the order a new task looks for an idle person in.

use super::collections::{Id, IdVec, PersonId, QueueId, SquadId};
use crate::scenario::{Ceremonies, Duty, Staffing, Structure, TimeFactors};

/// Duties whose tasks belong to a squad, in queue-layout order: the queue of the
/// duty at position `slot` for squad `s` is `slot × squads + s`.
const SQUAD_DUTIES: [Duty; 5] = [
    Duty::Escalation,
    Duty::Answer,
    Duty::Refine,
    Duty::Accept,
    Duty::Ceremony,
];

/// One product person of a structure, as laid out: who it is and what it may serve.
/// What it does during a trial is the trial's `Desk` of the same [`PersonId`].
#[derive(Debug, Clone)]
pub(crate) struct ProductPerson {
    /// Label, unique in the structure ("po-2").
    pub label: String,
    /// Role name.
    pub role: String,
    /// Index of the structure's `people` entry the person comes from.
    pub entry: usize,
    /// Queues this person may serve; a queue's position here is its bit in the
    /// person's set of non-empty queues.
    pub queues: Vec<QueueId>,
    /// Whether the person is given discovery sessions.
    pub discovers: bool,
    /// Whether the person serves two or more squads, whose work then competes for it:
    /// per-squad duties of two or more squads, or a team-wide pool while there are two
    /// or more squads.
    pub shared: bool,
    /// The person's hours per duty against the drawn hours.
    pub time_factor: TimeFactors,
}

/// The queue layout and eligibility of a structure.
#[derive(Debug, Clone)]
pub(crate) struct Org {
    /// Product people in structure order.
    pub people: IdVec<PersonId, ProductPerson>,
    /// Per queue, the people who may serve it, in structure order.
    pub eligible: IdVec<QueueId, Vec<PersonId>>,
    /// Per queue, aligned with `eligible`: the queue's position in each such person's
    /// `queues`, which is its bit in that person's set of non-empty queues.
    pub position: IdVec<QueueId, Vec<usize>>,
    /// Per person, the first word of its bit set of non-empty queues.
    pub word_base: IdVec<PersonId, usize>,
    /// Words of all the bit sets together.
    pub words: usize,
    /// Duty of each queue; `None` for a person's other recurring work.
    pub duty: IdVec<QueueId, Option<Duty>>,
    /// Per person, its queue of discovery sessions if it holds discovery.
    pub discovery_queue: IdVec<PersonId, Option<QueueId>>,
    /// Per person, its queue of other recurring work if it has some (docs/model.md
    /// §17.5).
    pub other_queue: IdVec<PersonId, Option<QueueId>>,
    /// Per person, its queue of joint ceremony blocks, when the structure's
    /// ceremonies are joint and it holds `ceremony` (docs/model.md §17.7).
    pub joint_ceremony_queue: IdVec<PersonId, Option<QueueId>>,
    squads: u32,
}

impl Org {
    /// Lays out the queues and people of a structure.
    pub fn new(structure: &Structure) -> Org {
        let squads = structure.team.squads;
        let mut people: IdVec<PersonId, ProductPerson> = IdVec::default();
        let mut counts: Vec<(String, usize)> = Vec::new();
        let mut covered: IdVec<PersonId, Vec<u32>> = IdVec::default();
        for (entry, group) in structure.people.iter().enumerate() {
            let coverage: Vec<Vec<u32>> = match group.staffing {
                Staffing::Count(n) => (0..n).map(|_| (0..squads).collect()).collect(),
                Staffing::PerSquad(k) => (0..squads)
                    .flat_map(|s| (0..k).map(move |_| vec![s]))
                    .collect(),
                Staffing::SquadsEach(m) => (0..squads.div_ceil(m))
                    .map(|i| (i * m..((i + 1) * m).min(squads)).collect())
                    .collect(),
            };
            let per_squad_duties = SQUAD_DUTIES.iter().any(|&d| group.duties.contains(d));
            for squads_of_person in coverage {
                // Squads compete for a person only through the duties they each have:
                // a pool that only triages serves the stakeholders, not the squads.
                let shared = per_squad_duties && squads_of_person.len() >= 2;
                let n = match counts.iter_mut().find(|(role, _)| *role == group.role) {
                    Some((_, n)) => {
                        *n += 1;
                        *n
                    }
                    None => {
                        counts.push((group.role.clone(), 1));
                        1
                    }
                };
                people.push(ProductPerson {
                    label: format!("{}-{}", group.role, n),
                    role: group.role.clone(),
                    entry,
                    queues: Vec::new(),
                    discovers: group.duties.contains(Duty::Discovery),
                    shared,
                    time_factor: group.time_factor,
                });
                covered.push(squads_of_person);
            }
        }
        let mut duty: IdVec<QueueId, Option<Duty>> = SQUAD_DUTIES
            .iter()
            .flat_map(|&d| (0..squads).map(move |_| Some(d)))
            .collect();
        let triage_queue = duty.push(Some(Duty::Triage));
        let mut discovery_queue = IdVec::default();
        for person in people.iter() {
            discovery_queue.push(person.discovers.then(|| duty.push(Some(Duty::Discovery))));
        }
        let mut other_queue = IdVec::default();
        for person in people.iter() {
            let other = structure.people[person.entry].time.other.is_some();
            other_queue.push(other.then(|| duty.push(None)));
        }
        let joint = structure.work.ceremonies == Ceremonies::Joint;
        let mut joint_ceremony_queue = IdVec::default();
        for person in people.iter() {
            let holds = structure.people[person.entry]
                .duties
                .contains(Duty::Ceremony);
            joint_ceremony_queue.push((joint && holds).then(|| duty.push(Some(Duty::Ceremony))));
        }
        let mut eligible: IdVec<QueueId, Vec<PersonId>> = vec![Vec::new(); duty.len()].into();
        let mut position: IdVec<QueueId, Vec<usize>> = vec![Vec::new(); duty.len()].into();
        for p in people.ids() {
            let person = &mut people[p];
            let duties = structure.people[person.entry].duties;
            for (slot, &d) in SQUAD_DUTIES.iter().enumerate() {
                if duties.contains(d) {
                    for &s in &covered[p] {
                        person.queues.push(queue_of(slot, squads, s as usize));
                    }
                }
            }
            if duties.contains(Duty::Triage) {
                person.queues.push(triage_queue);
            }
            if let Some(queue) = discovery_queue[p] {
                person.queues.push(queue);
            }
            if let Some(queue) = other_queue[p] {
                person.queues.push(queue);
            }
            if let Some(queue) = joint_ceremony_queue[p] {
                person.queues.push(queue);
            }
            for (i, &queue) in person.queues.iter().enumerate() {
                eligible[queue].push(p);
                position[queue].push(i);
            }
        }
        let mut word_base = IdVec::default();
        let mut words = 0;
        for person in people.iter() {
            word_base.push(words);
            words += person.queues.len().div_ceil(64);
        }
        Org {
            people,
            eligible,
            position,
            word_base,
            words,
            duty,
            discovery_queue,
            other_queue,
            joint_ceremony_queue,
            squads,
        }
    }

    /// The queue of a per-squad duty for a squad.
    pub fn squad_queue(&self, duty: Duty, squad: SquadId) -> QueueId {
        let slot = SQUAD_DUTIES
            .iter()
            .position(|&d| d == duty)
            .expect("a per-squad duty");
        queue_of(slot, self.squads, squad.index())
    }

    /// The team-wide triage queue.
    pub fn triage_queue(&self) -> QueueId {
        queue_of(SQUAD_DUTIES.len(), self.squads, 0)
    }

    /// Number of queues.
    pub fn queue_count(&self) -> usize {
        self.duty.len()
    }
}

/// The queue of the per-squad duty at `slot` of [`SQUAD_DUTIES`] for squad `squad`;
/// slot `SQUAD_DUTIES.len()` is triage's, after every squad's.
fn queue_of(slot: usize, squads: u32, squad: usize) -> QueueId {
    QueueId::from_index(slot * squads as usize + squad)
}

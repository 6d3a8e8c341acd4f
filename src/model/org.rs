//! The organisation of one structure: who the product people are, which task queues
//! exist, and who may serve each queue.
//!
//! Tasks wait in queues by (duty, squad); triage has one team-wide queue and each
//! discovery holder a queue of its own sessions. A queue's eligible people are listed
//! in structure order, which is the order a new task looks for an idle person in.

use crate::scenario::{Duty, Staffing, Structure};

/// Duties whose tasks belong to a squad, in queue-layout order.
const SQUAD_DUTIES: [Duty; 5] = [
    Duty::Escalation,
    Duty::Answer,
    Duty::Refine,
    Duty::Accept,
    Duty::Ceremony,
];

/// One product person of a structure.
#[derive(Debug, Clone)]
pub(crate) struct PersonSpec {
    /// Label, unique in the structure ("po-2").
    pub label: String,
    /// Role name.
    pub role: String,
    /// Index of the structure's `people` entry.
    pub group: usize,
    /// Queues this person may serve.
    pub queues: Vec<u32>,
    /// Yearly cost, 0 when unknown.
    pub yearly_cost: f64,
    /// Whether the person is given discovery sessions.
    pub discovers: bool,
}

/// The queue layout and eligibility of a structure.
#[derive(Debug, Clone)]
pub(crate) struct Org {
    /// Product people in structure order.
    pub people: Vec<PersonSpec>,
    /// Per queue, the people who may serve it, in structure order.
    pub eligible: Vec<Vec<u32>>,
    /// Per queue, aligned with `eligible`: the queue's position in each such person's
    /// `queues`, which is its bit in that person's set of non-empty queues.
    pub position: Vec<Vec<u32>>,
    /// Per person, the first word of its bit set of non-empty queues.
    pub word_base: Vec<u32>,
    /// Words of all the bit sets together.
    pub words: usize,
    /// Duty of each queue.
    pub duty: Vec<Duty>,
    /// Per discovery holder (by person index), its discovery queue.
    pub discovery_queue: Vec<Option<u32>>,
    squads: u32,
}

impl Org {
    /// Lays out the queues and people of a structure.
    pub fn new(st: &Structure) -> Org {
        let squads = st.team.squads;
        let mut people = Vec::new();
        let mut counts: Vec<(String, usize)> = Vec::new();
        let mut covered: Vec<Vec<u32>> = Vec::new();
        for (group, pg) in st.people.iter().enumerate() {
            let coverage: Vec<Vec<u32>> = match pg.staffing {
                Staffing::Count(n) => (0..n).map(|_| (0..squads).collect()).collect(),
                Staffing::PerSquad(k) => (0..squads)
                    .flat_map(|s| (0..k).map(move |_| vec![s]))
                    .collect(),
                Staffing::SquadsEach(m) => (0..squads.div_ceil(m))
                    .map(|i| (i * m..((i + 1) * m).min(squads)).collect())
                    .collect(),
            };
            for squads_of_person in coverage {
                let n = match counts.iter_mut().find(|(r, _)| *r == pg.role) {
                    Some((_, n)) => {
                        *n += 1;
                        *n
                    }
                    None => {
                        counts.push((pg.role.clone(), 1));
                        1
                    }
                };
                people.push(PersonSpec {
                    label: format!("{}-{}", pg.role, n),
                    role: pg.role.clone(),
                    group,
                    queues: Vec::new(),
                    yearly_cost: pg.yearly_cost.unwrap_or(0.0),
                    discovers: pg.duties.contains(Duty::Discovery),
                });
                covered.push(squads_of_person);
            }
        }
        let triage_queue = SQUAD_DUTIES.len() as u32 * squads;
        let mut duty: Vec<Duty> = SQUAD_DUTIES
            .iter()
            .flat_map(|&d| (0..squads).map(move |_| d))
            .collect();
        duty.push(Duty::Triage);
        let mut discovery_queue = vec![None; people.len()];
        for (p, spec) in people.iter().enumerate() {
            if spec.discovers {
                discovery_queue[p] = Some(duty.len() as u32);
                duty.push(Duty::Discovery);
            }
        }
        let mut eligible = vec![Vec::new(); duty.len()];
        let mut position = vec![Vec::new(); duty.len()];
        for (p, spec) in people.iter_mut().enumerate() {
            let duties = st.people[spec.group].duties;
            for (slot, &d) in SQUAD_DUTIES.iter().enumerate() {
                if duties.contains(d) {
                    for &s in &covered[p] {
                        spec.queues.push(slot as u32 * squads + s);
                    }
                }
            }
            if duties.contains(Duty::Triage) {
                spec.queues.push(triage_queue);
            }
            if let Some(q) = discovery_queue[p] {
                spec.queues.push(q);
            }
            for (i, &q) in spec.queues.iter().enumerate() {
                eligible[q as usize].push(p as u32);
                position[q as usize].push(i as u32);
            }
        }
        let mut word_base = Vec::with_capacity(people.len());
        let mut words = 0;
        for spec in &people {
            word_base.push(words as u32);
            words += spec.queues.len().div_ceil(64);
        }
        Org {
            people,
            eligible,
            position,
            word_base,
            words,
            duty,
            discovery_queue,
            squads,
        }
    }

    /// The queue of a per-squad duty for a squad.
    pub fn squad_queue(&self, duty: Duty, squad: u32) -> u32 {
        let slot = SQUAD_DUTIES
            .iter()
            .position(|&d| d == duty)
            .expect("a per-squad duty");
        slot as u32 * self.squads + squad
    }

    /// The team-wide triage queue.
    pub fn triage_queue(&self) -> u32 {
        SQUAD_DUTIES.len() as u32 * self.squads
    }

    /// Number of queues.
    pub fn queue_count(&self) -> usize {
        self.duty.len()
    }
}

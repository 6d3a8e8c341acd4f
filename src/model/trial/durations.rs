//! Durations drawn per owner rather than per request or question (docs/model.md §11):
//! the hours of a person's switches between queues, of a squad's weekly ceremony
//! blocks and of a discovery holder's sessions. Each is a constant, which draws
//! nothing, or a distribution drawn from a stream of its owner's own, laid out when the
//! trial starts, so that no other stream moves and drawing allocates nothing.

use crate::dist::Dist;
use crate::model::collections::{Id, IdVec};
use crate::model::streams::{stream, Process, Stream};

/// The hours of one kind of task, per owner `I` (a person, a squad).
#[derive(Debug)]
pub(super) struct OwnHours<I> {
    /// The hours when they are a constant; unused when they are drawn.
    constant: f64,
    /// The distribution and each owner's stream, when the hours are not a constant.
    drawn: Option<(Dist, IdVec<I, Stream>)>,
}

impl<I: Id> OwnHours<I> {
    /// The hours `hours` of the owners whose streams `owners` names, in id order:
    /// streams are laid out only when the hours are not a constant.
    pub(super) fn new<'p>(
        hours: &Dist,
        key: u64,
        owners: impl Iterator<Item = Process<'p>>,
    ) -> Self {
        match hours.as_constant() {
            Some(constant) => OwnHours {
                constant,
                drawn: None,
            },
            None => OwnHours {
                constant: 0.0,
                drawn: Some((hours.clone(), owners.map(|p| stream(key, p)).collect())),
            },
        }
    }

    /// Whether the hours are drawn, each from its owner's stream.
    pub(super) fn drawn(&self) -> bool {
        self.drawn.is_some()
    }

    /// The hours of `owner`'s next task of this kind: the next draw of its stream, or
    /// the constant.
    #[inline(always)]
    pub(super) fn draw(&mut self, owner: I) -> f64 {
        match &mut self.drawn {
            Some((dist, streams)) => dist.sample(&mut streams[owner]),
            None => self.constant,
        }
    }

    /// The constant hours, for a compilation of the trial that leaves the draws out:
    /// a structure whose hours are drawn never runs one (`Uses`).
    #[inline(always)]
    pub(super) fn constant(&self) -> f64 {
        self.constant
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::collections::PersonId;
    use crate::model::streams::trial_key;

    #[test]
    fn constant_hours_keep_no_stream_and_drawn_ones_draw_from_their_owners() {
        let key = trial_key(7, "s", 0);
        let owners = || ["po-1", "po-2"].into_iter().map(Process::Switches);
        let constant = Dist::constant(0.25).unwrap();
        let mut fixed = OwnHours::<PersonId>::new(&constant, key, owners());
        assert!(!fixed.drawn());
        assert_eq!(fixed.draw(PersonId::from_index(1)), 0.25);
        assert_eq!(fixed.constant(), 0.25);
        let exp = Dist::exp(0.5).unwrap();
        let mut drawn = OwnHours::<PersonId>::new(&exp, key, owners());
        assert!(drawn.drawn());
        // po-2's draws are its own stream's, in order, whatever po-1 draws between.
        let mut own = stream(key, Process::Switches("po-2"));
        let expected: Vec<f64> = (0..3).map(|_| exp.sample(&mut own)).collect();
        let mut got = Vec::new();
        for _ in 0..3 {
            drawn.draw(PersonId::from_index(0));
            got.push(drawn.draw(PersonId::from_index(1)));
        }
        assert_eq!(got, expected);
    }
}

//! The inputs of one report, each in its slot, with what is built from them
//! once and kept.

use std::sync::{Arc, OnceLock};

use super::{AssignmentRow, InputData, InputKind, LoadedInput, NumberRow, StatsRow, UserMatcher};

/// The inputs of one report: the numbers export and, optionally, the others.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    numbers: Option<LoadedInput>,
    message_stats: Option<LoadedInput>,
    assignments: Option<LoadedInput>,
    /// Built the first time a report needs it, and kept until the
    /// assignments change: a page rebuilds on every settings edit.
    user_matcher: OnceLock<Arc<UserMatcher>>,
}

impl Inputs {
    fn slot(&mut self, kind: InputKind) -> &mut Option<LoadedInput> {
        match kind {
            InputKind::Numbers => &mut self.numbers,
            InputKind::MessageStats => &mut self.message_stats,
            InputKind::Assignments => &mut self.assignments,
        }
    }

    pub fn get(&self, kind: InputKind) -> Option<&LoadedInput> {
        match kind {
            InputKind::Numbers => self.numbers.as_ref(),
            InputKind::MessageStats => self.message_stats.as_ref(),
            InputKind::Assignments => self.assignments.as_ref(),
        }
    }

    /// Puts `input` in its slot and returns the one it replaced.
    pub fn put(&mut self, input: LoadedInput) -> Option<LoadedInput> {
        if input.kind() == InputKind::Assignments {
            self.user_matcher = OnceLock::new();
        }
        self.slot(input.kind()).replace(input)
    }

    /// The matcher of every user name and email in the assignments (rule 4).
    pub(crate) fn user_matcher(&self) -> Arc<UserMatcher> {
        let build = || Arc::new(UserMatcher::new(self.assignment_rows()));
        Arc::clone(self.user_matcher.get_or_init(build))
    }

    pub(crate) fn number_rows(&self) -> &[NumberRow] {
        match self.numbers.as_ref().map(|i| &i.data) {
            Some(InputData::Numbers(rows)) => rows,
            _ => &[],
        }
    }

    pub(crate) fn stats_rows(&self) -> &[StatsRow] {
        match self.message_stats.as_ref().map(|i| &i.data) {
            Some(InputData::MessageStats(rows)) => rows,
            _ => &[],
        }
    }

    pub(crate) fn assignment_rows(&self) -> &[AssignmentRow] {
        match self.assignments.as_ref().map(|i| &i.data) {
            Some(InputData::Assignments(rows)) => rows,
            _ => &[],
        }
    }

    pub(crate) fn file_name(&self, kind: InputKind) -> &str {
        self.get(kind).map_or("", |i| i.file.as_str())
    }
}

//! What a build works out about its inputs before most settings matter:
//! the join, which no setting changes, and each number's category, which
//! only the rules change. A caller that rebuilds the same inputs under new
//! settings (the page, after each edit) keeps it and starts there.

use std::sync::Arc;

use crate::derive::Class;
use crate::findings::Finding;
use crate::input::Inputs;
use crate::join::Joined;
use crate::rules::Rules;

/// The groundwork of one build of some inputs: see
/// [`ReportBuilder::on_groundwork`](crate::ReportBuilder::on_groundwork).
/// Cheap to clone; it holds about 50 bytes a number.
#[derive(Clone)]
pub struct Groundwork {
    pub(crate) joined: Arc<Joined>,
    /// The join's findings (duplicates, numbers not in the account), in order.
    pub(crate) join_findings: Arc<Vec<Finding>>,
    /// Each number's category under these rules, in number order.
    pub(crate) classes: Option<(Rules, Arc<Vec<Class>>)>,
    /// The rows of the numbers, stats and assignments it was made from.
    rows: [usize; 3],
}

impl Groundwork {
    pub(crate) fn new(inputs: &Inputs, joined: Joined, join_findings: Vec<Finding>) -> Groundwork {
        Groundwork {
            joined: Arc::new(joined),
            join_findings: Arc::new(join_findings),
            classes: None,
            rows: row_counts(inputs),
        }
    }

    /// Whether it could be of `inputs`, by their row counts. A check
    /// against misuse, not a proof: the caller forgets the groundwork when
    /// its inputs change.
    pub(crate) fn fits(&self, inputs: &Inputs) -> bool {
        self.rows == row_counts(inputs)
    }

    /// The categories, if they were decided under `rules`.
    pub(crate) fn classes_under(&self, rules: &Rules) -> Option<Arc<Vec<Class>>> {
        match &self.classes {
            Some((decided_under, classes)) if decided_under == rules => Some(Arc::clone(classes)),
            _ => None,
        }
    }
}

fn row_counts(inputs: &Inputs) -> [usize; 3] {
    [
        inputs.number_rows().len(),
        inputs.stats_rows().len(),
        inputs.assignment_rows().len(),
    ]
}

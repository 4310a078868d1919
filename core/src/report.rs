//! The report: one row per distinct number of the numbers export, with its
//! category, user, cost, activity, status and recommendation, and the summary,
//! checks, findings and notes made from them. `builder` makes it;
//! `output` writes it as CSV.

use crate::changes::Changes;
use crate::checks::Check;
use crate::findings::Finding;
use crate::row::ReportRow;
use crate::settings::Settings;
use crate::summary::Summary;

/// The report: rows in inventory order, the summary, checks and findings.
#[derive(Clone, Debug)]
pub struct Report {
    pub settings: Settings,
    pub categories: Vec<String>,
    /// Sorted by category in rule order, then E.164.
    pub rows: Vec<ReportRow>,
    /// A message log said who received: the inventory ends with
    /// MessagesReceived and LastReceived (docs/report-contract.md).
    pub received_columns: bool,
    /// Indices into `rows` in the usage assessment's order.
    pub assessment_order: Vec<usize>,
    pub summary: Summary,
    pub checks: Vec<Check>,
    /// Every finding of every input, of the join and of each number.
    pub findings: Vec<Finding>,
    /// What a missing optional input means for this report.
    pub notes: Vec<String>,
    /// The changes since the previous inventory, when one was given.
    pub changes: Option<Changes>,
}

impl Report {
    pub fn category_name(&self, row: &ReportRow) -> &str {
        self.categories
            .get(usize::from(row.category))
            .map_or("", String::as_str)
    }

    /// Rows in the usage assessment's order.
    pub fn assessment_rows(&self) -> impl Iterator<Item = &ReportRow> {
        self.assessment_order.iter().map(|&i| &self.rows[i])
    }
}

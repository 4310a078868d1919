//! A report as the page shows it: the summary, the checks, the findings
//! (the first few of each kind) and the notes. The worker makes one from the
//! full report; it is small enough to send to the page whole.

use inventory_core::{format_mdy, group_findings, CheckStatus, Report, Tally};
use serde::{Deserialize, Serialize};

/// Findings listed per group; the rest are counted.
pub const FINDINGS_SHOWN: usize = 50;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    /// Which report this is; a table page names the report it was cut from.
    pub id: u64,
    /// The as-of date, `M/D/YYYY`.
    pub as_of: String,
    pub categories: Vec<String>,
    /// Per category, per status in `UsageStatus::ALL` order.
    pub cells: Vec<[Tally; 5]>,
    pub category_totals: Vec<Tally>,
    pub status_totals: [Tally; 5],
    pub total: Tally,
    /// The numbers recommended for release.
    pub release: Tally,
    pub checks: Vec<CheckView>,
    pub findings: Vec<FindingGroupView>,
    /// What a missing optional input means for this report.
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckView {
    /// `pass`, `fail` or `unchecked`: the CSS class.
    pub state: String,
    /// As in the summary text: `pass`, `FAIL`, `not checked`.
    pub label: String,
    pub title: String,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingGroupView {
    /// The kind's name, stable for tests and styles.
    pub kind: String,
    pub title: String,
    pub count: usize,
    /// The first [`FINDINGS_SHOWN`] findings, in words.
    pub shown: Vec<String>,
}

impl ReportView {
    pub fn of(report: &Report, id: u64) -> ReportView {
        let s = &report.summary;
        let checks = report
            .checks
            .iter()
            .map(|c| CheckView {
                state: match c.status {
                    CheckStatus::Pass => "pass",
                    CheckStatus::Fail => "fail",
                    CheckStatus::NotChecked => "unchecked",
                }
                .to_string(),
                label: c.status.label().to_string(),
                title: c.title.to_string(),
                detail: c.detail.clone(),
            })
            .collect();
        let findings = group_findings(&report.findings)
            .iter()
            .map(|g| FindingGroupView {
                kind: format!("{:?}", g.kind),
                title: g.kind.title().to_string(),
                count: g.findings.len(),
                shown: g.findings.iter().take(FINDINGS_SHOWN).map(|f| f.to_string()).collect(),
            })
            .collect();
        ReportView {
            id,
            as_of: format_mdy(report.settings.as_of),
            categories: s.categories.clone(),
            cells: s.cells.clone(),
            category_totals: s.category_totals.clone(),
            status_totals: s.status_totals,
            total: s.total,
            release: s.release(),
            checks,
            findings,
            notes: report.notes.clone(),
        }
    }
}

//! A report as the page shows it: the summary, the checks, the findings
//! (the first few of each kind) and the notes. The worker makes one from the
//! full report; it is small enough to send to the page whole.

use inventory_core::{format_mdy, group_findings, CheckStatus, FindingKind, Report, Tally};
use serde::{Deserialize, Serialize};

/// Findings listed per group; the rest are counted.
pub const FINDINGS_SHOWN: usize = 50;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    /// Which report this is; a table page names the report it was cut from.
    pub id: u64,
    /// The as-of date, `MM-DD-YYYY`.
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
    /// Passed, failed or not checked; the page shows its label and styles by it.
    pub status: CheckStatus,
    pub title: String,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingGroupView {
    /// The group's kind; the page shows its title.
    pub kind: FindingKind,
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
                status: c.status,
                title: c.title.to_string(),
                detail: c.detail.clone(),
            })
            .collect();
        let findings = group_findings(&report.findings)
            .iter()
            .map(|g| FindingGroupView {
                kind: g.kind,
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

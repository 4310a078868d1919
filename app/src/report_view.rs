//! A report as the page shows it: the summary, the checks, the findings
//! (the first few of each kind) and the notes. The worker makes one from the
//! full report; it is small enough to send to the page whole.

use inventory_core::{
    format_mdy, group_findings, Cents, Changes, CheckStatus, EmailSummary, FindingKind, Locations, Report, Tally,
};
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
    /// The changes since the previous inventory, when one was given.
    pub changes: Option<ChangesView>,
    /// The numbers by location and by North American area code, most first.
    pub locations: Locations,
    /// The summary for the finance email ("Copy for email").
    pub email: EmailSummary,
}

/// The changes since the previous inventory, as the page's cards show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangesView {
    /// The previous inventory's date and where it came from, as the report states it.
    pub since: String,
    /// Numbers in the account now and not before, and their monthly cost.
    pub added: Tally,
    /// Numbers before and not now, and their monthly cost then.
    pub gone: Tally,
    /// Numbers whose category, user, status or price changed.
    pub changed: u64,
    pub cost_before: Cents,
    pub cost_now: Cents,
    /// The now-minus-before cost of the numbers in both, in cents.
    pub repriced: i64,
    /// The changes in the printout's words (`report` prints the same lines).
    pub text: String,
}

impl ChangesView {
    pub fn of(changes: &Changes) -> ChangesView {
        let tally = |(numbers, monthly_cost): (u64, Cents)| Tally { numbers, monthly_cost };
        ChangesView {
            since: changes.previous_date.describe(),
            added: tally(changes.added),
            gone: tally(changes.gone),
            changed: changes.changed,
            cost_before: changes.cost_before,
            cost_now: changes.cost_now,
            repriced: changes.repriced,
            text: changes.to_text(),
        }
    }

    /// The monthly cost now minus then, in cents.
    pub fn difference(&self) -> i64 {
        self.cost_now.0 as i64 - self.cost_before.0 as i64
    }
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
            changes: report.changes.as_ref().map(ChangesView::of),
            locations: report.locations(),
            email: report.email_summary(),
        }
    }
}

//! A report as the page shows it: the summary, the checks, the findings
//! (the first few of each kind) and the notes. The worker makes one from the
//! full report; it is small enough to send to the page whole.

use inventory_core::thousands;
use inventory_core::{
    format_mdy, group_findings, AreaCodeTally, Changes, CheckStatus, EmailSummary, FindingKind, Report, Tally,
};
use serde::{Deserialize, Serialize};

use crate::locations_view::escape_html;
use crate::model::{money, signed_money};

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
    /// The numbers by North American area code, most first, for the
    /// page's area-code filter.
    pub area_codes: Vec<AreaCodeTally>,
    /// The locations table and chart as HTML, made by the worker
    /// ([`crate::locations_view::locations_html`]).
    pub locations_html: String,
    /// The summary for the finance email ("Copy for email").
    pub email: EmailSummary,
}

/// The changes since the previous inventory, as the page shows them. The
/// worker writes the section's HTML and the page sets it as it is: drawing
/// the cards with the page's own view code, and reading the figures from
/// JSON, made the page's wasm, which the first paint waits on, bigger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangesView {
    /// The previous inventory's date and where it came from, as the report states it.
    pub since: String,
    /// The changes in the printout's words (`report` prints the same lines).
    pub text: String,
    /// The section's content: its heading, the cards (numbers added, gone
    /// and changed, the monthly cost then and now) and the lines.
    pub html: String,
}

impl ChangesView {
    pub fn of(changes: &Changes) -> ChangesView {
        let since = changes.previous_date.describe();
        let text = changes.to_text();
        let added_cost = changes.added.1 .0 as i64;
        let gone_cost = -(changes.gone.1 .0 as i64);
        let difference = changes.cost_now.0 as i64 - changes.cost_before.0 as i64;
        let card = |id: &str, label: &str, value: String, detail: String| {
            format!(
                "<div class=\"card\" id=\"{id}\"><div class=\"card-label\">{label}</div>\
                 <div class=\"card-value\">{}</div><div class=\"card-detail\">{}</div></div>",
                escape_html(&value),
                escape_html(&detail)
            )
        };
        let cards = [
            card(
                "card-added",
                "Added",
                thousands(changes.added.0),
                format!("{} a month; in the account now, not before", signed_money(added_cost)),
            ),
            card(
                "card-gone",
                "Gone",
                thousands(changes.gone.0),
                format!("{} a month; before, not now", signed_money(gone_cost)),
            ),
            card(
                "card-changed",
                "Changed",
                thousands(changes.changed),
                "category, user, status or price".to_string(),
            ),
            card(
                "card-cost-change",
                "Monthly cost",
                format!("{} → {}", money(changes.cost_before), money(changes.cost_now)),
                format!(
                    "{}: {} added, {} gone, {} re-priced",
                    signed_money(difference),
                    signed_money(added_cost),
                    signed_money(gone_cost),
                    signed_money(changes.repriced),
                ),
            ),
        ]
        .concat();
        let html = format!(
            "<h2 id=\"changes-title\">Changes since <span id=\"changes-since\">{}</span></h2>\
             <div class=\"cards\">{cards}</div><p id=\"changes-text\" class=\"changes-text\">{}</p>\
             <small>Each changed number, with what it was and is, is in the changes download above.</small>",
            escape_html(&since),
            escape_html(&text)
        );
        ChangesView { since, text, html }
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
        let locations = report.locations();
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
            locations_html: crate::locations_view::locations_html(&locations),
            area_codes: locations.by_area_code,
            email: report.email_summary(),
        }
    }
}

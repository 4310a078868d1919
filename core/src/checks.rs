//! The SOP's four quality checks, shown with every report.

use crate::date::{is_mdy, mdy_bytes, Mdy};
use crate::money::Cents;
use crate::row::ReportRow;
use crate::settings::Settings;
use crate::summary::Summary;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CheckStatus {
    Pass,
    Fail,
    /// The invoice figure it needs was not given.
    NotChecked,
}

impl CheckStatus {
    pub fn label(self) -> &'static str {
        match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Fail => "FAIL",
            CheckStatus::NotChecked => "not checked",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub title: &'static str,
    pub status: CheckStatus,
    /// The figures behind the outcome.
    pub detail: String,
}

impl std::fmt::Display for Check {
    /// `[   pass    ] title: detail`, as the printout and the email list them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{:^11}] {}: {}", self.status.label(), self.title, self.detail)
    }
}

pub(crate) fn run_checks(summary: &Summary, rows: &[ReportRow], settings: &Settings) -> Vec<Check> {
    vec![
        invoice_count(summary, settings.invoice_count),
        categories_sum(summary, rows),
        invoice_amount(
            summary,
            settings.invoice_amount,
            rows.iter().filter(|r| r.cost_estimated).count(),
        ),
        dates_format(rows),
    ]
}

fn invoice_count(summary: &Summary, invoice: Option<u64>) -> Check {
    let title = "Total count matches the invoice's phone-number count";
    let ours = summary.total.numbers;
    match invoice {
        None => Check {
            title,
            status: CheckStatus::NotChecked,
            detail: format!("{ours} numbers in the report; enter the invoice's count to check."),
        },
        Some(theirs) => Check {
            title,
            status: if theirs == ours {
                CheckStatus::Pass
            } else {
                CheckStatus::Fail
            },
            detail: format!("{ours} numbers in the report, {theirs} on the invoice."),
        },
    }
}

fn categories_sum(summary: &Summary, rows: &[ReportRow]) -> Check {
    let numbers: u64 = summary.category_totals.iter().map(|t| t.numbers).sum();
    let cost: Cents = summary.category_totals.iter().map(|t| t.monthly_cost).sum();
    let row_cost: Cents = rows.iter().map(|r| r.monthly_cost).sum();
    let ok = numbers == rows.len() as u64 && cost == row_cost && numbers == summary.total.numbers;
    Check {
        title: "All categories sum to the total",
        status: if ok { CheckStatus::Pass } else { CheckStatus::Fail },
        detail: format!(
            "categories: {numbers} numbers, {cost} a month; report: {} rows, {row_cost} a month.",
            rows.len()
        ),
    }
}

fn invoice_amount(summary: &Summary, invoice: Option<Cents>, estimated: usize) -> Check {
    let title = "Estimated monthly cost is within 5% of the invoice's phone-number charges";
    let ours = summary.total.monthly_cost;
    // docs/report-contract.md#costs: a number with no price row is in the total at the SOP's estimate.
    let estimates = match estimated {
        0 => String::new(),
        n => format!(
            " The total includes {} number(s) priced at the US rate for want of a price row: \
             add their countries' prices for exact costs.",
            crate::money::thousands(n as u64)
        ),
    };
    let Some(theirs) = invoice else {
        return Check {
            title,
            status: CheckStatus::NotChecked,
            detail: format!("estimated {ours} a month; enter the invoice's charges to check.{estimates}"),
        };
    };
    let difference = ours.0.abs_diff(theirs.0);
    // Whole cents, so the 5% bound is exact: difference ≤ 5% of the invoice.
    let within = u128::from(difference) * 100 <= u128::from(theirs.0) * 5;
    let percent = if theirs.0 == 0 {
        String::from("n/a")
    } else {
        format!("{:.1}%", difference as f64 * 100.0 / theirs.0 as f64)
    };
    Check {
        title,
        status: if within { CheckStatus::Pass } else { CheckStatus::Fail },
        detail: format!(
            "estimated {ours}, invoice {theirs}: a difference of {} ({percent}).{estimates}",
            Cents(difference)
        ),
    }
}

fn dates_format(rows: &[ReportRow]) -> Check {
    let (mut count, mut bad) = (0u64, Vec::new());
    // A few thousand days among a million dates: each day is checked once.
    let mut checked: rustc_hash::FxHashMap<chrono::NaiveDate, bool> = rustc_hash::FxHashMap::default();
    for date in rows.iter().flat_map(|r| [r.date_created, r.last_activity]).flatten() {
        count += 1;
        // What the writers write, checked as text, as a spreadsheet would see it.
        let ok = *checked
            .entry(date)
            .or_insert_with(|| mdy_bytes(date).is_some_and(|bytes| std::str::from_utf8(&bytes).is_ok_and(is_mdy)));
        if !ok && bad.len() < 5 {
            bad.push(Mdy(date).to_string());
        }
    }
    Check {
        title: "Every date in both outputs is MM-DD-YYYY",
        status: if bad.is_empty() {
            CheckStatus::Pass
        } else {
            CheckStatus::Fail
        },
        detail: if bad.is_empty() {
            format!("{count} dates checked.")
        } else {
            format!("not MM-DD-YYYY: {}", bad.join(", "))
        },
    }
}

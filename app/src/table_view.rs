//! The inventory table as plain Rust: filters, sorting, and one page of
//! rows as display text. The worker runs these over the whole report; the
//! page only ever holds one page.

use std::cmp::Reverse;

use chrono::{Datelike, NaiveDate};
use inventory_core::{format_mdy, Recommendation, Report, ReportRow, UsageStatus, E164};
use serde::{Deserialize, Serialize};

/// Rows of the inventory table per page.
pub const PAGE_SIZE: usize = 100;

/// The table's filters; `None` shows every value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableFilter {
    pub category: Option<u16>,
    pub status: Option<UsageStatus>,
    pub recommendation: Option<Recommendation>,
    pub search: String,
    /// A column to sort by, and whether descending; `None` keeps the inventory order.
    pub sort: Option<(SortColumn, bool)>,
}

/// The table's columns, in display order, with their headings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortColumn {
    Phone,
    FriendlyName,
    Category,
    AssignedUser,
    Created,
    Monthly,
    Messages,
    LastActivity,
    Days,
    Status,
    InDb,
    Recommendation,
}

impl SortColumn {
    pub const ALL: [SortColumn; 12] = [
        SortColumn::Phone,
        SortColumn::FriendlyName,
        SortColumn::Category,
        SortColumn::AssignedUser,
        SortColumn::Created,
        SortColumn::Monthly,
        SortColumn::Messages,
        SortColumn::LastActivity,
        SortColumn::Days,
        SortColumn::Status,
        SortColumn::InDb,
        SortColumn::Recommendation,
    ];

    pub fn heading(self) -> &'static str {
        match self {
            SortColumn::Phone => "Phone",
            SortColumn::FriendlyName => "FriendlyName",
            SortColumn::Category => "Category",
            SortColumn::AssignedUser => "Assigned user",
            SortColumn::Created => "Created",
            SortColumn::Monthly => "Monthly",
            SortColumn::Messages => "Messages",
            SortColumn::LastActivity => "Last activity",
            SortColumn::Days => "Days",
            SortColumn::Status => "Usage status",
            SortColumn::InDb => "In DB",
            SortColumn::Recommendation => "Recommendation",
        }
    }

    pub fn is_number(self) -> bool {
        matches!(self, SortColumn::Monthly | SortColumn::Messages | SortColumn::Days)
    }

    /// A key that orders rows by this column: numbers and dates by value,
    /// text ignoring case, statuses in the assessment's order.
    fn key(self, report: &Report, row: &ReportRow) -> (i128, String) {
        let days = |d: Option<NaiveDate>| d.map_or(i128::MIN, |d| i128::from(d.num_days_from_ce()));
        match self {
            SortColumn::Phone => (0, row.phone.to_string()),
            SortColumn::FriendlyName => (0, row.friendly_name.to_lowercase()),
            SortColumn::Category => (i128::from(row.category), String::new()),
            SortColumn::AssignedUser => (0, row.assigned_user.to_lowercase()),
            SortColumn::Created => (days(row.date_created), String::new()),
            SortColumn::Monthly => (i128::from(row.monthly_cost.0), String::new()),
            SortColumn::Messages => (row.total_messages as i128, String::new()),
            SortColumn::LastActivity => (days(row.last_activity), String::new()),
            SortColumn::Days => (
                row.days_since_last_activity.map_or(i128::MAX, i128::from),
                String::new(),
            ),
            SortColumn::Status => (row.status as i128, String::new()),
            SortColumn::InDb => (i128::from(row.assigned_in_db), String::new()),
            SortColumn::Recommendation => (row.recommendation as i128, report.category_name(row).to_string()),
        }
    }
}

impl TableFilter {
    /// Indices of the report's rows (inventory order) that pass.
    pub fn rows(&self, report: &Report) -> Vec<usize> {
        let needle = self.search.trim().to_lowercase();
        let digits: String = needle.chars().filter(char::is_ascii_digit).collect();
        let mut rows = report
            .rows
            .iter()
            .enumerate()
            .filter(|(_, row)| {
                self.category.is_none_or(|c| row.category == c)
                    && self.status.is_none_or(|s| row.status == s)
                    && self.recommendation.is_none_or(|r| row.recommendation == r)
                    && (needle.is_empty()
                        || row.friendly_name.to_lowercase().contains(&needle)
                        || row.assigned_user.to_lowercase().contains(&needle)
                        || report.category_name(row).to_lowercase().contains(&needle)
                        || row.phone.display().contains(&needle)
                        || (digits.len() >= 3 && row.phone.digits().contains(&digits)))
            })
            .map(|(i, _)| i)
            .collect::<Vec<usize>>();
        // Stable, and only the key is reversed for descending: rows with
        // equal keys keep the inventory order both ways.
        match self.sort {
            Some((column, false)) => rows.sort_by_cached_key(|&i| column.key(report, &report.rows[i])),
            Some((column, true)) => rows.sort_by_cached_key(|&i| Reverse(column.key(report, &report.rows[i]))),
            None => {}
        }
        rows
    }
}

/// Number of pages for `rows` rows (at least one).
pub fn page_count(rows: usize) -> usize {
    rows.div_ceil(PAGE_SIZE).max(1)
}

/// Finds a status by its label (for a `<select>`).
pub fn status_by_label(label: &str) -> Option<UsageStatus> {
    UsageStatus::ALL.into_iter().find(|s| s.label() == label)
}

pub fn recommendation_by_label(label: &str) -> Option<Recommendation> {
    Recommendation::ALL.into_iter().find(|r| r.label() == label)
}

/// One page of the table, as the page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TablePage {
    /// The request this answers; the page ignores answers to older requests.
    pub request: u64,
    /// Rows that pass the filters, in all.
    pub matching: usize,
    /// The page shown (clamped to the last page).
    pub page: usize,
    pub rows: Vec<TableRow>,
}

/// One row of the table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRow {
    /// The row's number, for its release-plan tick.
    pub phone: E164,
    pub recommendation: Recommendation,
    /// Its cells as shown, in [`SortColumn::ALL`] order.
    pub cells: Vec<String>,
}

impl TablePage {
    /// Page `page` of `matching` (indices into `report.rows`).
    pub fn of(report: &Report, matching: &[usize], page: usize, request: u64) -> TablePage {
        let page = page.min(page_count(matching.len()) - 1);
        let rows = matching
            .iter()
            .skip(page * PAGE_SIZE)
            .take(PAGE_SIZE)
            .map(|&i| {
                let row = &report.rows[i];
                TableRow {
                    phone: row.phone,
                    recommendation: row.recommendation,
                    cells: cells(report, row),
                }
            })
            .collect();
        TablePage {
            request,
            matching: matching.len(),
            page,
            rows,
        }
    }
}

/// A row's cells as shown, in [`SortColumn::ALL`] order.
fn cells(report: &Report, r: &ReportRow) -> Vec<String> {
    let date = |d: Option<NaiveDate>| d.map(format_mdy).unwrap_or_default();
    vec![
        r.phone.display(),
        r.friendly_name.clone(),
        report.category_name(r).to_string(),
        r.assigned_user.clone(),
        date(r.date_created),
        r.monthly_cost.to_string(),
        r.total_messages.to_string(),
        date(r.last_activity),
        r.days_since_last_activity.map(|d| d.to_string()).unwrap_or_default(),
        r.status.label().to_string(),
        if r.assigned_in_db { "Yes" } else { "No" }.to_string(),
        r.recommendation.label().to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use inventory_core::{Inputs, Settings};

    #[test]
    fn the_table_sorts_by_a_column_and_keeps_ties_in_inventory_order() {
        let numbers = "PhoneNumber,FriendlyName,DateCreated\n+14155550102,b,2024-01-01\n\
                       +18005550100,toll free,2023-01-01\n+14155550101,A,2025-01-01\n";
        let mut inputs = Inputs::default();
        inputs.put(inventory_core::load("n.csv", numbers.as_bytes().to_vec()).unwrap());
        let report = Report::build(&inputs, &Settings::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())).unwrap();
        let names = |sort| {
            let filter = TableFilter {
                sort,
                ..TableFilter::default()
            };
            filter
                .rows(&report)
                .iter()
                .map(|&i| report.rows[i].friendly_name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(None), ["A", "b", "toll free"]);
        assert_eq!(names(Some((SortColumn::Monthly, true))), ["toll free", "A", "b"]);
        assert_eq!(names(Some((SortColumn::FriendlyName, false))), ["A", "b", "toll free"]);
        assert_eq!(names(Some((SortColumn::Created, false))), ["toll free", "b", "A"]);
    }

    #[test]
    fn ties_keep_the_inventory_order_ascending_and_descending() {
        // Two prices, three numbers at each: the inventory order is by phone.
        let numbers = "PhoneNumber,FriendlyName,DateCreated\n\
                       +18005550101,t1,2024-01-01\n+14155550101,l1,2024-01-01\n\
                       +18885550102,t2,2024-01-01\n+14155550102,l2,2024-01-01\n\
                       +18335550103,t3,2024-01-01\n+14155550103,l3,2024-01-01\n";
        let mut inputs = Inputs::default();
        inputs.put(inventory_core::load("n.csv", numbers.as_bytes().to_vec()).unwrap());
        let report = Report::build(&inputs, &Settings::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())).unwrap();
        let rows = |sort| {
            TableFilter {
                sort,
                ..TableFilter::default()
            }
            .rows(&report)
        };
        let names = |rows: Vec<usize>| {
            rows.iter()
                .map(|&i| report.rows[i].friendly_name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(rows(None)), ["l1", "l2", "l3", "t1", "t3", "t2"]);
        assert_eq!(
            names(rows(Some((SortColumn::Monthly, false)))),
            ["l1", "l2", "l3", "t1", "t3", "t2"]
        );
        assert_eq!(
            names(rows(Some((SortColumn::Monthly, true)))),
            ["t1", "t3", "t2", "l1", "l2", "l3"]
        );
        // Every column, both ways: within equal keys, inventory indices ascend.
        for column in SortColumn::ALL {
            for descending in [false, true] {
                let sorted = rows(Some((column, descending)));
                let key = |i: usize| column.key(&report, &report.rows[i]);
                for pair in sorted.windows(2) {
                    let (a, b) = (key(pair[0]), key(pair[1]));
                    assert!(
                        if descending { a >= b } else { a <= b },
                        "{column:?} descending={descending}"
                    );
                    if a == b {
                        assert!(
                            pair[0] < pair[1],
                            "{column:?} descending={descending}: a tie left inventory order"
                        );
                    }
                }
            }
        }
    }
}

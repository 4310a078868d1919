//! The Inventory and Assessment sheets' columns: for each, its header, its
//! width and its typed value, in the CSVs' order (docs/report-contract.md#inventory-csv).
//! A column added to a CSV is one line here too; a unit test compares the headers.

use crate::report::Report;
use crate::row::ReportRow;

use super::style::Value;

/// One column of a table sheet.
pub(super) struct Column {
    pub header: &'static str,
    /// In characters of the default font, as Excel counts them.
    pub width: f64,
    pub value: for<'r> fn(&'r Report, &'r ReportRow) -> Value<'r>,
}

const fn column(header: &'static str, width: f64, value: for<'r> fn(&'r Report, &'r ReportRow) -> Value<'r>) -> Column {
    Column { header, width, value }
}

fn yes_no(value: bool) -> Value<'static> {
    Value::Text(if value { "Yes" } else { "No" })
}

pub(super) const INVENTORY_COLUMNS: &[Column] = &[
    column("Phone", 19.0, |_, row| Value::Phone(row.phone)),
    column("FriendlyName", 32.0, |_, row| Value::Text(&row.friendly_name)),
    column("Category", 20.0, |report, row| Value::Text(report.category_name(row))),
    column("Assigned_User", 26.0, |_, row| Value::Text(&row.assigned_user)),
    column("DateCreated", 13.0, |_, row| Value::Date(row.date_created)),
    column("Monthly_Cost", 14.0, |_, row| Value::Money(row.monthly_cost)),
    column("TotalMessages", 15.0, |_, row| Value::Count(row.total_messages)),
    column("LastActivity", 13.0, |_, row| Value::Date(row.last_activity)),
    column("UsageStatus", 19.0, |_, row| Value::Status(row.status)),
    column("IsAssignedInDB", 16.0, |_, row| yes_no(row.assigned_in_db)),
    column("NumberType", 13.0, |_, row| Value::Text(row.number_type.label())),
    column("Country", 10.0, |_, row| {
        Value::Text(row.place.map_or("", |p| p.country.code()))
    }),
    column("Location", 20.0, |_, row| {
        Value::Text(row.place.map_or("", |p| p.location()))
    }),
];

pub(super) const ASSESSMENT_COLUMNS: &[Column] = &[
    column("Phone", 19.0, |_, row| Value::Phone(row.phone)),
    column("FriendlyName", 32.0, |_, row| Value::Text(&row.friendly_name)),
    column("Category", 20.0, |report, row| Value::Text(report.category_name(row))),
    column("Assigned_User", 26.0, |_, row| Value::Text(&row.assigned_user)),
    column("IsAssignedInDB", 16.0, |_, row| yes_no(row.assigned_in_db)),
    column("TotalMessages", 15.0, |_, row| Value::Count(row.total_messages)),
    column("LastActivity", 13.0, |_, row| Value::Date(row.last_activity)),
    column("DaysSinceLastActivity", 23.0, |_, row| {
        Value::Days(row.days_since_last_activity)
    }),
    column("UsageStatus", 19.0, |_, row| Value::Status(row.status)),
    column("Monthly_Cost", 14.0, |_, row| Value::Money(row.monthly_cost)),
    column("Recommendation", 17.0, |_, row| {
        Value::Recommendation(row.recommendation)
    }),
];

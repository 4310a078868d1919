//! Typed rows of each input, read from one CSV record each.
//!
//! A value that can't be read becomes a finding here, and docs/report-contract.md#unreadable-values says what
//! happens to its row: left out, or kept with the cell empty.

use chrono::NaiveDate;

use super::columns::*;
use crate::date::parse_date;
use crate::findings::{Finding, FindingKind};
use crate::phone::{normalise, E164};

/// A row of the numbers export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberRow {
    pub line: u64,
    pub phone: E164,
    pub friendly_name: String,
    pub date_created: Option<NaiveDate>,
}

/// A row of the message stats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatsRow {
    pub line: u64,
    pub from: E164,
    pub message_count: u64,
    pub last_date_sent: Option<NaiveDate>,
}

/// A row of the assignments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssignmentRow {
    pub line: u64,
    pub phone: E164,
    pub user_id: String,
    pub enabled: bool,
    pub user_name: String,
    pub email: String,
}

/// One record's trimmed cells by column, plus where to report problems.
pub(crate) struct Cells<'a> {
    pub file: &'a str,
    pub line: u64,
    /// The header names as the file writes them, for messages.
    pub names: &'a [String],
    pub positions: &'a [Option<usize>],
    pub record: &'a csv::ByteRecord,
}

impl Cells<'_> {
    pub fn get(&self, column: usize) -> &str {
        self.positions[column]
            .and_then(|i| self.record.get(i))
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .map(str::trim)
            .unwrap_or("")
    }

    fn name(&self, column: usize) -> &str {
        self.positions[column]
            .and_then(|i| self.names.get(i))
            .map(String::as_str)
            .unwrap_or("?")
    }

    fn unreadable(&self, findings: &mut Vec<Finding>, column: usize, why: String) {
        let name = self.name(column);
        findings.push(Finding::new(
            FindingKind::Unreadable,
            self.file,
            Some(self.line),
            format!("{name} {why}"),
        ));
    }

    fn phone(&self, findings: &mut Vec<Finding>, column: usize, then: &str) -> Option<E164> {
        let raw = self.get(column);
        normalise(raw)
            .map_err(|e| {
                self.unreadable(
                    findings,
                    column,
                    format!("`{raw}` can't be read as a phone number: {e}; {then}."),
                )
            })
            .ok()
    }
}

const DATE_FORMATS: &str = "RFC 2822, ISO 8601, M/D/YYYY [H:MM AM] or MM-DD-YYYY";

pub(crate) fn number_row(cells: &Cells, findings: &mut Vec<Finding>) -> Option<NumberRow> {
    let phone = cells.phone(findings, PHONE, "the row is left out of the report");
    let raw_date = cells.get(DATE_CREATED);
    let date_created = parse_date(raw_date);
    if date_created.is_none() {
        let why = if raw_date.is_empty() {
            "is empty; the cell is left empty.".to_string()
        } else {
            format!("`{raw_date}` is not a date this tool reads ({DATE_FORMATS}); the cell is left empty.")
        };
        cells.unreadable(findings, DATE_CREATED, why);
    }
    Some(NumberRow {
        line: cells.line,
        phone: phone?,
        friendly_name: cells.get(FRIENDLY_NAME).to_string(),
        date_created,
    })
}

pub(crate) fn stats_row(cells: &Cells, findings: &mut Vec<Finding>) -> Option<StatsRow> {
    let from = cells.phone(findings, FROM, "its messages are left out");
    let raw_count = cells.get(MESSAGE_COUNT);
    let message_count = if (1..=18).contains(&raw_count.len()) && raw_count.bytes().all(|b| b.is_ascii_digit()) {
        raw_count.parse::<u64>().ok()
    } else {
        None
    };
    if message_count.is_none() {
        cells.unreadable(
            findings,
            MESSAGE_COUNT,
            format!("`{raw_count}` is not a whole number of 1 to 18 digits; the row is left out."),
        );
    }
    let raw_date = cells.get(LAST_DATE_SENT);
    let last_date_sent = if raw_date.is_empty() || raw_date.eq_ignore_ascii_case("null") {
        None
    } else {
        let date = parse_date(raw_date);
        if date.is_none() {
            cells.unreadable(
                findings,
                LAST_DATE_SENT,
                format!("`{raw_date}` is not a date this tool reads ({DATE_FORMATS}); it counts as no date, its messages still count."),
            );
        }
        date
    };
    Some(StatsRow {
        line: cells.line,
        from: from?,
        message_count: message_count?,
        last_date_sent,
    })
}

pub(crate) fn assignment_row(cells: &Cells, findings: &mut Vec<Finding>) -> Option<AssignmentRow> {
    let phone = cells.phone(findings, PHONE, "the row is left out, its user names too")?;
    let raw_enabled = cells.get(ENABLED);
    let enabled = match raw_enabled.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" => true,
        "0" | "false" | "no" => false,
        _ => {
            cells.unreadable(
                findings,
                ENABLED,
                format!("`{raw_enabled}` is not 1/0, true/false or yes/no; it counts as enabled, so the number is not recommended for release."),
            );
            true
        }
    };
    Some(AssignmentRow {
        line: cells.line,
        phone,
        user_id: cells.get(USER_ID).to_string(),
        enabled,
        user_name: cells.get(USER_NAME).to_string(),
        email: cells.get(EMAIL).to_string(),
    })
}

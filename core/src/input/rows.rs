//! Typed rows of each input, read from one CSV record each.
//!
//! A value that can't be read becomes a finding here, and docs/report-contract.md#unreadable-values says what
//! happens to its row: left out, or kept with the cell empty.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::columns::*;
use super::value::{whole_number, Cell, Value};
use crate::date::parse_date;
use crate::findings::{Finding, FindingKind, Source};
use crate::money::Cents;
use crate::phone::{normalise, PhoneError, E164};
use crate::place::Country;
use crate::prices::{NumberType, Price};
use crate::sid::Sid;
use crate::status::UsageStatus;

/// A row of the numbers export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberRow {
    pub line: u64,
    pub phone: E164,
    pub friendly_name: String,
    pub date_created: Option<NaiveDate>,
    /// The type the input gives; `None` when it gives none (then it is inferred).
    pub number_type: Option<NumberType>,
    /// Twilio's `PN…` sid, when the input carries a well-formed one (the API shapes do).
    pub sid: Option<Sid>,
    /// The `AC…` sid of the account that holds the number, when given.
    pub account_sid: Option<Sid>,
}

/// A row of an earlier inventory: what the number was then.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviousRow {
    pub line: u64,
    pub phone: E164,
    pub category: String,
    pub assigned_user: String,
    pub status: Option<UsageStatus>,
    pub monthly_cost: Cents,
    pub last_activity: Option<NaiveDate>,
}

/// A row of the invoice figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceRow {
    pub line: u64,
    /// As the file writes it: `2026-11`.
    pub month: String,
    pub numbers: u64,
    pub charges: Cents,
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

/// Where a record's cells are: a CSV record, or a row of a table read whole.
#[derive(Clone, Copy)]
pub(crate) enum Record<'a> {
    /// `null_is_empty`: twilio-cli's TSV writes a missing value as `null`.
    Delimited {
        record: &'a super::delimited::Fields,
        /// The record as text when it is UTF-8 ([`Fields::as_text`]).
        ///
        /// [`Fields::as_text`]: super::delimited::Fields::as_text
        text: Option<&'a str>,
        null_is_empty: bool,
    },
    Values(&'a [Value]),
}

/// One record's cells by column, plus where to report problems.
pub(crate) struct Cells<'a> {
    pub source: Source<'a>,
    pub line: u64,
    /// The header names as the file writes them, for messages.
    pub names: &'a [String],
    pub positions: &'a [Option<usize>],
    pub record: Record<'a>,
}

impl<'a> Cells<'a> {
    pub fn cell(&self, column: usize) -> Cell<'a> {
        let Some(i) = self.positions[column] else {
            return Cell::Text("");
        };
        match self.record {
            Record::Delimited {
                record,
                text,
                null_is_empty,
            } => {
                let text = match text {
                    Some(whole) => record.range(i).and_then(|r| whole.get(r)),
                    None => record.get(i).and_then(|bytes| std::str::from_utf8(bytes).ok()),
                }
                .map(trim)
                .unwrap_or("");
                Cell::Text(if null_is_empty && text == "null" { "" } else { text })
            }
            Record::Values(values) => values.get(i).map_or(Cell::Text(""), Value::cell),
        }
    }

    /// The cell as text (a number as a spreadsheet shows it).
    pub fn text(&self, column: usize) -> Cow<'a, str> {
        self.cell(column).text()
    }

    fn name(&self, column: usize) -> &str {
        self.positions[column]
            .and_then(|i| self.names.get(i))
            .map(String::as_str)
            .unwrap_or("?")
    }

    fn unreadable(&self, findings: &mut Vec<Finding>, column: usize, why: String) {
        let name = self.name(column);
        findings.push(
            self.source
                .finding(FindingKind::Unreadable, Some(self.line), format!("{name} {why}")),
        );
    }

    fn phone(&self, findings: &mut Vec<Finding>, column: usize, then: &str) -> Option<E164> {
        let cell = self.cell(column);
        let read = match cell {
            // A number cell is read exactly when it is a whole number below 2^53;
            // then it follows the same rules as text.
            Cell::Number(n) => match whole_number(n) {
                Some(whole) if whole >= 0 => normalise(&whole.to_string()),
                _ => Err(PhoneError::SpreadsheetDamaged),
            },
            Cell::Text(text) => normalise(text),
            Cell::Bool(_) | Cell::Date(_) => Err(PhoneError::NoDigits),
        };
        read.map_err(|e| {
            let raw = cell.text();
            self.unreadable(
                findings,
                column,
                format!("`{raw}` can't be read as a phone number: {e}; {then}."),
            )
        })
        .ok()
    }

    /// A Twilio sid, when the cell holds a well-formed one; a malformed one is a finding.
    fn sid(&self, findings: &mut Vec<Finding>, column: usize, prefix: &str) -> Option<Sid> {
        let raw = self.text(column);
        if raw.is_empty() {
            return None;
        }
        let sid = Sid::parse(&raw, prefix);
        if sid.is_none() {
            self.unreadable(
                findings,
                column,
                format!(
                    "`{raw}` is not a Twilio sid ({prefix} and 32 hexadecimal digits); the release plan \
                     finds this number by its PhoneNumber instead."
                ),
            );
        }
        sid
    }

    /// An amount of money: text like `1.15` or `$27.60`, or a number cell in dollars.
    fn amount(&self, findings: &mut Vec<Finding>, column: usize, then: &str) -> Option<Cents> {
        let raw = self.text(column);
        Cents::parse_amount(&raw)
            .map_err(|e| self.unreadable(findings, column, format!("{e}; {then}.")))
            .ok()
    }

    /// A date cell as written, or text in any accepted form; `None` for an empty
    /// cell (no finding: each caller says what empty means) or one that is no
    /// date (a finding says why).
    pub(crate) fn date(&self, findings: &mut Vec<Finding>, column: usize, then: &str) -> Option<NaiveDate> {
        let cell = self.cell(column);
        let why = match cell {
            Cell::Date(date_time) => return Some(date_time.date()),
            Cell::Text(raw) => match parse_date(raw) {
                Some(date) => return Some(date),
                None if raw.is_empty() => return None,
                None => format!("`{raw}` is not a date this tool reads ({DATE_FORMATS}); {then}."),
            },
            Cell::Number(_) | Cell::Bool(_) => format!(
                "`{}` is a number, not a date: format the column as a date in the workbook; {then}.",
                cell.text()
            ),
        };
        self.unreadable(findings, column, why);
        None
    }
}

/// `str::trim` (Unicode White_Space), without its tables when both ends are
/// ASCII other than the vertical tab, which `trim_ascii` keeps: every cell of
/// every input comes through here.
fn trim(text: &str) -> &str {
    let trimmed = text.trim_ascii();
    let plain = |b: Option<&u8>| b.is_none_or(|&b| b.is_ascii() && b != 0x0B);
    if plain(trimmed.as_bytes().first()) && plain(trimmed.as_bytes().last()) {
        trimmed
    } else {
        trimmed.trim()
    }
}

const DATE_FORMATS: &str = "RFC 2822, ISO 8601, M/D/YYYY [H:MM AM] or MM-DD-YYYY";

pub(crate) fn number_row(cells: &Cells, findings: &mut Vec<Finding>) -> Option<NumberRow> {
    let phone = cells.phone(findings, PHONE, "the row is left out of the report");
    let date_created = cells.date(findings, DATE_CREATED, "the cell is left empty");
    if date_created.is_none() && cells.cell(DATE_CREATED).is_empty() {
        cells.unreadable(findings, DATE_CREATED, "is empty; the cell is left empty.".to_string());
    }
    let raw_type = cells.text(NUMBER_TYPE);
    let number_type = NumberType::parse(&raw_type);
    if number_type.is_none() && !raw_type.is_empty() && !raw_type.eq_ignore_ascii_case("other") {
        cells.unreadable(
            findings,
            NUMBER_TYPE,
            format!(
                "`{raw_type}` is not a number type this tool knows (local, mobile, toll free, national, \
                 short code); the type is inferred from the number."
            ),
        );
    }
    Some(NumberRow {
        line: cells.line,
        phone: phone?,
        friendly_name: cells.text(FRIENDLY_NAME).into_owned(),
        date_created,
        number_type,
        sid: cells.sid(findings, SID, "PN"),
        account_sid: cells.sid(findings, ACCOUNT_SID, "AC"),
    })
}

pub(crate) fn stats_row(cells: &Cells, findings: &mut Vec<Finding>) -> Option<StatsRow> {
    let from = cells.phone(findings, FROM, "its messages are left out");
    let raw_count = cells.text(MESSAGE_COUNT);
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
    // SQL Server's NULL, as an export writes it, is no date.
    let null = matches!(cells.cell(LAST_DATE_SENT), Cell::Text(raw) if raw.eq_ignore_ascii_case("null"));
    let last_date_sent = if null {
        None
    } else {
        cells.date(
            findings,
            LAST_DATE_SENT,
            "it counts as no date, its messages still count",
        )
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
    let raw_enabled = cells.cell(ENABLED);
    let enabled = match raw_enabled {
        Cell::Bool(enabled) => enabled,
        _ => match raw_enabled.text().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" => true,
            "0" | "false" | "no" => false,
            _ => {
                cells.unreadable(
                    findings,
                    ENABLED,
                    format!(
                        "`{}` is not 1/0, true/false or yes/no; it counts as enabled, \
                         so the number is not recommended for release.",
                        raw_enabled.text()
                    ),
                );
                true
            }
        },
    };
    Some(AssignmentRow {
        line: cells.line,
        phone,
        user_id: cells.text(USER_ID).into_owned(),
        enabled,
        user_name: cells.text(USER_NAME).into_owned(),
        email: cells.text(EMAIL).into_owned(),
    })
}

pub(crate) fn price_row(cells: &Cells, findings: &mut Vec<Finding>) -> Option<Price> {
    let raw_country = cells.text(COUNTRY);
    let country = Country::parse(&raw_country);
    if country.is_none() {
        cells.unreadable(
            findings,
            COUNTRY,
            format!("`{raw_country}` is not a two-letter ISO country code (US, GB, …); the row is left out."),
        );
    }
    let raw_type = cells.text(PRICE_TYPE);
    let number_type = NumberType::parse(&raw_type);
    if number_type.is_none() {
        cells.unreadable(
            findings,
            PRICE_TYPE,
            format!("`{raw_type}` is not local, mobile, toll free, national or short code; the row is left out."),
        );
    }
    let monthly = cells.amount(findings, MONTHLY_PRICE, "the row is left out");
    Some(Price {
        country: country?,
        number_type: number_type?,
        monthly: monthly?,
    })
}

pub(crate) fn invoice_row(cells: &Cells, findings: &mut Vec<Finding>) -> Option<InvoiceRow> {
    let month = cells.text(MONTH).into_owned();
    let raw_numbers = cells.text(INVOICE_NUMBERS);
    let numbers = raw_numbers.parse::<u64>().ok();
    if numbers.is_none() {
        cells.unreadable(
            findings,
            INVOICE_NUMBERS,
            format!("`{raw_numbers}` is not a whole number; the row is left out."),
        );
    }
    let charges = cells.amount(findings, CHARGES, "the row is left out");
    Some(InvoiceRow {
        line: cells.line,
        month,
        numbers: numbers?,
        charges: charges?,
    })
}

pub(crate) fn previous_row(cells: &Cells, findings: &mut Vec<Finding>) -> Option<PreviousRow> {
    let phone = cells.phone(findings, PREVIOUS_PHONE, "the row is left out of the changes");
    let raw_status = cells.text(PREVIOUS_STATUS);
    let status = UsageStatus::from_label(&raw_status);
    if status.is_none() && !raw_status.is_empty() {
        cells.unreadable(
            findings,
            PREVIOUS_STATUS,
            format!(
                "`{raw_status}` is not a UsageStatus this report writes; the number's status then counts as unknown."
            ),
        );
    }
    let monthly_cost = cells.amount(findings, PREVIOUS_COST, "it counts as 0.00");
    // The previous inventory wrote its own names defused (`'=…`): compare them as written.
    Some(PreviousRow {
        line: cells.line,
        phone: phone?,
        category: cells.text(PREVIOUS_CATEGORY).into_owned(),
        assigned_user: cells.text(PREVIOUS_USER).into_owned(),
        status,
        monthly_cost: monthly_cost.unwrap_or_default(),
        last_activity: cells.date(findings, PREVIOUS_LAST_ACTIVITY, "it counts as no date"),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn trim_is_strs_trim() {
        for text in [
            "",
            " ",
            "a",
            " a b ",
            "\t+1 415\r\n",
            "\u{0B}a\u{0B}",
            "\u{A0}Jane\u{A0}",
            " \u{2003}x\u{3000} ",
            "é ",
            " ü",
        ] {
            assert_eq!(super::trim(text), text.trim(), "{text:?}");
        }
    }
}

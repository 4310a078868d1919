//! How a value of the report becomes one typed, styled workbook cell: texts
//! as strings (never formulas), dates as date cells, money and counts as
//! numbers, and statuses shaded as the page shades them.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Worksheet, XlsxError};

use crate::checks::CheckStatus;
use crate::date::format_mdy;
use crate::money::Cents;
use crate::phone::E164;
use crate::status::{Recommendation, UsageStatus};

/// What a cell holds; [`write_value`] picks its cell type and format.
pub(super) enum Value<'a> {
    /// Any text, the user's included: a string cell, as it is.
    Text(&'a str),
    /// The `Phone` column's display form, as a string.
    Phone(E164),
    /// A date cell, or an empty cell for none.
    Date(Option<NaiveDate>),
    Money(Cents),
    Count(u128),
    /// Days since the last activity, or an empty cell for none.
    Days(Option<i64>),
    Status(UsageStatus),
    Recommendation(Recommendation),
    Check(CheckStatus),
}

/// The page's colours: `app/style.css` (`thead th`, `.rec-*`, `.check.*`)
/// and the status colours of its charts (`app/src/bin/page/components/charts.rs`).
const HEADER_FILL: u32 = 0xeef1f6;
const INK: u32 = 0x1d2330;
const WHITE: u32 = 0xffffff;
/// Fill and text per status, in `UsageStatus::ALL` order; the text is white
/// where that reads better on the chart's colour.
const STATUS_COLOURS: [(u32, u32); 5] = [
    (0xb3261e, WHITE),
    (0xe8710a, INK),
    (0xf2c12e, INK),
    (0x7cb342, INK),
    (0x2e7d32, WHITE),
];
/// Text and fill per recommendation, in `Recommendation::ALL` order (`.rec-release`, `.rec-review`, `.rec-keep`).
const RECOMMENDATION_COLOURS: [(u32, u32); 3] = [(0xa4221b, 0xfdecea), (0x8a5a00, 0xfff4d6), (0x1e6e34, 0xe5f4e8)];
/// Text and fill per check status: pass, FAIL, not checked (`.check.pass`, `.check.fail`, `.check.unchecked`).
const CHECK_COLOURS: [(u32, u32); 3] = [(0x1e6e34, 0xe5f4e8), (0xa4221b, 0xfdecea), (0x5a6372, 0xeef0f4)];

/// Excel's limit on a cell's text, in UTF-16 units.
const MAX_CELL_TEXT: usize = 32_767;

/// The formats every sheet shares.
pub(super) struct Styles {
    pub header: Format,
    pub title: Format,
    pub total: Format,
    date: Format,
    pub money: Format,
    money_total: Format,
    statuses: [Format; 5],
    recommendations: [Format; 3],
    checks: [Format; 3],
}

impl Styles {
    pub fn new() -> Styles {
        let shaded = |text: u32, fill: u32| {
            Format::new()
                .set_bold()
                .set_font_color(Color::RGB(text))
                .set_background_color(Color::RGB(fill))
        };
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(HEADER_FILL))
                .set_border_bottom(FormatBorder::Thin),
            title: Format::new().set_bold().set_font_size(14),
            total: Format::new().set_bold().set_border_top(FormatBorder::Thin),
            date: Format::new().set_num_format("mm-dd-yyyy"),
            money: Format::new().set_num_format("0.00"),
            money_total: Format::new()
                .set_num_format("0.00")
                .set_bold()
                .set_border_top(FormatBorder::Thin),
            statuses: STATUS_COLOURS.map(|(fill, text)| shaded(text, fill)),
            recommendations: RECOMMENDATION_COLOURS.map(|(text, fill)| shaded(text, fill)),
            checks: CHECK_COLOURS.map(|(text, fill)| shaded(text, fill)),
        }
    }

    /// A status's shading, for a cell or a column heading.
    pub fn status(&self, status: UsageStatus) -> &Format {
        &self.statuses[status as usize]
    }
}

/// The date as Excel's date, when Excel and its readers agree on it: from
/// 03-01-1900 (earlier serial numbers meet Excel's false 1900 leap day, which
/// readers treat differently) to 9999.
pub(super) fn excel_date(date: NaiveDate) -> Option<ExcelDateTime> {
    let first = NaiveDate::from_ymd_opt(1900, 3, 1)?;
    if date < first {
        return None;
    }
    let (year, month, day) = (u16::try_from(date.year()).ok()?, date.month() as u8, date.day() as u8);
    ExcelDateTime::from_ymd(year, month, day).ok()
}

/// A text cut to what a cell holds, ending in `…` when cut. The report's own
/// texts never are; a user's cell or a message quoting one could be.
fn fit(text: &str) -> Cow<'_, str> {
    // UTF-8 takes at least as many bytes as UTF-16 takes units, so most texts are known to fit at once.
    if text.len() <= MAX_CELL_TEXT || text.encode_utf16().count() <= MAX_CELL_TEXT {
        return Cow::Borrowed(text);
    }
    let mut units = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > MAX_CELL_TEXT - 1
        })
        .map_or(text.len(), |(i, _)| i);
    Cow::Owned(format!("{}…", &text[..end]))
}

/// The largest whole number an f64 (a spreadsheet's number) holds exactly.
const EXACT_IN_F64: u128 = 1 << 53;

/// Writes `value` at `row`, `col`. Row and column are within the sheet (the
/// callers cap their rows), so only the value's own checks matter here.
pub(super) fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Value<'_>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    match value {
        // write_string, never write: a user's `=SUM(…)` stays text.
        Value::Text(text) => sheet.write_string(row, col, fit(text))?,
        Value::Phone(phone) => sheet.write_string(row, col, phone.display())?,
        Value::Date(None) | Value::Days(None) => sheet,
        Value::Date(Some(date)) => match excel_date(date) {
            Some(excel) => sheet.write_datetime_with_format(row, col, &excel, &styles.date)?,
            // Outside Excel's dates: the text every output writes.
            None => sheet.write_string(row, col, format_mdy(date))?,
        },
        Value::Money(cents) => sheet.write_number_with_format(row, col, dollars(cents), &styles.money)?,
        Value::Count(count) if count <= EXACT_IN_F64 => sheet.write_number(row, col, count as f64)?,
        // Digits a number cell would round away stay digits.
        Value::Count(count) => sheet.write_string(row, col, count.to_string())?,
        Value::Days(Some(days)) => sheet.write_number(row, col, days as f64)?,
        Value::Status(status) => sheet.write_string_with_format(row, col, status.label(), styles.status(status))?,
        Value::Recommendation(recommendation) => sheet.write_string_with_format(
            row,
            col,
            recommendation.label(),
            &styles.recommendations[recommendation as usize],
        )?,
        Value::Check(status) => {
            let shade = match status {
                CheckStatus::Pass => &styles.checks[0],
                CheckStatus::Fail => &styles.checks[1],
                CheckStatus::NotChecked => &styles.checks[2],
            };
            sheet.write_string_with_format(row, col, status.label(), shade)?
        }
    };
    Ok(())
}

/// A total's cell in the Summary: bold over a rule, money with two decimals.
pub(super) fn write_total(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Value<'_>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    match value {
        Value::Money(cents) => sheet.write_number_with_format(row, col, dollars(cents), &styles.money_total)?,
        Value::Count(count) => sheet.write_number_with_format(row, col, count as f64, &styles.total)?,
        Value::Text(text) => sheet.write_string_with_format(row, col, fit(text), &styles.total)?,
        other => return write_value(sheet, row, col, other, styles),
    };
    Ok(())
}

/// Cents as the dollars a money cell holds (`1.15`); the `0.00` format shows the cents.
fn dollars(cents: Cents) -> f64 {
    cents.0 as f64 / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_too_long_for_a_cell_is_cut_to_the_limit() {
        assert_eq!(fit("short"), "short");
        let long = "é".repeat(MAX_CELL_TEXT + 10);
        let cut = fit(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_TEXT);
        assert!(cut.ends_with("é…"));
        // A character of two UTF-16 units is never split.
        let emoji = "😀".repeat(MAX_CELL_TEXT);
        let cut = fit(&emoji);
        assert!(cut.encode_utf16().count() <= MAX_CELL_TEXT);
        assert!(cut.ends_with("😀…"));
    }

    #[test]
    fn dates_excel_and_its_readers_disagree_on_are_not_date_cells() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(excel_date(day(1900, 2, 28)).is_none());
        assert!(excel_date(day(1899, 12, 31)).is_none());
        assert!(excel_date(day(10000, 1, 1)).is_none());
        assert!(excel_date(day(1900, 3, 1)).is_some());
        assert!(excel_date(day(9999, 12, 31)).is_some());
    }
}

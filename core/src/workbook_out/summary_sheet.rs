//! The workbook's Summary sheet: the as-of date, the page's cards (numbers,
//! cost, release candidates and their saving) and the Category × UsageStatus
//! matrices of numbers and of monthly cost, as `Summary::to_text` lays them out.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::report::Report;
use crate::status::UsageStatus;
use crate::summary::Tally;

use super::style::{write_total, write_value, Styles, Value};

/// The matrices' first column holds the category names; then one per status and the total.
const LABEL_WIDTH: f64 = 36.0;
const FIGURE_WIDTH: f64 = 19.0;

impl Report {
    /// Writes the Summary sheet; `more_notes` (a table cut at a sheet's
    /// limit) follow the report's notes.
    pub(super) fn summary_sheet(
        &self,
        sheet: &mut Worksheet,
        styles: &Styles,
        more_notes: &[String],
    ) -> Result<(), XlsxError> {
        let s = &self.summary;
        sheet.set_name("Summary")?;
        sheet.set_column_width(0, LABEL_WIDTH)?;
        for col in 1..=UsageStatus::ALL.len() as u16 + 1 {
            sheet.set_column_width(col, FIGURE_WIDTH)?;
        }
        sheet.write_string_with_format(0, 0, "Twilio phone numbers as of", &styles.title)?;
        write_value(sheet, 0, 1, Value::Date(Some(s.as_of)), styles)?;

        // The cards: what there is, and what releasing the RELEASE rows saves.
        for (col, name) in ["", "Numbers", "Monthly cost", "Yearly cost"].into_iter().enumerate() {
            sheet.write_string_with_format(2, col as u16, name, &styles.header)?;
        }
        let cards = [
            ("All numbers", s.total),
            ("Release candidates (what releasing saves)", s.release()),
        ];
        for (i, (name, tally)) in cards.into_iter().enumerate() {
            let row = 3 + i as u32;
            write_value(sheet, row, 0, Value::Text(name), styles)?;
            write_value(sheet, row, 1, Value::Count(tally.numbers.into()), styles)?;
            write_value(sheet, row, 2, Value::Money(tally.monthly_cost), styles)?;
            write_value(sheet, row, 3, Value::Money(tally.yearly_cost()), styles)?;
        }

        let row = self.matrix(sheet, styles, 6, "Numbers", |t| Value::Count(t.numbers.into()))?;
        let row = self.matrix(sheet, styles, row + 1, "Monthly cost", |t| Value::Money(t.monthly_cost))?;

        let notes: Vec<&String> = self.notes.iter().chain(more_notes).collect();
        if !notes.is_empty() {
            sheet.write_string_with_format(row + 1, 0, "Notes", &styles.header)?;
            for (i, note) in notes.into_iter().enumerate() {
                write_value(sheet, row + 2 + i as u32, 0, Value::Text(note), styles)?;
            }
        }
        Ok(())
    }

    /// One matrix from `top`: a header row (`title`, the statuses, Total),
    /// one row per category and the totals row. Returns the row after it.
    fn matrix(
        &self,
        sheet: &mut Worksheet,
        styles: &Styles,
        top: u32,
        title: &str,
        value: impl Fn(&Tally) -> Value<'static>,
    ) -> Result<u32, XlsxError> {
        let s = &self.summary;
        let total_col = UsageStatus::ALL.len() as u16 + 1;
        sheet.write_string_with_format(top, 0, title, &styles.header)?;
        for (i, status) in UsageStatus::ALL.into_iter().enumerate() {
            sheet.write_string_with_format(top, i as u16 + 1, status.label(), styles.status(status))?;
        }
        sheet.write_string_with_format(top, total_col, "Total", &styles.header)?;
        let mut row = top + 1;
        for (category, (cells, total)) in s.categories.iter().zip(s.cells.iter().zip(&s.category_totals)) {
            write_value(sheet, row, 0, Value::Text(category), styles)?;
            for (col, tally) in cells.iter().enumerate() {
                write_value(sheet, row, col as u16 + 1, value(tally), styles)?;
            }
            write_value(sheet, row, total_col, value(total), styles)?;
            row += 1;
        }
        write_total(sheet, row, 0, Value::Text("All categories"), styles)?;
        for (col, tally) in s.status_totals.iter().enumerate() {
            write_total(sheet, row, col as u16 + 1, value(tally), styles)?;
        }
        write_total(sheet, row, total_col, value(&s.total), styles)?;
        Ok(row + 1)
    }
}

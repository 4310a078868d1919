//! The report as one Excel workbook, `Twilio_Phone_Inventory_v1.xlsx`:
//! the summary, the inventory, the assessment, the changes (when a previous
//! inventory was given), the locations and area codes, the findings and the
//! checks, one sheet each, with typed cells; the same bytes for the same report on
//! every run, natively and in wasm32.
//!
//! Written with rust_xlsxwriter. Every error it can return (a cell outside a
//! sheet, a text longer than a cell holds, a bad sheet name or date) is ruled
//! out here before the call, so [`Report::workbook_xlsx`] returns bytes.

mod columns;
mod more_sheets;
mod style;
mod summary_sheet;

use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};

use crate::date::format_mdy;
use crate::findings::{group_findings, Finding};
use crate::report::Report;
use crate::row::ReportRow;

use columns::{Column, ASSESSMENT_COLUMNS, INVENTORY_COLUMNS};
use style::{excel_date, write_value, Styles, Value};

pub const WORKBOOK_FILE: &str = "Twilio_Phone_Inventory_v1.xlsx";

/// Rows a sheet holds below its header: Excel's 1,048,576 less the header.
/// Longer tables are cut there, and the Summary says so (the CSVs hold them all).
const MAX_TABLE_ROWS: usize = 1_048_575;

const FINDINGS_COLUMNS: [(&str, f64); 4] = [("Kind", 40.0), ("File", 28.0), ("Position", 11.0), ("Message", 100.0)];
const CHECKS_COLUMNS: [(&str, f64); 3] = [("Check", 70.0), ("Status", 12.0), ("Detail", 100.0)];

impl Report {
    /// `Twilio_Phone_Inventory_v1.xlsx`: the sheets Summary, Inventory,
    /// Assessment, Changes (when given), Locations, Area codes, Findings and Checks (docs/report-contract.md#workbook).
    pub fn workbook_xlsx(&self) -> Vec<u8> {
        // Each error rust_xlsxwriter can return is prevented above its call
        // (see the module's comment), and writing into a Vec cannot fail.
        self.write_workbook()
            .unwrap_or_else(|e| panic!("the workbook's cells were checked before writing: {e}"))
    }

    fn write_workbook(&self) -> Result<Vec<u8>, XlsxError> {
        let styles = Styles::new();
        let mut workbook = Workbook::new();
        // Reproducible bytes: the creation time is the as-of date, not the
        // clock (zip entries already carry a fixed time). An as-of date
        // before Excel's dates gives their first.
        let created = match excel_date(self.settings.as_of) {
            Some(date) => date,
            None => rust_xlsxwriter::ExcelDateTime::from_ymd(1900, 3, 1)?,
        };
        workbook.set_properties(
            &DocProperties::new()
                .set_title(format!(
                    "Twilio phone number inventory as of {}",
                    format_mdy(self.settings.as_of)
                ))
                .set_creation_datetime(&created),
        );

        let findings: Vec<&Finding> = group_findings(&self.findings)
            .into_iter()
            .flat_map(|group| group.findings)
            .collect();
        let cut_notes: Vec<String> = [
            ("Inventory", self.rows.len(), "the inventory CSV"),
            ("Assessment", self.rows.len(), "the assessment CSV"),
            ("Findings", findings.len(), "`phone-inventory report --all-findings`"),
        ]
        .into_iter()
        .filter(|(_, rows, _)| *rows > MAX_TABLE_ROWS)
        .map(|(sheet, rows, all)| {
            format!(
                "The {sheet} sheet holds the first {} of {} rows (a sheet's limit); {all} has them all.",
                crate::money::thousands(MAX_TABLE_ROWS as u64),
                crate::money::thousands(rows as u64)
            )
        })
        .collect();

        self.summary_sheet(workbook.add_worksheet(), &styles, &cut_notes)?;
        let inventory = workbook.add_worksheet().set_name("Inventory")?;
        self.table_sheet(inventory, &styles, INVENTORY_COLUMNS, self.rows.iter())?;
        let assessment = workbook.add_worksheet().set_name("Assessment")?;
        self.table_sheet(assessment, &styles, ASSESSMENT_COLUMNS, self.assessment_rows())?;
        if let Some(changes) = &self.changes {
            Report::changes_sheet(workbook.add_worksheet().set_name("Changes")?, &styles, changes)?;
        }
        let locations = self.locations();
        more_sheets::locations_sheet(workbook.add_worksheet().set_name("Locations")?, &styles, &locations)?;
        more_sheets::area_codes_sheet(workbook.add_worksheet().set_name("Area codes")?, &styles, &locations)?;
        findings_sheet(workbook.add_worksheet().set_name("Findings")?, &styles, &findings)?;
        self.checks_sheet(workbook.add_worksheet().set_name("Checks")?, &styles)?;
        workbook.save_to_buffer()
    }

    fn checks_sheet(&self, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
        let rows = self.checks.iter().map(|check| {
            [
                Value::Text(check.title),
                Value::Check(check.status),
                Value::Text(&check.detail),
            ]
        });
        cells_sheet(sheet, styles, &CHECKS_COLUMNS, rows)
    }

    /// One row per report row, a cell per column: the Inventory and
    /// Assessment sheets.
    fn table_sheet<'r>(
        &'r self,
        sheet: &mut Worksheet,
        styles: &Styles,
        columns: &[Column],
        rows: impl Iterator<Item = &'r ReportRow>,
    ) -> Result<(), XlsxError> {
        let header: Vec<(&str, f64)> = columns.iter().map(|c| (c.header, c.width)).collect();
        let sheet = table_header(sheet, styles, &header)?;
        let mut last_row = 0;
        for (i, row) in rows.take(MAX_TABLE_ROWS).enumerate() {
            last_row = i as u32 + 1;
            for (col, column) in columns.iter().enumerate() {
                write_value(sheet, last_row, col as u16, (column.value)(self, row), styles)?;
            }
        }
        sheet.autofilter(0, 0, last_row, columns.len() as u16 - 1)?;
        Ok(())
    }
}

/// One row per finding, in the findings' order (grouped by kind).
fn findings_sheet(sheet: &mut Worksheet, styles: &Styles, findings: &[&Finding]) -> Result<(), XlsxError> {
    let sheet = table_header(sheet, styles, &FINDINGS_COLUMNS)?;
    let shown = findings.len().min(MAX_TABLE_ROWS);
    for (i, finding) in findings.iter().take(shown).enumerate() {
        let row = i as u32 + 1;
        write_value(sheet, row, 0, Value::Text(finding.kind.title()), styles)?;
        write_value(sheet, row, 1, Value::Text(&finding.file), styles)?;
        // A note on a whole file has no position.
        if let Some(line) = finding.line {
            let position = format!("{} {line}", finding.unit.word());
            write_value(sheet, row, 2, Value::Text(&position), styles)?;
        }
        write_value(sheet, row, 3, Value::Text(&finding.message), styles)?;
    }
    sheet.autofilter(0, 0, shown as u32, FINDINGS_COLUMNS.len() as u16 - 1)?;
    Ok(())
}

/// A table of a few columns, a cell each: its header, its rows, an autofilter.
fn cells_sheet<'v, const N: usize>(
    sheet: &mut Worksheet,
    styles: &Styles,
    columns: &[(&str, f64); N],
    rows: impl Iterator<Item = [Value<'v>; N]>,
) -> Result<(), XlsxError> {
    let sheet = table_header(sheet, styles, columns)?;
    let mut last_row = 0;
    for (i, cells) in rows.enumerate() {
        last_row = i as u32 + 1;
        for (col, value) in cells.into_iter().enumerate() {
            write_value(sheet, last_row, col as u16, value, styles)?;
        }
    }
    sheet.autofilter(0, 0, last_row, N as u16 - 1)?;
    Ok(())
}

/// A table's header row, frozen, and its columns' widths (set, not measured,
/// so the bytes don't depend on fonts).
fn table_header<'s>(
    sheet: &'s mut Worksheet,
    styles: &Styles,
    columns: &[(&str, f64)],
) -> Result<&'s mut Worksheet, XlsxError> {
    for (col, (name, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &styles.header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::columns::{Column, ASSESSMENT_COLUMNS, INVENTORY_COLUMNS};
    use crate::{load, Inputs, Report, Settings};

    /// The CSV's header line, as names.
    fn csv_header(csv: &[u8]) -> Vec<String> {
        let text = String::from_utf8(csv.to_vec()).unwrap();
        let line = text.trim_start_matches('\u{FEFF}').lines().next().unwrap().to_string();
        line.split(',').map(str::to_string).collect()
    }

    #[test]
    fn the_table_sheets_have_the_csvs_columns() {
        let mut inputs = Inputs::default();
        let numbers = b"PhoneNumber,FriendlyName,DateCreated\n+14155550134,Jane Doe,2025-12-09\n";
        inputs.put(load("numbers.csv", numbers.to_vec()).unwrap());
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let report = Report::build(&inputs, &Settings::new(as_of)).unwrap();
        let names = |columns: &[Column]| columns.iter().map(|c| c.header.to_string()).collect::<Vec<_>>();
        assert_eq!(names(INVENTORY_COLUMNS), csv_header(&report.inventory_csv()));
        assert_eq!(names(ASSESSMENT_COLUMNS), csv_header(&report.assessment_csv()));
    }
}

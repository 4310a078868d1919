//! The workbook's sheets beyond the CSVs' tables: Changes (when a previous
//! inventory was given), Locations and Area codes.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::changes::{Changes, Snapshot};
use crate::locations::Locations;
use crate::report::Report;

use super::style::{write_value, Styles, Value};
use super::{cells_sheet, table_header};

const CHANGES_COLUMNS: [(&str, f64); 10] = [
    ("Phone", 19.0),
    ("Change", 30.0),
    ("Category before", 20.0),
    ("Category after", 20.0),
    ("Assigned user before", 26.0),
    ("Assigned user after", 26.0),
    ("UsageStatus before", 19.0),
    ("UsageStatus after", 19.0),
    ("Monthly cost before", 12.0),
    ("Monthly cost after", 12.0),
];
const LOCATIONS_COLUMNS: [(&str, f64); 3] = [("Location", 30.0), ("Numbers", 11.0), ("Monthly cost", 13.0)];
const AREA_CODES_COLUMNS: [(&str, f64); 4] = [
    ("Area code", 10.0),
    ("Location", 30.0),
    ("Numbers", 11.0),
    ("Monthly cost", 13.0),
];

impl Report {
    /// One row per changed number, as the changes CSV has them, with typed cells.
    pub(super) fn changes_sheet(sheet: &mut Worksheet, styles: &Styles, changes: &Changes) -> Result<(), XlsxError> {
        let sheet = table_header(sheet, styles, &CHANGES_COLUMNS)?;
        // A few rows per number at most: far below a sheet's limit only when
        // the inventories are; cut as the other tables are.
        let shown = changes.rows.len().min(super::MAX_TABLE_ROWS);
        for (i, change) in changes.rows.iter().take(shown).enumerate() {
            let row = i as u32 + 1;
            write_value(sheet, row, 0, Value::Phone(change.phone), styles)?;
            write_value(sheet, row, 1, Value::Text(&change.what()), styles)?;
            for (side, snapshot) in [&change.before, &change.after].into_iter().enumerate() {
                let Some(snapshot) = snapshot else { continue };
                let col = |first: u16| first + side as u16;
                let Snapshot {
                    category,
                    assigned_user,
                    status,
                    monthly_cost,
                } = snapshot;
                write_value(sheet, row, col(2), Value::Text(category), styles)?;
                write_value(sheet, row, col(4), Value::Text(assigned_user), styles)?;
                if let Some(status) = status {
                    write_value(sheet, row, col(6), Value::Status(*status), styles)?;
                }
                write_value(sheet, row, col(8), Value::Money(*monthly_cost), styles)?;
            }
        }
        sheet.autofilter(0, 0, shown as u32, CHANGES_COLUMNS.len() as u16 - 1)?;
        Ok(())
    }
}

/// The numbers by location, most first.
pub(super) fn locations_sheet(sheet: &mut Worksheet, styles: &Styles, locations: &Locations) -> Result<(), XlsxError> {
    let rows = locations.by_location.iter().map(|place| {
        [
            Value::Text(&place.location),
            Value::Count(place.tally.numbers.into()),
            Value::Money(place.tally.monthly_cost),
        ]
    });
    cells_sheet(sheet, styles, &LOCATIONS_COLUMNS, rows)
}

/// The North American numbers by area code, most first.
pub(super) fn area_codes_sheet(sheet: &mut Worksheet, styles: &Styles, locations: &Locations) -> Result<(), XlsxError> {
    let rows = locations.by_area_code.iter().map(|code| {
        [
            Value::Count(code.area_code.into()),
            Value::Text(&code.location),
            Value::Count(code.tally.numbers.into()),
            Value::Money(code.tally.monthly_cost),
        ]
    });
    cells_sheet(sheet, styles, &AREA_CODES_COLUMNS, rows)
}

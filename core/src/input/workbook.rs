//! Workbooks (.xlsx, .xlsm, .ods) read with calamine from bytes; an .xls is
//! refused (see `read`). The
//! input is the first sheet whose header row is recognised; its cells keep
//! their types (numbers, dates in either date system, booleans).
//!
//! Read whole, since a zip keeps its index at the end. Memory stays bounded
//! by what is kept, not by what a sheet claims: an .xlsx sheet is streamed
//! cell by cell (never as calamine's `Range`, which allocates the rectangle
//! between the first and last cell, so a tiny file naming cell XFD1048576
//! would ask for 17 billion cells), only the recognised columns are kept, and
//! a sheet is refused past [`MAX_CELLS`] cells.

use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Sheets, Xlsx};

use super::columns::{self, HeaderProblem, InputKind};
use super::table::{Table, TableRow};
use super::value::Value;

/// The most cells one sheet may hold, empty ones included: ten times a
/// million-number export's, and a bound on the time a hostile file takes.
pub(crate) const MAX_CELLS: u64 = 50_000_000;
/// The most cells an .ods may expand to: calamine holds them all at once
/// (32 bytes each natively), so less than an .xlsx sheet, which is streamed.
pub(crate) const MAX_ODS_CELLS: u64 = 20_000_000;
/// The most bytes a workbook's shared strings may claim: they are read whole.
const MAX_SHARED_STRINGS: u64 = 512 << 20;

/// The workbook formats, by their first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// A ZIP archive: .xlsx, .xlsm or .ods, told apart by what it holds.
    Zip,
    /// A Compound File: .xls.
    Compound,
}

pub(crate) fn format(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(b"PK\x03\x04") {
        Some(Format::Zip)
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        Some(Format::Compound)
    } else {
        None
    }
}

/// The sheet that was read.
#[derive(Debug)]
pub(crate) struct Sheet {
    pub name: String,
    /// The recognised columns only, in the order of the kind's columns.
    pub table: Table,
}

/// Why a workbook could not be used.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum WorkbookProblem {
    /// A ZIP archive that is no workbook.
    NotAWorkbook,
    /// Cut short or damaged: calamine's or zip's words.
    Damaged(String),
    /// No sheet has a recognised header: each sheet's name and first row.
    NoSheet(Vec<(String, Vec<String>)>),
    /// The first sheet that looks like an input lacks a column.
    MissingColumn {
        sheet: String,
        kind: InputKind,
        column: &'static str,
        aliases: String,
    },
    /// A sheet (or, for .ods, counted before reading, the workbook) past the cell limit.
    TooManyCells { sheet: Option<String> },
    /// An .xls (BIFF) workbook.
    OldExcel,
}

pub(crate) fn read(bytes: Vec<u8>, format: Format) -> Result<Sheet, WorkbookProblem> {
    let damaged = |e: &dyn std::fmt::Display| WorkbookProblem::Damaged(e.to_string());
    let mut book = match format {
        // calamine's .xls reader allocates the rectangle a file's cells claim
        // (fuzzing found 23 GB asked for by 5 KB), and BIFF can't be bounded
        // without parsing it here: refused until it can be read safely.
        Format::Compound => return Err(WorkbookProblem::OldExcel),
        Format::Zip => {
            // A zip keeps its index at its end: a file cut short has none.
            let archive = zip::ZipArchive::new(Cursor::new(&bytes)).map_err(|_| {
                WorkbookProblem::Damaged("the end of the file, where a workbook keeps its index, is missing".into())
            })?;
            let has = |name: &str| archive.index_for_name(name).is_some();
            let (xlsx, ods) = (has("xl/workbook.xml"), has("content.xml"));
            if let Some(i) = archive.index_for_name("xl/sharedStrings.xml") {
                let mut archive = archive.clone();
                let size = archive.by_index_raw(i).map_err(|e| damaged(&e))?.size();
                if size > MAX_SHARED_STRINGS {
                    return Err(WorkbookProblem::Damaged(format!(
                        "its shared strings claim {} MB, more than a workbook of phone numbers holds",
                        size >> 20
                    )));
                }
            }
            if ods {
                let cells = ods_cells(&mut archive.clone()).map_err(|e| damaged(&e))?;
                if cells > MAX_ODS_CELLS {
                    return Err(WorkbookProblem::TooManyCells { sheet: None });
                }
            }
            if xlsx {
                Sheets::Xlsx(Xlsx::new(Cursor::new(bytes)).map_err(|e| damaged(&e))?)
            } else if ods {
                Sheets::Ods(calamine::Ods::new(Cursor::new(bytes)).map_err(|e| damaged(&e))?)
            } else {
                return Err(WorkbookProblem::NotAWorkbook);
            }
        }
    };
    let mut looked = Vec::new();
    let mut first_problem = None;
    for name in book.sheet_names() {
        let mut sheet = SheetReader::default();
        match &mut book {
            Sheets::Xlsx(xlsx) => {
                let mut cells = xlsx.worksheet_cells_reader(&name).map_err(|e| damaged(&e))?;
                while let Some(cell) = cells.next_cell().map_err(|e| damaged(&e))? {
                    let (row, column) = cell.get_position();
                    if !sheet.take(row, column, value_ref(cell.get_value())) {
                        break;
                    }
                }
            }
            other => {
                let range = other.worksheet_range(&name).map_err(|e| damaged(&e))?;
                let (top, left) = range.start().unwrap_or_default();
                'rows: for (r, row) in range.rows().enumerate() {
                    for (c, data) in row.iter().enumerate() {
                        if !sheet.take(top + r as u32, left + c as u32, value(data)) {
                            break 'rows;
                        }
                    }
                }
            }
        }
        match sheet.finish() {
            Outcome::Read(table) => {
                return Ok(Sheet { name, table });
            }
            Outcome::TooManyCells => return Err(WorkbookProblem::TooManyCells { sheet: Some(name) }),
            Outcome::Missing { kind, column, aliases } => {
                first_problem.get_or_insert(WorkbookProblem::MissingColumn {
                    sheet: name.clone(),
                    kind,
                    column,
                    aliases,
                });
                looked.push((name, Vec::new()));
            }
            Outcome::NotRecognised(header) => looked.push((name, header)),
        }
    }
    Err(first_problem.unwrap_or(WorkbookProblem::NoSheet(looked)))
}

/// How many cells calamine will expand an .ods workbook's `content.xml` into:
/// each row with a value counts its repeats times the columns up to its last
/// value (trailing empty cells and rows, which LibreOffice writes with
/// repeats of a million, are not expanded, so they are not counted).
fn ods_cells(archive: &mut zip::ZipArchive<Cursor<&Vec<u8>>>) -> Result<u64, String> {
    use quick_xml::events::{BytesStart, Event};
    let content = archive.by_name("content.xml").map_err(|e| e.to_string())?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buf = Vec::new();
    let (mut total, mut row_repeats, mut column, mut last_value) = (0u64, 1u64, 0u64, 0u64);
    let repeats = |e: &BytesStart, name: &str| {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| a.value.trim().parse::<u64>().ok())
            .unwrap_or(1)
    };
    loop {
        let (event, is_start) = match reader.read_event_into(&mut buf).map_err(|e| e.to_string())? {
            Event::Eof => return Ok(total),
            Event::Start(e) => (e.into_owned(), true),
            Event::Empty(e) => (e.into_owned(), false),
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                total = total.saturating_add(row_repeats.saturating_mul(last_value));
                buf.clear();
                continue;
            }
            _ => {
                buf.clear();
                continue;
            }
        };
        match event.name().as_ref() {
            "table:table-row" => {
                (row_repeats, column, last_value) = (repeats(&event, "table:number-rows-repeated"), 0, 0);
            }
            "table:table-cell" | "table:covered-table-cell" => {
                column = column.saturating_add(repeats(&event, "table:number-columns-repeated"));
                let typed = event
                    .attributes()
                    .flatten()
                    .any(|a| a.key.as_ref() == "office:value-type");
                if is_start || typed {
                    last_value = column;
                }
            }
            _ => {}
        }
        buf.clear();
    }
}

enum Outcome {
    Read(Table),
    NotRecognised(Vec<String>),
    Missing {
        kind: InputKind,
        column: &'static str,
        aliases: String,
    },
    TooManyCells,
}

/// One sheet's cells, taken in row order: the first row with a value is the
/// header; after it, only the recognised columns are kept.
#[derive(Default)]
struct SheetReader {
    found_header: bool,
    /// Which sheet column each kept column is, once the header is recognised.
    keep: Option<Vec<Option<u32>>>,
    problem: Option<Outcome>,
    table: Table,
    row: Option<(u32, Vec<Value>)>,
    cells: u64,
}

impl SheetReader {
    /// Takes one cell; false once the rest of the sheet is not needed.
    fn take(&mut self, row: u32, column: u32, value: Value) -> bool {
        self.cells += 1;
        if self.cells > MAX_CELLS {
            self.problem = Some(Outcome::TooManyCells);
            return false;
        }
        if self.row.as_ref().is_some_and(|(r, _)| *r != row) {
            self.end_row();
            if self.problem.is_some() {
                return false;
            }
        }
        let Some(keep) = &self.keep else {
            // Still looking for the header row: keep every cell of the row.
            let (_, values) = self.row.get_or_insert_with(|| (row, Vec::new()));
            let at = column as usize;
            if at >= values.len() {
                if at > 16_384 {
                    return true;
                }
                values.resize(at + 1, Value::Empty);
            }
            values[at] = value;
            return true;
        };
        let Some(slot) = keep.iter().position(|k| *k == Some(column)) else {
            return true;
        };
        let width = keep.len();
        let (_, values) = self.row.get_or_insert_with(|| (row, vec![Value::Empty; width]));
        values[slot] = value;
        true
    }

    fn end_row(&mut self) {
        let Some((row, values)) = self.row.take() else {
            return;
        };
        if self.keep.is_some() {
            self.table.rows.push(TableRow {
                at: u64::from(row) + 1,
                values,
            });
            return;
        }
        if values.iter().all(Value::is_empty) {
            return;
        }
        let header: Vec<String> = values.iter().map(|v| v.cell().text().trim().to_string()).collect();
        match columns::recognise(&header) {
            Ok((kind, positions)) => {
                let kept: Vec<Option<u32>> = positions.iter().map(|p| p.map(|i| i as u32)).collect();
                self.table.header = kind
                    .columns()
                    .iter()
                    .zip(&positions)
                    .map(|(column, p)| p.map_or_else(|| column.aliases[0].to_string(), |i| header[i].clone()))
                    .collect();
                self.keep = Some(kept);
                self.found_header = true;
            }
            Err(HeaderProblem::NotRecognised) => self.problem = Some(Outcome::NotRecognised(header)),
            Err(HeaderProblem::MissingColumn { kind, column, aliases }) => {
                self.problem = Some(Outcome::Missing { kind, column, aliases })
            }
        }
    }

    fn finish(mut self) -> Outcome {
        self.end_row();
        if let Some(problem) = self.problem {
            return problem;
        }
        match self.found_header {
            true => Outcome::Read(self.table),
            false => Outcome::NotRecognised(Vec::new()),
        }
    }
}

fn value_ref(data: &DataRef) -> Value {
    match data {
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text(s.to_string()),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) => d.as_datetime().map_or(Value::Text(d.to_string()), Value::Date),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Text(e.to_string()),
        DataRef::Empty => Value::Empty,
    }
}

fn value(data: &Data) -> Value {
    match data {
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => d.as_datetime().map_or(Value::Text(d.to_string()), Value::Date),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Text(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

//! A file that can't be used at all: what went wrong, and the sentence that
//! tells a user what to do about it.

use std::fmt;

use super::InputKind;

/// A file that can't be used at all, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub file: String,
    pub problem: InputProblem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputProblem {
    /// No bytes, or nothing but blank lines.
    Empty,
    /// A CSV or TSV whose first row does not end within the first `head` bytes.
    HeaderTooLong { head: usize },
    /// Not text at all: a workbook, an image, a binary file; says which.
    NotText { what: &'static str },
    /// A header of none of the three shapes; `found` is its columns.
    NotRecognised { found: Vec<String> },
    /// A recognised shape lacking a required column.
    MissingColumn {
        kind: InputKind,
        column: &'static str,
        aliases: String,
    },
    /// Starts like JSON but is not: where, and serde_json's words.
    BadJson { line: usize, column: usize, why: String },
    /// JSON without a list of objects; its top-level keys.
    JsonWithoutList { keys: Vec<String> },
    /// A JSON list item that is not an object (1-based).
    JsonItemNotObject { item: u64 },
    /// A ZIP archive that holds no workbook.
    ZipNotWorkbook,
    /// An Excel 97-2003 (.xls) workbook, not read (docs/report-contract.md#reading-a-file says why).
    OldExcel,
    /// A workbook cut short or damaged; the reader's words.
    DamagedWorkbook { why: String },
    /// A workbook none of whose sheets has a recognised header: each sheet and its first row.
    NoSheet { sheets: Vec<(String, Vec<String>)> },
    /// The first sheet that looks like an input lacks a required column.
    MissingColumnInSheet {
        sheet: String,
        kind: InputKind,
        column: &'static str,
        aliases: String,
    },
    /// A sheet (or a whole .ods workbook) past the cell limit.
    TooManyCells { sheet: Option<String>, limit: u64 },
}

/// `the numbers export (PhoneNumber, FriendlyName, DateCreated), or …`: every shape this tool reads.
fn expected_shapes() -> String {
    let shapes: Vec<String> = InputKind::ALL
        .iter()
        .chain(&InputKind::SETTINGS)
        .map(|k| format!("the {} ({})", k.label(), k.expected_columns()))
        .collect();
    shapes.join(", or ")
}

fn shown(names: &[String]) -> String {
    let mut shown: Vec<&str> = names.iter().take(12).map(String::as_str).collect();
    if names.len() > 12 {
        shown.push("…");
    }
    shown.join(", ")
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = &self.file;
        match &self.problem {
            InputProblem::Empty => write!(f, "{file} is empty: export it again, or drop the right file."),
            InputProblem::HeaderTooLong { head } => write!(
                f,
                "{file}: its first row does not end within its first {}, so it is no header this tool \
                 reads (a quote left open?). Drop the CSV, TSV, JSON or workbook the export gave you.",
                super::human_size(*head as u64)
            ),
            InputProblem::NotText { what } => write!(
                f,
                "{file} is {what}, not a table: drop the CSV, JSON or Excel workbook the export gave you."
            ),
            InputProblem::NotRecognised { found } => write!(
                f,
                "{file} is none of the inputs: its header is `{}`. Expected {}.",
                shown(found),
                expected_shapes()
            ),
            InputProblem::BadJson { line, column, why } => write!(
                f,
                "{file} is not valid JSON at line {line}, column {column}: {why}. \
                 The file may be cut short: save or export it again."
            ),
            InputProblem::JsonWithoutList { keys } => write!(
                f,
                "{file} is JSON without a list of numbers (its keys are `{}`). Expected a twilio-cli \
                 `-o json` list, an API page with `incoming_phone_numbers`, a Usage Records or a Pricing answer.",
                shown(keys)
            ),
            InputProblem::JsonItemNotObject { item } => write!(
                f,
                "{file}, item {item}: is not an object with fields; export the list again with twilio-cli `-o json`."
            ),
            InputProblem::OldExcel => write!(
                f,
                "{file} is an Excel 97-2003 workbook (.xls), which this tool does not read: open it in Excel \
                 and save it as Excel Workbook (.xlsx) or CSV UTF-8."
            ),
            InputProblem::ZipNotWorkbook => write!(
                f,
                "{file} is a ZIP archive, not a workbook: unzip it and drop the CSV, JSON or workbook inside."
            ),
            InputProblem::DamagedWorkbook { why } => write!(
                f,
                "{file} could not be read as a workbook ({why}): it may be cut short or damaged. \
                 Open it in Excel and save it again, or save the sheet as CSV UTF-8."
            ),
            InputProblem::NoSheet { sheets } => {
                let looked: Vec<String> = sheets
                    .iter()
                    .map(|(name, header)| match header.is_empty() {
                        true => format!("{name} (no header row)"),
                        false => format!("{name} (first row `{}`)", shown(header)),
                    })
                    .collect();
                write!(
                    f,
                    "{file} has no sheet this tool recognises: it looked at {}. Expected a sheet whose \
                     first row is the header of {}.",
                    looked.join("; "),
                    expected_shapes()
                )
            }
            InputProblem::MissingColumnInSheet {
                sheet,
                kind,
                column,
                aliases,
            } => write!(
                f,
                "{file}, sheet {sheet}: looks like the {kind} but has no {column} column (accepted names: \
                 {aliases}); add that column to the sheet's first row."
            ),
            InputProblem::TooManyCells { sheet, limit } => write!(
                f,
                "{file}{}: holds more than {} cells, more than this tool reads from a workbook. \
                 Keep only the needed columns, or save the sheet as CSV UTF-8.",
                sheet.as_ref().map(|s| format!(", sheet {s}")).unwrap_or_default(),
                crate::money::thousands(*limit)
            ),
            InputProblem::MissingColumn { kind, column, aliases } => write!(
                f,
                "{file} looks like the {kind} but has no {column} column (accepted names: {aliases}); \
                 export it again with that column."
            ),
        }
    }
}

impl std::error::Error for InputError {}

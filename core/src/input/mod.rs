//! Reading one input file: decode, recognise by header, then read typed rows
//! in steps so a caller can show progress and stay responsive. Only opening
//! can fail: once its header is read, every row of a file is read, and a value
//! that can't be read becomes a finding. Then [`Inputs`] keeps the inputs of
//! one report.

mod columns;
mod error;
mod inputs;
mod lines;
mod rows;
mod sniff;
mod users;

use std::io::Cursor;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

pub use columns::InputKind;
pub use error::{InputError, InputProblem};
pub use inputs::Inputs;
pub use rows::{AssignmentRow, NumberRow, StatsRow};
pub(crate) use users::UserMatcher;

use crate::encoding::{decode, Encoding};
use crate::findings::{Finding, FindingKind};
use columns::HeaderProblem;
use lines::{count_line_ends, ends_inside_quotes, skip_line_ends, trim_line_ends_back, LineCounter};
use rows::Cells;

/// The usual file name of the numbers export: the sample's.
pub const NUMBERS_FILE: &str = "phone_numbers_inventory.csv";
/// The usual file name of the message stats: the extractor's and the sample's.
pub const STATS_FILE: &str = "twilio_message_stats.csv";
/// The usual file name of the assignments: the extractor's and the sample's.
pub const ASSIGNMENTS_FILE: &str = "twilio_phone_assignments.csv";

/// The typed rows of one input.
#[derive(Clone, Debug)]
pub enum InputData {
    Numbers(Vec<NumberRow>),
    MessageStats(Vec<StatsRow>),
    Assignments(Vec<AssignmentRow>),
}

impl InputData {
    fn empty(kind: InputKind) -> InputData {
        match kind {
            InputKind::Numbers => InputData::Numbers(Vec::new()),
            InputKind::MessageStats => InputData::MessageStats(Vec::new()),
            InputKind::Assignments => InputData::Assignments(Vec::new()),
        }
    }

    pub fn kind(&self) -> InputKind {
        match self {
            InputData::Numbers(_) => InputKind::Numbers,
            InputData::MessageStats(_) => InputKind::MessageStats,
            InputData::Assignments(_) => InputKind::Assignments,
        }
    }
}

/// A fully read input file.
#[derive(Clone, Debug)]
pub struct LoadedInput {
    pub file: String,
    pub encoding: Encoding,
    pub data: InputData,
    /// Data rows in the file, unreadable ones included; blank ones are in `blank_rows`.
    pub rows_read: u64,
    /// Blank lines and rows of empty cells, skipped.
    pub blank_rows: u64,
    pub findings: Vec<Finding>,
}

impl LoadedInput {
    pub fn kind(&self) -> InputKind {
        self.data.kind()
    }
}

/// Reads an input in steps: [`InputReader::read_rows`] a budget at a time,
/// [`InputReader::progress`] in between, then [`InputReader::finish`].
pub struct InputReader {
    file: String,
    encoding: Encoding,
    undecodable: usize,
    header: Vec<String>,
    positions: Vec<Option<usize>>,
    csv: csv::Reader<Cursor<Vec<u8>>>,
    total_bytes: u64,
    record: csv::ByteRecord,
    data: InputData,
    findings: Vec<Finding>,
    rows_read: u64,
    blank_rows: u64,
    /// The line where the next record would start if no blank line came first.
    next_line: u64,
    lines: LineCounter,
    separator: u8,
    /// Where the last record starts and its line, unless it spans lines (that has its note).
    last_record: Option<(usize, u64)>,
    finished: bool,
}

impl InputReader {
    /// Decodes `bytes` and reads the header: a file that can't be used fails here.
    pub fn open(file: &str, bytes: Vec<u8>) -> Result<InputReader, InputError> {
        let fail = |problem| InputError {
            file: file.to_string(),
            problem,
        };
        if let Some(what) = sniff::not_text(&bytes) {
            return Err(fail(InputProblem::NotText { what }));
        }
        let (text, encoding, undecodable) = decode(bytes);
        let total_bytes = text.len() as u64;
        let separator = sniff::separator(&text);
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator.byte())
            .from_reader(Cursor::new(text));
        let mut record = csv::ByteRecord::new();
        let header = loop {
            match next_record(&mut csv, &mut record) {
                false => return Err(fail(InputProblem::Empty)),
                true if is_blank(&record) => continue,
                true => {
                    break record
                        .iter()
                        .map(|f| String::from_utf8_lossy(f).trim().to_string())
                        .collect::<Vec<_>>()
                }
            }
        };
        let mut notes = match separator {
            sniff::Separator::Comma => Vec::new(),
            other => vec![Finding::new(
                FindingKind::FileNote,
                file,
                None,
                format!(
                    "is separated by {}, as Excel saves CSV in some regions; it was read that way.",
                    other.name()
                ),
            )],
        };
        let (kind, positions) = columns::recognise(&header).map_err(|problem| {
            fail(match problem {
                HeaderProblem::NotRecognised => InputProblem::NotRecognised { found: header.clone() },
                HeaderProblem::MissingColumn { kind, column, aliases } => {
                    InputProblem::MissingColumn { kind, column, aliases }
                }
            })
        })?;
        for message in columns::duplicate_notes(kind, &header, &positions) {
            notes.push(Finding::new(FindingKind::FileNote, file, None, message));
        }
        let mut lines = LineCounter::default();
        let text = csv.get_ref().get_ref();
        let header_start = skip_line_ends(text, record.position().map_or(0, |p| p.byte() as usize));
        let header_line = lines.line_at(text, header_start);
        let header_end = trim_line_ends_back(text, header_start, csv.position().byte() as usize);
        let next_line = header_line + 1 + count_line_ends(&text[header_start..header_end]);
        Ok(InputReader {
            file: file.to_string(),
            encoding,
            undecodable,
            header,
            positions,
            csv,
            total_bytes,
            record,
            data: InputData::empty(kind),
            findings: notes,
            rows_read: 0,
            blank_rows: 0,
            next_line,
            lines,
            separator: separator.byte(),
            last_record: None,
            finished: false,
        })
    }

    /// Bytes of (decoded) text read so far, and in all.
    pub fn progress(&self) -> (u64, u64) {
        (self.csv.position().byte(), self.total_bytes)
    }

    /// Reads up to `budget` records; returns true once the file is read to its end.
    pub fn read_rows(&mut self, budget: usize) -> bool {
        for _ in 0..budget {
            if self.finished {
                break;
            }
            match next_record(&mut self.csv, &mut self.record) {
                true => self.take_record(),
                false => {
                    let text = self.csv.get_ref().get_ref();
                    let last_line = self.lines.line_at(text, text.len());
                    self.blank_rows += last_line.saturating_sub(self.next_line);
                    if let Some((start, line)) = self.last_record {
                        if ends_inside_quotes(&text[start..], self.separator) {
                            let why = "a quoted cell is still open at the end of the file: the file may be cut off, \
                                       or a closing double quote is missing.";
                            self.findings
                                .push(Finding::new(FindingKind::FileNote, &self.file, Some(line), why.into()));
                        }
                    }
                    self.finished = true;
                }
            }
        }
        self.finished
    }

    fn take_record(&mut self) {
        // csv's own line numbers drift over skipped blank lines, so count lines here.
        let text = self.csv.get_ref().get_ref();
        let reported_start = self.record.position().map_or(0, |p| p.byte() as usize);
        let start = skip_line_ends(text, reported_start);
        let line = self.lines.line_at(text, start);
        let end = trim_line_ends_back(text, start, self.csv.position().byte() as usize);
        let inner_line_ends = count_line_ends(&text[start..end]);
        self.last_record = (inner_line_ends == 0).then_some((start, line));
        if inner_line_ends > 0 {
            // Legitimate in CSV, but in these exports it nearly always means a lost closing quote.
            self.findings.push(Finding::new(
                FindingKind::FileNote,
                &self.file,
                Some(line),
                format!(
                    "a quoted cell runs on to line {}; if that is not meant, a closing double quote is missing.",
                    line + inner_line_ends
                ),
            ));
        }
        // Resume counting after this record, so no byte is counted twice.
        self.lines = LineCounter {
            offset: end,
            line_ends: line - 1 + inner_line_ends,
        };
        self.blank_rows += line.saturating_sub(self.next_line);
        self.next_line = line + 1 + inner_line_ends;
        if is_blank(&self.record) {
            self.blank_rows += 1;
            return;
        }
        self.rows_read += 1;
        let cells = Cells {
            file: &self.file,
            line,
            names: &self.header,
            positions: &self.positions,
            record: &self.record,
        };
        let findings = &mut self.findings;
        match &mut self.data {
            InputData::Numbers(rows) => rows.extend(rows::number_row(&cells, findings)),
            InputData::MessageStats(rows) => rows.extend(rows::stats_row(&cells, findings)),
            InputData::Assignments(rows) => rows.extend(rows::assignment_row(&cells, findings)),
        }
    }

    /// Reads whatever is left and returns the input with its file-level notes.
    pub fn finish(mut self) -> LoadedInput {
        while !self.read_rows(usize::MAX) {}
        let file = self.file;
        let mut notes = Vec::new();
        let mut note = |message: String| notes.push(Finding::new(FindingKind::FileNote, &file, None, message));
        if !self.encoding.is_utf8() {
            note(format!("read as {} (it is not UTF-8).", self.encoding.name()));
        }
        if self.undecodable > 0 {
            note(format!(
                "{} byte sequence(s) were not valid {} and show as �; save the file again as UTF-8.",
                self.undecodable,
                self.encoding.name()
            ));
        }
        if self.blank_rows > 0 {
            note(format!("{} blank row(s) skipped.", self.blank_rows));
        }
        if self.rows_read == 0 {
            note(format!(
                "has a header but no rows: no {} were read.",
                self.data.kind().label()
            ));
        }
        notes.append(&mut self.findings);
        LoadedInput {
            file,
            encoding: self.encoding,
            data: self.data,
            rows_read: self.rows_read,
            blank_rows: self.blank_rows,
            findings: notes,
        }
    }
}

/// The bytes of text [`load_all`] has read, and will read in all, over every
/// file. Counted from the reading threads; read it from anywhere.
#[derive(Debug, Default)]
pub struct LoadCounter {
    done: AtomicU64,
    total: AtomicU64,
}

impl LoadCounter {
    /// The part read so far, 0 to 100 (0 until a file is open).
    pub fn percent(&self) -> u64 {
        self.done.load(Relaxed) * 100 / self.total.load(Relaxed).max(1)
    }
}

/// Reads several inputs, all at once natively (one thread each), counting
/// into `progress`; results in the order given.
pub fn load_all(mut files: Vec<(String, Vec<u8>)>, progress: &LoadCounter) -> Vec<Result<LoadedInput, InputError>> {
    if files.len() <= 1 {
        return files
            .into_iter()
            .map(|(name, bytes)| load_counting(&name, bytes, progress))
            .collect();
    }
    let rest = files.split_off(1);
    let (name, bytes) = files.pop().unwrap_or_default();
    let (first, mut others) = crate::parallel::both(
        move || load_counting(&name, bytes, progress),
        move || load_all(rest, progress),
    );
    others.insert(0, first);
    others
}

fn load_counting(name: &str, bytes: Vec<u8>, progress: &LoadCounter) -> Result<LoadedInput, InputError> {
    let mut reader = InputReader::open(name, bytes)?;
    progress.total.fetch_add(reader.progress().1, Relaxed);
    let mut counted = 0;
    while !reader.read_rows(20_000) {
        let now = reader.progress().0;
        progress.done.fetch_add(now - counted, Relaxed);
        counted = now;
    }
    progress.done.fetch_add(reader.progress().0 - counted, Relaxed);
    Ok(reader.finish())
}

/// Reads a whole input in one go.
pub fn load(file: &str, bytes: Vec<u8>) -> Result<LoadedInput, InputError> {
    Ok(InputReader::open(file, bytes)?.finish())
}

/// Reads the next record into `record`; false at the end of the text.
///
/// The csv reader fails only when its source fails, or when records differ in
/// length and the reader is not `flexible` (reading a `StringRecord` also
/// fails on invalid UTF-8; a `ByteRecord` has no such check). This reader is
/// `flexible`, reads `ByteRecord`s, and its source is a `Cursor` over bytes in
/// memory, which never fails: so no error can come, and if one ever did, the
/// text would read as ending there.
fn next_record(csv: &mut csv::Reader<Cursor<Vec<u8>>>, record: &mut csv::ByteRecord) -> bool {
    csv.read_byte_record(record).unwrap_or(false)
}

fn is_blank(record: &csv::ByteRecord) -> bool {
    // Most records start with a visible ASCII character: decide on it alone.
    match record.as_slice().first() {
        None => true,
        Some(b) if b.is_ascii_graphic() => false,
        _ => record
            .iter()
            .all(|f| std::str::from_utf8(f).is_ok_and(|s| s.trim().is_empty())),
    }
}

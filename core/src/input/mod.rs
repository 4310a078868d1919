//! Reading one input file: recognise its shape (a workbook, JSON, or CSV and
//! TSV in any of the encodings), recognise which input it is by its header,
//! then read typed rows in steps so a caller can show progress and stay
//! responsive. Only opening can fail: once its header is read, every row of a
//! file is read, and a value that can't be read becomes a finding. Then
//! [`Inputs`] keeps the inputs of one report.

mod columns;
mod delimited;
mod error;
mod inputs;
mod json;
mod jsonl;
mod lines;
mod load;
mod log;
mod open;
mod pending;
mod rows;
mod sniff;
mod split;
mod table;
mod two_parts;
mod users;
mod value;
mod workbook;

use std::sync::Arc;

pub use columns::InputKind;
pub use error::{InputError, InputProblem};
pub use inputs::Inputs;
pub use json::ListingPage;
pub use load::{load, load_all, read_rest, FileBytes, LoadCounter, SPLIT_BYTES};
pub use log::{MessageLog, Received, SidSet};
pub use open::human_size;
pub use rows::{AssignmentRow, InvoiceRow, NumberRow, PreviousRow, StatsRow};
use users::KeptMatcher;
pub(crate) use users::{lower_case_into, UserMatcher};

use crate::encoding::{Decoder, Encoding};
use crate::findings::{Finding, FindingKind, Source, Unit};
use crate::prices::Price;
use delimited::{Delimited, Next};
use jsonl::JsonLines;
use log::CountOnce;
use rows::{Cells, Record};
use table::Table;

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
    MessageLog(MessageLog),
    Assignments(Vec<AssignmentRow>),
    Prices(Vec<Price>),
    Invoice(Vec<InvoiceRow>),
    PreviousInventory(Vec<PreviousRow>),
}

impl InputData {
    fn empty(kind: InputKind) -> InputData {
        match kind {
            InputKind::Numbers => InputData::Numbers(Vec::new()),
            InputKind::MessageStats => InputData::MessageStats(Vec::new()),
            InputKind::MessageLog => InputData::MessageLog(MessageLog::default()),
            InputKind::Assignments => InputData::Assignments(Vec::new()),
            InputKind::Prices => InputData::Prices(Vec::new()),
            InputKind::Invoice => InputData::Invoice(Vec::new()),
            InputKind::PreviousInventory => InputData::PreviousInventory(Vec::new()),
        }
    }

    pub fn kind(&self) -> InputKind {
        match self {
            InputData::Numbers(_) => InputKind::Numbers,
            InputData::MessageStats(_) => InputKind::MessageStats,
            InputData::MessageLog(_) => InputKind::MessageLog,
            InputData::Assignments(_) => InputKind::Assignments,
            InputData::Prices(_) => InputKind::Prices,
            InputData::Invoice(_) => InputKind::Invoice,
            InputData::PreviousInventory(_) => InputKind::PreviousInventory,
        }
    }
}

/// A fully read input file.
#[derive(Clone, Debug)]
pub struct LoadedInput {
    /// The file's name as given; a workbook's with the sheet read: `numbers.xlsx, sheet Numbers`.
    pub file: String,
    pub encoding: Encoding,
    /// What the findings' positions count: lines, sheet rows or JSON items.
    pub unit: Unit,
    pub data: InputData,
    /// Data rows in the file, unreadable ones included; blank ones are in `blank_rows`.
    pub rows_read: u64,
    /// Blank lines and rows of empty cells, skipped.
    pub blank_rows: u64,
    pub findings: Vec<Finding>,
    /// For pages of an API listing: each page's place in it.
    pub pages: Vec<ListingPage>,
    /// For the assignments: the matcher of their users (rule 4).
    users: KeptMatcher,
}

impl LoadedInput {
    pub fn kind(&self) -> InputKind {
        self.data.kind()
    }

    /// Builds now what a report of this input will need and keeps it: the
    /// matcher of the assignments' users, the longest step of a report of a
    /// million numbers after reading (about 0.9 s). A caller that reads
    /// files on threads calls it on the thread that read the assignments,
    /// while others are still read. Other inputs need nothing.
    pub fn prepare(&self) {
        if let InputData::Assignments(rows) = &self.data {
            self.users.get(rows);
        }
    }

    /// The matcher of the assignments' users (empty for other inputs).
    pub(crate) fn user_matcher(&self) -> Arc<UserMatcher> {
        match &self.data {
            InputData::Assignments(rows) => self.users.get(rows),
            _ => Arc::new(UserMatcher::new(&[])),
        }
    }

    /// Where findings about this input point.
    pub fn source(&self) -> Source<'_> {
        Source {
            file: &self.file,
            unit: self.unit,
        }
    }
}

/// How much of a file [`InputReader::begin`] is given first: enough for the
/// header row and a few records of any input this tool reads.
pub const HEAD_BYTES: usize = 64 * 1024;

/// Where the rows come from: text read a record at a time as its chunks
/// arrive, or a table read whole.
enum Rows {
    Text {
        text: TextRows,
        decoder: Decoder,
        /// Bytes of the file pushed so far, and its size.
        pushed: u64,
        size: u64,
        ended: bool,
    },
    Table {
        table: Table,
        next: usize,
        blank_rows: u64,
        bytes: u64,
    },
}

impl Rows {
    /// The rows of a table read whole from a file of `bytes` bytes, none read yet.
    fn whole(table: Table, bytes: u64) -> Rows {
        Rows::Table {
            table,
            next: 0,
            blank_rows: 0,
            bytes,
        }
    }
}

/// Text read as it arrives: CSV or TSV, or JSON Lines.
enum TextRows {
    Delimited { text: Box<Delimited>, null_is_empty: bool },
    Lines(JsonLines),
}

impl TextRows {
    /// Where the next piece of decoded text goes: the decoder writes there
    /// directly, so the text is copied once on its way in.
    fn buffer_for_more(&mut self) -> &mut Vec<u8> {
        match self {
            TextRows::Delimited { text, .. } => text.buffer_for_more(),
            TextRows::Lines(lines) => lines.buffer_for_more(),
        }
    }

    fn end(&mut self) {
        match self {
            TextRows::Delimited { text, .. } => text.end(),
            TextRows::Lines(lines) => lines.end(),
        }
    }

    fn buffered(&self) -> usize {
        match self {
            TextRows::Delimited { text, .. } => text.buffered(),
            TextRows::Lines(lines) => lines.buffered(),
        }
    }

    fn blank_rows(&self) -> u64 {
        match self {
            TextRows::Delimited { text, .. } => text.blank_rows,
            TextRows::Lines(lines) => lines.blank_rows,
        }
    }
}

/// What [`InputReader::begin`] makes of a file's first bytes.
// Made once a file and unpacked at once: a box would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Opened {
    /// A reader of the file's rows: push it the rest of the file.
    Reader(InputReader),
    /// A workbook (its index is at its end) or a JSON document: read the
    /// whole file, then [`InputReader::open`] it.
    Whole,
}

/// Reads an input in steps: [`InputReader::read_rows`] a budget at a time,
/// [`InputReader::progress`] in between, then [`InputReader::finish`]. A
/// file given in chunks ([`InputReader::begin`], then [`InputReader::push`]
/// and [`InputReader::end_input`]) is read as it arrives.
pub struct InputReader {
    file: String,
    unit: Unit,
    encoding: Encoding,
    undecodable: usize,
    header: Vec<String>,
    positions: Vec<Option<usize>>,
    rows: Rows,
    data: InputData,
    findings: Vec<Finding>,
    rows_read: u64,
    page: Option<ListingPage>,
    finished: bool,
    /// For a message log: the sids of logs read before, and whether to keep this one's.
    once: CountOnce,
    /// The rows of the text pushed so far are read: the next needs more.
    starved: bool,
}

impl InputReader {
    /// For a message log: `seen` are the sids of the logs read before this
    /// one (a message with one of them is left out, counted once in all);
    /// `remember` keeps this log's sids for a log read after it (8 bytes a
    /// message; the default). Other inputs ignore it.
    pub fn count_once(&mut self, seen: Option<Arc<SidSet>>, remember: bool) {
        self.once = CountOnce { seen, remember };
    }

    /// The file's name as given (a workbook's with its sheet).
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The input this file is, known from its header.
    pub fn kind(&self) -> InputKind {
        self.data.kind()
    }

    /// Gives the next chunk of a file opened with [`InputReader::begin`].
    pub fn push(&mut self, chunk: &[u8]) {
        if let Rows::Text {
            text,
            decoder,
            pushed,
            ended: false,
            ..
        } = &mut self.rows
        {
            self.starved = false;
            decoder.push(chunk, text.buffer_for_more());
            *pushed += chunk.len() as u64;
        }
    }

    /// Says the file has ended (a file opened whole has).
    pub fn end_input(&mut self) {
        if let Rows::Text {
            text, decoder, ended, ..
        } = &mut self.rows
        {
            if !*ended {
                decoder.finish(text.buffer_for_more());
                text.end();
                *ended = true;
                self.starved = false;
            }
        }
    }

    /// True when every row of the chunks pushed so far is read and the file
    /// has not ended: [`InputReader::push`] the next chunk.
    pub fn wants_input(&self) -> bool {
        match &self.rows {
            Rows::Text { ended, .. } => !*ended && self.starved,
            Rows::Table { .. } => false,
        }
    }

    /// Bytes given so far: the head, after [`InputReader::begin`] (all of
    /// them for a table read whole).
    pub(crate) fn pushed(&self) -> u64 {
        match &self.rows {
            Rows::Text { pushed, .. } => *pushed,
            Rows::Table { bytes, .. } => *bytes,
        }
    }

    /// Bytes read so far, and in all (a table read whole counts its rows as parts of its bytes).
    pub fn progress(&self) -> (u64, u64) {
        match &self.rows {
            Rows::Text { pushed, size, text, .. } => {
                // What is buffered and not yet read counts as not read.
                let done = pushed.saturating_sub(text.buffered() as u64).min(*size);
                (done, *size)
            }
            Rows::Table { table, next, bytes, .. } => {
                let done = match table.rows.len() {
                    0 => *bytes,
                    len => *bytes * *next as u64 / len as u64,
                };
                (done, *bytes)
            }
        }
    }

    /// Reads up to `budget` records; returns true once the file is read to its end.
    pub fn read_rows(&mut self, budget: usize) -> bool {
        let source = Source {
            file: &self.file,
            unit: self.unit,
        };
        for _ in 0..budget {
            if self.finished {
                break;
            }
            let (line, record) = match &mut self.rows {
                Rows::Text { text, .. } => {
                    let next = match text {
                        TextRows::Delimited { text, .. } => text.next(source, &mut self.findings),
                        TextRows::Lines(lines) => lines.next(source, &mut self.findings),
                    };
                    match next {
                        Next::Record(line) => (
                            line,
                            match text {
                                TextRows::Delimited { text, null_is_empty } => Record::Delimited {
                                    record: text.fields(),
                                    text: text.fields().as_text(),
                                    null_is_empty: *null_is_empty,
                                },
                                TextRows::Lines(lines) => Record::Values(lines.values()),
                            },
                        ),
                        Next::NeedMore => {
                            self.starved = true;
                            break;
                        }
                        Next::End => {
                            self.finished = true;
                            break;
                        }
                    }
                }
                Rows::Table {
                    table,
                    next,
                    blank_rows,
                    ..
                } => match table.rows.get(*next) {
                    Some(row) => {
                        *next += 1;
                        if row.is_blank() {
                            *blank_rows += 1;
                            continue;
                        }
                        (row.at, Record::Values(&row.values))
                    }
                    None => {
                        self.finished = true;
                        break;
                    }
                },
            };
            self.rows_read += 1;
            let cells = Cells {
                source,
                line,
                names: &self.header,
                positions: &self.positions,
                record,
            };
            let findings = &mut self.findings;
            match &mut self.data {
                InputData::Numbers(rows) => rows.extend(rows::number_row(&cells, findings)),
                InputData::MessageStats(rows) => rows.extend(rows::stats_row(&cells, findings)),
                InputData::MessageLog(log) => log.row(&cells, &self.once, findings),
                InputData::Assignments(rows) => rows.extend(rows::assignment_row(&cells, findings)),
                InputData::Prices(rows) => rows.extend(rows::price_row(&cells, findings)),
                InputData::Invoice(rows) => rows.extend(rows::invoice_row(&cells, findings)),
                InputData::PreviousInventory(rows) => rows.extend(rows::previous_row(&cells, findings)),
            }
        }
        self.finished
    }

    /// Reads whatever is left and returns the input with its file-level notes.
    pub fn finish(mut self) -> LoadedInput {
        self.end_input();
        while !self.read_rows(usize::MAX) {}
        if let Rows::Text { decoder, .. } = &self.rows {
            self.undecodable = decoder.undecodable();
        }
        if let InputData::MessageLog(log) = &mut self.data {
            let source = Source {
                file: &self.file,
                unit: self.unit,
            };
            let says_received = self.positions[columns::LOG_TO].is_some();
            log.finish(says_received, &self.once, source, &mut self.findings);
        }
        let blank_rows = match &self.rows {
            Rows::Text { text, .. } => text.blank_rows(),
            Rows::Table { blank_rows, .. } => *blank_rows,
        };
        let source = Source {
            file: &self.file,
            unit: self.unit,
        };
        let mut notes = Vec::new();
        let mut note = |message: String| notes.push(source.finding(FindingKind::FileNote, None, message));
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
        if blank_rows > 0 {
            note(format!("{blank_rows} blank row(s) skipped."));
        }
        if self.rows_read == 0 {
            note(format!(
                "has a header but no rows: no {} were read.",
                self.data.kind().label()
            ));
        }
        notes.append(&mut self.findings);
        LoadedInput {
            file: self.file,
            encoding: self.encoding,
            unit: self.unit,
            data: self.data,
            rows_read: self.rows_read,
            blank_rows,
            findings: notes,
            pages: self.page.into_iter().collect(),
            users: KeptMatcher::default(),
        }
    }
}

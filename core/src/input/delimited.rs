//! Reading CSV or TSV text a record at a time as it arrives in chunks, with
//! line numbers as an editor shows them and notes on what a person would
//! want to know: a quoted cell that runs on, one left open at the end.
//!
//! The text is given in pieces ([`Delimited::push`]); a record, a quoted cell
//! or a line end split between two pieces reads as if the pieces were one.
//! Only the text not yet read is kept, so memory follows the chunk size, not
//! the file's.

use super::lines::ends_inside_quotes;
use super::pending::Pending;
use super::sniff::Separator;
use super::split::split_line;
use crate::findings::{Finding, FindingKind, Source};

/// The longest record whose bytes are kept to tell, at the end of the file,
/// whether it ends inside quotes (longer ones are only counted).
const KEPT_RECORD: usize = 1 << 20;

/// One record's cells: their bytes one after another, and where each ends.
#[derive(Default)]
pub(crate) struct Fields {
    data: Vec<u8>,
    ends: Vec<usize>,
    len: usize,
}

impl Fields {
    /// The cell at `i`, if the record has that many.
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        self.range(i).and_then(|r| self.data.get(r))
    }

    /// Where the cell at `i` is in [`Fields::as_text`].
    pub fn range(&self, i: usize) -> Option<std::ops::Range<usize>> {
        if i >= self.len {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(start..self.ends[i])
    }

    /// The whole record's cells as one text, when it is UTF-8 (decoded text
    /// always is): one check a record instead of one a cell.
    pub fn as_text(&self) -> Option<&str> {
        std::str::from_utf8(self.bytes()).ok()
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len).filter_map(|i| self.get(i))
    }

    fn bytes(&self) -> &[u8] {
        &self.data[..self.ends[..self.len].last().copied().unwrap_or(0)]
    }
}

/// What [`Delimited::next`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// A record that is not blank, at this line.
    Record(u64),
    /// The text pushed so far is read; push more, or say it has ended.
    NeedMore,
    /// The text has ended and every record is read.
    End,
}

/// Line ends counted across chunks: LF, CRLF and a lone CR each end a line,
/// as the CSV reader reads them.
#[derive(Default)]
struct LineEnds {
    count: u64,
    after_cr: bool,
}

impl LineEnds {
    fn add(&mut self, bytes: &[u8]) {
        let Some(first_end) = memchr::memchr2(b'\r', b'\n', bytes) else {
            // A record's cells, the usual case: no line end, nothing to count.
            if let Some(&last) = bytes.last() {
                self.after_cr = last == b'\r';
            }
            return;
        };
        let bytes = if first_end > 0 && !self.after_cr {
            &bytes[first_end..]
        } else {
            bytes
        };
        if !bytes.contains(&b'\r') {
            let lf = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
            self.count += lf - u64::from(self.after_cr && bytes[0] == b'\n');
        } else {
            // Every CR and every LF, less each LF that ends a CRLF (counted apart, so it vectorises).
            let cr = bytes.iter().filter(|&&b| b == b'\r').count();
            let lf = bytes.iter().filter(|&&b| b == b'\n').count();
            let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
            let joined = usize::from(self.after_cr && bytes[0] == b'\n');
            self.count += (cr + lf - crlf - joined) as u64;
        }
        self.after_cr = bytes.last() == Some(&b'\r');
    }
}

/// The record being read: where it starts, its line ends, its first bytes.
#[derive(Default)]
struct Current {
    /// Its first byte that is not a line end has been read.
    started: bool,
    line: u64,
    /// Line ends up to its last byte that is not a line end.
    ends_at_last_content: u64,
    bytes: Vec<u8>,
    kept_all: bool,
}

impl Current {
    /// Line ends inside the record (a quoted cell that runs on).
    fn inner_line_ends(&self) -> u64 {
        (self.ends_at_last_content + 1).saturating_sub(self.line)
    }
}

/// The text of one delimited file, read forward.
pub(crate) struct Delimited {
    parser: csv_core::Reader,
    fields: Fields,
    /// Bytes and cell ends of the record being read, kept while it waits for more text.
    partial: (usize, usize),
    pending: Pending,
    ended: bool,
    done: bool,
    lines: LineEnds,
    current: Current,
    /// The line where the next record would start if no blank line came first.
    next_line: u64,
    separator: u8,
    /// Reads a record on one line of the plain kind ([`split_line`])
    /// without csv_core's state machine: the same cells, at a fraction of
    /// the cost (off only to test that it is the same).
    split_plain_lines: bool,
    /// csv_core has read nothing of a record it has not yet ended (a quoted
    /// cell may be open even when it has written no cell yet).
    between_records: bool,
    /// The last record's bytes and line, when it is on one line and short enough to keep.
    last_record: Option<u64>,
    last_record_bytes: Vec<u8>,
    /// Blank lines and rows of empty cells skipped so far.
    pub blank_rows: u64,
    /// The notes of a quoted cell that runs on, as (place in the findings, line ends inside):
    /// their text names a line, which [`Delimited::join`] shifts.
    runs_on: Vec<(usize, u64)>,
}

impl Delimited {
    pub fn new(separator: Separator) -> Delimited {
        Delimited::separated_by(separator.byte())
    }

    fn separated_by(separator: u8) -> Delimited {
        let mut parser = csv_core::ReaderBuilder::new().delimiter(separator).build();
        // csv_core drops a UTF-8 BOM from the first input it is given, and
        // takes input that was only that BOM for the end of the text (every
        // row after it lost). The decoder has already taken the file's BOM
        // off, so a U+FEFF here is text. A line end read first, skipped as a
        // blank line is, spends csv_core's one look at the start.
        let primed = parser.read_record(b"\n", &mut [0; 1], &mut [0; 1]);
        debug_assert_eq!(primed, (csv_core::ReadRecordResult::InputEmpty, 1, 0, 0));
        Delimited {
            parser,
            fields: Fields {
                data: vec![0; 256],
                ends: vec![0; 16],
                len: 0,
            },
            partial: (0, 0),
            pending: Pending::default(),
            ended: false,
            done: false,
            lines: LineEnds::default(),
            current: Current {
                kept_all: true,
                ..Current::default()
            },
            next_line: 1,
            separator,
            split_plain_lines: true,
            between_records: true,
            last_record: None,
            last_record_bytes: Vec::new(),
            blank_rows: 0,
            runs_on: Vec::new(),
        }
    }

    /// A reader for the rest of the same text from a record boundary on, to
    /// read on another thread: no header, and lines counted from the
    /// boundary until [`Delimited::join`] shifts them.
    pub fn fork(&self) -> Delimited {
        let mut later = Delimited::separated_by(self.separator);
        later.split_plain_lines = self.split_plain_lines;
        later
    }

    /// Whether the text pushed so far ends where a record ends: all of it
    /// read, and no record begun, not even an open quote.
    pub fn at_record_boundary(&self) -> bool {
        self.buffered() == 0 && !self.current.started && self.between_records && self.partial == (0, 0)
    }

    /// Takes over from `later`, forked from this reader and given the text
    /// from where this one stopped at a record boundary, once it has read to
    /// the end: its lines follow this reader's. Shifts `later_findings`, the
    /// findings made while `later` read, to the whole text's lines, and
    /// returns the shift for the rest of what `later` read.
    pub fn join(&mut self, later: Delimited, later_findings: &mut [Finding]) -> u64 {
        let shift = self.lines.count;
        // Blank lines between this reader's last record and the boundary.
        let blank_tail = (shift + 1).saturating_sub(self.next_line);
        let blank_rows = self.blank_rows + blank_tail + later.blank_rows;
        for finding in later_findings.iter_mut() {
            finding.line = finding.line.map(|line| line + shift);
        }
        for &(at, inner_line_ends) in &later.runs_on {
            if let Some(finding) = later_findings.get_mut(at) {
                finding.message = runs_on_message(finding.line.unwrap_or(0) + inner_line_ends);
            }
        }
        *self = later;
        self.lines.count += shift;
        self.next_line += shift;
        self.current.line += shift;
        self.last_record = self.last_record.map(|line| line + shift);
        self.blank_rows = blank_rows;
        self.runs_on.clear();
        shift
    }

    /// Adds the next piece of text.
    #[cfg(test)]
    pub fn push(&mut self, text: &[u8]) {
        self.pending.buffer_for_more().extend_from_slice(text);
    }

    /// Where the next piece of text goes ([`Pending::buffer_for_more`]).
    pub fn buffer_for_more(&mut self) -> &mut Vec<u8> {
        self.pending.buffer_for_more()
    }

    /// Says the text has ended: the last record may end without a line end.
    pub fn end(&mut self) {
        self.ended = true;
    }

    /// Bytes of text pushed and not yet read.
    pub fn buffered(&self) -> usize {
        self.pending.buffered()
    }

    /// Reads up to the header, the first record that is not blank: its cells,
    /// or `None` when there is none in the text pushed so far (`NeedMore`)
    /// or in the whole text (`End`).
    pub fn header(&mut self) -> Result<Vec<String>, Next> {
        // A BOM more than the decoder took off (a tool that added one to
        // text that had one) is no part of the header, as csv_core would
        // have it when its one look at the start was not spent.
        while self.pending.rest().starts_with("\u{FEFF}".as_bytes()) {
            self.pending.at += "\u{FEFF}".len();
        }
        loop {
            self.record()?;
            let current = self.take_current();
            if !is_blank(&self.fields) {
                self.next_line = current.line + 1 + current.inner_line_ends();
                return Ok(self
                    .fields
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).trim().to_string())
                    .collect());
            }
        }
    }

    /// The record [`Delimited::next`] read last.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Reads the next record that is not blank and returns its line; at the
    /// end of the text, after any note on how the file ends, `End`.
    pub fn next(&mut self, source: Source, findings: &mut Vec<Finding>) -> Next {
        loop {
            match self.record() {
                Err(Next::End) => {
                    self.finish(source, findings);
                    return Next::End;
                }
                Err(other) => return other,
                Ok(()) => {}
            }
            let line = self.count_lines(source, findings);
            if is_blank(&self.fields) {
                self.blank_rows += 1;
                continue;
            }
            return Next::Record(line);
        }
    }

    /// Reads one record into `fields`, tracking its line and line ends.
    fn record(&mut self) -> Result<(), Next> {
        if self.done {
            return Err(Next::End);
        }
        use csv_core::ReadRecordResult as R;
        let (mut out, mut ends) = self.partial;
        if self.between_records && self.split_plain_lines && self.plain_line() {
            return Ok(());
        }
        loop {
            let input = &self.pending.text[self.pending.at..];
            if input.is_empty() && !self.ended {
                // Keep what this record has so far: the parser resumes it.
                self.partial = (out, ends);
                return Err(Next::NeedMore);
            }
            let (result, read, wrote, ended) =
                self.parser
                    .read_record(input, &mut self.fields.data[out..], &mut self.fields.ends[ends..]);
            let consumed = self.pending.at..self.pending.at + read;
            self.pending.at += read;
            // Line ends before a record leave csv_core where it was: between records.
            let only_line_ends = self.pending.text[consumed.clone()]
                .iter()
                .all(|b| matches!(b, b'\r' | b'\n'));
            self.between_records = matches!(result, R::Record) || (self.between_records && only_line_ends);
            self.track(consumed);
            // csv_core counts cell ends from the record's start, across calls.
            out += wrote;
            ends += ended;
            match result {
                R::InputEmpty => {}
                R::OutputFull => {
                    let len = self.fields.data.len() * 2;
                    self.fields.data.resize(len, 0);
                }
                R::OutputEndsFull => {
                    let len = self.fields.ends.len() * 2;
                    self.fields.ends.resize(len, 0);
                }
                R::Record => {
                    self.fields.len = ends;
                    self.partial = (0, 0);
                    return Ok(());
                }
                R::End => {
                    self.done = true;
                    return Err(Next::End);
                }
            }
        }
    }

    /// Reads the next record when it is a whole line of the text pushed so
    /// far, of the plain kind [`split_line`] reads, exactly as csv_core
    /// reads it. Returns false, having read nothing, for anything else (a
    /// quoted cell that runs on, a blank line, a line not yet ended), which
    /// csv_core then reads.
    fn plain_line(&mut self) -> bool {
        let input = &self.pending.text[self.pending.at..];
        // Line ends before the record (the LF of a CRLF csv_core stopped
        // short of, blank lines) are skipped as csv_core skips them; `track`
        // counts them.
        let blank = input.iter().take_while(|&&b| matches!(b, b'\r' | b'\n')).count();
        let Some(end) = memchr::memchr2(b'\n', b'\r', &input[blank..]).map(|end| blank + end) else {
            return false;
        };
        let line = &input[blank..end];
        if line.is_empty() {
            return false;
        }
        let Some(count) = split_line(line, self.separator, &mut self.fields.data, &mut self.fields.ends) else {
            return false;
        };
        self.fields.len = count;
        // The line end: CRLF whole when both are here; a lone CR or LF.
        let terminator = match &input[end..] {
            [b'\r', b'\n', ..] => 2,
            _ => 1,
        };
        let (at, blank_end) = (self.pending.at, self.pending.at + blank);
        self.pending.at += end + terminator;
        // What `track` would do, knowing more: the record is this one line,
        // with no line end inside and every quote closed, so none of its
        // bytes are kept for the end-of-file check of an open quote.
        self.lines.add(&self.pending.text[at..blank_end]);
        self.current = Current {
            started: true,
            line: self.lines.count + 1,
            ends_at_last_content: self.lines.count,
            bytes: std::mem::take(&mut self.current.bytes),
            kept_all: false,
        };
        self.lines.after_cr = false;
        self.lines.add(&self.pending.text[at + end..self.pending.at]);
        true
    }

    /// Counts the line ends of text just read, and notes where the record starts.
    fn track(&mut self, range: std::ops::Range<usize>) {
        let bytes = &self.pending.text[range];
        let mut rest = bytes;
        if !self.current.started {
            let blank = rest.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
            self.lines.add(&rest[..blank]);
            rest = &rest[blank..];
            if rest.is_empty() {
                return;
            }
            self.current.started = true;
            self.current.line = self.lines.count + 1;
            self.current.ends_at_last_content = self.lines.count;
        }
        match rest.iter().rposition(|b| !matches!(b, b'\r' | b'\n')) {
            Some(last) => {
                self.lines.add(&rest[..=last]);
                self.current.ends_at_last_content = self.lines.count;
                self.lines.add(&rest[last + 1..]);
            }
            None => self.lines.add(rest),
        }
        if self.current.kept_all {
            if self.current.bytes.len() + rest.len() <= KEPT_RECORD {
                self.current.bytes.extend_from_slice(rest);
            } else {
                self.current.kept_all = false;
                self.current.bytes = Vec::new();
            }
        }
    }

    /// The record just read, and a fresh one for the next (its buffer reused).
    fn take_current(&mut self) -> Current {
        let fresh = Current {
            kept_all: true,
            ..Current::default()
        };
        std::mem::replace(&mut self.current, fresh)
    }

    fn count_lines(&mut self, source: Source, findings: &mut Vec<Finding>) -> u64 {
        let mut current = self.take_current();
        let (line, inner_line_ends) = (current.line, current.inner_line_ends());
        self.last_record = (inner_line_ends == 0 && current.kept_all).then_some(line);
        // Keep this record's bytes, and reuse the last one's buffer for the next.
        std::mem::swap(&mut self.last_record_bytes, &mut current.bytes);
        current.bytes.clear();
        self.current.bytes = current.bytes;
        if inner_line_ends > 0 {
            self.runs_on.push((findings.len(), inner_line_ends));
            let message = runs_on_message(line + inner_line_ends);
            findings.push(source.finding(FindingKind::FileNote, Some(line), message));
        }
        self.blank_rows += line.saturating_sub(self.next_line);
        self.next_line = line + 1 + inner_line_ends;
        line
    }

    fn finish(&mut self, source: Source, findings: &mut Vec<Finding>) {
        let last_line = self.lines.count + 1;
        self.blank_rows += last_line.saturating_sub(self.next_line);
        self.next_line = last_line;
        if let Some(line) = self.last_record.take() {
            if ends_inside_quotes(&self.last_record_bytes, self.separator) {
                let why = "a quoted cell is still open at the end of the file: the file may be cut off, \
                           or a closing double quote is missing.";
                findings.push(source.finding(FindingKind::FileNote, Some(line), why.into()));
            }
        }
    }
}

/// Legitimate in CSV, but in these exports it nearly always means a lost closing quote.
fn runs_on_message(to_line: u64) -> String {
    format!("a quoted cell runs on to line {to_line}; if that is not meant, a closing double quote is missing.")
}

fn is_blank(fields: &Fields) -> bool {
    // Most records start with a visible ASCII character: decide on it alone.
    match fields.bytes().first() {
        None => true,
        Some(b) if b.is_ascii_graphic() => false,
        _ => fields
            .iter()
            .all(|f| std::str::from_utf8(f).is_ok_and(|s| s.trim().is_empty())),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "delimited_tests.rs"]
mod tests;

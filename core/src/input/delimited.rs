//! Reading decoded CSV or TSV text a record at a time, with line numbers as
//! an editor shows them and notes on what a person would want to know: a
//! quoted cell that runs on, one left open at the end.

use std::io::Cursor;

use super::lines::{count_line_ends, ends_inside_quotes, skip_line_ends, trim_line_ends_back, LineCounter};
use super::sniff::Separator;
use crate::findings::{Finding, FindingKind, Source};

/// The text of one delimited file, read forward.
pub(crate) struct Delimited {
    csv: csv::Reader<Cursor<Vec<u8>>>,
    record: csv::ByteRecord,
    total_bytes: u64,
    /// The line where the next record would start if no blank line came first.
    next_line: u64,
    lines: LineCounter,
    separator: u8,
    /// Where the last record starts and its line, unless it spans lines (that has its note).
    last_record: Option<(usize, u64)>,
    /// Blank lines and rows of empty cells skipped so far.
    pub blank_rows: u64,
}

impl Delimited {
    /// Reads up to the header; `None` when there is nothing but blank lines.
    pub fn open(text: Vec<u8>, separator: Separator) -> Option<(Delimited, Vec<String>)> {
        let total_bytes = text.len() as u64;
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator.byte())
            .from_reader(Cursor::new(text));
        let mut record = csv::ByteRecord::new();
        let header = loop {
            if !next_record(&mut csv, &mut record) {
                return None;
            }
            if !is_blank(&record) {
                break record
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).trim().to_string())
                    .collect::<Vec<_>>();
            }
        };
        let mut lines = LineCounter::default();
        let text = csv.get_ref().get_ref();
        let header_start = skip_line_ends(text, record.position().map_or(0, |p| p.byte() as usize));
        let header_line = lines.line_at(text, header_start);
        let header_end = trim_line_ends_back(text, header_start, csv.position().byte() as usize);
        let next_line = header_line + 1 + count_line_ends(&text[header_start..header_end]);
        let reader = Delimited {
            csv,
            record,
            total_bytes,
            next_line,
            lines,
            separator: separator.byte(),
            last_record: None,
            blank_rows: 0,
        };
        Some((reader, header))
    }

    /// Bytes of text read so far, and in all.
    pub fn progress(&self) -> (u64, u64) {
        (self.csv.position().byte(), self.total_bytes)
    }

    /// The record [`Delimited::next`] read last.
    pub fn record(&self) -> &csv::ByteRecord {
        &self.record
    }

    /// Reads the next record that is not blank and returns its line; `None`
    /// at the end of the text, after any note on how the file ends.
    pub fn next(&mut self, source: Source, findings: &mut Vec<Finding>) -> Option<u64> {
        loop {
            if !next_record(&mut self.csv, &mut self.record) {
                self.end(source, findings);
                return None;
            }
            let line = self.count_lines(source, findings);
            if is_blank(&self.record) {
                self.blank_rows += 1;
                continue;
            }
            return Some(line);
        }
    }

    fn count_lines(&mut self, source: Source, findings: &mut Vec<Finding>) -> u64 {
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
            findings.push(source.finding(
                FindingKind::FileNote,
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
        line
    }

    fn end(&mut self, source: Source, findings: &mut Vec<Finding>) {
        let text = self.csv.get_ref().get_ref();
        let last_line = self.lines.line_at(text, text.len());
        self.blank_rows += last_line.saturating_sub(self.next_line);
        self.next_line = last_line;
        if let Some((start, line)) = self.last_record.take() {
            if ends_inside_quotes(&text[start..], self.separator) {
                let why = "a quoted cell is still open at the end of the file: the file may be cut off, \
                           or a closing double quote is missing.";
                findings.push(source.finding(FindingKind::FileNote, Some(line), why.into()));
            }
        }
    }
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

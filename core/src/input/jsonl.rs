//! JSON Lines, one object a line, as bulk exports write message logs: read
//! a line at a time as chunks arrive, like CSV. The header is the first
//! object's keys; each later object gives a row of those keys' values.

use serde_json::{Map, Value as Json};

use super::delimited::Next;
use super::json::value;
use super::pending::Pending;
use super::value::Value;
use crate::findings::{Finding, FindingKind, Source};

/// True when `text` (decoded, the file's first bytes) is JSON Lines: its
/// first line that is not blank is a whole JSON object, and another line
/// starting with `{` follows.
pub(crate) fn looks_like_json_lines(text: &[u8]) -> bool {
    let mut lines = text
        .split(|&b| b == b'\n')
        .map(|l| l.trim_ascii())
        .filter(|l| !l.is_empty());
    let first_is_object = lines
        .next()
        .is_some_and(|l| l.starts_with(b"{") && serde_json::from_slice::<Map<String, Json>>(l).is_ok());
    first_is_object && lines.next().is_some_and(|l| l.starts_with(b"{"))
}

/// The lines of one JSON Lines file, read forward.
#[derive(Default)]
pub(crate) struct JsonLines {
    pending: Pending,
    ended: bool,
    /// Lines read so far.
    line: u64,
    keys: Vec<String>,
    values: Vec<Value>,
    pub blank_rows: u64,
}

impl JsonLines {
    /// Where the next piece of text goes ([`Pending::buffer_for_more`]).
    pub fn buffer_for_more(&mut self) -> &mut Vec<u8> {
        self.pending.buffer_for_more()
    }

    pub fn end(&mut self) {
        self.ended = true;
    }

    pub fn buffered(&self) -> usize {
        self.pending.buffered()
    }

    /// The next whole line (without its line end) and its number.
    fn next_line(&mut self) -> Result<(std::ops::Range<usize>, u64), Next> {
        let rest = self.pending.rest();
        let (len, used) = match rest.iter().position(|&b| b == b'\n') {
            Some(end) => (end, end + 1),
            None if self.ended && !rest.is_empty() => (rest.len(), rest.len()),
            None if self.ended => return Err(Next::End),
            None => return Err(Next::NeedMore),
        };
        let start = self.pending.at;
        self.pending.at += used;
        self.line += 1;
        Ok((start..start + len, self.line))
    }

    /// The first object's keys: the header.
    pub fn header(&mut self) -> Result<Vec<String>, Next> {
        loop {
            let (range, _) = self.next_line()?;
            let line = self.pending.text[range].trim_ascii();
            if line.is_empty() {
                continue;
            }
            let object: Map<String, Json> = serde_json::from_slice(line).map_err(|_| Next::End)?;
            self.keys = object.keys().cloned().collect();
            self.fill(&object);
            // The first object is a row too: read it again as the first record.
            self.pending.at = 0;
            self.line = 0;
            return Ok(self.keys.clone());
        }
    }

    fn fill(&mut self, object: &Map<String, Json>) {
        self.values.clear();
        self.values
            .extend(self.keys.iter().map(|k| object.get(k).map_or(Value::Empty, value)));
    }

    pub fn values(&self) -> &[Value] {
        &self.values
    }

    /// Reads the next object and returns its line; a line that is no object is a finding.
    pub fn next(&mut self, source: Source, findings: &mut Vec<Finding>) -> Next {
        loop {
            let (range, line) = match self.next_line() {
                Ok(next) => next,
                Err(next) => return next,
            };
            let text = self.pending.text[range].trim_ascii();
            if text.is_empty() {
                self.blank_rows += 1;
                continue;
            }
            match serde_json::from_slice::<Map<String, Json>>(text) {
                Ok(object) => {
                    self.fill(&object);
                    return Next::Record(line);
                }
                Err(e) => findings.push(source.finding(
                    FindingKind::Unreadable,
                    Some(line),
                    format!(
                        "is not a JSON object ({e}); the line is left out. Export the log again if it was cut short."
                    ),
                )),
            }
        }
    }
}

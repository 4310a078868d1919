//! Reading one file in two parts at once (natively, on two threads): a
//! reader forked at a line end reads the rest of the file while the first
//! reads up to it, and the join takes its rows in as one reading would, or
//! hands it back when the cut fell inside a record.

use super::{InputData, InputReader, Rows, TextRows};

impl InputData {
    /// An empty one of the same kind, for a part of the file read apart.
    fn fork(&self) -> InputData {
        match self {
            InputData::MessageLog(log) => InputData::MessageLog(log.fork()),
            other => InputData::empty(other.kind()),
        }
    }

    /// Adds the rows of `later`, a part of the same file read apart, whose
    /// lines come `shift` after this part's. Both are of one kind: `later`
    /// is made by [`InputData::fork`].
    fn join(&mut self, later: InputData, shift: u64) {
        fn append<T>(rows: &mut Vec<T>, later: Vec<T>, shift: u64, line: fn(&mut T) -> &mut u64) {
            rows.extend(later.into_iter().map(|mut row| {
                *line(&mut row) += shift;
                row
            }));
        }
        match (self, later) {
            (InputData::Numbers(rows), InputData::Numbers(more)) => append(rows, more, shift, |r| &mut r.line),
            (InputData::MessageStats(rows), InputData::MessageStats(more)) => {
                append(rows, more, shift, |r| &mut r.line)
            }
            (InputData::MessageLog(log), InputData::MessageLog(more)) => log.join(more, shift),
            (InputData::Assignments(rows), InputData::Assignments(more)) => append(rows, more, shift, |r| &mut r.line),
            // A price row keeps no line: its findings were made as it was read.
            (InputData::Prices(rows), InputData::Prices(more)) => rows.extend(more),
            (InputData::Invoice(rows), InputData::Invoice(more)) => append(rows, more, shift, |r| &mut r.line),
            (InputData::PreviousInventory(rows), InputData::PreviousInventory(more)) => {
                append(rows, more, shift, |r| &mut r.line)
            }
            (held, more) => unreachable!("a fork is of its reader's kind: {:?}, {:?}", held.kind(), more.kind()),
        }
    }
}

impl InputReader {
    /// A reader for the rest of this file from a record boundary on, to
    /// read on another thread while this one reads up to it; then
    /// [`InputReader::join`] it. Give it the text that follows a line end
    /// (LF) of the file. `None` for a file that is not read this way: a
    /// workbook or JSON, JSON Lines, UTF-16.
    pub fn fork(&self) -> Option<InputReader> {
        let Rows::Text {
            text: TextRows::Delimited { text, null_is_empty },
            decoder,
            size,
            ..
        } = &self.rows
        else {
            return None;
        };
        Some(InputReader {
            file: self.file.clone(),
            unit: self.unit,
            encoding: self.encoding,
            undecodable: 0,
            header: self.header.clone(),
            positions: self.positions.clone(),
            rows: Rows::Text {
                text: TextRows::Delimited {
                    text: Box::new(text.fork()),
                    null_is_empty: *null_is_empty,
                },
                decoder: decoder.fork()?,
                pushed: 0,
                size: *size,
                ended: false,
            },
            data: self.data.fork(),
            findings: Vec::new(),
            rows_read: 0,
            page: None,
            finished: false,
            once: self.once.clone(),
            starved: false,
        })
    }

    /// Reads `later`, made by [`InputReader::fork`] and pushed the rest of
    /// the file from where this reader stopped, to its end and takes in its
    /// rows and findings, as if this reader had read the whole file. Gives
    /// `later` back when that would not be so: the place this reader stopped
    /// is inside a record (a quoted cell running over the line end), or a
    /// log's unreadable addresses can't be named as one reading names them.
    /// Then push this reader the rest of the file instead.
    pub fn join(&mut self, mut later: InputReader) -> Result<(), Box<InputReader>> {
        later.end_input();
        while !later.read_rows(usize::MAX) {}
        if !self.joins(&later) {
            return Err(Box::new(later));
        }
        let InputReader {
            rows: later_rows,
            data: later_data,
            findings: mut later_findings,
            rows_read: later_rows_read,
            ..
        } = later;
        let shift = match (&mut self.rows, later_rows) {
            (
                Rows::Text {
                    text: TextRows::Delimited { text, .. },
                    decoder,
                    pushed,
                    ended,
                    ..
                },
                Rows::Text {
                    text: TextRows::Delimited { text: later_text, .. },
                    decoder: later_decoder,
                    pushed: later_pushed,
                    ..
                },
            ) => {
                let shift = text.join(*later_text, &mut later_findings);
                decoder.join(later_decoder);
                *pushed += later_pushed;
                *ended = true;
                shift
            }
            _ => unreachable!("InputReader::joins checked both are delimited text"),
        };
        self.data.join(later_data, shift);
        self.findings.append(&mut later_findings);
        self.rows_read += later_rows_read;
        self.finished = true;
        self.starved = false;
        Ok(())
    }

    /// Whether [`InputReader::join`] can take in `later`, read to its end.
    fn joins(&self, later: &InputReader) -> bool {
        let Rows::Text {
            text: TextRows::Delimited { text, .. },
            decoder,
            ended: false,
            ..
        } = &self.rows
        else {
            return false;
        };
        let later_is_text = matches!(
            &later.rows,
            Rows::Text {
                text: TextRows::Delimited { .. },
                ..
            }
        );
        let logs_join = match (&self.data, &later.data) {
            (InputData::MessageLog(log), InputData::MessageLog(more)) => log.can_join(more),
            _ => true,
        };
        later_is_text && text.at_record_boundary() && decoder.at_boundary() && logs_join
    }
}

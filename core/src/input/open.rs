//! Opening an input: recognising its shape (a workbook, JSON, or CSV, TSV
//! and JSON Lines in any of the encodings) from the whole file or its first
//! bytes, then which input it is by its header. Every refusal of a file
//! happens here.

use super::columns::{self, HeaderProblem};
use super::delimited::{Delimited, Next};
use super::json::{self, JsonProblem, ListingPage};
use super::jsonl::{self, JsonLines};
use super::log::CountOnce;
use super::workbook::{self, WorkbookProblem};
use super::{sniff, InputData, InputError, InputProblem, InputReader, Opened, Rows, TextRows, HEAD_BYTES};
use crate::encoding::{decode, Decoder, Encoding};
use crate::findings::{Finding, FindingKind, Unit};

fn fail(file: &str, problem: InputProblem) -> InputError {
    InputError {
        file: file.to_string(),
        problem,
    }
}

/// A file's size as a person reads it: `2.50 GB`, `640 KB`, `12 bytes`.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{} KB", bytes / 1_000),
        1_000_000..1_000_000_000 => format!("{:.1} MB", bytes as f64 / 1e6),
        _ => format!("{:.2} GB", bytes as f64 / 1e9),
    }
}

impl InputReader {
    /// Recognises a whole file and reads its header: a file that can't be used fails here.
    pub fn open(file: &str, bytes: Vec<u8>) -> Result<InputReader, InputError> {
        let size = bytes.len() as u64;
        if let Some(format) = workbook::format(&bytes) {
            return Self::workbook(file, bytes, format);
        }
        if let Some(what) = sniff::not_text(&bytes) {
            return Err(fail(file, InputProblem::NotText { what }));
        }
        let decoder = Decoder::detect(&bytes, true);
        let mut head = Vec::new();
        Decoder::detect(&bytes, true).push(&bytes[..bytes.len().min(HEAD_BYTES)], &mut head);
        if json::looks_like_json(&head) && !jsonl::looks_like_json_lines(&head) {
            return Self::json(file, bytes);
        }
        // As when judged by its first bytes: a refused file bigger than those names its size.
        let mut reader =
            Self::text(file, size, decoder, &bytes, &head).map_err(|e| match size > HEAD_BYTES as u64 {
                true => InputError {
                    file: format!("{} ({})", e.file, human_size(size)),
                    ..e
                },
                false => e,
            })?;
        reader.end_input();
        Ok(reader)
    }

    /// Recognises a file from its first bytes (`head`: [`HEAD_BYTES`] of
    /// them, or the whole file when it is smaller) and reads its header, so a
    /// wrong file is refused before the rest is read. `size` is the file's
    /// size in bytes. A refusal of a file bigger than its head names its size.
    pub fn begin(file: &str, size: u64, head: &[u8]) -> Result<Opened, InputError> {
        if head.len() as u64 >= size {
            return Self::open(file, head.to_vec()).map(Opened::Reader);
        }
        let sized = format!("{file} ({})", human_size(size));
        match workbook::format(head) {
            Some(workbook::Format::Compound) => return Err(fail(&sized, InputProblem::OldExcel)),
            Some(workbook::Format::Zip) => return Ok(Opened::Whole),
            None => {}
        }
        if let Some(what) = sniff::not_text(head) {
            return Err(fail(&sized, InputProblem::NotText { what }));
        }
        let decoder = Decoder::detect(head, false);
        let mut text = Vec::new();
        Decoder::detect(head, false).push(head, &mut text);
        if json::looks_like_json(&text) && !jsonl::looks_like_json_lines(&text) {
            return Ok(Opened::Whole);
        }
        Self::text(file, size, decoder, head, &text)
            .map(Opened::Reader)
            .map_err(|e| InputError {
                file: format!("{} ({})", e.file, human_size(size)),
                ..e
            })
    }

    fn workbook(file: &str, bytes: Vec<u8>, format: workbook::Format) -> Result<InputReader, InputError> {
        let total_bytes = bytes.len() as u64;
        let sheet = workbook::read(bytes, format).map_err(|p| fail(file, workbook_problem(p)))?;
        let label = format!("{file}, sheet {}", sheet.name);
        let header = sheet.table.header.clone();
        let rows = Rows::whole(sheet.table, total_bytes);
        Self::recognised(label, header, rows, Encoding::Workbook, 0, Unit::Row, None, Vec::new())
    }

    fn json(file: &str, bytes: Vec<u8>) -> Result<InputReader, InputError> {
        let total_bytes = bytes.len() as u64;
        let (text, encoding, undecodable) = decode(bytes);
        let read = json::read(&text).map_err(|p| fail(file, json_problem(p)))?;
        if read.table.header.is_empty() {
            return Err(fail(file, InputProblem::Empty));
        }
        let header = read.table.header.clone();
        let rows = Rows::whole(read.table, total_bytes);
        let (label, page) = (file.to_string(), read.page);
        Self::recognised(label, header, rows, encoding, undecodable, Unit::Item, page, Vec::new())
    }

    /// CSV, TSV or JSON Lines: `head` is the file's first bytes, `text` them decoded.
    fn text(file: &str, size: u64, mut decoder: Decoder, head: &[u8], text: &[u8]) -> Result<InputReader, InputError> {
        let mut notes = Vec::new();
        let json_lines = jsonl::looks_like_json_lines(text);
        let separator = sniff::separator(text);
        if separator != sniff::Separator::Comma && !json_lines {
            notes.push(Finding::new(
                FindingKind::FileNote,
                file,
                None,
                match separator {
                    sniff::Separator::Tab => "is separated by tabs, as twilio-cli's `-o tsv` and Excel's \
                                              Text (Tab delimited) write it; it was read that way."
                        .to_string(),
                    other => format!(
                        "is separated by {}, as Excel saves CSV in some regions; it was read that way.",
                        other.name()
                    ),
                },
            ));
        }
        let mut rows = match json_lines {
            true => TextRows::Lines(JsonLines::default()),
            false => TextRows::Delimited {
                text: Box::new(Delimited::new(separator)),
                // twilio-cli's TSV writes a missing value as `null`.
                null_is_empty: separator == sniff::Separator::Tab,
            },
        };
        decoder.push(head, rows.buffer_for_more());
        let whole = head.len() as u64 >= size;
        if whole {
            decoder.finish(rows.buffer_for_more());
        }
        if whole {
            rows.end();
        }
        let header = match &mut rows {
            TextRows::Delimited { text, .. } => text.header(),
            TextRows::Lines(lines) => lines.header(),
        };
        let header = match header {
            Ok(header) => header,
            Err(Next::NeedMore) => return Err(fail(file, InputProblem::HeaderTooLong { head: head.len() })),
            Err(_) => return Err(fail(file, InputProblem::Empty)),
        };
        let encoding = decoder.encoding();
        let rows = Rows::Text {
            text: rows,
            decoder,
            pushed: head.len() as u64,
            size,
            ended: whole,
        };
        Self::recognised(file.to_string(), header, rows, encoding, 0, Unit::Line, None, notes)
    }

    /// Recognises the input by its header.
    #[allow(clippy::too_many_arguments)]
    fn recognised(
        label: String,
        header: Vec<String>,
        rows: Rows,
        encoding: Encoding,
        undecodable: usize,
        unit: Unit,
        page: Option<ListingPage>,
        mut notes: Vec<Finding>,
    ) -> Result<InputReader, InputError> {
        let (kind, positions) = columns::recognise(&header).map_err(|problem| {
            fail(
                &label,
                match problem {
                    HeaderProblem::NotRecognised => InputProblem::NotRecognised { found: header.clone() },
                    HeaderProblem::MissingColumn { kind, column, aliases } => {
                        InputProblem::MissingColumn { kind, column, aliases }
                    }
                },
            )
        })?;
        for message in columns::duplicate_notes(kind, &header, &positions) {
            notes.push(Finding::new(FindingKind::FileNote, &label, None, message));
        }
        Ok(InputReader {
            file: label,
            unit,
            encoding,
            undecodable,
            header,
            positions,
            rows,
            data: InputData::empty(kind),
            findings: notes,
            rows_read: 0,
            page,
            finished: false,
            once: CountOnce {
                seen: None,
                remember: true,
            },
            starved: false,
        })
    }
}

fn json_problem(problem: JsonProblem) -> InputProblem {
    match problem {
        JsonProblem::Malformed { line, column, why } => InputProblem::BadJson { line, column, why },
        JsonProblem::NoList { keys } => InputProblem::JsonWithoutList { keys },
        JsonProblem::NotAnObject { item } => InputProblem::JsonItemNotObject { item },
    }
}

fn workbook_problem(problem: WorkbookProblem) -> InputProblem {
    match problem {
        WorkbookProblem::NotAWorkbook => InputProblem::ZipNotWorkbook,
        WorkbookProblem::OldExcel => InputProblem::OldExcel,
        WorkbookProblem::Damaged(why) => InputProblem::DamagedWorkbook { why },
        WorkbookProblem::NoSheet(sheets) => InputProblem::NoSheet { sheets },
        WorkbookProblem::MissingColumn {
            sheet,
            kind,
            column,
            aliases,
        } => InputProblem::MissingColumnInSheet {
            sheet,
            kind,
            column,
            aliases,
        },
        WorkbookProblem::TooManyCells { sheet } => InputProblem::TooManyCells {
            limit: match sheet {
                Some(_) => workbook::MAX_CELLS,
                None => workbook::MAX_ODS_CELLS,
            },
            sheet,
        },
    }
}

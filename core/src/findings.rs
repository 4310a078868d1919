//! Data-quality findings: every problem the report met, with where it is.
//!
//! Nothing is dropped silently: each value that could not be read, each row
//! left out and each surprise in the join becomes a [`Finding`].

use std::fmt;

/// What kind of problem a finding is; the page and the command group by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum FindingKind {
    /// A value that could not be read (file, line, why).
    Unreadable,
    /// The same number twice in the numbers file; the first is kept.
    DuplicateNumber,
    /// Assigned in the database but not in the Twilio account.
    AssignedNotInAccount,
    /// In the message stats but not in the Twilio account.
    MessagesNotInAccount,
    /// One number, several users.
    SeveralUsers,
    /// Activity dated after the as-of date.
    FutureActivity,
    /// Something about a file as a whole: its encoding, skipped blank rows.
    FileNote,
    /// Numbers of a country and type the price table has no row for.
    EstimatedPrice,
    /// A number the message log says received messages but never sent one.
    ReceivedNotSent,
}

impl FindingKind {
    pub const ALL: [FindingKind; 9] = [
        FindingKind::Unreadable,
        FindingKind::DuplicateNumber,
        FindingKind::AssignedNotInAccount,
        FindingKind::MessagesNotInAccount,
        FindingKind::SeveralUsers,
        FindingKind::FutureActivity,
        FindingKind::FileNote,
        FindingKind::EstimatedPrice,
        FindingKind::ReceivedNotSent,
    ];

    /// A heading for the group.
    pub fn title(self) -> &'static str {
        match self {
            FindingKind::Unreadable => "Values that could not be read",
            FindingKind::DuplicateNumber => "Duplicate numbers in the numbers file (first kept)",
            FindingKind::AssignedNotInAccount => "Assigned in the database but not in the Twilio account",
            FindingKind::MessagesNotInAccount => "In the message stats but not in the Twilio account",
            FindingKind::SeveralUsers => "Numbers assigned to several users",
            FindingKind::FutureActivity => "Activity dated after the as-of date",
            FindingKind::FileNote => "Notes on the files",
            FindingKind::EstimatedPrice => "Costs estimated for want of a price",
            FindingKind::ReceivedNotSent => {
                "Received messages but sent none (in use, though the SOP calls it NEVER USED)"
            }
        }
    }
}

/// What a finding's `line` counts, by the shape of its file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Unit {
    /// A line of a text file, as an editor shows it (the header is line 1).
    #[default]
    Line,
    /// A row of a workbook sheet, as the spreadsheet numbers it.
    Row,
    /// An item of a JSON list, counted from 1 (across the pages of an API listing).
    Item,
}

impl Unit {
    pub fn word(self) -> &'static str {
        match self {
            Unit::Line => "line",
            Unit::Row => "row",
            Unit::Item => "item",
        }
    }
}

/// Where findings about one input point: its name (a workbook's with its
/// sheet) and what its positions count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source<'a> {
    pub file: &'a str,
    pub unit: Unit,
}

impl Source<'_> {
    pub fn finding(self, kind: FindingKind, line: Option<u64>, message: String) -> Finding {
        Finding {
            kind,
            file: self.file.to_string(),
            line,
            unit: self.unit,
            message,
        }
    }
}

/// One problem: which file, where in it, and a sentence a person understands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    /// The file's name as the user gave it; for a workbook, with the sheet:
    /// `numbers.xlsx, sheet Numbers`.
    pub file: String,
    /// 1-based position in that file, in `unit`s; `None` for the file as a whole.
    pub line: Option<u64>,
    pub unit: Unit,
    pub message: String,
}

impl Finding {
    /// A finding about a text file (positions are lines).
    pub fn new(kind: FindingKind, file: &str, line: Option<u64>, message: String) -> Finding {
        Source { file, unit: Unit::Line }.finding(kind, line, message)
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}, {} {}: {}", self.file, self.unit.word(), line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Findings of one kind, in the order they were found.
pub struct FindingGroup<'a> {
    pub kind: FindingKind,
    pub findings: Vec<&'a Finding>,
}

/// Groups `findings` by kind, in [`FindingKind::ALL`] order, leaving out empty groups.
pub fn group_findings(findings: &[Finding]) -> Vec<FindingGroup<'_>> {
    FindingKind::ALL
        .iter()
        .map(|&kind| FindingGroup {
            kind,
            findings: findings.iter().filter(|f| f.kind == kind).collect(),
        })
        .filter(|g| !g.findings.is_empty())
        .collect()
}

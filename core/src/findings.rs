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
}

impl FindingKind {
    pub const ALL: [FindingKind; 7] = [
        FindingKind::Unreadable,
        FindingKind::DuplicateNumber,
        FindingKind::AssignedNotInAccount,
        FindingKind::MessagesNotInAccount,
        FindingKind::SeveralUsers,
        FindingKind::FutureActivity,
        FindingKind::FileNote,
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
        }
    }
}

/// One problem: which file, which line, and a sentence a person understands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    /// The file's name as the user gave it.
    pub file: String,
    /// 1-based line in that file (the header is line 1); `None` for the file as a whole.
    pub line: Option<u64>,
    pub message: String,
}

impl Finding {
    pub fn new(kind: FindingKind, file: &str, line: Option<u64>, message: String) -> Finding {
        Finding {
            kind,
            file: file.to_string(),
            line,
            message,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}, line {}: {}", self.file, line, self.message),
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

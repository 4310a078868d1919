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
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = &self.file;
        match &self.problem {
            InputProblem::Empty => write!(f, "{file} is empty: export it again, or drop the right file."),
            InputProblem::NotText { what } => write!(
                f,
                "{file} is {what}, not a CSV file: open it in Excel and save it with File > Save As > CSV UTF-8."
            ),
            InputProblem::NotRecognised { found } => {
                let mut shown: Vec<&str> = found.iter().take(12).map(String::as_str).collect();
                if found.len() > 12 {
                    shown.push("…");
                }
                write!(
                    f,
                    "{file} is none of the three inputs: its header is `{}`. Expected ",
                    shown.join(", ")
                )?;
                let shapes: Vec<String> = InputKind::ALL
                    .iter()
                    .map(|k| format!("the {} ({})", k.label(), k.expected_columns()))
                    .collect();
                write!(f, "{}.", shapes.join(", or "))
            }
            InputProblem::MissingColumn { kind, column, aliases } => write!(
                f,
                "{file} looks like the {kind} but has no {column} column (accepted names: {aliases}); \
                 export it again with that column."
            ),
        }
    }
}

impl std::error::Error for InputError {}

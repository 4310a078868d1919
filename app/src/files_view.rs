//! The files as the page shows them: a chip per loaded input, what is still
//! missing, files being read, and files refused.

use inventory_core::{InputKind, Inputs, LoadedInput, SettingsChange};
use serde::{Deserialize, Serialize};

/// A loaded file as its chip shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileChip {
    /// Which input it is; the page shows its label (`numbers export`, ...).
    pub kind: InputKind,
    pub name: String,
    pub rows: u64,
    /// The encoding's name when it was not UTF-8.
    pub encoding: Option<String>,
}

impl FileChip {
    pub fn of(loaded: &LoadedInput) -> FileChip {
        FileChip {
            kind: loaded.kind(),
            name: loaded.file.clone(),
            rows: loaded.rows_read,
            encoding: (!loaded.encoding.is_utf8()).then(|| loaded.encoding.name().to_string()),
        }
    }
}

/// The chips of the loaded inputs, in the inputs' order.
pub fn chips(inputs: &Inputs) -> Vec<FileChip> {
    InputKind::ALL
        .iter()
        .filter_map(|k| inputs.get(*k))
        .map(FileChip::of)
        .collect()
}

/// What is still missing, in words; empty when all three files are there.
pub fn missing(inputs: &Inputs) -> Vec<String> {
    let mut out = Vec::new();
    if inputs.get(InputKind::Numbers).is_none() {
        out.push(format!(
            "Required: the numbers export (the Twilio Console export, columns {}).",
            InputKind::Numbers.expected_columns()
        ));
    }
    for kind in [InputKind::MessageStats, InputKind::Assignments] {
        let log = kind == InputKind::MessageStats && inputs.get(InputKind::MessageLog).is_some();
        if inputs.get(kind).is_none() && !log {
            out.push(format!(
                "Optional: the {} (columns {}).",
                kind.label(),
                kind.expected_columns()
            ));
        }
    }
    out
}

/// A file that is being read: bytes of text read so far and in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileProgress {
    /// Which file of the batch, from 1 (names may repeat).
    pub position: usize,
    pub name: String,
    pub done: u64,
    pub total: u64,
}

impl FileProgress {
    pub fn percent(&self) -> u64 {
        (self.done.min(self.total) * 100).checked_div(self.total).unwrap_or(0)
    }
}

/// A file that was refused, and the reason in the user's words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub name: String,
    pub message: String,
}

/// Everything the files panel shows about the inputs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilesView {
    pub chips: Vec<FileChip>,
    pub missing: Vec<String>,
    pub refused: Vec<Refusal>,
    /// Price tables and invoice figures read from files, and what each set.
    pub settings_files: Vec<SettingsChange>,
}

impl FilesView {
    pub fn of(inputs: &Inputs, refused: &[Refusal], settings_files: &[SettingsChange]) -> FilesView {
        FilesView {
            chips: chips(inputs),
            missing: missing(inputs),
            refused: refused.to_vec(),
            settings_files: settings_files.to_vec(),
        }
    }
}

//! The release log beside the plan (`PLAN.release-log.csv`): `Time,Sid,PhoneNumber,Result,Message`,
//! one line appended and synced to disk per number as it happens, so an
//! interrupted run's log still tells the truth. `Result` is `released`,
//! `skipped` or `failed`. A later run reads it so a finished plan releases
//! nothing twice.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{exit, Failure};

const HEADER: &str = "Time,Sid,PhoneNumber,Result,Message\r\n";

pub(crate) fn path_beside(plan: &Path) -> PathBuf {
    let stem = plan
        .file_stem()
        .map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned());
    plan.with_file_name(format!("{stem}.release-log.csv"))
}

/// The SIDs an earlier run released, by the log at `path` (none if it doesn't exist).
pub(crate) fn released_before(path: &Path) -> HashSet<String> {
    let Ok(mut reader) = csv::Reader::from_path(path) else {
        return HashSet::new();
    };
    reader
        .records()
        .flatten()
        .filter(|r| r.get(3) == Some("released"))
        .filter_map(|r| r.get(1).map(str::to_string))
        .collect()
}

pub(crate) struct ReleaseLog {
    file: File,
    path: PathBuf,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Outcome {
    Released,
    Skipped,
    Failed,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Released => "released",
            Outcome::Skipped => "skipped",
            Outcome::Failed => "failed",
        }
    }
}

impl ReleaseLog {
    pub(crate) fn open(path: &Path) -> Result<ReleaseLog, Failure> {
        let fail = |e: std::io::Error| Failure {
            code: exit::WRITE_FAILED,
            message: format!(
                "can't write the release log {}: {e}; nothing was released",
                path.display()
            ),
        };
        let mut file = OpenOptions::new().create(true).append(true).open(path).map_err(fail)?;
        if file.metadata().map_err(fail)?.len() == 0 {
            file.write_all(HEADER.as_bytes()).map_err(fail)?;
        }
        Ok(ReleaseLog {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Appends one line and syncs it; a log that can't be written stops the run.
    pub(crate) fn append(&mut self, sid: &str, phone: &str, outcome: Outcome, message: &str) -> Result<(), Failure> {
        let time = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let mut line = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let _ = line.write_record([
            time.as_str(),
            sid,
            phone,
            outcome.as_str(),
            &message.replace(['\r', '\n'], " "),
        ]);
        let bytes = line.into_inner().unwrap_or_default();
        self.file
            .write_all(&bytes)
            .and_then(|()| self.file.sync_data())
            .map_err(|e| Failure {
                code: exit::WRITE_FAILED,
                message: format!(
                    "can't write the release log {}: {e}; stopped (see the log for what was done)",
                    self.path.display()
                ),
            })
    }
}

//! How far the worker is with the page's latest change, as one state: the
//! page shows files' progress bars, "Building the report…", and holds the
//! downloads back, all from this.

use crate::files_view::FileProgress;

/// What the page waits for from its worker. Only `Idle` means the report
/// shown follows the last change sent; in every other state it is out of
/// date and the downloads wait.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Work {
    /// Nothing: the report shown (or its absence) is the last change's.
    #[default]
    Idle,
    /// A change was sent and the worker has not said how far it is.
    Waiting,
    /// Files being read now, with their progress; a report follows.
    Reading(Vec<FileProgress>),
    /// The report is being derived: numbers done and in all (0 of 0 while
    /// the inputs are joined).
    Deriving { done: usize, total: usize },
}

impl Work {
    /// A change was sent. Files being read keep their progress bars: the
    /// report that answers the change comes after them.
    pub fn sent(&mut self) {
        if !matches!(self, Work::Reading(_)) {
            *self = Work::Waiting;
        }
    }

    /// The worker's progress on the files it reads now; none when it has
    /// just finished a file (the next file or the build comes next).
    pub fn reading(&mut self, files: Vec<FileProgress>) {
        if !files.is_empty() {
            *self = Work::Reading(files);
        } else if matches!(self, Work::Reading(_)) {
            *self = Work::Waiting;
        }
    }

    /// The worker's progress on the report.
    pub fn deriving(&mut self, done: usize, total: usize) {
        *self = Work::Deriving { done, total };
    }

    /// The report arrived (or word that there is none).
    pub fn reported(&mut self) {
        *self = Work::Idle;
    }

    /// The files being read, for their progress bars.
    pub fn files_reading(&self) -> &[FileProgress] {
        match self {
            Work::Reading(files) => files,
            _ => &[],
        }
    }

    /// Whether a report newer than the one shown is on its way.
    pub fn report_pending(&self) -> bool {
        *self != Work::Idle
    }

    /// The report's progress while it is awaited and no file is being read:
    /// `(numbers done, numbers in all)`, `(0, 0)` before the worker says.
    pub fn build_progress(&self) -> Option<(usize, usize)> {
        match *self {
            Work::Waiting => Some((0, 0)),
            Work::Deriving { done, total } => Some((done, total)),
            Work::Idle | Work::Reading(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(done: u64) -> Vec<FileProgress> {
        vec![FileProgress {
            position: 1,
            name: "numbers.csv".into(),
            done,
            total: 100,
        }]
    }

    #[test]
    fn a_batch_of_files_then_its_report() {
        let mut work = Work::default();
        assert!(!work.report_pending() && work.build_progress().is_none());
        work.sent();
        assert_eq!((work.report_pending(), work.build_progress()), (true, Some((0, 0))));
        work.reading(file(0));
        work.reading(file(40));
        assert_eq!((work.files_reading(), work.build_progress()), (&file(40)[..], None));
        // A setting changed while a file is read: its bar stays.
        work.sent();
        assert_eq!(work, Work::Reading(file(40)));
        // A file is done: the next one, or the report, is awaited.
        work.reading(Vec::new());
        assert_eq!(work, Work::Waiting);
        work.deriving(0, 0);
        work.deriving(250, 500);
        assert_eq!((work.report_pending(), work.build_progress()), (true, Some((250, 500))));
        assert!(work.files_reading().is_empty());
        work.reported();
        assert_eq!(work, Work::Idle);
    }

    #[test]
    fn a_finished_file_outside_a_read_changes_nothing() {
        for mut work in [Work::Idle, Work::Waiting, Work::Deriving { done: 1, total: 2 }] {
            let before = work.clone();
            work.reading(Vec::new());
            assert_eq!(work, before);
        }
    }
}

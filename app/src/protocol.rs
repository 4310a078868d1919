//! What the page and its worker say to each other, typed: settings, dates,
//! kinds and statuses cross as themselves, and the page makes their words.
//! Each message travels as postcard bytes in a posted envelope
//! (`js::envelope`): a compact binary form whose decoder is a fraction of a
//! JSON one in the page's wasm, and quicker on a page of a million rows. The
//! files the user chose, or a download's blob, travel beside it as its
//! attachment, because the browser hands those over without copying.

use chrono::NaiveDate;
use inventory_core::{Cents, PriceTable, Settings, SettingsChange};
use serde::{Deserialize, Serialize};

use crate::files_view::{FileProgress, FilesView};
use crate::release_view::{ReleaseSaving, ReleaseSelection};
use crate::report_view::ReportView;
use crate::table_view::{TableFilter, TablePage};

/// From the page to the worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ToWorker {
    /// Read the files attached, in order, and add them to the inputs.
    Load,
    /// Replace the inputs with generated sample data dated around `today`.
    Sample { today: NaiveDate },
    /// Forget every input.
    Clear,
    /// New settings: the as-of date, prices, invoice figures and rules.
    Settings(Settings),
    /// One page of the table under `filter`.
    Table {
        request: u64,
        filter: TableFilter,
        page: usize,
    },
    /// The bytes of one output file, sent back as a blob attached; the
    /// release plan and its script hold the rows `release` ticks.
    Download {
        file: OutputFile,
        release: ReleaseSelection,
    },
    /// What releasing the rows `release` ticks saves.
    ReleaseSaving { release: ReleaseSelection },
}

/// The files the page offers for download.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutputFile {
    Inventory,
    Assessment,
    Summary,
    /// The Excel workbook.
    Workbook,
    /// The changes since the previous inventory (only with one).
    Changes,
    /// The ticked RELEASE rows, for `phone-inventory twilio release`.
    ReleasePlan,
    /// The ticked RELEASE rows as twilio-cli commands.
    ReleaseScript,
}

impl OutputFile {
    pub fn name(self) -> &'static str {
        match self {
            OutputFile::Inventory => inventory_core::INVENTORY_FILE,
            OutputFile::Assessment => inventory_core::ASSESSMENT_FILE,
            OutputFile::Summary => inventory_core::SUMMARY_FILE,
            OutputFile::Workbook => inventory_core::WORKBOOK_FILE,
            OutputFile::Changes => inventory_core::CHANGES_FILE,
            OutputFile::ReleasePlan => inventory_core::RELEASE_PLAN_FILE,
            OutputFile::ReleaseScript => inventory_core::RELEASE_SCRIPT_FILE,
        }
    }

    /// The blob's type, so the browser (and what opens the file) knows it.
    pub fn mime_type(self) -> &'static str {
        match self {
            OutputFile::Inventory
            | OutputFile::Assessment
            | OutputFile::Summary
            | OutputFile::Changes
            | OutputFile::ReleasePlan => "text/csv;charset=utf-8",
            OutputFile::Workbook => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            OutputFile::ReleaseScript => "text/x-shellscript;charset=utf-8",
        }
    }
}

/// The settings a file can set: the price table and the invoice figures.
/// Only these cross, so a file never undoes the page's newer as-of date or
/// rules (and the page need not read dates or rules from JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFigures {
    pub prices: PriceTable,
    pub invoice_count: Option<u64>,
    pub invoice_amount: Option<Cents>,
}

impl FileFigures {
    pub fn of(settings: &Settings) -> FileFigures {
        FileFigures {
            prices: settings.prices.clone(),
            invoice_count: settings.invoice_count,
            invoice_amount: settings.invoice_amount,
        }
    }

    pub fn apply_to(self, settings: &mut Settings) {
        settings.prices = self.prices;
        settings.invoice_count = self.invoice_count;
        settings.invoice_amount = self.invoice_amount;
    }
}

/// From the worker to the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker is running and takes messages.
    Ready,
    /// The files being read now, with their progress.
    Reading(Vec<FileProgress>),
    /// The inputs changed, or a file was refused.
    Files(FilesView),
    /// A price table or invoice figures were read from a file: what a file
    /// can set, for the page to take into its settings, and what the file
    /// changed, for the page to say where the figures came from.
    SettingsFromFile {
        figures: FileFigures,
        change: SettingsChange,
    },
    /// A report is being built: numbers done and in all (0, 0 while joining).
    Building { done: usize, total: usize },
    /// The report of the current inputs and settings; `None` when there is
    /// none (no numbers file yet).
    Report {
        report: Option<Box<ReportView>>,
        /// The worker's wasm memory in bytes, for the page's measurements.
        memory: u64,
    },
    /// An answer to [`ToWorker::Table`].
    Table(TablePage),
    /// The bytes of `file` are in the blob attached.
    Download { file: OutputFile },
    /// A download could not be made (no report yet, or the browser would not make its blob).
    DownloadFailed { file: OutputFile, reason: String },
    /// An answer to [`ToWorker::ReleaseSaving`].
    ReleaseSaving(ReleaseSaving),
    /// The worker crashed; it takes no more messages.
    Crashed(String),
}

impl ToWorker {
    pub fn to_bytes(&self) -> Vec<u8> {
        encode(self)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<ToWorker, String> {
        postcard::from_bytes(bytes).map_err(|e| format!("a message the worker does not understand: {e}"))
    }
}

impl FromWorker {
    pub fn to_bytes(&self) -> Vec<u8> {
        encode(self)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<FromWorker, String> {
        postcard::from_bytes(bytes).map_err(|e| format!("a message from the worker the page does not understand: {e}"))
    }
}

/// Encoding into a `Vec` fails only where serde can't describe a value
/// (a map of unknown length, say), which no message holds: the messages'
/// round-trip test would say so.
fn encode(message: &impl Serialize) -> Vec<u8> {
    postcard::to_allocvec(message).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use inventory_core::{InputKind, Inputs, Report};

    use super::*;

    #[test]
    fn messages_cross_typed_and_arrive_equal() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let mut settings = Settings::new(day);
        settings.invoice_amount = Some(Cents(4830));
        let mut release = ReleaseSelection::none_ticked();
        release.set(inventory_core::normalise("+15125550101").unwrap(), true);
        let download = ToWorker::Download {
            file: OutputFile::ReleasePlan,
            release: release.clone(),
        };
        let bytes = download.to_bytes();
        assert!(
            bytes.windows(12).any(|w| w == b"+15125550101"),
            "a number crosses as E.164: {bytes:?}"
        );
        for message in [
            ToWorker::Settings(settings.clone()),
            ToWorker::Sample { today: day },
            download,
            ToWorker::ReleaseSaving { release },
        ] {
            assert_eq!(ToWorker::from_bytes(&message.to_bytes()), Ok(message));
        }
        let numbers = "PhoneNumber,FriendlyName,DateCreated\n+14155550101,A,2025-01-01\n+14155550101,A,2025-01-01\n";
        let mut inputs = Inputs::default();
        inputs.put(inventory_core::load("n.csv", numbers.as_bytes().to_vec()).unwrap());
        let report = Report::build(&inputs, &Settings::new(day)).unwrap();
        let files = FilesView::of(&inputs, &[], &[]);
        assert_eq!(files.chips[0].kind, InputKind::Numbers);
        let view = ReportView::of(&report, 1);
        assert!(!view.checks.is_empty() && !view.findings.is_empty());
        let change = SettingsChange {
            file: "invoice.csv".into(),
            kind: InputKind::Invoice,
            summary: "2026-10: 6 numbers, charges 48.30".into(),
        };
        let figures = FileFigures::of(&settings);
        let mut applied = Settings::new(day);
        figures.clone().apply_to(&mut applied);
        assert_eq!(applied, settings, "the figures are all a file sets");
        for message in [
            FromWorker::Files(files),
            FromWorker::SettingsFromFile { figures, change },
            FromWorker::Report {
                report: Some(Box::new(view)),
                memory: 1,
            },
        ] {
            assert_eq!(FromWorker::from_bytes(&message.to_bytes()), Ok(message));
        }
    }
}

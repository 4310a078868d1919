//! The worker's state as plain Rust: the inputs, the settings, the last
//! report, and the answers to the page's questions. The worker's glue
//! (`src/bin/worker/main.rs`) adds only the browser: reading files, pausing
//! between steps, posting messages. Everything here runs (and is tested)
//! natively.

use std::sync::Arc;

use chrono::NaiveDate;
use inventory_core::{
    generate_sample, Groundwork, InputKind, Inputs, LoadedInput, Report, ReportBuilder, Settings, SettingsChange,
    ASSIGNMENTS_FILE, NUMBERS_FILE, STATS_FILE,
};

use crate::files_view::{FilesView, Refusal};
use crate::protocol::OutputFile;
use crate::release_view::{ReleaseSaving, ReleaseSelection};
use crate::report_view::ReportView;
use crate::table_view::{TableFilter, TablePage};

/// Rows read between two pauses while a file is read.
pub const ROWS_PER_STEP: usize = 200_000;
/// Bytes the worker asks the browser for at a time (`File.slice()`): a
/// file is never asked for whole.
pub const SLICE_BYTES: u64 = 4 << 20;
/// Numbers derived between two pauses while a report is built.
pub const NUMBERS_PER_BUILD_STEP: usize = 250_000;
/// Numbers in the "Try it with sample data" inputs.
pub const SAMPLE_NUMBERS: usize = 500;

/// Why the browser could not give a slice of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// The file is no longer where it was chosen (moved, renamed, deleted).
    Gone,
    /// The browser refused the read: the file changed or is locked since it was chosen.
    Refused,
    /// The read was stopped before it ended.
    Stopped,
}

/// The page's own words for a file the browser could not read at byte
/// `at`: what happened and what to do (never the browser's guess about
/// permissions, which are rarely the problem).
pub fn unreadable(name: &str, size: u64, at: u64, why: Unreadable) -> String {
    let size = inventory_core::human_size(size);
    let read = match at {
        0 => "before its first bytes were read".to_string(),
        _ => format!("after {} of it were read", inventory_core::human_size(at)),
    };
    let (what, then) = match why {
        Unreadable::Gone => (
            "is no longer where it was chosen (moved, renamed or deleted)",
            "choose it again from its new place",
        ),
        Unreadable::Refused => (
            "could not be read: it changed since it was chosen, or another program holds it, \
             or it is on a drive or network share that went away",
            "close programs that may be writing it (Excel, a sync client), copy it to a local \
             folder if it is on a share, and choose it again",
        ),
        Unreadable::Stopped => ("was not read to its end: the read was stopped", "choose it again"),
    };
    format!("{name} ({size}) {what}, {read}. Nothing of it was used: {then}.")
}

/// Inputs, settings and the latest report.
pub struct Engine {
    inputs: Arc<Inputs>,
    settings: Settings,
    /// Files refused since the last batch of files started.
    refused: Vec<Refusal>,
    report: Option<Arc<Report>>,
    /// Counts reports, so a table page names the report it was cut from.
    report_id: u64,
    /// The rows that passed the last filter, so paging does not filter again.
    matching: Option<(TableFilter, Vec<usize>)>,
    /// Inputs or settings changed since the report was made.
    stale: bool,
    /// Price tables and invoice figures read from files, latest last.
    settings_files: Vec<SettingsChange>,
    /// The join (and categories) of the last build of these inputs: a
    /// settings edit rebuilds from there. Forgotten when the inputs change.
    groundwork: Option<Groundwork>,
}

impl Engine {
    pub fn new(today: NaiveDate) -> Engine {
        Engine {
            inputs: Arc::new(Inputs::default()),
            settings: Settings::new(today),
            refused: Vec::new(),
            report: None,
            report_id: 0,
            matching: None,
            stale: true,
            settings_files: Vec::new(),
            groundwork: None,
        }
    }

    /// A new batch of files: the last batch's refusals are forgotten.
    pub fn start_batch(&mut self) {
        self.refused.clear();
    }

    /// Adds a file read in full; it replaces a file of the same kind (pages
    /// of one API listing add up). A price table or invoice figures change
    /// the settings instead: the change is returned, for the page to take.
    pub fn put(&mut self, loaded: LoadedInput) -> Option<SettingsChange> {
        if let Some(conflict) = self.inputs.conflict(&loaded) {
            self.refuse(&loaded.file, conflict);
            return None;
        }
        self.refused.retain(|r| r.name != loaded.file);
        self.stale = true;
        let change = self.settings.apply_file(&loaded);
        match &change {
            Some(change) => {
                // One invoice, and one chip per price table however often it is dropped.
                self.settings_files
                    .retain(|c| c.kind != change.kind || (c.kind == InputKind::Prices && c.file != change.file));
                self.settings_files.push(change.clone());
            }
            None => {
                Arc::make_mut(&mut self.inputs).put(loaded);
                self.groundwork = None;
            }
        }
        change
    }

    /// The sids of the message log held, for the next log read to count
    /// each message once (see `InputReader::count_once`).
    pub fn log_sids(&self) -> Option<Arc<inventory_core::SidSet>> {
        self.inputs.log_sids()
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn refuse(&mut self, name: &str, message: String) {
        self.refused.push(Refusal {
            name: name.to_string(),
            message,
        });
    }

    /// Forgets every input (and refusal).
    pub fn clear(&mut self) {
        self.inputs = Arc::new(Inputs::default());
        self.refused.clear();
        self.settings_files.clear();
        self.stale = true;
        self.groundwork = None;
    }

    /// The sample inputs dated around `today`, as files to read; the
    /// current inputs are forgotten first.
    pub fn sample_files(&mut self, today: NaiveDate) -> Vec<(String, Vec<u8>)> {
        self.clear();
        let files = generate_sample(SAMPLE_NUMBERS, 1, today);
        vec![
            (NUMBERS_FILE.to_string(), files.numbers),
            (STATS_FILE.to_string(), files.message_stats),
            (ASSIGNMENTS_FILE.to_string(), files.assignments),
        ]
    }

    pub fn files(&self) -> FilesView {
        FilesView::of(&self.inputs, &self.refused, &self.settings_files)
    }

    /// Takes the settings the page sent (its rules editor sends only rules
    /// that read); the report is stale when they differ from the last.
    pub fn set_settings(&mut self, settings: Settings) {
        self.stale |= settings != self.settings;
        self.settings = settings;
    }

    /// A builder of the report of the current inputs and settings, or `None`
    /// (and no report) when there is no numbers file.
    pub fn start_build(&mut self) -> Option<ReportBuilder<Arc<Inputs>>> {
        match ReportBuilder::new(Arc::clone(&self.inputs), self.settings.clone()) {
            Ok(builder) => Some(builder.on_groundwork(self.groundwork.clone())),
            Err(_) => {
                self.set_report(None);
                None
            }
        }
    }

    /// Keeps a finished report, and what its build worked out for the
    /// next, and returns what the page shows of it.
    pub fn finish_build(&mut self, report: Report, groundwork: Option<Groundwork>) -> ReportView {
        self.set_report(Some(report));
        self.groundwork = groundwork;
        self.view().expect("a report was just kept")
    }

    /// Whether the report (or its absence) no longer follows the inputs and settings.
    pub fn is_stale(&self) -> bool {
        self.stale
    }

    fn set_report(&mut self, report: Option<Report>) {
        self.stale = false;
        self.report = report.map(Arc::new);
        self.report_id += 1;
        self.matching = None;
    }

    /// What the page shows of the current report.
    pub fn view(&self) -> Option<ReportView> {
        self.report.as_ref().map(|r| ReportView::of(r, self.report_id))
    }

    /// Page `page` of the table under `filter` (empty without a report).
    pub fn table(&mut self, request: u64, filter: &TableFilter, page: usize) -> TablePage {
        let Some(report) = &self.report else {
            return TablePage {
                request,
                ..TablePage::default()
            };
        };
        if self.matching.as_ref().is_none_or(|(f, _)| f != filter) {
            self.matching = Some((filter.clone(), filter.rows(report)));
        }
        let matching = self.matching.as_ref().map(|(_, m)| m.as_slice()).unwrap_or_default();
        TablePage::of(report, matching, page, request)
    }

    fn current_report(&self) -> Result<&Report, String> {
        self.report
            .as_deref()
            .ok_or_else(|| "there is no report yet: add the numbers export first".to_string())
    }

    /// The bytes of an output file of the current report; the release plan
    /// and its script hold the rows `release` ticks.
    pub fn output(&self, file: OutputFile, release: &ReleaseSelection) -> Result<Vec<u8>, String> {
        let report = self.current_report()?;
        Ok(match file {
            OutputFile::Inventory => report.inventory_csv(),
            OutputFile::Assessment => report.assessment_csv(),
            OutputFile::Summary => report.summary_csv(),
            OutputFile::Workbook => report.workbook_xlsx(),
            OutputFile::Changes => report.changes_csv().ok_or(
                "there are no changes without last month's inventory: add the previous \
                 Twilio_Phone_Numbers_FULL_INVENTORY_v1.csv to the files first",
            )?,
            OutputFile::ReleasePlan => report.release_plan_csv(&release.left_out(report)),
            OutputFile::ReleaseScript => report.release_script(&release.left_out(report)),
        })
    }

    /// What releasing the rows `release` ticks saves (nothing without a report).
    pub fn release_saving(&self, release: &ReleaseSelection) -> ReleaseSaving {
        self.current_report()
            .map(|report| ReleaseSaving::of(report, release))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use inventory_core::{InputReader, UsageStatus};

    use super::*;
    use crate::protocol::ToWorker;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    /// Reads files the way the worker does: in steps.
    fn read(engine: &mut Engine, files: Vec<(String, Vec<u8>)>) {
        engine.start_batch();
        for (name, bytes) in files {
            let result = InputReader::open(&name, bytes).map(|mut reader| {
                while !reader.read_rows(7) {}
                reader.finish()
            });
            match result {
                Ok(loaded) => {
                    engine.put(loaded);
                }
                Err(e) => engine.refuse(&name, e.to_string()),
            }
        }
    }

    fn build(engine: &mut Engine) -> Option<ReportView> {
        let mut builder = engine.start_build()?;
        loop {
            if let Some(report) = builder.step(13) {
                let groundwork = builder.groundwork();
                return Some(engine.finish_build(report, groundwork));
            }
        }
    }

    #[test]
    fn the_worker_s_report_is_the_command_s_report() {
        let mut engine = Engine::new(today());
        let files = engine.sample_files(today());
        read(&mut engine, files.clone());
        let view = build(&mut engine).unwrap();

        let mut inputs = Inputs::default();
        for (name, bytes) in files {
            inputs.put(inventory_core::load(&name, bytes).unwrap());
        }
        let report = Report::build(&inputs, &Settings::new(today())).unwrap();
        let all = ReleaseSelection::default();
        let output = |file| engine.output(file, &all).unwrap();
        assert_eq!(output(OutputFile::Inventory), report.inventory_csv());
        assert_eq!(output(OutputFile::Assessment), report.assessment_csv());
        assert_eq!(output(OutputFile::Summary), report.summary_csv());
        assert_eq!(output(OutputFile::Workbook), report.workbook_xlsx());
        let none = std::collections::BTreeSet::new();
        assert_eq!(output(OutputFile::ReleasePlan), report.release_plan_csv(&none));
        assert_eq!(output(OutputFile::ReleaseScript), report.release_script(&none));
        let refused = engine.output(OutputFile::Changes, &all).unwrap_err();
        assert!(refused.contains("add the previous"), "{refused}");
        assert_eq!(view.total, report.summary.total);
        assert_eq!(view.as_of, "11-24-2026");
        assert_eq!(engine.files().chips.len(), 3);
        assert!(engine.files().missing.is_empty());
    }

    #[test]
    fn last_month_s_inventory_gives_the_changes_and_unticked_rows_leave_the_plan() {
        let mut engine = Engine::new(today());
        let files = engine.sample_files(today());
        read(&mut engine, files.clone());
        build(&mut engine).unwrap();
        let previous = engine
            .output(OutputFile::Inventory, &ReleaseSelection::default())
            .unwrap();
        let mut with_previous = files;
        with_previous.push((inventory_core::INVENTORY_FILE.to_string(), previous));
        read(&mut engine, with_previous.clone());
        let mut settings = Settings::new(today());
        settings.previous_as_of = NaiveDate::from_ymd_opt(2026, 10, 24);
        engine.set_settings(settings.clone());
        let view = build(&mut engine).unwrap();

        let mut inputs = Inputs::default();
        for (name, bytes) in with_previous {
            inputs.put(inventory_core::load(&name, bytes).unwrap());
        }
        let report = Report::build(&inputs, &settings).unwrap();
        let changes = view.changes.expect("the changes since the previous inventory");
        assert_eq!(changes.since, "10-24-2026");
        assert_eq!(changes.text, report.changes.as_ref().unwrap().to_text());
        let mut release = ReleaseSelection::default();
        let unticked: Vec<_> = report
            .release_rows(&std::collections::BTreeSet::new())
            .take(2)
            .map(|r| r.phone)
            .collect();
        for phone in &unticked {
            release.set(*phone, false);
        }
        let left_out = unticked.iter().copied().collect();
        assert_eq!(
            engine.output(OutputFile::Changes, &release).unwrap(),
            report.changes_csv().unwrap()
        );
        assert_eq!(
            engine.output(OutputFile::ReleasePlan, &release).unwrap(),
            report.release_plan_csv(&left_out)
        );
        let saving = engine.release_saving(&release);
        assert_eq!((saving.numbers, saving.monthly), report.release_saving(&left_out));
        assert_eq!(saving.numbers + 2, view.release.numbers);
    }

    #[test]
    fn settings_travel_typed_and_change_the_report() {
        let mut engine = Engine::new(today());
        let files = engine.sample_files(today());
        read(&mut engine, files);
        let before = build(&mut engine).unwrap();
        let mut settings = Settings::new(today());
        settings
            .prices
            .set_north_american(Some(inventory_core::Cents(200)), None);
        let message = ToWorker::Settings(settings).to_bytes();
        let Ok(ToWorker::Settings(settings)) = ToWorker::from_bytes(&message) else {
            panic!("the settings did not travel: {message:?}");
        };
        engine.set_settings(settings);
        let after = build(&mut engine).unwrap();
        assert!(after.id > before.id);
        assert!(after.total.monthly_cost > before.total.monthly_cost);
        // Rules that do not read never reach the worker: see `model::remembered_settings`.
    }

    /// A settings edit rebuilds on the last build's join and categories;
    /// a new file (here as many rows, other names) makes the next build
    /// start over. Each report equals the command's of the same files.
    #[test]
    fn a_rebuild_reuses_the_join_until_the_inputs_change() {
        let report_of = |files: &[(String, Vec<u8>)], settings: &Settings| {
            let mut inputs = Inputs::default();
            for (name, bytes) in files {
                inputs.put(inventory_core::load(name, bytes.clone()).unwrap());
            }
            Report::build(&inputs, settings).unwrap().inventory_csv()
        };
        let all = ReleaseSelection::default();
        let mut engine = Engine::new(today());
        let mut files = engine.sample_files(today());
        read(&mut engine, files.clone());
        build(&mut engine).unwrap();
        assert!(engine.groundwork.is_some());
        let mut settings = Settings::new(today());
        settings.as_of = today() + chrono::Duration::days(45);
        engine.set_settings(settings.clone());
        build(&mut engine).unwrap();
        assert_eq!(
            engine.output(OutputFile::Inventory, &all).unwrap(),
            report_of(&files, &settings)
        );

        let numbers = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(numbers.contains("Delivery Farm"));
        files[0].1 = numbers.replace("Delivery Farm", "Delivery Form").into_bytes();
        read(&mut engine, files[..1].to_vec());
        assert!(engine.groundwork.is_none(), "new inputs, no groundwork");
        build(&mut engine).unwrap();
        assert_eq!(
            engine.output(OutputFile::Inventory, &all).unwrap(),
            report_of(&files, &settings)
        );
    }

    #[test]
    fn table_pages_filter_and_name_their_request() {
        let mut engine = Engine::new(today());
        assert_eq!(engine.table(1, &TableFilter::default(), 0).rows.len(), 0);
        let files = engine.sample_files(today());
        read(&mut engine, files);
        let numbers = build(&mut engine).unwrap().total.numbers as usize;
        let all = engine.table(2, &TableFilter::default(), 0);
        assert_eq!(
            (all.request, all.matching, all.rows.len()),
            (2, numbers, crate::table_view::PAGE_SIZE)
        );
        let last = engine.table(3, &TableFilter::default(), 999);
        assert_eq!(last.page, crate::table_view::page_count(numbers) - 1);
        let never = TableFilter {
            status: Some(UsageStatus::NeverUsed),
            ..TableFilter::default()
        };
        let page = engine.table(4, &never, 0);
        assert!(page.matching > 0 && page.matching < numbers);
        assert!(page.rows.iter().all(|r| r.cells[9] == UsageStatus::NeverUsed.label()));
    }

    #[test]
    fn refused_files_are_listed_until_the_next_batch_and_no_numbers_means_no_report() {
        let mut engine = Engine::new(today());
        read(&mut engine, vec![("photo.csv".into(), b"\x89PNG\r\n\x1a\n".to_vec())]);
        assert_eq!(engine.files().refused.len(), 1);
        assert!(build(&mut engine).is_none());
        assert!(engine
            .output(OutputFile::Inventory, &ReleaseSelection::default())
            .is_err());
        assert_eq!(
            engine.release_saving(&ReleaseSelection::default()),
            ReleaseSaving::default()
        );
        read(&mut engine, Vec::new());
        assert!(engine.files().refused.is_empty());
    }

    #[test]
    fn a_price_table_or_invoice_file_changes_the_settings_not_the_inputs() {
        let mut engine = Engine::new(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        let invoice = b"Month,Numbers,Charges\n2026-10,24,27.60\n".to_vec();
        read(&mut engine, vec![("twilio_invoice.csv".into(), invoice)]);
        assert_eq!(engine.settings().invoice_count, Some(24));
        let files = engine.files();
        assert!(files.chips.is_empty());
        assert_eq!(files.settings_files[0].summary, "2026-10: 24 numbers, charges 27.60");
        let prices = b"Country,NumberType,MonthlyPrice\nGB,local,1.00\n".to_vec();
        for _ in 0..2 {
            read(&mut engine, vec![("prices.csv".into(), prices.clone())]);
        }
        let later = b"Month,Numbers,Charges\n2026-11,25,28.75\n".to_vec();
        read(&mut engine, vec![("november.csv".into(), later)]);
        let kept: Vec<_> = engine.files().settings_files.into_iter().map(|c| c.file).collect();
        assert_eq!(
            kept,
            ["prices.csv", "november.csv"],
            "one invoice, one chip per price table"
        );
    }
}

//! The page's signals, and the actions that change them. The inputs and the
//! report live in the worker (`src/bin/worker/`); the page sends it files and
//! settings and keeps what it answers: the files' chips, how far it is
//! (`Work`), the report's summary and one page of the table.

use std::sync::Arc;

use inventory_app::files_view::FilesView;
use inventory_app::model;
use inventory_app::origins::Origins;
use inventory_app::protocol::{FromWorker, OutputFile, ToWorker};
use inventory_app::release_view::{ReleaseSaving, ReleaseSelection};
use inventory_app::report_view::ReportView;
use inventory_app::table_view::{TableFilter, TablePage};
use inventory_app::work::Work;
use inventory_core::Settings;
use leptos::prelude::*;
use web_sys::{Blob, File};

use crate::{browser, worker_link};

/// Every signal of the page; `Copy`, shared through context.
#[derive(Clone, Copy)]
pub struct AppState {
    /// As-of date, prices, invoice figures and rules.
    pub settings: RwSignal<Settings>,
    /// Where the invoice figures and the prices came from.
    pub origins: RwSignal<Origins>,
    /// The chips, what is missing, and refused files.
    pub files: RwSignal<FilesView>,
    /// What the page shows of the report; `None` until the numbers file is in.
    pub report: RwSignal<Option<Arc<ReportView>>>,
    /// How far the worker is with the latest change: waiting, reading
    /// files, deriving the report, or done (`Idle`).
    pub work: RwSignal<Work>,
    /// The table page shown.
    pub table_page: RwSignal<TablePage>,
    /// The last table request sent; older answers are ignored.
    table_request: StoredValue<u64>,
    /// Why the last download failed, if it did.
    pub download_problem: RwSignal<Option<String>>,
    /// The worker's wasm memory, in bytes, when it last sent a report.
    pub worker_memory: RwSignal<u64>,
    /// Which RELEASE rows the release plan holds (all, until the user unticks some).
    pub release: RwSignal<ReleaseSelection>,
    /// What releasing the ticked rows saves, as the worker last said;
    /// `None` until it answers for the current report.
    pub release_saving: RwSignal<Option<ReleaseSaving>>,
}

impl AppState {
    /// Today's date, remembered prices and rules, no inputs; starts the worker.
    pub fn new() -> AppState {
        let settings = model::remembered_settings(
            browser::today(),
            browser::load_settings().as_deref(),
            browser::load_rules().as_deref(),
        );
        let state = AppState {
            settings: RwSignal::new(settings),
            origins: RwSignal::new(Origins::default()),
            files: RwSignal::new(FilesView::default()),
            report: RwSignal::new(None),
            work: RwSignal::new(Work::Idle),
            table_page: RwSignal::new(TablePage::default()),
            table_request: StoredValue::new(0),
            download_problem: RwSignal::new(None),
            worker_memory: RwSignal::new(0),
            release: RwSignal::new(ReleaseSelection::default()),
            release_saving: RwSignal::new(None),
        };
        worker_link::start(
            move |answer, blob| state.answer(answer, blob),
            |reason| browser::show_panic(&reason),
        );
        // The settings' one way out of the page: the worker gets each new
        // version (its report follows them), and the browser remembers every
        // change as text (not the first run: opening the page changes nothing).
        Effect::new(move |ran: Option<()>| {
            let settings = state.settings.get();
            if ran.is_some() {
                browser::save_settings(&model::settings_to_text(&settings));
                browser::save_rules(&settings.rules.to_csv());
            }
            state.send_change(&ToWorker::Settings(settings), &[]);
        });
        // The saving follows the ticks and the report: the worker has the rows.
        Effect::new(move |_| {
            state.report.track();
            let release = state.release.get();
            worker_link::send(&ToWorker::ReleaseSaving { release }, &[]);
        });
        state
    }

    fn answer(self, answer: FromWorker, blob: Option<Blob>) {
        match answer {
            FromWorker::Ready => {}
            FromWorker::Reading(progress) => self.work.update(|w| w.reading(progress)),
            FromWorker::Files(files) => self.files.set(files),
            // The effect in `new` remembers them and sends them back (the same: no rebuild).
            FromWorker::SettingsFromFile { figures, change } => {
                self.settings.update(|s| figures.apply_to(s));
                self.origins.update(|o| o.took(change));
            }
            FromWorker::Building { done, total } => self.work.update(|w| w.deriving(done, total)),
            FromWorker::Report { report, memory } => {
                self.report.set(report.map(|r| Arc::new(*r)));
                self.work.update(Work::reported);
                self.worker_memory.set(memory);
            }
            FromWorker::Table(page) => {
                if page.request == self.table_request.get_value() {
                    self.table_page.set(page);
                }
            }
            FromWorker::Download { file } => {
                let saved = match blob {
                    Some(blob) => browser::download(file.name(), &blob),
                    None => Err(format!("the download of {} came back empty", file.name())),
                };
                self.download_problem.set(saved.err());
            }
            FromWorker::DownloadFailed { file, reason } => {
                self.download_problem
                    .set(Some(format!("{} was not saved: {reason}", file.name())));
            }
            FromWorker::ReleaseSaving(saving) => self.release_saving.set(Some(saving)),
            FromWorker::Crashed(reason) => browser::show_panic(&reason),
        }
    }

    /// Sends a change of inputs or settings; the report shown is out of
    /// date until the worker's next report arrives.
    fn send_change(self, message: &ToWorker, files: &[File]) {
        self.work.update(Work::sent);
        worker_link::send(message, files);
    }

    /// Changes the settings; the effect in [`AppState::new`] sends and remembers them.
    pub fn change_settings(self, change: impl FnOnce(&mut Settings)) {
        self.settings.update(change);
    }

    /// Reads `files` in the worker, one after another; a refused file
    /// leaves the others alone.
    pub fn load(self, files: Vec<File>) {
        if !files.is_empty() {
            self.send_change(&ToWorker::Load, &files);
        }
    }

    /// The demo: 500 numbers made in the worker, dated around today.
    pub fn load_sample(self) {
        self.send_change(
            &ToWorker::Sample {
                today: browser::today(),
            },
            &[],
        );
    }

    /// Forgets every input.
    pub fn clear(self) {
        self.send_change(&ToWorker::Clear, &[]);
    }

    /// Asks for a page of the table; the answer replaces `table_page`.
    pub fn request_table(self, filter: TableFilter, page: usize) {
        let request = self.table_request.get_value() + 1;
        self.table_request.set_value(request);
        worker_link::send(&ToWorker::Table { request, filter, page }, &[]);
    }

    /// Asks for an output file (the release plan's with the rows ticked
    /// now); it is saved when the worker sends it.
    pub fn download(self, file: OutputFile) {
        self.download_problem.set(None);
        let release = self.release.get_untracked();
        worker_link::send(&ToWorker::Download { file, release }, &[]);
    }
}

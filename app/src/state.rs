//! The page's signals, and the actions that change them: loading files in
//! steps, the sample data, and rebuilding the report when inputs or settings
//! change.

use std::sync::Arc;

use inventory_core::sample::{self, SAMPLE_ASSIGNMENTS_FILE, SAMPLE_NUMBERS_FILE, SAMPLE_STATS_FILE};
use inventory_core::{InputReader, Inputs, LoadedInput, Report, ReportBuilder, Rules, Settings};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::model::{self, LoadProgress, Refusal, ROWS_PER_STEP};

/// Every signal of the page; `Copy`, shared through context.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The three inputs as loaded so far (shared with a report being built).
    pub inputs: RwSignal<Arc<Inputs>>,
    /// As-of date, prices, invoice figures and rules.
    pub settings: RwSignal<Settings>,
    /// The report of `inputs` under `settings`; `None` until the numbers file is in.
    pub report: RwSignal<Option<Arc<Report>>>,
    /// Files being read now, with their progress.
    pub loading: RwSignal<Vec<LoadProgress>>,
    /// Files refused in the last batch, with the reason.
    pub refused: RwSignal<Vec<Refusal>>,
    /// `Some((numbers done, numbers in all))` while a report is being built.
    pub building: RwSignal<Option<(usize, usize)>>,
    /// Which build is the latest: an older one stops at its next pause.
    build_generation: StoredValue<u64>,
    /// Bumped to number progress bars.
    next_load_id: RwSignal<u64>,
}

/// A file to read: from the file picker or drop, or made in the browser.
pub enum Source {
    Picked(web_sys::File),
    Made(String, Vec<u8>),
}

impl AppState {
    /// Today's date, remembered prices and rules, no inputs.
    pub fn new() -> AppState {
        let mut settings = Settings::new(browser::today());
        if let Some(text) = browser::load_settings() {
            model::apply_saved_settings(&mut settings, &text);
        }
        if let Some(rules) = browser::load_rules().and_then(|csv| Rules::from_csv(&csv).ok()) {
            settings.rules = rules;
        }
        let state = AppState {
            inputs: RwSignal::new(Arc::new(Inputs::default())),
            settings: RwSignal::new(settings),
            report: RwSignal::new(None),
            loading: RwSignal::new(Vec::new()),
            refused: RwSignal::new(Vec::new()),
            building: RwSignal::new(None),
            build_generation: StoredValue::new(0),
            next_load_id: RwSignal::new(0),
        };
        // The report follows its inputs and settings, built in steps.
        Effect::new(move |_| {
            let (inputs, settings) = (state.inputs.get(), state.settings.get());
            let generation = state.build_generation.get_value() + 1;
            state.build_generation.set_value(generation);
            spawn_local(state.build(inputs, settings, generation));
        });
        state
    }

    /// Builds the report a slice of numbers at a time, yielding to the browser
    /// between slices; gives up as soon as a newer build has started.
    async fn build(self, inputs: Arc<Inputs>, settings: Settings, generation: u64) {
        let is_latest = move || self.build_generation.get_value() == generation;
        let Ok(mut builder) = ReportBuilder::new(inputs, settings) else {
            self.report.set(None);
            self.building.set(None);
            return;
        };
        self.building.set(Some((0, 0)));
        loop {
            browser::next_tick().await;
            if !is_latest() {
                return;
            }
            if let Some(report) = builder.step(model::NUMBERS_PER_BUILD_STEP) {
                self.report.set(Some(Arc::new(report)));
                self.building.set(None);
                return;
            }
            self.building.set(Some(builder.progress()));
        }
    }

    /// Changes the settings and remembers the prices, invoice figures and rules.
    pub fn change_settings(self, change: impl FnOnce(&mut Settings)) {
        self.settings.update(change);
        self.settings.with_untracked(|s| {
            browser::save_settings(&model::settings_to_text(s));
            browser::save_rules(&s.rules.to_csv());
        });
    }

    /// Reads `sources` one after another, each in steps, yielding to the
    /// browser between steps; a refused file leaves the others alone. The
    /// report is rebuilt once, when the whole batch is read.
    pub fn load(self, sources: Vec<Source>) {
        if sources.is_empty() {
            return;
        }
        self.refused.set(Vec::new());
        spawn_local(async move {
            let mut loaded = Vec::new();
            for source in sources {
                loaded.extend(self.load_one(source).await);
            }
            if !loaded.is_empty() {
                self.inputs.update(|inputs| {
                    let inputs = Arc::make_mut(inputs);
                    for input in loaded {
                        inputs.put(input);
                    }
                });
            }
        });
    }

    async fn load_one(self, source: Source) -> Option<LoadedInput> {
        let (name, bytes) = match source {
            Source::Made(name, bytes) => (name, Ok(bytes)),
            Source::Picked(file) => {
                let name = file.name();
                let id = self.start_progress(&name, file.size() as u64);
                let bytes = browser::read_file(&file).await;
                self.loading.update(|l| l.retain(|p| p.id != id));
                (name, bytes)
            }
        };
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(message) => {
                self.refuse(name, message);
                return None;
            }
        };
        let id = self.start_progress(&name, bytes.len() as u64);
        browser::next_tick().await;
        let result = async {
            let mut reader = InputReader::open(&name, bytes)?;
            while !reader.read_rows(ROWS_PER_STEP)? {
                let (done, total) = reader.progress();
                self.loading.update(|l| {
                    if let Some(p) = l.iter_mut().find(|p| p.id == id) {
                        (p.done, p.total) = (done, total);
                    }
                });
                browser::next_tick().await;
            }
            reader.finish()
        }
        .await;
        self.loading.update(|l| l.retain(|p| p.id != id));
        match result {
            Ok(loaded) => {
                self.refused.update(|r| r.retain(|r| r.name != name));
                Some(loaded)
            }
            Err(e) => {
                self.refuse(name, e.to_string());
                None
            }
        }
    }

    fn start_progress(self, name: &str, total: u64) -> u64 {
        let id = self.next_load_id.get_untracked() + 1;
        self.next_load_id.set(id);
        self.loading.update(|l| l.push(LoadProgress { id, name: name.to_string(), done: 0, total }));
        id
    }

    fn refuse(self, name: String, message: String) {
        self.refused.update(|r| r.push(Refusal { name, message }));
    }

    /// The demo: 500 numbers made in the browser, dated around today.
    pub fn load_sample(self) {
        let files = sample::generate(500, 1, browser::today());
        self.inputs.set(Arc::new(Inputs::default()));
        self.load(vec![
            Source::Made(SAMPLE_NUMBERS_FILE.into(), files.numbers),
            Source::Made(SAMPLE_STATS_FILE.into(), files.message_stats),
            Source::Made(SAMPLE_ASSIGNMENTS_FILE.into(), files.assignments),
        ]);
    }

    /// Forgets every input.
    pub fn clear(self) {
        self.inputs.set(Arc::new(Inputs::default()));
        self.refused.set(Vec::new());
    }
}

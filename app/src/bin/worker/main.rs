//! The page's worker (the `inventory-worker` program, started by
//! `app/worker.js`): reads the files and builds the report on its own
//! thread, so the page stays responsive however big the files are. It owns
//! an `Engine` and answers the page's messages (`protocol`); long work goes
//! in steps with a pause between them, so newer messages are heard and a
//! newer build supersedes an older one.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;

use gloo_file::futures::read_as_bytes;
use gloo_file::{Blob, FileReadError};
use inventory_app::engine::{unreadable, Engine, Unreadable, NUMBERS_PER_BUILD_STEP, ROWS_PER_STEP, SLICE_BYTES};
use inventory_app::files_view::FileProgress;
use inventory_app::js::{describe, envelope, open_envelope, today};
use inventory_app::protocol::{FileFigures, FromWorker, OutputFile, ToWorker};
use inventory_app::release_view::ReleaseSelection;
use inventory_core::{InputReader, Opened, Settings, HEAD_BYTES};
use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{BlobPropertyBag, DedicatedWorkerGlobalScope, File, MessageEvent};

/// Work that changes the inputs or settings, done one after another.
enum Job {
    Load(Vec<File>),
    Sample(chrono::NaiveDate),
    Clear,
    Settings(Settings),
}

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::new(Engine::new(today()));
    static JOBS: RefCell<VecDeque<Job>> = const { RefCell::new(VecDeque::new()) };
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    /// Bumped by every build and job: an older build stops at its next pause.
    static GENERATION: Cell<u64> = const { Cell::new(0) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(message: &FromWorker, blob: Option<&web_sys::Blob>) {
    let _ = scope().post_message(&envelope(&message.to_bytes(), blob.map(|b| b.as_ref())));
}

/// Lets the worker hear new messages: resolves on a `setTimeout(0)`.
async fn pause() {
    let promise = Promise::new(&mut |resolve, _| {
        let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = JsFuture::from(promise).await;
}

fn main() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        post(&FromWorker::Crashed(info.to_string()), None);
    }));
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(on_message);
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&FromWorker::Ready, None);
}

fn on_message(event: MessageEvent) {
    let (bytes, attachment) = open_envelope(&event.data());
    let message = match ToWorker::from_bytes(&bytes) {
        Ok(message) => message,
        Err(e) => return post(&FromWorker::Crashed(e), None),
    };
    let job = match message {
        ToWorker::Load => {
            let files = attachment.map(|f| Array::from(&f)).unwrap_or_default();
            Job::Load(files.iter().map(JsCast::unchecked_into).collect())
        }
        ToWorker::Sample { today: day } => Job::Sample(day),
        ToWorker::Clear => Job::Clear,
        ToWorker::Settings(settings) => Job::Settings(settings),
        ToWorker::Table { request, filter, page } => {
            let page = ENGINE.with_borrow_mut(|e| e.table(request, &filter, page));
            return post(&FromWorker::Table(page), None);
        }
        ToWorker::Download { file, release } => return download(file, &release),
        ToWorker::ReleaseSaving { release } => {
            let saving = ENGINE.with_borrow(|e| e.release_saving(&release));
            return post(&FromWorker::ReleaseSaving(saving), None);
        }
    };
    JOBS.with_borrow_mut(|jobs| jobs.push_back(job));
    if !RUNNING.get() {
        RUNNING.set(true);
        spawn_local(run_jobs());
    }
}

/// Runs queued jobs in order, then builds the report of the result.
async fn run_jobs() {
    while let Some(job) = JOBS.with_borrow_mut(VecDeque::pop_front) {
        GENERATION.set(GENERATION.get() + 1);
        match job {
            Job::Load(files) => load(files).await,
            Job::Sample(day) => {
                ENGINE.with_borrow_mut(Engine::start_batch);
                for (index, (name, bytes)) in ENGINE.with_borrow_mut(|e| e.sample_files(day)).into_iter().enumerate() {
                    let result = read_rows(index + 1, &name, bytes).await;
                    settle(&name, result);
                }
            }
            Job::Clear => {
                ENGINE.with_borrow_mut(Engine::clear);
                post(&FromWorker::Files(ENGINE.with_borrow(Engine::files)), None);
            }
            Job::Settings(settings) => ENGINE.with_borrow_mut(|e| e.set_settings(settings)),
        }
    }
    RUNNING.set(false);
    build().await;
}

fn progress(position: usize, name: &str, done: u64, total: u64) -> FileProgress {
    FileProgress {
        position,
        name: name.to_string(),
        done,
        total,
    }
}

/// Reads each file in slices, posting progress; a refused file leaves the others alone.
async fn load(files: Vec<File>) {
    ENGINE.with_borrow_mut(Engine::start_batch);
    for (index, file) in files.into_iter().enumerate() {
        let name = file.name();
        let result = read_file(index + 1, &name, Blob::from(file)).await;
        settle(&name, result);
    }
}

/// One slice of a file, or the page's own words for why it can't be read.
/// The browser starts reading at once (gloo-file's reader starts when it is
/// made), so a slice asked for before the last one is parsed arrives
/// meanwhile.
fn read_slice(name: &str, blob: &Blob, start: u64, end: u64) -> impl Future<Output = Result<Vec<u8>, String>> {
    let reading = read_as_bytes(&blob.slice(start, end));
    let (name, size) = (name.to_string(), blob.size());
    async move {
        reading.await.map_err(|e| {
            let why = match e {
                FileReadError::NotFound(_) => Unreadable::Gone,
                FileReadError::AbortedEarly => Unreadable::Stopped,
                FileReadError::NotReadable(_) | FileReadError::Security(_) => Unreadable::Refused,
            };
            unreadable(&name, size, start, why)
        })
    }
}

/// Reads a file a slice at a time: its first bytes say what it is (a wrong
/// file is refused there), then CSV and TSV are read row by row as the
/// slices arrive; a workbook or JSON document is gathered whole, then read.
async fn read_file(position: usize, name: &str, blob: Blob) -> Result<inventory_core::LoadedInput, String> {
    let size = blob.size();
    post(&FromWorker::Reading(vec![progress(position, name, 0, size)]), None);
    let head = read_slice(name, &blob, 0, size.min(HEAD_BYTES as u64)).await?;
    let mut at = head.len() as u64;
    let mut reader = match InputReader::begin(name, size, &head).map_err(|e| e.to_string())? {
        Opened::Reader(mut reader) => {
            // A second message log counts only the messages the first lacks.
            reader.count_once(ENGINE.with_borrow(Engine::log_sids), true);
            reader
        }
        Opened::Whole => {
            let mut bytes = head;
            while at < size {
                let slice = read_slice(name, &blob, at, (at + SLICE_BYTES).min(size)).await?;
                if slice.is_empty() {
                    break;
                }
                at += slice.len() as u64;
                bytes.extend_from_slice(&slice);
                post(&FromWorker::Reading(vec![progress(position, name, at / 2, size)]), None);
            }
            return read_rows(position, name, bytes).await;
        }
    };
    let next_slice = |at: u64| (at < size).then(|| read_slice(name, &blob, at, (at + SLICE_BYTES).min(size)));
    let mut reading = next_slice(at);
    while let Some(slice) = reading.take() {
        let slice = slice.await?;
        if slice.is_empty() {
            break;
        }
        at += slice.len() as u64;
        // The browser reads the next slice while this one is parsed.
        reading = next_slice(at);
        reader.push(&slice);
        while !reader.read_rows(ROWS_PER_STEP) && !reader.wants_input() {
            post_progress(position, name, &reader);
            pause().await;
        }
        post_progress(position, name, &reader);
    }
    Ok(reader.finish())
}

fn post_progress(position: usize, name: &str, reader: &InputReader) {
    let (done, total) = reader.progress();
    post(&FromWorker::Reading(vec![progress(position, name, done, total)]), None);
}

/// Keeps a file read in full, or its refusal, and tells the page.
fn settle(name: &str, result: Result<inventory_core::LoadedInput, String>) {
    let change = ENGINE.with_borrow_mut(|e| match result {
        Ok(loaded) => e.put(loaded),
        Err(message) => {
            e.refuse(name, message);
            None
        }
    });
    if let Some(change) = change {
        let figures = ENGINE.with_borrow(|e| FileFigures::of(e.settings()));
        post(&FromWorker::SettingsFromFile { figures, change }, None);
    }
    post(&FromWorker::Reading(Vec::new()), None);
    post(&FromWorker::Files(ENGINE.with_borrow(Engine::files)), None);
}

async fn read_rows(position: usize, name: &str, bytes: Vec<u8>) -> Result<inventory_core::LoadedInput, String> {
    let mut reader = InputReader::open(name, bytes).map_err(|e| e.to_string())?;
    reader.count_once(ENGINE.with_borrow(Engine::log_sids), true);
    while !reader.read_rows(ROWS_PER_STEP) {
        post_progress(position, name, &reader);
        pause().await;
    }
    Ok(reader.finish())
}

/// Builds the report of the current inputs and settings in steps; gives up
/// as soon as a newer build or job has started.
async fn build() {
    let generation = GENERATION.get() + 1;
    GENERATION.set(generation);
    if !ENGINE.with_borrow(Engine::is_stale) {
        // Nothing changed (a refused file, the same settings): the page
        // still waits for an answer.
        let view = ENGINE.with_borrow(Engine::view).map(Box::new);
        return post(
            &FromWorker::Report {
                report: view,
                memory: memory(),
            },
            None,
        );
    }
    let Some(mut builder) = ENGINE.with_borrow_mut(Engine::start_build) else {
        return post(
            &FromWorker::Report {
                report: None,
                memory: memory(),
            },
            None,
        );
    };
    post(&FromWorker::Building { done: 0, total: 0 }, None);
    loop {
        pause().await;
        if GENERATION.get() != generation {
            return;
        }
        if let Some(report) = builder.step(NUMBERS_PER_BUILD_STEP) {
            let view = ENGINE.with_borrow_mut(|e| e.finish_build(report, builder.groundwork()));
            return post(
                &FromWorker::Report {
                    report: Some(Box::new(view)),
                    memory: memory(),
                },
                None,
            );
        }
        let (done, total) = builder.progress();
        post(&FromWorker::Building { done, total }, None);
    }
}

fn download(file: OutputFile, release: &ReleaseSelection) {
    let made = ENGINE.with_borrow(|e| e.output(file, release)).and_then(|bytes| {
        let parts = Array::of1(&Uint8Array::from(bytes.as_slice()));
        let options = BlobPropertyBag::new();
        options.set_type(file.mime_type());
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|e| describe(&e))
    });
    match made {
        Ok(blob) => post(&FromWorker::Download { file }, Some(&blob)),
        Err(reason) => post(&FromWorker::DownloadFailed { file, reason }, None),
    }
}

/// The worker's wasm memory in bytes.
fn memory() -> u64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| m.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as u64)
        .unwrap_or(0)
}

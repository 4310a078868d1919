//! The drop zone, the file button, the sample-data button, progress bars,
//! one chip per loaded file (price tables and invoice figures included),
//! refused files and what is still missing.

use leptos::prelude::*;
use web_sys::{DragEvent, FileList, HtmlInputElement};

use inventory_core::thousands;
use web_sys::File;

use crate::state::AppState;

/// What the file dialog offers: every shape an input is read from, and .xls,
/// which is refused with how to save it as .xlsx rather than hidden.
const ACCEPTED: &str = ".csv,.tsv,.txt,.json,.xlsx,.xlsm,.xls,.ods,text/csv,text/tab-separated-values,application/json";

fn sources(files: &FileList) -> Vec<File> {
    (0..files.length()).filter_map(|i| files.item(i)).collect()
}

#[component]
pub fn FilesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(files) = ev.data_transfer().and_then(|t| t.files()) {
            state.load(sources(&files));
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(files) = input.files() {
            state.load(sources(&files));
        }
        // Choosing the same file again must load it again.
        input.set_value("");
    };
    view! {
        <section class="panel" aria-labelledby="files-title">
            <h2 id="files-title">"Files"</h2>
            <div
                id="drop-zone"
                class="drop-zone"
                class:dragging=move || dragging.get()
                on:dragover=move |ev: DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <p class="drop-title">"Drop the files here, in any order"</p>
                <div class="drop-actions">
                    <label for="file-input">"…or choose them: "</label>
                    <input id="file-input" type="file" multiple=true accept=ACCEPTED on:change=on_change />
                    <span class="or">"or"</span>
                    <button id="sample-data" type="button" on:click=move |_| state.load_sample()>
                        "Try it with sample data"
                    </button>
                </div>
                <p class="hint">
                    "CSV or TSV, JSON (twilio-cli or API pages), or Excel and OpenDocument workbooks. "
                    "The numbers export, message stats and assignments make the report; a price table or "
                    "invoice figures fill in the settings. Each file is recognised by its columns. "
                    "Nothing is uploaded: they are read in this tab."
                </p>
            </div>
            <Progress />
            <Refused />
            <Chips />
            <Missing />
        </section>
    }
}

#[component]
fn Progress() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <ul class="progress-list" aria-live="polite">
            <For each=move || state.work.with(|w| w.files_reading().to_vec()) key=|p| (p.name.clone(), p.done) let:p>
                <li>
                    <label for=format!("progress-{}", p.position)>"Reading " {p.name.clone()}</label>
                    <progress id=format!("progress-{}", p.position) max="100" value=p.percent()>
                        {format!("{}%", p.percent())}
                    </progress>
                </li>
            </For>
        </ul>
    }
}

#[component]
fn Refused() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <ul class="refused" role="alert">
            {move || {
                state
                    .files
                    .with(|f| f.refused.clone())
                    .into_iter()
                    .map(|r| view! { <li class="refusal"><strong>"Refused: " {r.name}</strong> " " {r.message}</li> })
                    .collect_view()
            }}
        </ul>
    }
}

#[component]
fn Chips() -> impl IntoView {
    let state = expect_context::<AppState>();
    let chips = move || state.files.with(|f| f.chips.clone());
    let settings_files = move || state.files.with(|f| f.settings_files.clone());
    let any = move || {
        state
            .files
            .with(|f| !f.chips.is_empty() || !f.settings_files.is_empty())
    };
    view! {
        <Show when=any>
            <ul id="file-chips" class="chips">
                {move || {
                    chips()
                        .into_iter()
                        .map(|c| {
                            view! {
                                <li class="chip" data-kind=c.kind.label()>
                                    <span class="chip-kind">{c.kind.label()}</span>
                                    <span class="chip-name">{c.name}</span>
                                    <span class="chip-rows">{thousands(c.rows)} " rows"</span>
                                    {c.encoding.map(|e| view! { <span class="chip-encoding">"read as " {e}</span> })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
                {move || {
                    settings_files()
                        .into_iter()
                        .map(|c| {
                            view! {
                                <li class="chip settings-chip" data-kind=c.kind.label()>
                                    <span class="chip-kind">{c.kind.label()}</span>
                                    <span class="chip-name">{c.file}</span>
                                    <span class="chip-rows">{c.summary}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <button id="clear-files" type="button" class="secondary" on:click=move |_| state.clear()>
                "Remove all files"
            </button>
        </Show>
    }
}

#[component]
fn Missing() -> impl IntoView {
    let state = expect_context::<AppState>();
    let missing = move || state.files.with(|f| f.missing.clone());
    let notes = move || {
        state
            .report
            .with(|r| r.as_ref().map(|r| r.notes.clone()).unwrap_or_default())
    };
    view! {
        <ul class="missing">
            {move || missing().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
            {move || notes().into_iter().map(|n| view! { <li class="note">{n}</li> }).collect_view()}
        </ul>
    }
}

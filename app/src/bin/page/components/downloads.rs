//! The downloads, each made by the worker from core: the three CSVs, the
//! workbook, the changes (only when last month's inventory was given) and
//! the release plan with its twilio-cli script (the rows ticked now).

use inventory_app::protocol::OutputFile;
use inventory_app::work::Work;
use leptos::prelude::*;

use crate::state::AppState;

#[component]
pub fn Downloads() -> impl IntoView {
    let state = expect_context::<AppState>();
    // While a newer report is being built, the one shown is out of date: no downloads of it.
    let stale = move || state.work.with(Work::report_pending);
    let button = move |id: &'static str, file: OutputFile, label: &'static str| {
        view! {
            <button id=id type="button" disabled=stale on:click=move |_| state.download(file)>
                {label}
            </button>
        }
    };
    let has_changes = move || state.report.with(|r| r.as_ref().is_some_and(|r| r.changes.is_some()));
    let planned = move || {
        state
            .release_saving
            .get()
            .map(|s| format!(" ({} numbers)", inventory_core::thousands(s.numbers)))
    };
    view! {
        <div class="downloads">
            {button("download-inventory", OutputFile::Inventory, "Download the inventory")}
            {button("download-assessment", OutputFile::Assessment, "Download the usage assessment")}
            {button("download-summary", OutputFile::Summary, "Download the summary")}
            {button("download-workbook", OutputFile::Workbook, "Download the Excel workbook")}
            {move || has_changes().then(|| button("download-changes", OutputFile::Changes, "Download the changes"))}
        </div>
        <div class="downloads">
            <button id="download-release-plan" type="button" disabled=stale
                on:click=move |_| state.download(OutputFile::ReleasePlan)>
                "Download the release plan" {planned}
            </button>
            {button("download-release-script", OutputFile::ReleaseScript, "Download it as a twilio-cli script")}
            {move || state.download_problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </div>
    }
}

//! The web page (the `inventory-app` program): drop the Twilio and database
//! files (CSV, JSON or workbooks), get the phone-number inventory report, its checks, findings and
//! downloads. Everything runs in the tab.
//!
//! The files are read and the report built in a worker (`src/bin/worker/`),
//! so the page never stalls. `browser` wraps the few web APIs, `worker_link`
//! talks to the worker, `state` holds the signals and actions, and
//! `components` draw them; the plain Rust is in the library (`src/lib.rs`).

mod browser;
mod components;
mod state;
mod worker_link;

use leptos::prelude::*;

use crate::components::{
    changes::ChangesPanel,
    charts::ChartsPanel,
    files::FilesPanel,
    findings::FindingsPanel,
    locations::LocationsPanel,
    rules::RulesEditor,
    settings::SettingsPanel,
    summary::{BuildStatus, SummaryPanel},
    table::TablePanel,
};
use crate::state::AppState;

fn main() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        browser::show_panic(&info.to_string());
    }));
    browser::reset_if_asked();
    mount_to_body(App);
    browser::remove_boot_message();
}

#[component]
fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    let has_report = move || state.report.with(Option::is_some);
    view! {
        <header class="top">
            <h1>"Twilio phone number inventory"</h1>
            <p class="lede">
                "Drop the numbers export, the message stats and the assignments to get the inventory, "
                "the usage assessment and the summary. Nothing leaves this browser tab."
            </p>
        </header>
        <main>
            <FilesPanel />
            <SettingsPanel />
            <RulesEditor />
            <BuildStatus />
            <Show when=has_report>
                <SummaryPanel />
                <ChangesPanel />
                <ChartsPanel />
                <LocationsPanel />
                <FindingsPanel />
                <TablePanel />
            </Show>
        </main>
    }
}

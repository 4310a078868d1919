//! The as-of date, the invoice figures (typed, or from a dropped invoice
//! file, and the panel says which) and the price table: applied at once and
//! remembered in the browser.

use inventory_core::{format_mdy, Settings};
use leptos::prelude::*;

use crate::browser;
use crate::components::prices::PriceEditor;
use crate::state::AppState;
use inventory_app::model::{self, FieldText};
use inventory_app::origins;

/// Applies a field's text to the settings, or says why it can't.
type Apply = fn(&mut Settings, &str) -> Result<(), String>;
/// The setting a field edits, in words (empty when unset).
type Read = fn(&Settings) -> String;

#[component]
pub fn SettingsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let initial = state.settings.get_untracked();
    let date_problem = RwSignal::new(None::<String>);
    let on_date = move |ev: leptos::ev::Event| match model::parse_iso_date(&event_target_value(&ev)) {
        Some(day) => {
            date_problem.set(None);
            state.change_settings(|s| s.as_of = day);
        }
        None => date_problem.set(Some("enter a date".into())),
    };
    let on_previous_date = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        // An emptied date field means "not known": the report falls back to the file's own date.
        let day = model::parse_iso_date(&text);
        if day.is_some() || text.trim().is_empty() {
            state.change_settings(|s| s.previous_as_of = day);
        }
    };
    let today = browser::today();
    let invoice_note = move || {
        let note = state
            .settings
            .with(|s| state.origins.with(|o| origins::invoice_note(&o.invoice, s)));
        note.map(|n| view! { <p id="invoice-origin" class="origin">{n}</p> })
    };
    // A dropped price table redraws the editor with its rows; edits don't.
    let price_files = Memo::new(move |_| state.origins.with(|o| o.prices.files_taken));
    view! {
        <section class="panel" aria-labelledby="settings-title">
            <h2 id="settings-title">"Settings"</h2>
            <div class="fields">
                <div class="field">
                    <label for="as-of">"As-of date"</label>
                    <div class="inline">
                        <input id="as-of" type="date" value=model::iso_date(initial.as_of)
                            prop:value=move || model::iso_date(state.settings.with(|s| s.as_of))
                            on:input=on_date on:change=on_date />
                        <button id="as-of-today" type="button"
                            disabled=move || state.settings.with(|s| s.as_of == today)
                            on:click=move |_| state.change_settings(|s| s.as_of = today)>"Use today"</button>
                    </div>
                    <small>
                        "Ages are counted to this day. Today is " {format_mdy(today)} "."
                        {move || state.settings.with(|s| s.as_of != today)
                            .then_some(" The date set is remembered: the report is not as of today.")}
                    </small>
                    {move || date_problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
                </div>
                <div class="field">
                    <label for="previous-as-of">"Previous inventory's date"</label>
                    <div class="inline">
                        <input id="previous-as-of" type="date"
                            value=initial.previous_as_of.map(model::iso_date).unwrap_or_default()
                            prop:value=move || state.settings.with(|s| s.previous_as_of.map(model::iso_date).unwrap_or_default())
                            on:input=on_previous_date on:change=on_previous_date />
                        <button id="previous-as-of-clear" type="button" class="secondary"
                            disabled=move || state.settings.with(|s| s.previous_as_of.is_none())
                            on:click=move |_| state.change_settings(|s| s.previous_as_of = None)>"Clear"</button>
                    </div>
                    <small>
                        "When last month's inventory is among the files: the date it was made, for \"changes since\". "
                        "Left empty, its latest LastActivity is used."
                    </small>
                </div>
                <div class="invoice-fields">
                    <div class="fields">
                        <InvoiceField
                            id="invoice-count"
                            label="Invoice: phone-number count"
                            hint="For check 1; leave empty to skip."
                            read=|s| s.invoice_count.map(|c| c.to_string()).unwrap_or_default()
                            apply=|s, t| {
                                s.invoice_count = model::parse_count(t)?;
                                Ok(())
                            }
                        />
                        <InvoiceField
                            id="invoice-amount"
                            label="Invoice: phone-number charges"
                            hint="For check 3; leave empty to skip."
                            read=|s| s.invoice_amount.map(|c| c.to_string()).unwrap_or_default()
                            apply=|s, t| {
                                s.invoice_amount = model::parse_amount(t)?;
                                Ok(())
                            }
                        />
                    </div>
                    {invoice_note}
                </div>
            </div>
            // Keyed by the files taken, so a new table builds a new editor (a re-run closure would patch the old one).
            <For each=move || [price_files.get()] key=|taken| *taken let:_taken>
                <PriceEditor />
            </For>
        </section>
    }
}

/// An invoice figure: what the user types, or what a dropped invoice file set.
#[component]
fn InvoiceField(id: &'static str, label: &'static str, hint: &'static str, read: Read, apply: Apply) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Every edit, counted, and its text: the field shows it while it types the setting.
    let typed = RwSignal::new((0_u64, state.settings.with_untracked(read)));
    let reads_as = move |text: &str| {
        let mut scratch = state.settings.get_untracked();
        apply(&mut scratch, text).ok().map(|()| read(&scratch))
    };
    let shown = Memo::new(move |previous: Option<&FieldText>| {
        let value = state.settings.with(read);
        typed.with(|(edits, text)| model::field_text(previous, *edits, text, value, reads_as))
    });
    let problem = move || {
        let mut scratch = state.settings.get_untracked();
        shown.with(|f| apply(&mut scratch, &f.text).err())
    };
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        typed.update(|(edits, typed)| {
            *edits += 1;
            typed.clone_from(&text);
        });
        let mut next = state.settings.get_untracked();
        if apply(&mut next, &text).is_ok() && state.settings.with_untracked(|s| *s != next) {
            state.origins.update(|o| o.invoice.edit());
            state.change_settings(|s| *s = next);
        }
    };
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                type="text"
                inputmode="decimal"
                autocomplete="off"
                prop:value=move || shown.with(|f| f.text.clone())
                aria-describedby=hint_id.clone()
                aria-invalid=move || problem().is_some().to_string()
                on:input=on_input
            />
            <small id=hint_id>{hint}</small>
            {move || problem().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </div>
    }
}

//! The as-of date, prices and invoice figures: applied at once and
//! remembered in the browser.

use inventory_core::{format_mdy, Cents, NumberType, Settings};
use leptos::prelude::*;

use crate::browser;
use crate::state::AppState;
use inventory_app::model;

/// Applies a field's text to the settings, or says why it can't.
type Apply = fn(&mut Settings, &str) -> Result<(), String>;

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
    let today = browser::today();
    let cents = |c: Option<Cents>| c.map(|c| c.to_string()).unwrap_or_default();
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
                <Field
                    id="local-price"
                    label="Local number, per month"
                    hint="Dollars and cents, e.g. 1.15."
                    initial=model::us_price(&initial, NumberType::Local).to_string()
                    apply=|s, t| {
                        s.prices.set_north_american(Some(Cents::parse(t)?), None);
                        Ok(())
                    }
                />
                <Field
                    id="toll-free-price"
                    label="Toll-free number, per month"
                    hint="Area codes 800, 833, 844, 855, 866, 877, 888."
                    initial=model::us_price(&initial, NumberType::TollFree).to_string()
                    apply=|s, t| {
                        s.prices.set_north_american(None, Some(Cents::parse(t)?));
                        Ok(())
                    }
                />
                <Field
                    id="invoice-count"
                    label="Invoice: phone-number count"
                    hint="For check 1; leave empty to skip."
                    initial=initial.invoice_count.map(|c| c.to_string()).unwrap_or_default()
                    apply=|s, t| {
                        s.invoice_count = model::parse_count(t)?;
                        Ok(())
                    }
                />
                <Field
                    id="invoice-amount"
                    label="Invoice: phone-number charges"
                    hint="For check 3; leave empty to skip."
                    initial=cents(initial.invoice_amount)
                    apply=|s, t| {
                        s.invoice_amount = model::parse_amount(t)?;
                        Ok(())
                    }
                />
            </div>
        </section>
    }
}

#[component]
fn Field(id: &'static str, label: &'static str, hint: &'static str, initial: String, apply: Apply) -> impl IntoView {
    let state = expect_context::<AppState>();
    let problem = RwSignal::new(None::<String>);
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let mut next = state.settings.get_untracked();
        match apply(&mut next, &text) {
            Ok(()) => {
                problem.set(None);
                if state.settings.with_untracked(|s| *s != next) {
                    state.change_settings(|s| *s = next);
                }
            }
            Err(e) => problem.set(Some(e)),
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
                value=initial
                aria-describedby=hint_id.clone()
                aria-invalid=move || problem.with(Option::is_some).to_string()
                on:input=on_input
            />
            <small id=hint_id>{hint}</small>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </div>
    }
}

//! The price table editor: one row per country and number type with its
//! monthly price. Rows can be added and removed and the SOP's prices
//! restored; each field says what is wrong with it, and a table whose rows
//! all read applies at once. A dropped price table adds its rows (the
//! settings panel then draws the editor again).

use inventory_core::{NumberType, PriceTable};
use leptos::prelude::*;

use crate::state::AppState;
use inventory_app::origins;
use inventory_app::price_drafts::{self, PriceDraft, PriceProblems};

#[derive(Clone, Copy)]
struct Editor {
    drafts: RwSignal<Vec<PriceDraft>>,
    next_id: StoredValue<u64>,
    state: AppState,
}

impl Editor {
    /// Changes the rows, then applies them when every row reads.
    fn change(self, f: impl FnOnce(&mut Vec<PriceDraft>)) {
        self.drafts.update(f);
        if let Ok(prices) = self.drafts.with_untracked(|d| price_drafts::prices_of(d)) {
            if self.state.settings.with_untracked(|s| s.prices != prices) {
                if !self.state.origins.with_untracked(|o| o.prices.edited) {
                    self.state.origins.update(|o| o.prices.edit());
                }
                self.state.change_settings(|s| s.prices = prices);
            }
        }
    }

    fn edit(self, id: u64, f: impl FnOnce(&mut PriceDraft)) {
        self.change(|d| {
            if let Some(row) = d.iter_mut().find(|r| r.id == id) {
                f(row);
            }
        });
    }

    fn new_id(self) -> u64 {
        let id = self.next_id.get_value() + 1;
        self.next_id.set_value(id);
        id
    }

    fn add(self) {
        let id = self.new_id();
        self.change(|d| {
            let row = price_drafts::new_price_draft(d, id);
            d.push(row);
        });
    }

    fn reset(self) {
        let mut next = self.next_id.get_value();
        let drafts = price_drafts::price_drafts_of(&PriceTable::sop_defaults(), &mut next);
        self.next_id.set_value(next);
        self.change(|d| *d = drafts);
        self.state.origins.update(|o| o.prices.reset());
    }

    /// What is wrong with row `id`, field by field.
    fn problems(self, id: u64) -> PriceProblems {
        self.drafts.with(|d| match d.iter().position(|r| r.id == id) {
            Some(index) => price_drafts::check_price_draft(d, index),
            None => PriceProblems::default(),
        })
    }
}

#[component]
pub fn PriceEditor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let mut next = 0;
    let drafts = state
        .settings
        .with_untracked(|s| price_drafts::price_drafts_of(&s.prices, &mut next));
    let editor = Editor {
        drafts: RwSignal::new(drafts),
        next_id: StoredValue::new(next),
        state,
    };
    let note = move || {
        state
            .settings
            .with(|s| state.origins.with(|o| origins::prices_note(&o.prices, &s.prices)))
    };
    let not_applied = move || {
        editor
            .drafts
            .with(|d| price_drafts::prices_of(d).err())
            .map(|e| view! { <p class="error" role="alert">"Not applied: " {e} "."</p> })
    };
    view! {
        <div class="prices-editor" role="group" aria-labelledby="prices-title">
            <h3 id="prices-title">"Monthly prices"</h3>
            <p id="prices-origin" class="origin">{note}</p>
            <table id="prices" class="prices">
                <thead>
                    <tr>
                        <th scope="col">"Country"</th>
                        <th scope="col">"Number type"</th>
                        <th scope="col">"Per month"</th>
                        <th scope="col"><span class="sr-only">"Remove"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || editor.drafts.get() key=|d| d.id let:draft>
                        <PriceRow editor=editor draft=draft />
                    </For>
                </tbody>
            </table>
            {not_applied}
            <small>
                "A number whose country and type have no price costs the US local or toll-free price, "
                "and is listed under \u{201c}Costs estimated for want of a price\u{201d}."
            </small>
            <div class="buttons">
                <button id="price-add" type="button" on:click=move |_| editor.add()>"Add a price"</button>
                <button id="prices-reset" type="button" class="secondary" on:click=move |_| editor.reset()>
                    "Reset to the SOP\u{2019}s prices"
                </button>
            </div>
        </div>
    }
}

/// An error under a field, or nothing.
fn problem_view(problem: Option<String>) -> Option<impl IntoView> {
    problem.map(|p| view! { <span class="error">{p}</span> })
}

#[component]
fn PriceRow(editor: Editor, draft: PriceDraft) -> impl IntoView {
    let id = draft.id;
    let problems = Memo::new(move |_| editor.problems(id));
    let country = move || {
        editor
            .drafts
            .with(|d| d.iter().find(|r| r.id == id).map(|r| r.country.clone()))
            .unwrap_or_default()
    };
    let types = NumberType::ALL
        .iter()
        .map(|t| view! { <option value=t.label() selected=*t == draft.number_type>{t.label()}</option> })
        .collect_view();
    let invalid = |f: fn(&PriceProblems) -> bool| move || problems.with(f).to_string();
    view! {
        <tr class="price-row">
            <td>
                <input
                    type="text"
                    class="price-country"
                    maxlength="2"
                    size="3"
                    autocomplete="off"
                    aria-label="Country code"
                    placeholder="GB"
                    value=draft.country.clone()
                    aria-invalid=invalid(|p| p.country.is_some())
                    on:input=move |ev| editor.edit(id, |r| r.country = event_target_value(&ev))
                />
                <span class="country-name">{move || price_drafts::country_name(&country())}</span>
                {move || problem_view(problems.with(|p| p.country.clone()))}
            </td>
            <td>
                <select
                    class="price-type"
                    aria-label="Number type"
                    on:change=move |ev| {
                        let chosen = NumberType::parse(&event_target_value(&ev));
                        editor.edit(id, |r| r.number_type = chosen.unwrap_or(r.number_type));
                    }
                >
                    {types}
                </select>
                {move || problem_view(problems.with(|p| p.number_type.clone()))}
            </td>
            <td>
                <input
                    type="text"
                    class="price-monthly"
                    inputmode="decimal"
                    autocomplete="off"
                    size="8"
                    aria-label="Monthly price"
                    placeholder="1.15"
                    value=draft.monthly.clone()
                    aria-invalid=invalid(|p| p.monthly.is_some())
                    on:input=move |ev| editor.edit(id, |r| r.monthly = event_target_value(&ev))
                />
                {move || problem_view(problems.with(|p| p.monthly.clone()))}
            </td>
            <td>
                <button
                    type="button"
                    class="price-remove"
                    title="Remove"
                    aria-label="Remove this price"
                    on:click=move |_| editor.change(|d| d.retain(|r| r.id != id))
                >
                    "✕"
                </button>
            </td>
        </tr>
    }
}

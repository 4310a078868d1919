//! The category rules editor: an ordered list, first match wins. Each row
//! edits its category, its match and its text; rows can be added, removed
//! and moved, and the SOP's defaults restored. Valid rules apply at once.

use inventory_core::Rules;
use leptos::prelude::*;

use crate::state::AppState;
use inventory_app::model::{self, RuleDraft, MATCH_KEYWORDS};

#[derive(Clone, Copy)]
struct Editor {
    drafts: RwSignal<Vec<RuleDraft>>,
    next_id: StoredValue<u64>,
    problem: RwSignal<Option<String>>,
    state: AppState,
}

impl Editor {
    /// Changes the rows, then applies them when they make valid rules.
    fn change(self, f: impl FnOnce(&mut Vec<RuleDraft>)) {
        self.drafts.update(f);
        match self.drafts.with_untracked(|d| model::rules_of(d)) {
            Ok(rules) => {
                self.problem.set(None);
                if self.state.settings.with_untracked(|s| s.rules != rules) {
                    self.state.change_settings(|s| s.rules = rules);
                }
            }
            Err(e) => self.problem.set(Some(format!("Not applied: {e}."))),
        }
    }

    fn edit(self, id: u64, f: impl FnOnce(&mut RuleDraft)) {
        self.change(|d| {
            if let Some(row) = d.iter_mut().find(|r| r.id == id) {
                f(row);
            }
        });
    }

    fn index(self, id: u64) -> Option<usize> {
        self.drafts.with(|d| d.iter().position(|r| r.id == id))
    }

    fn reset(self) {
        let mut next = self.next_id.get_value();
        let drafts = model::drafts_of(&Rules::sop_defaults(), &mut next);
        self.next_id.set_value(next);
        self.change(|d| *d = drafts);
    }

    fn add(self) {
        let id = self.next_id.get_value() + 1;
        self.next_id.set_value(id);
        self.change(|d| {
            // New rules go before a catch-all at the end, where they can match.
            let at = if d.last().is_some_and(|r| r.keyword == "everything") {
                d.len() - 1
            } else {
                d.len()
            };
            d.insert(
                at,
                RuleDraft {
                    id,
                    category: String::new(),
                    keyword: "contains".into(),
                    text: String::new(),
                },
            );
        });
    }
}

#[component]
pub fn RulesEditor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let mut next = 0;
    let drafts = state.settings.with_untracked(|s| model::drafts_of(&s.rules, &mut next));
    let editor = Editor {
        drafts: RwSignal::new(drafts),
        next_id: StoredValue::new(next),
        problem: RwSignal::new(None),
        state,
    };
    view! {
        <details class="panel rules-panel">
            <summary>"Category rules (first match wins)"</summary>
            <p class="hint">
                "Each number gets the category of the first rule its FriendlyName matches. Text matches ignore case; "
                "\"user or person name\" matches a user of the assignments file or a name like Jane Doe."
            </p>
            <ol id="rules" class="rules">
                <For each=move || editor.drafts.get() key=|d| d.id let:draft>
                    <RuleRow editor=editor draft=draft />
                </For>
            </ol>
            {move || editor.problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            <div class="buttons">
                <button id="rule-add" type="button" on:click=move |_| editor.add()>"Add a rule"</button>
                <button id="rules-reset" type="button" class="secondary" on:click=move |_| editor.reset()>
                    "Reset to the SOP defaults"
                </button>
            </div>
        </details>
    }
}

#[component]
fn RuleRow(editor: Editor, draft: RuleDraft) -> impl IntoView {
    let id = draft.id;
    let position = move || editor.index(id).map_or(0, |i| i + 1);
    let count = move || editor.drafts.with(Vec::len);
    let keyword = move || {
        editor
            .drafts
            .with(|d| d.iter().find(|r| r.id == id).map(|r| r.keyword.clone()))
    };
    let shift = move |by: isize| {
        if let Some(i) = editor.index(id) {
            editor.change(|d| model::move_draft(d, i, by));
        }
    };
    let options = MATCH_KEYWORDS
        .iter()
        .map(|k| view! { <option value=*k selected=*k == draft.keyword>{*k}</option> })
        .collect_view();
    view! {
        <li class="rule">
            <label>
                <span class="sr-only">"Rule " {position} " category"</span>
                <input
                    type="text"
                    class="rule-category"
                    placeholder="Category"
                    value=draft.category.clone()
                    on:input=move |ev| editor.edit(id, |r| r.category = event_target_value(&ev))
                />
            </label>
            <label>
                <span class="sr-only">"Rule " {position} " match"</span>
                <select class="rule-match" on:change=move |ev| editor.edit(id, |r| r.keyword = event_target_value(&ev))>
                    {options}
                </select>
            </label>
            <label>
                <span class="sr-only">"Rule " {position} " text"</span>
                <input
                    type="text"
                    class="rule-text"
                    placeholder="text"
                    value=draft.text.clone()
                    disabled=move || !keyword().is_some_and(|k| model::needs_text(&k))
                    on:input=move |ev| editor.edit(id, |r| r.text = event_target_value(&ev))
                />
            </label>
            <span class="rule-buttons">
                <button type="button" title="Move up" aria-label=move || format!("Move rule {} up", position())
                    disabled=move || { position() <= 1 } on:click=move |_| shift(-1)>"↑"</button>
                <button type="button" title="Move down" aria-label=move || format!("Move rule {} down", position())
                    disabled=move || { position() >= count() } on:click=move |_| shift(1)>"↓"</button>
                <button type="button" title="Remove" aria-label=move || format!("Remove rule {}", position())
                    on:click=move |_| editor.change(|d| d.retain(|r| r.id != id))>"✕"</button>
            </span>
        </li>
    }
}

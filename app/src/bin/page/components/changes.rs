//! Changes since last month's inventory, when it was given: numbers added
//! and gone, numbers changed, and the monthly cost then and now with the
//! difference split into added, gone and re-priced.

use inventory_app::model::{money, signed_money};
use inventory_app::report_view::ChangesView;
use inventory_core::thousands;
use leptos::prelude::*;

use crate::components::summary::card;
use crate::state::AppState;

#[component]
pub fn ChangesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let changes = move || state.report.with(|r| r.as_ref().and_then(|r| r.changes.clone()));
    move || changes().map(|c| panel(&c))
}

fn panel(c: &ChangesView) -> impl IntoView + use<> {
    let added_cost = c.added.monthly_cost.0 as i64;
    let gone_cost = -(c.gone.monthly_cost.0 as i64);
    view! {
        <section class="panel" id="changes" aria-labelledby="changes-title">
            <h2 id="changes-title">
                "Changes since " <span id="changes-since">{c.since.clone()}</span>
            </h2>
            <div class="cards">
                {card("card-added", "Added", thousands(c.added.numbers),
                    format!("{} a month; in the account now, not before", signed_money(added_cost)))}
                {card("card-gone", "Gone", thousands(c.gone.numbers),
                    format!("{} a month; before, not now", signed_money(gone_cost)))}
                {card("card-changed", "Changed", thousands(c.changed),
                    "category, user, status or price".to_string())}
                {card("card-cost-change", "Monthly cost",
                    format!("{} → {}", money(c.cost_before), money(c.cost_now)),
                    format!(
                        "{}: {} added, {} gone, {} re-priced",
                        signed_money(c.difference()),
                        signed_money(added_cost),
                        signed_money(gone_cost),
                        signed_money(c.repriced),
                    ))}
            </div>
            <p id="changes-text" class="changes-text">{c.text.clone()}</p>
            <small>"Each changed number, with what it was and is, is in the changes download above."</small>
        </section>
    }
}

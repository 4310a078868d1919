//! Where the numbers are: every location (a North American number's state
//! or province, any other number's country) with its numbers and monthly
//! cost, a bar chart of the top 15, and counts by area code.

use inventory_app::locations_view::AreaCodeFilter;
use inventory_app::model::money;
use inventory_core::{thousands, AreaCodeTally};
use leptos::prelude::*;

use crate::state::AppState;

#[component]
pub fn LocationsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let codes = Memo::new(move |_| {
        state
            .report
            .with(|r| r.as_ref().map(|r| r.area_codes.clone()).unwrap_or_default())
    });
    let html = move || {
        state
            .report
            .with(|r| r.as_ref().map(|r| r.locations_html.clone()).unwrap_or_default())
    };
    let typed = RwSignal::new(String::new());
    let filtered = move || codes.with(|c| typed.with(|t| AreaCodeFilter::of(c, t)));
    view! {
        <section class="panel" id="locations" aria-labelledby="locations-title">
            <h2 id="locations-title">"Where the numbers are"</h2>
            // The table and the chart come from the worker as HTML.
            <div class="chart-row" inner_html=html></div>
            <h3>"By area code"</h3>
            <div class="field">
                <label for="area-code">"Area code"</label>
                <input id="area-code" type="search" inputmode="tel" placeholder="512 or +1512" autocomplete="off"
                    on:input=move |ev| typed.set(event_target_value(&ev)) />
                <small>"North American numbers: type an area code, or its first digits."</small>
            </div>
            {move || area_codes(filtered())}
        </section>
    }
}

fn area_codes(filter: AreaCodeFilter) -> impl IntoView {
    match filter {
        AreaCodeFilter::Empty => ().into_any(),
        AreaCodeFilter::Unreadable(problem) => view! { <p class="error" role="alert">{problem}</p> }.into_any(),
        AreaCodeFilter::Matches { rows, .. } if rows.is_empty() => {
            view! { <p id="area-code-none">"No numbers with that area code."</p> }.into_any()
        }
        AreaCodeFilter::Matches { rows, total } => {
            let body = rows.iter().map(area_code_row).collect_view();
            view! {
                <div class="table-wrap">
                    <table id="area-codes-table" class="matrix">
                        <thead>
                            <tr>
                                <th scope="col">"Area code"</th><th scope="col">"Location"</th>
                                <th scope="col" class="num">"Numbers"</th>
                                <th scope="col" class="num">"Monthly cost"</th>
                            </tr>
                        </thead>
                        <tbody>{body}</tbody>
                        <tfoot>
                            <tr>
                                <th scope="row" colspan="2">"All shown"</th>
                                <td class="num">{thousands(total.numbers)}</td>
                                <td class="num">{money(total.monthly_cost)}</td>
                            </tr>
                        </tfoot>
                    </table>
                </div>
            }
            .into_any()
        }
    }
}

fn area_code_row(a: &AreaCodeTally) -> impl IntoView + use<> {
    view! {
        <tr>
            <th scope="row">{format!("+1 {}", a.area_code)}</th>
            <td>{a.location.clone()}</td>
            <td class="num">{thousands(a.tally.numbers)}</td>
            <td class="num">{money(a.tally.monthly_cost)}</td>
        </tr>
    }
}

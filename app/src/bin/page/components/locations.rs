//! Where the numbers are: every location (a North American number's state
//! or province, any other number's country) with its numbers and monthly
//! cost, a bar chart of the top 15, and counts by area code.

use inventory_app::locations_view::{chart_bars, AreaCodeFilter, CHART_TOP};
use inventory_app::model::money;
use inventory_core::{thousands, AreaCodeTally, Locations, Tally};
use leptos::prelude::*;

use crate::state::AppState;

// Whole units of the SVG's viewBox, as in `charts`.
const WIDTH: u64 = 640;
const LABEL: u64 = 190;
const BAR: u64 = 18;
const GAP: u64 = 6;
const BASELINE: u64 = 13;

#[component]
pub fn LocationsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let locations = Memo::new(move |_| {
        state
            .report
            .with(|r| r.as_ref().map(|r| r.locations.clone()).unwrap_or_default())
    });
    let typed = RwSignal::new(String::new());
    let filtered = move || locations.with(|l| typed.with(|t| AreaCodeFilter::of(l, t)));
    view! {
        <section class="panel" id="locations" aria-labelledby="locations-title">
            <h2 id="locations-title">"Where the numbers are"</h2>
            <div class="chart-row">
                <div class="table-wrap locations-table">
                    {move || locations.with(table)}
                </div>
                {move || locations.with(chart)}
            </div>
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

fn row(name: String, tally: &Tally) -> impl IntoView + use<> {
    view! {
        <tr>
            <th scope="row">{name}</th>
            <td class="num">{thousands(tally.numbers)}</td>
            <td class="num">{money(tally.monthly_cost)}</td>
        </tr>
    }
}

fn table(locations: &Locations) -> impl IntoView + use<> {
    let rows = locations
        .by_location
        .iter()
        .map(|l| row(l.location.clone(), &l.tally))
        .collect_view();
    view! {
        <table id="locations-table" class="matrix">
            <caption>"Numbers and monthly cost per location, most numbers first"</caption>
            <thead>
                <tr>
                    <th scope="col">"Location"</th>
                    <th scope="col" class="num">"Numbers"</th>
                    <th scope="col" class="num">"Monthly cost"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn chart(locations: &Locations) -> impl IntoView + use<> {
    let (bars, longest) = chart_bars(locations);
    let length = WIDTH - LABEL - 60;
    let height = bars.len() as u64 * (BAR + GAP) + GAP;
    let drawn = bars
        .iter()
        .enumerate()
        .map(|(i, bar)| {
            let y = GAP + i as u64 * (BAR + GAP);
            let w = (u128::from(bar.tally.numbers) * u128::from(length) / u128::from(longest.max(1))) as u64;
            view! {
                <text x=(LABEL - 8).to_string() y=(y + BASELINE).to_string() text-anchor="end" class="chart-label">
                    {bar.location.clone()}
                </text>
                <rect x=LABEL.to_string() y=y.to_string() width=w.to_string() height=BAR.to_string() fill="#3b6ea8">
                    <title>{format!("{}: {} numbers, {} a month", bar.location, thousands(bar.tally.numbers), money(bar.tally.monthly_cost))}</title>
                </rect>
                <text x=(LABEL + w + 6).to_string() y=(y + BASELINE).to_string() class="chart-value">
                    {thousands(bar.tally.numbers)}
                </text>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" id="chart-locations">
            <figcaption>
                {if locations.by_location.len() > CHART_TOP {
                    format!("The {CHART_TOP} locations with the most numbers")
                } else {
                    "Numbers per location".to_string()
                }}
            </figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {height}") width="100%" role="img" aria-label="Numbers per location, top 15">
                {drawn}
            </svg>
        </figure>
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

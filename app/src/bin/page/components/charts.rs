//! Two bar charts drawn as SVG by the page: numbers per category stacked by
//! usage status, and monthly cost per category.

use inventory_app::model::money;
use inventory_app::report_view::ReportView;
use inventory_core::{thousands, UsageStatus};
use leptos::prelude::*;

use crate::state::AppState;

// Whole units of the SVG's viewBox: integers keep float formatting out of the page's wasm.
const WIDTH: u64 = 640;
const LABEL: u64 = 170;
const BAR: u64 = 22;
const GAP: u64 = 10;
/// From a bar's top to its text's baseline.
const BASELINE: u64 = 15;
/// One colour per status, in `UsageStatus::ALL` order.
const COLOURS: [&str; 5] = ["#b3261e", "#e8710a", "#f2c12e", "#7cb342", "#2e7d32"];

#[component]
pub fn ChartsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="panel charts" aria-labelledby="charts-title">
            <h2 id="charts-title">"Charts"</h2>
            {move || state.report.get().map(|r| view! { <div class="chart-row">{by_status(&r)} {by_cost(&r)}</div> })}
        </section>
    }
}

fn height(categories: usize) -> u64 {
    categories as u64 * (BAR + GAP) + GAP
}

/// The top of bar `i`.
fn top(i: usize) -> u64 {
    GAP + i as u64 * (BAR + GAP)
}

/// `part` of `whole` on a bar `length` long.
fn scaled(part: u64, whole: u64, length: u64) -> u64 {
    (u128::from(part) * u128::from(length) / u128::from(whole.max(1))) as u64
}

fn label(i: usize, name: &str) -> impl IntoView + use<> {
    let y = top(i) + BASELINE;
    view! { <text x=(LABEL - 8).to_string() y=y.to_string() text-anchor="end" class="chart-label">{name.to_string()}</text> }
}

fn by_status(s: &ReportView) -> impl IntoView + use<> {
    let max = s.category_totals.iter().map(|t| t.numbers).max().unwrap_or(0);
    let length = WIDTH - LABEL - 60;
    let h = height(s.categories.len());
    let bars = s
        .categories
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let y = top(i);
            // Each segment ends where the numbers so far end, so the segments tile the bar.
            let mut so_far = 0;
            let mut x = LABEL;
            let segments = UsageStatus::ALL
                .iter()
                .enumerate()
                .filter(|(k, _)| s.cells[i][*k].numbers > 0)
                .map(|(k, st)| {
                    so_far += s.cells[i][k].numbers;
                    let end = LABEL + scaled(so_far, max, length);
                    let seg = view! {
                        <rect x=x.to_string() y=y.to_string() width=(end - x).to_string() height=BAR.to_string() fill=COLOURS[k]>
                            <title>{format!("{name}, {}: {}", st.label(), thousands(s.cells[i][k].numbers))}</title>
                        </rect>
                    };
                    x = end;
                    seg
                })
                .collect_view();
            let total = thousands(s.category_totals[i].numbers);
            view! {
                {label(i, name)}
                {segments}
                <text x=(x + 6).to_string() y=(y + BASELINE).to_string() class="chart-value">{total}</text>
            }
        })
        .collect_view();
    let legend = UsageStatus::ALL
        .iter()
        .enumerate()
        .map(|(k, st)| {
            view! { <li><span class="swatch" style=format!("background:{}", COLOURS[k])></span>{st.label()}</li> }
        })
        .collect_view();
    view! {
        <figure class="chart" id="chart-status">
            <figcaption>"Numbers per category, by usage status"</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {h}") width="100%" role="img" aria-label="Numbers per category, stacked by usage status">
                {bars}
            </svg>
            <ul class="legend">{legend}</ul>
        </figure>
    }
}

fn by_cost(s: &ReportView) -> impl IntoView + use<> {
    let max = s.category_totals.iter().map(|t| t.monthly_cost.0).max().unwrap_or(0);
    let length = WIDTH - LABEL - 90;
    let h = height(s.categories.len());
    let bars = s
        .categories
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let y = top(i);
            let cost = s.category_totals[i].monthly_cost;
            let w = scaled(cost.0, max, length);
            view! {
                {label(i, name)}
                <rect x=LABEL.to_string() y=y.to_string() width=w.to_string() height=BAR.to_string() fill="#3b6ea8">
                    <title>{format!("{name}: {} a month", money(cost))}</title>
                </rect>
                <text x=(LABEL + w + 6).to_string() y=(y + BASELINE).to_string() class="chart-value">{money(cost)}</text>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" id="chart-cost">
            <figcaption>"Monthly cost per category"</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {h}") width="100%" role="img" aria-label="Monthly cost per category">
                {bars}
            </svg>
        </figure>
    }
}

//! The report at a glance: cards, the Category × UsageStatus matrix, the
//! four quality checks and the three downloads.

use std::sync::Arc;

use inventory_core::date::format_mdy;
use inventory_core::{CheckStatus, Report, Tally, UsageStatus, ASSESSMENT_FILE, INVENTORY_FILE, SUMMARY_FILE};
use leptos::prelude::*;

use crate::browser;
use crate::model::{money, thousands};
use crate::state::AppState;

#[component]
pub fn SummaryPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let report = move || state.report.get();
    view! {
        <section class="panel" aria-labelledby="summary-title">
            <h2 id="summary-title">
                "Summary as of "
                <span id="as-of-shown">{move || report().map(|r| format_mdy(r.settings.as_of))}</span>
            </h2>
            {move || state.building.get().map(|(done, total)| view! {
                <p id="building" class="building" role="status">
                    "Building the report… "
                    {if total > 0 { format!("{} of {} numbers", thousands(done as u64), thousands(total as u64)) } else { "joining the files".to_string() }}
                </p>
            })}
            {move || report().map(|r| cards(&r))}
            <Downloads />
            {move || report().map(|r| matrix(&r))}
            <h3>"Quality checks"</h3>
            {move || report().map(|r| checks(&r))}
        </section>
    }
}

fn card(id: &'static str, label: &'static str, value: String, detail: String) -> impl IntoView {
    view! {
        <div class="card" id=id>
            <div class="card-label">{label}</div>
            <div class="card-value">{value}</div>
            <div class="card-detail">{detail}</div>
        </div>
    }
}

fn cards(report: &Report) -> impl IntoView {
    let (total, release) = (report.summary.total, report.summary.release());
    view! {
        <div class="cards">
            {card("card-numbers", "Numbers", thousands(total.numbers), "distinct numbers in the account".into())}
            {card("card-monthly", "Monthly cost", money(total.monthly_cost), "estimated from the prices".into())}
            {card("card-yearly", "Yearly cost", money(total.yearly_cost()), "12 × monthly".into())}
            {card(
                "card-release",
                "Release candidates",
                thousands(release.numbers),
                "never used or dormant, no enabled user".into(),
            )}
            {card(
                "card-saving",
                "Saving if released",
                money(release.monthly_cost),
                format!("a month; {} a year", money(release.yearly_cost())),
            )}
        </div>
    }
}

fn tally(t: &Tally) -> impl IntoView + use<> {
    view! {
        <td class="num">
            {thousands(t.numbers)}
            <span class="cost">{money(t.monthly_cost)}</span>
        </td>
    }
}

fn matrix(report: &Report) -> impl IntoView {
    let s = &report.summary;
    let rows = s
        .categories
        .iter()
        .enumerate()
        .map(|(i, name)| {
            view! {
                <tr>
                    <th scope="row">{name.clone()}</th>
                    {s.cells[i].iter().map(tally).collect_view()}
                    {tally(&s.category_totals[i])}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table id="summary-matrix" class="matrix">
                <caption>"Numbers and monthly cost per category and usage status"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Category"</th>
                        {UsageStatus::ALL.iter().map(|st| view! { <th scope="col">{st.label()}</th> }).collect_view()}
                        <th scope="col">"Total"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <th scope="row">"All categories"</th>
                        {s.status_totals.iter().map(tally).collect_view()}
                        {tally(&s.total)}
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

fn checks(report: &Report) -> impl IntoView {
    let items = report
        .checks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let class = match c.status {
                CheckStatus::Pass => "check pass",
                CheckStatus::Fail => "check fail",
                CheckStatus::NotChecked => "check unchecked",
            };
            view! {
                <li class=class id=format!("check-{}", i + 1)>
                    <span class="check-status">{c.status.label()}</span>
                    <span class="check-title">{format!("{}. {}", i + 1, c.title)}</span>
                    <span class="check-detail">{c.detail.clone()}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul id="checks" class="checks">{items}</ul> }
}

#[component]
fn Downloads() -> impl IntoView {
    let state = expect_context::<AppState>();
    let problem = RwSignal::new(None::<String>);
    // While a newer report is being built, the one shown is out of date: no downloads of it.
    let stale = move || state.building.with(Option::is_some);
    let save = move |name: &'static str, bytes: fn(&Report) -> Vec<u8>| {
        let Some(report): Option<Arc<Report>> = state.report.get_untracked() else { return };
        problem.set(browser::download(name, &bytes(&report)).err());
    };
    view! {
        <div class="downloads">
            <button id="download-inventory" type="button" disabled=stale on:click=move |_| save(INVENTORY_FILE, Report::inventory_csv)>
                "Download the inventory"
            </button>
            <button id="download-assessment" type="button" disabled=stale on:click=move |_| save(ASSESSMENT_FILE, Report::assessment_csv)>
                "Download the usage assessment"
            </button>
            <button id="download-summary" type="button" disabled=stale on:click=move |_| save(SUMMARY_FILE, Report::summary_csv)>
                "Download the summary"
            </button>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </div>
    }
}

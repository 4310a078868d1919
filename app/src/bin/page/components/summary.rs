//! The report at a glance: cards, the Category × UsageStatus matrix, the
//! four quality checks, the downloads and "Copy for email".

use inventory_app::model::money;
use inventory_app::release_view::ReleaseSaving;
use inventory_app::report_view::ReportView;
use inventory_app::work::Work;
use inventory_core::{thousands, CheckStatus, InputKind, Tally, UsageStatus};
use leptos::prelude::*;

use crate::components::downloads::Downloads;
use crate::components::email::CopyForEmail;
use crate::state::AppState;

#[component]
pub fn SummaryPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let report = move || state.report.get();
    view! {
        <section class="panel" aria-labelledby="summary-title" data-worker-memory=move || state.worker_memory.get()>
            <h2 id="summary-title">
                "Summary as of "
                <span id="as-of-shown">{move || report().map(|r| r.as_of.clone())}</span>
            </h2>
            {move || report().map(|r| cards(&r, state.release_saving.get()))}
            <Downloads />
            <CopyForEmail />
            {move || report().map(|r| matrix(&r))}
            <h3>"Quality checks"</h3>
            {move || report().map(|r| checks(&r))}
        </section>
    }
}

/// A card: a label, a big value and a line about it.
pub(crate) fn card(id: &'static str, label: &'static str, value: String, detail: String) -> impl IntoView + use<> {
    view! {
        <div class="card" id=id>
            <div class="card-label">{label}</div>
            <div class="card-value">{value}</div>
            <div class="card-detail">{detail}</div>
        </div>
    }
}

/// The cards; the saving is the ticked rows' (every RELEASE row's until the
/// worker has answered for this report).
fn cards(report: &ReportView, ticked: Option<ReleaseSaving>) -> impl IntoView {
    let total = report.total;
    let release = ticked.unwrap_or(ReleaseSaving {
        numbers: report.release.numbers,
        monthly: report.release.monthly_cost,
    });
    view! {
        <div class="cards">
            {card("card-numbers", "Numbers", thousands(total.numbers), "distinct numbers in the account".into())}
            {card("card-monthly", "Monthly cost", money(total.monthly_cost), "estimated from the prices".into())}
            {card("card-yearly", "Yearly cost", money(total.yearly_cost()), "12 × monthly".into())}
            {card(
                "card-release",
                "Release candidates",
                thousands(report.release.numbers),
                format!("never used or dormant, no enabled user; {} in the plan", thousands(release.numbers)),
            )}
            {card(
                "card-saving",
                "Saving if released",
                money(release.monthly),
                format!("a month; {} a year, for the numbers in the release plan", money(release.yearly())),
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

fn matrix(report: &ReportView) -> impl IntoView {
    let s = report;
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

fn checks(report: &ReportView) -> impl IntoView {
    let items = report
        .checks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            view! {
                <li class=format!("check {}", status_class(c.status)) id=format!("check-{}", i + 1)>
                    <span class="check-status">{c.status.label()}</span>
                    <span class="check-title">{format!("{}. {}", i + 1, c.title)}</span>
                    <span class="check-detail">{c.detail.clone()}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul id="checks" class="checks">{items}</ul> }
}

/// A check's status as the CSS class `style.css` colours it by.
fn status_class(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "pass",
        CheckStatus::Fail => "fail",
        CheckStatus::NotChecked => "unchecked",
    }
}

/// "Building the report…" with how far it is, between the settings and the
/// results: shown from a change until its report arrives, except while
/// files are still being read (their progress bars say so) and when there is
/// no numbers file (no report is coming).
#[component]
pub fn BuildStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_numbers = move || {
        state
            .files
            .with(|f| f.chips.iter().any(|c| c.kind == InputKind::Numbers))
    };
    let text = move || {
        // None while files are read: their progress bars say so.
        let (done, total) = state.work.with(Work::build_progress)?;
        if !has_numbers() {
            return None;
        }
        Some(if total > 0 {
            format!(
                "Building the report… {} of {} numbers",
                thousands(done as u64),
                thousands(total as u64)
            )
        } else {
            "Building the report…".to_string()
        })
    };
    view! {
        {move || text().map(|t| view! { <p id="building" class="building panel" role="status">{t}</p> })}
    }
}

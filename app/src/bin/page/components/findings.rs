//! Data-quality findings, grouped by kind with counts; each group opens to
//! its first rows and says how many more there are.

use inventory_app::report_view::{ReportView, FINDINGS_SHOWN};
use inventory_core::thousands;
use leptos::prelude::*;

use crate::state::AppState;

#[component]
pub fn FindingsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="panel" aria-labelledby="findings-title">
            <h2 id="findings-title">"Data-quality findings"</h2>
            {move || state.report.get().map(|r| groups(&r))}
        </section>
    }
}

fn groups(report: &ReportView) -> impl IntoView {
    let groups = &report.findings;
    if groups.is_empty() {
        return view! { <p id="findings" class="all-clear">"No findings: every value was read and every number joined."</p> }
            .into_any();
    }
    let items = groups
        .iter()
        .map(|g| {
            let count = g.count;
            let shown = g.shown.iter().map(|f| view! { <li>{f.clone()}</li> }).collect_view();
            let more = (count > FINDINGS_SHOWN).then(|| {
                view! {
                    <p class="more">
                        {format!("…and {} more not shown here.", thousands((count - FINDINGS_SHOWN) as u64))}
                    </p>
                }
            });
            view! {
                <details class="finding-group" data-kind=format!("{:?}", g.kind)>
                    <summary>
                        <span class="finding-title">{g.kind.title()}</span>
                        <span class="count">{thousands(count as u64)}</span>
                    </summary>
                    <ul>{shown}</ul>
                    {more}
                </details>
            }
        })
        .collect_view();
    view! { <div id="findings">{items}</div> }.into_any()
}

//! The inventory table: filters by category, status and recommendation, a
//! text search, and pages of `PAGE_SIZE` rows. Its release-plan view shows
//! only the RELEASE rows, each with a tick for the release plan.

use inventory_app::table_view::{self, page_count, SortColumn, TableFilter, TableRow, PAGE_SIZE};
use inventory_core::{thousands, Recommendation, UsageStatus};
use leptos::prelude::*;

use crate::components::release::ReleaseBar;
use crate::state::AppState;

#[component]
pub fn TablePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let filter = RwSignal::new(TableFilter::default());
    let page = RwSignal::new(0usize);
    // The worker holds the rows: ask it for the page to show whenever the
    // report, the filters or the page change.
    Effect::new(move |_| {
        state.report.track();
        state.request_table(filter.get(), page.get());
    });
    let matching = move || state.table_page.with(|t| t.matching);
    let pages = move || page_count(matching());
    let current = move || state.table_page.with(|t| t.page);
    let set_filter = move |f: &dyn Fn(&mut TableFilter)| {
        filter.update(|x| f(x));
        page.set(0);
    };
    let categories = move || {
        state
            .report
            .with(|r| r.as_ref().map(|r| r.categories.clone()).unwrap_or_default())
    };
    // The release-plan view: the RELEASE rows alone, with their ticks.
    let release_view = move || filter.with(|f| f.recommendation == Some(Recommendation::Release));
    let body = move || {
        let ticks = release_view();
        state
            .table_page
            .with(|t| t.rows.iter().map(|r| row(state, r, ticks)).collect_view())
    };
    let status_line = move || {
        let n = matching();
        let start = current() * PAGE_SIZE;
        if n == 0 {
            "No numbers match.".to_string()
        } else {
            format!(
                "Numbers {}–{} of {}",
                thousands(start as u64 + 1),
                thousands((start + PAGE_SIZE).min(n) as u64),
                thousands(n as u64)
            )
        }
    };
    view! {
        <section class="panel" aria-labelledby="table-title">
            <h2 id="table-title">"Inventory"</h2>
            <label class="release-toggle">
                <input id="release-only" type="checkbox" prop:checked=release_view on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    set_filter(&|f| f.recommendation = on.then_some(Recommendation::Release));
                } />
                " Release plan: show only the RELEASE rows, and pick which to release"
            </label>
            <Show when=release_view>
                <ReleaseBar />
            </Show>
            <div class="filters">
                <div class="field">
                    <label for="filter-category">"Category"</label>
                    <select id="filter-category" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set_filter(&|f| f.category = v.parse().ok());
                    }>
                        <option value="">"All categories"</option>
                        {move || categories().into_iter().enumerate()
                            .map(|(i, c)| view! { <option value=i.to_string()>{c}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-status">"Usage status"</label>
                    <select id="filter-status" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set_filter(&|f| f.status = table_view::status_by_label(&v));
                    }>
                        <option value="">"All statuses"</option>
                        {UsageStatus::ALL.iter().map(|s| view! { <option value=s.label()>{s.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-recommendation">"Recommendation"</label>
                    <select id="filter-recommendation" prop:value=move || filter.with(|f| f.recommendation.map(|r| r.label()).unwrap_or_default()) on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set_filter(&|f| f.recommendation = table_view::recommendation_by_label(&v));
                    }>
                        <option value="">"All"</option>
                        {Recommendation::ALL.iter().map(|r| view! { <option value=r.label()>{r.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field grow">
                    <label for="filter-search">"Search"</label>
                    <input id="filter-search" type="search" placeholder="name, user, phone…" on:input=move |ev| {
                        let v = event_target_value(&ev);
                        set_filter(&|f| f.search = v.clone());
                    } />
                </div>
            </div>
            <Pager page=page pages=Signal::derive(pages) current=Signal::derive(current) status=Signal::derive(status_line) />
            <div class="table-wrap">
                <table id="inventory-table" class="inventory">
                    <thead>
                        <tr>
                            {move || release_view().then(|| view! { <th scope="col">"Release"</th> })}
                            {SortColumn::ALL.iter().map(|&column| view! { <SortHeader column filter /> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
}

/// A row from its cells, in `SortColumn::ALL` order, with its release-plan
/// tick first when `ticks` (a RELEASE row's only).
fn row(state: AppState, r: &TableRow, ticks: bool) -> impl IntoView + use<> {
    let phone = r.phone;
    let tick = (ticks && r.recommendation == Recommendation::Release).then(|| {
        let label = format!("Release {}", r.cells.first().cloned().unwrap_or_default());
        view! {
            <td class="tick">
                <input type="checkbox" class="release-tick" aria-label=label data-phone=phone.to_string()
                    prop:checked=move || state.release.with(|s| s.is_ticked(phone))
                    on:change=move |ev| {
                        let ticked = event_target_checked(&ev);
                        state.release.update(|s| s.set(phone, ticked));
                    } />
            </td>
        }
    });
    let cells = &r.cells;
    let class = |i: usize| match SortColumn::ALL.get(i) {
        Some(SortColumn::Phone) => "phone",
        Some(c) if c.is_number() => "num",
        Some(SortColumn::Created | SortColumn::LastActivity | SortColumn::Status) => "nowrap",
        _ => "",
    };
    let last = cells.len().saturating_sub(1);
    let tds = cells
        .iter()
        .enumerate()
        .map(|(i, text)| {
            if i == last {
                let class = format!("rec rec-{}", text.to_lowercase());
                view! { <td><span class=class>{text.clone()}</span></td> }.into_any()
            } else {
                view! { <td class=class(i)>{text.clone()}</td> }.into_any()
            }
        })
        .collect_view();
    view! { <tr>{tick}{tds}</tr> }
}

/// A column heading that sorts by its column: ascending, then descending,
/// then back to the inventory order.
#[component]
fn SortHeader(column: SortColumn, filter: RwSignal<TableFilter>) -> impl IntoView {
    let direction = move || filter.with(|f| f.sort.filter(|(c, _)| *c == column).map(|(_, descending)| descending));
    let aria = move || match direction() {
        Some(false) => "ascending",
        Some(true) => "descending",
        None => "none",
    };
    let next = move |_| {
        filter.update(|f| {
            f.sort = match f.sort {
                Some((c, false)) if c == column => Some((column, true)),
                Some((c, true)) if c == column => None,
                _ => Some((column, false)),
            }
        })
    };
    view! {
        <th scope="col" class:num=column.is_number() aria-sort=aria>
            <button type="button" class="sort" on:click=next>
                {column.heading()}
                {move || match direction() {
                    Some(false) => " ▲",
                    Some(true) => " ▼",
                    None => "",
                }}
            </button>
        </th>
    }
}

#[component]
fn Pager(page: RwSignal<usize>, pages: Signal<usize>, current: Signal<usize>, status: Signal<String>) -> impl IntoView {
    view! {
        <nav class="pager" aria-label="Table pages">
            <button id="page-prev" type="button" disabled=move || current.get() == 0
                on:click=move |_| page.set(current.get_untracked().saturating_sub(1))>"← Previous"</button>
            <span id="page-status" aria-live="polite">
                {move || status.get()} {move || format!(" · page {} of {}", current.get() + 1, pages.get())}
            </span>
            <button id="page-next" type="button" disabled=move || { current.get() + 1 >= pages.get() }
                on:click=move |_| page.set(current.get_untracked() + 1)>"Next →"</button>
        </nav>
    }
}

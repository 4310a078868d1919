//! Changes since last month's inventory, when it was given: numbers added
//! and gone, numbers changed, and the monthly cost then and now with the
//! difference split into added, gone and re-priced.

use leptos::prelude::*;

use crate::state::AppState;

#[component]
pub fn ChangesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let html = move || {
        state
            .report
            .with(|r| r.as_ref().and_then(|r| r.changes.as_ref().map(|c| c.html.clone())))
    };
    // The heading, the cards and the lines come from the worker as HTML
    // (`ChangesView::of`), which keeps the page's wasm small.
    move || {
        html().map(|html| {
            view! { <section class="panel" id="changes" aria-labelledby="changes-title" inner_html=html></section> }
        })
    }
}

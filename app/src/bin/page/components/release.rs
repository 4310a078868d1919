//! The release plan's bar above the table in its release-plan view: what
//! releasing the ticked rows saves, and ticking or unticking them all.

use inventory_app::model::money;
use inventory_app::release_view::ReleaseSelection;
use inventory_core::thousands;
use leptos::prelude::*;

use crate::state::AppState;

#[component]
pub fn ReleaseBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let saving = move || {
        state.release_saving.get().map(|s| {
            format!(
                "Releasing the {} ticked numbers saves {} a month, {} a year.",
                thousands(s.numbers),
                money(s.monthly),
                money(s.yearly())
            )
        })
    };
    view! {
        <div class="release-bar" id="release-bar">
            <p id="release-saving" role="status">{saving}</p>
            <div class="inline">
                <button id="tick-all" type="button" class="secondary"
                    on:click=move |_| state.release.set(ReleaseSelection::all_ticked())>"Tick all"</button>
                <button id="untick-all" type="button" class="secondary"
                    on:click=move |_| state.release.set(ReleaseSelection::none_ticked())>"Untick all"</button>
            </div>
            <small>
                "Every RELEASE row starts ticked. The release plan and its twilio-cli script (downloads in the "
                "summary above) hold the ticked rows only."
            </small>
        </div>
    }
}

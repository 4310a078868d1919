//! "Copy for email": the report's summary for the finance email on the
//! clipboard, as an HTML table and as plain text. Where the browser refuses
//! the clipboard (or has none), the text is shown to copy by hand.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::state::AppState;

/// How the last copy went.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Copied {
    Yes,
    /// Refused, with the browser's reason; the text is shown instead.
    Refused(String),
}

#[component]
pub fn CopyForEmail() -> impl IntoView {
    let state = expect_context::<AppState>();
    let copied = RwSignal::new(None::<Copied>);
    // A new report is a new text: what was said of the last copy no longer holds.
    Effect::new(move |_| {
        state.report.track();
        copied.set(None);
    });
    let copy = move |_| {
        let Some(email) = state.report.with_untracked(|r| r.as_ref().map(|r| r.email.clone())) else {
            return;
        };
        spawn_local(async move {
            let result = browser::copy_to_clipboard(&email.html, &email.text).await;
            copied.set(Some(match result {
                Ok(()) => Copied::Yes,
                Err(reason) => Copied::Refused(reason),
            }));
        });
    };
    let text = move || {
        state
            .report
            .with(|r| r.as_ref().map(|r| r.email.text.clone()).unwrap_or_default())
    };
    let outcome = move || match copied.get() {
        None => None,
        Some(Copied::Yes) => Some(
            view! {
                <p id="email-copied" class="origin" role="status">
                    "Copied: paste it into the email (as a table where the mail client takes HTML)."
                </p>
            }
            .into_any(),
        ),
        Some(Copied::Refused(reason)) => Some(
            view! {
                <div id="email-fallback" class="email-fallback">
                    <p class="error" role="alert">
                        {format!("The browser did not let the page copy ({reason}). ")}
                        "Select the text below and copy it by hand (Ctrl+C, or ⌘C on a Mac)."
                    </p>
                    <textarea id="email-text" readonly rows="16" prop:value=text></textarea>
                </div>
            }
            .into_any(),
        ),
    };
    view! {
        <div class="email">
            <button id="copy-email" type="button" class="secondary" on:click=copy>"Copy for email"</button>
            <small>"The as-of date, the cards, the matrix, the saving, the checks and the changes, as a table and as text."</small>
            {outcome}
        </div>
    }
}

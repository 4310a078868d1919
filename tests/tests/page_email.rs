//! "Copy for email" in headless Chromium: with the clipboard granted, the
//! clipboard holds the command's `report --email-summary` text and core's
//! HTML tables; without a clipboard, the page shows the same text in a
//! selectable block with a note to copy it by hand.
//!
//! `cargo test --locked -p inventory-tests --test page_email -- --ignored --test-threads=1`
//! after `trunk build --release` (scripts/test runs it).

use inventory_core::Settings;
use inventory_tests::web::sections::GOLDEN_INPUTS;
use inventory_tests::web::{core_report, native_run, run, Browser};
use inventory_tests::{fixture, golden_as_of};
use serde_json::Value;

const AS_OF: &str = "2026-11-24";

async fn golden_report_shown(b: &Browser) {
    let files: Vec<_> = GOLDEN_INPUTS.iter().map(|n| fixture("golden").join(n)).collect();
    b.load_files(&files).await;
    b.set_as_of(AS_OF).await;
    b.wait_for_report("the golden inputs").await;
}

fn printed_email() -> String {
    native_run(
        &fixture("golden"),
        &GOLDEN_INPUTS,
        &["--as-of", AS_OF, "--email-summary"],
    )
    .stdout
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn the_clipboard_gets_the_email_as_html_and_as_text() {
    run(async {
        let b = Browser::start().await;
        b.grant_clipboard().await;
        golden_report_shown(&b).await;
        b.click("#copy-email").await;
        b.wait_until(
            "the copy's confirmation",
            "return !!document.getElementById('email-copied') || !!document.getElementById('email-fallback');",
        )
        .await;
        let refused = b.text("#email-fallback").await;
        assert!(refused.is_none(), "the granted clipboard was refused: {refused:?}");
        // WebDriver waits for the promise a script returns.
        let copied = b
            .js(
                "return navigator.clipboard.read().then(async items => { \
                 const item = items[0]; \
                 return [item.types, await (await item.getType('text/plain')).text(), \
                         await (await item.getType('text/html')).text()]; });",
                vec![],
            )
            .await;
        let (types, text, html): (Vec<String>, String, String) =
            serde_json::from_value(copied.clone()).unwrap_or_else(|e| panic!("the clipboard: {e}: {copied}"));
        assert!(
            types.contains(&"text/html".to_string()) && types.contains(&"text/plain".to_string()),
            "{types:?}"
        );
        assert_eq!(text, printed_email(), "the clipboard's text vs report --email-summary");
        let email = core_report(&fixture("golden"), &GOLDEN_INPUTS, &Settings::new(golden_as_of())).email_summary();
        // The browser sanitises HTML it hands back (it may add a <meta charset>): the tables must be there.
        let table_count = |html: &str| html.matches("<table").count();
        assert!(table_count(&email.html) > 0);
        assert_eq!(
            table_count(&html),
            table_count(&email.html),
            "the clipboard's HTML: {html}"
        );
        assert!(html.contains("Twilio phone numbers as of 11-24-2026"), "{html}");
        b.screenshot_of(".email", "page-email-copied.png").await;
        b.assert_no_panic().await;
        b.close().await;
    });
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn without_a_clipboard_the_text_is_shown_to_copy_by_hand() {
    run(async {
        let b = Browser::start().await;
        golden_report_shown(&b).await;
        // As in a browser that gives the page no clipboard (plain http, old browsers).
        b.js(
            "Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true }); \
             return true;",
            vec![],
        )
        .await;
        b.click("#copy-email").await;
        b.wait_until(
            "the text to copy by hand",
            "return !!document.getElementById('email-text');",
        )
        .await;
        let note = b.text("#email-fallback .error").await.unwrap_or_default();
        assert!(note.contains("copy it by hand"), "{note}");
        let shown = b.value("#email-text").await;
        assert_eq!(shown, printed_email(), "the text shown vs report --email-summary");
        let readonly = b
            .js("return document.getElementById('email-text').readOnly", vec![])
            .await;
        assert_eq!(readonly, Value::Bool(true));
        b.screenshot_of(".email", "page-email-fallback.png").await;
        b.assert_no_panic().await;
        b.close().await;
    });
}

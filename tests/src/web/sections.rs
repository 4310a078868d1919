//! What the page's newer sections show, for the page tests: any table's
//! rows as text, the release plan's ticks, and waiting for a text.

use inventory_core::{thousands, Cents, E164};
use serde_json::json;

use super::Browser;

/// The golden inputs, by name, in `tests/fixtures/golden`.
pub const GOLDEN_INPUTS: [&str; 3] = ["numbers.csv", "message_stats.csv", "assignments.csv"];

/// `$1,234.50`: money as the page shows it.
pub fn money_shown(amount: Cents) -> String {
    format!("${}.{:02}", thousands(amount.0 / 100), amount.0 % 100)
}

impl Browser {
    /// The text of each cell (`th` and `td`) of each row of `css` (a `tbody` or `tfoot`).
    pub async fn table_rows(&self, css: &str) -> Vec<Vec<String>> {
        let rows = self
            .js(
                "return [...document.querySelectorAll(arguments[0] + ' tr')].map(r => \
                 [...r.querySelectorAll('th, td')].map(c => c.textContent.trim()));",
                vec![json!(css)],
            )
            .await;
        serde_json::from_value(rows).unwrap_or_else(|e| panic!("the rows of {css}: {e}"))
    }

    /// Waits until the element `css` shows exactly `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) {
        let script = format!(
            "const e = document.querySelector({}); return !!e && e.textContent.trim() === {};",
            json!(css),
            json!(text.trim())
        );
        self.wait_until(&format!("{css} showing {text:?}"), &script).await;
    }

    /// The release plan's ticks on the table page shown: each number and whether it is ticked.
    pub async fn release_ticks(&self) -> Vec<(E164, bool)> {
        let ticks = self
            .js(
                "return [...document.querySelectorAll('#inventory-table .release-tick')].map(t => \
                 [t.dataset.phone, t.checked]);",
                vec![],
            )
            .await;
        let ticks: Vec<(String, bool)> = serde_json::from_value(ticks).expect("the ticks as [phone, checked]");
        ticks
            .into_iter()
            .map(|(phone, ticked)| {
                let phone = inventory_core::normalise(&phone).unwrap_or_else(|e| panic!("{phone}: {e}"));
                (phone, ticked)
            })
            .collect()
    }

    /// Switches the table to its release-plan view and waits for its ticks.
    pub async fn show_release_plan(&self) {
        self.click("#release-only").await;
        self.wait_until(
            "the release plan's ticks",
            "return document.querySelectorAll('#inventory-table .release-tick').length > 0 \
             && !!document.getElementById('release-bar');",
        )
        .await;
    }
}

/// WebDriver's "Set Permission" (chromedriver has it; fantoccini has no method for it).
#[derive(Debug)]
struct SetPermission {
    name: &'static str,
}

impl fantoccini::wd::WebDriverCompatibleCommand for SetPermission {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/permissions", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "descriptor": { "name": self.name }, "state": "granted" });
        (http::Method::POST, Some(body.to_string()))
    }
}

impl Browser {
    /// Grants the page the clipboard, reading as well as writing, so a test can read back what it copied.
    pub async fn grant_clipboard(&self) {
        for name in ["clipboard-read", "clipboard-write"] {
            self.client
                .issue_cmd(SetPermission { name })
                .await
                .unwrap_or_else(|e| panic!("chromedriver did not grant {name}: {e}"));
        }
    }
}

/// A download as the page hands it to the browser: its name, its blob's type and its bytes.
#[derive(Debug)]
pub struct HandedOver {
    pub name: String,
    pub mime_type: String,
    pub bytes: Vec<u8>,
}

impl Browser {
    /// Clicks `#button` and returns the download the page makes, read from its
    /// blob instead of the download folder: Chromium holds back a script
    /// (`.sh`) from a site the profile never visited before today as
    /// "Unconfirmed" until a person keeps it, which a test cannot do. It also
    /// gives the blob's type, which the saved file loses. (The page's CSP
    /// allows no `fetch` of a blob URL, so the blob is kept as it is made.)
    /// Only this one download is held back; later ones are saved as usual.
    pub async fn handed_over(&self, button: &str) -> HandedOver {
        self.js(
            "window.handedOver = null; window.captureNext = true; \
             if (!window.clickHooked) { \
               window.clickHooked = true; \
               const blobs = new Map(); \
               const create = URL.createObjectURL; \
               URL.createObjectURL = function (blob) { \
                 const url = create.call(URL, blob); blobs.set(url, blob); return url; \
               }; \
               const click = HTMLAnchorElement.prototype.click; \
               HTMLAnchorElement.prototype.click = function () { \
                 const blob = blobs.get(this.href); \
                 if (!window.captureNext || !this.download || !blob) { return click.call(this); } \
                 window.captureNext = false; \
                 const name = this.download; \
                 blob.arrayBuffer().then(buffer => { \
                   window.handedOver = [name, blob.type, Array.from(new Uint8Array(buffer))]; \
                 }); \
               }; \
             } \
             return true;",
            vec![],
        )
        .await;
        self.click(&format!("#{button}")).await;
        self.wait_until(
            &format!("the download of #{button}"),
            "return window.handedOver !== null;",
        )
        .await;
        let handed = self.js("return window.handedOver;", vec![]).await;
        let (name, mime_type, bytes): (String, String, Vec<u8>) =
            serde_json::from_value(handed).expect("[name, type, bytes]");
        HandedOver { name, mime_type, bytes }
    }
}

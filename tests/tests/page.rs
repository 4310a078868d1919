//! The web page end to end, in headless Chromium: `dist/` (the release build)
//! served from 127.0.0.1 by the test, driven through chromedriver. The
//! page's downloads must equal, byte for byte, what `phone-inventory report`
//! writes for the same files and settings.
//!
//! They need `dist/` and Chromium, so plain `cargo test` skips them;
//! scripts/test runs them after `trunk build --release`:
//! `cargo test --locked -p inventory-tests --test page -- --ignored --test-threads=1`

use std::future::Future;
use std::path::PathBuf;

use inventory_core::{Rules, ASSESSMENT_FILE, INVENTORY_FILE, SUMMARY_FILE};
use inventory_tests::web::{
    assert_same_bytes, browser::dist_dir, cell, csv_rows, native_refusal, native_run, target_dir, Browser,
};
use inventory_tests::{bad_cases, expected, fixture, generated_bad_cases};
use serde_json::json;

const AS_OF: &str = "2026-11-24";

fn run(test: impl Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(test);
}

/// The three golden inputs, in an order other than the usual one: the page
/// recognises each by its header.
const GOLDEN_NAMES: [&str; 3] = ["assignments.csv", "numbers.csv", "message_stats.csv"];

fn golden_files() -> Vec<PathBuf> {
    GOLDEN_NAMES.iter().map(|n| fixture("golden").join(n)).collect()
}

/// The number a card shows, e.g. `1,234` or `$1,390.50` → 1234 / 1390.5.
async fn card_number(b: &Browser, id: &str) -> f64 {
    let text = b
        .text(&format!("#{id} .card-value"))
        .await
        .unwrap_or_else(|| panic!("no card #{id}"));
    let digits: String = text.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("#{id} shows {text:?}, not a number"))
}

/// Toll-free: a North American number with area code 800, 833, …, 888.
fn is_toll_free(phone: &str) -> bool {
    ["800", "833", "844", "855", "866", "877", "888"]
        .iter()
        .any(|a| phone.starts_with(&format!("+1 ({a})")))
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn golden_downloads_equal_the_native_command_and_the_expected_files() {
    run(async {
        let b = Browser::start().await;
        let files = golden_files();
        b.load_files(&files).await;
        b.set_as_of(AS_OF).await;
        let kinds = b.texts("#file-chips .chip-kind").await;
        assert_eq!(kinds.len(), 3, "one chip per input: {kinds:?}");

        let inventory = b.download("download-inventory", INVENTORY_FILE).await;
        let assessment = b.download("download-assessment", ASSESSMENT_FILE).await;
        let summary = b.download("download-summary", SUMMARY_FILE).await;
        let native = native_run(&fixture("golden"), &GOLDEN_NAMES, &["--as-of", AS_OF]);

        assert_same_bytes(
            &inventory,
            &native.inventory,
            "the page's inventory vs phone-inventory report",
        );
        assert_same_bytes(
            &assessment,
            &native.assessment,
            "the page's assessment vs phone-inventory report",
        );
        assert_same_bytes(
            &inventory,
            &expected(INVENTORY_FILE),
            "the page's inventory vs expected/",
        );
        assert_same_bytes(
            &assessment,
            &expected(ASSESSMENT_FILE),
            "the page's assessment vs expected/",
        );
        assert_same_bytes(&summary, &expected(SUMMARY_FILE), "the page's summary vs expected/");
        b.assert_no_panic().await;
        b.close().await;
    });
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn sample_data_then_price_and_rule_edits_reach_the_downloads() {
    run(async {
        let b = Browser::start().await;
        // The sample: 500 numbers made in the browser.
        b.click("#sample-data").await;
        b.wait_until(
            "the sample's three chips and its report",
            "return document.querySelectorAll('#file-chips .chip').length === 3 \
             && document.querySelectorAll('.progress-list li').length === 0 \
             && !!document.querySelector('#card-numbers .card-value');",
        )
        .await;
        let numbers = card_number(&b, "card-numbers").await;
        let monthly = card_number(&b, "card-monthly").await;
        assert!(
            numbers > 0.0 && monthly > 0.0,
            "cards: {numbers} numbers, {monthly} a month"
        );
        assert!(card_number(&b, "card-yearly").await > monthly, "yearly is 12 × monthly");
        let table_rows = b
            .js(
                "return document.querySelectorAll('#inventory-table tbody tr').length",
                vec![],
            )
            .await;
        assert!(table_rows.as_u64().unwrap_or(0) > 0, "the table has rows: {table_rows}");
        let before = csv_rows(&b.download("download-inventory", INVENTORY_FILE).await);
        assert_eq!(before.len() as f64, numbers, "one inventory row per number on the card");
        for row in &before {
            let want = if is_toll_free(cell(row, "Phone")) {
                "2.15"
            } else {
                "1.15"
            };
            assert_eq!(
                cell(row, "Monthly_Cost"),
                want,
                "default price of {}",
                cell(row, "Phone")
            );
        }

        // The local prices, typed in the price editor as a user does, apply at once
        // (US and CA, as the command's --local-price sets them).
        let monthly_before = b.text("#card-monthly .card-value").await.expect("the monthly card");
        b.set_price("US", "local", "1.20").await;
        b.set_price("CA", "local", "1.20").await;
        let script = format!(
            "return document.querySelector('#card-monthly .card-value').innerText !== {};",
            json!(monthly_before)
        );
        b.wait_until("the monthly card to follow the new price", &script).await;
        b.wait_for_report("the new prices").await;
        let after = csv_rows(&b.download("download-inventory", INVENTORY_FILE).await);
        assert_eq!(after.len(), before.len(), "the same numbers at the new price");
        let mut local = 0;
        for (old, new) in before.iter().zip(&after) {
            let phone = cell(new, "Phone");
            let want = if is_toll_free(phone) { "2.15" } else { "1.20" };
            local += usize::from(want == "1.20");
            assert_eq!(
                cell(new, "Monthly_Cost"),
                want,
                "Monthly_Cost of {phone} after local price 1.20"
            );
            let unchanged = |r: &[(String, String)]| {
                r.iter()
                    .filter(|(h, _)| h != "Monthly_Cost")
                    .cloned()
                    .collect::<Vec<_>>()
            };
            assert_eq!(unchanged(old), unchanged(new), "only Monthly_Cost changes");
        }
        assert!(local > 0, "the sample has local numbers");

        // A rule edited in the editor: rule 1 matches any "farm", not just "delivery farm".
        b.click(".rules-panel summary").await;
        let first_text = ".rule:first-child .rule-text";
        assert_eq!(
            b.js(&format!("return document.querySelector('{first_text}').value"), vec![])
                .await,
            json!("delivery farm")
        );
        b.type_into(first_text, "farm").await;
        b.wait_until(
            "the edited rule to be applied",
            "return !document.querySelector('.rules-panel .error');",
        )
        .await;

        // The golden files under the edited rule and price: as the command does.
        let files = golden_files();
        b.load_files(&files).await;
        b.set_as_of(AS_OF).await;
        let inventory = b.download("download-inventory", INVENTORY_FILE).await;
        let assessment = b.download("download-assessment", ASSESSMENT_FILE).await;
        let rules_csv = Rules::sop_defaults()
            .to_csv()
            .replacen(",contains,delivery farm\r\n", ",contains,farm\r\n", 1);
        assert!(
            rules_csv.contains(",contains,farm\r\n"),
            "the edited rules: {rules_csv}"
        );
        let dir = tempfile::tempdir().expect("a temp dir");
        let rules_file = dir.path().join("rules.csv");
        std::fs::write(&rules_file, &rules_csv).expect("write the rules");
        let rules_arg = rules_file.display().to_string();
        let args = ["--as-of", AS_OF, "--local-price", "1.20", "--rules", &rules_arg];
        let native = native_run(&fixture("golden"), &GOLDEN_NAMES, &args);
        assert_same_bytes(
            &inventory,
            &native.inventory,
            "inventory with price 1.20 and the edited rule vs the command",
        );
        assert_same_bytes(
            &assessment,
            &native.assessment,
            "assessment with price 1.20 and the edited rule vs the command",
        );

        let category = |rows: &[Vec<(String, String)>], name: &str| {
            let row = rows
                .iter()
                .find(|r| cell(r, "FriendlyName") == name)
                .unwrap_or_else(|| panic!("no row {name}"));
            cell(row, "Category").to_string()
        };
        let (golden, edited) = (csv_rows(&expected(INVENTORY_FILE)), csv_rows(&inventory));
        assert_eq!(category(&golden, "SMS Farm West"), "SMS Farm Pool");
        assert_eq!(
            category(&edited, "SMS Farm West"),
            "Delivery Farm Pool",
            "the edited rule 1 wins"
        );
        assert_eq!(
            category(&edited, "number farm 3"),
            "Delivery Farm Pool",
            "the edited rule 1 wins"
        );
        assert_ne!(golden, edited, "the edits change the download");
        b.assert_no_panic().await;
        b.close().await;
    });
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn wrong_empty_and_damaged_files_are_refused_and_the_page_stays_usable() {
    run(async {
        let dir = tempfile::tempdir().expect("a temp dir");
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa\0\0\0\0IEND\xaeB`\x82";
        let cases: [(&str, &[u8], &str); 4] = [
            ("wrong.csv", b"Name,Amount\r\nAlice,12.50\r\n", "is none of the inputs"),
            ("empty.csv", b"", "is empty"),
            ("picture.csv", png, "is a PNG image, not a table"),
            (
                "numbers_no_date.csv",
                b"sid,phone_number,friendly_name,status\nPN1,+14155550100,x,in-use\n",
                "has no DateCreated column",
            ),
        ];
        let b = Browser::start().await;
        for (name, bytes, phrase) in cases {
            let file = dir.path().join(name);
            std::fs::write(&file, bytes).expect("write the test file");
            let shown = &b.refusal_of(&file).await;
            assert!(shown.contains(phrase), "{name}: {shown:?} should say {phrase:?}");
            let native = native_refusal(&file);
            assert!(
                shown.ends_with(&native),
                "{name}: the page says {shown:?}, the command {native:?}"
            );
            b.assert_no_panic().await;
            let chips = b
                .js("return document.querySelectorAll('#file-chips .chip').length", vec![])
                .await;
            assert_eq!(chips, json!(0), "a refused file is not loaded");
        }

        // Still usable: the golden files load, the refusal goes, the downloads are right.
        let files = golden_files();
        b.load_files(&files).await;
        b.set_as_of(AS_OF).await;
        assert!(
            b.texts(".refusal").await.is_empty(),
            "a new batch clears the old refusals"
        );
        let inventory = b.download("download-inventory", INVENTORY_FILE).await;
        assert_same_bytes(&inventory, &expected(INVENTORY_FILE), "the inventory after refusals");
        let assessment = b.download("download-assessment", ASSESSMENT_FILE).await;
        assert_same_bytes(&assessment, &expected(ASSESSMENT_FILE), "the assessment after refusals");

        // A wrong file next to good ones is refused alone; the good ones stay.
        let wrong = dir.path().join("wrong.csv");
        b.choose_files(&[wrong]).await;
        b.wait_until(
            "the refusal of wrong.csv",
            "return document.querySelectorAll('.refusal').length === 1;",
        )
        .await;
        let chips = b
            .js("return document.querySelectorAll('#file-chips .chip').length", vec![])
            .await;
        assert_eq!(chips, json!(3), "the loaded files stay");
        b.assert_no_panic().await;
        b.close().await;
    });
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn the_bad_file_corpus_is_refused_or_read_as_the_command_does() {
    run(async {
        let dir = tempfile::tempdir().expect("a temp dir");
        let b = Browser::start().await;
        let (refused, read): (Vec<_>, Vec<_>) = bad_cases()
            .into_iter()
            .chain(generated_bad_cases())
            .partition(|(case, _)| case.refused);
        assert!(!refused.is_empty() && !read.is_empty(), "the corpus has both outcomes");
        for (case, bytes) in refused {
            let name = &case.file;
            let file = dir.path().join(name);
            std::fs::write(&file, bytes).expect("write the case");
            let shown = b.refusal_of(&file).await;
            assert!(
                shown.ends_with(&case.message),
                "{name}: the page says {shown:?}, the command {:?}",
                case.message
            );
            b.assert_no_panic().await;
        }
        // The files read with a note become a chip, as any readable file does.
        for (case, bytes) in read.into_iter().filter(|(case, _)| case.check == "note") {
            let name = &case.file;
            let file = dir.path().join(name);
            std::fs::write(&file, bytes).expect("write the case");
            b.choose_files(std::slice::from_ref(&file)).await;
            let script = format!(
                "return [...document.querySelectorAll('#file-chips .chip-name')].some(e => e.textContent === {});",
                json!(name)
            );
            b.wait_until(&format!("the chip of {name}"), &script).await;
            assert!(b.texts(".refusal").await.is_empty(), "{name} is read, not refused");
            b.assert_no_panic().await;
        }
        // Still usable: the golden files give the expected downloads.
        b.load_files(&golden_files()).await;
        b.set_as_of(AS_OF).await;
        let inventory = b.download("download-inventory", INVENTORY_FILE).await;
        assert_same_bytes(&inventory, &expected(INVENTORY_FILE), "the inventory after the corpus");
        b.close().await;
    });
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn the_page_requests_nothing_but_its_own_files() {
    run(async {
        let dist = dist_dir();
        let b = Browser::start().await;
        let origin = b.server.origin();
        let at_load = b.server.requests();

        // The policy that forbids anything else, as the browser sees it.
        let csp = b
            .js("const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]'); return m ? m.content : null;", vec![])
            .await;
        let csp = csp.as_str().expect("a Content-Security-Policy meta tag");
        for directive in ["default-src 'self'", "connect-src 'self'", "object-src 'none'"] {
            assert!(
                csp.split(';').any(|d| d.trim() == directive),
                "the CSP {csp:?} lacks {directive:?}"
            );
        }

        // Use it all: sample data, the golden files, every download, the table.
        b.click("#sample-data").await;
        b.wait_until(
            "the sample",
            "return document.querySelectorAll('#file-chips .chip').length === 3;",
        )
        .await;
        b.load_files(&golden_files()).await;
        b.set_as_of(AS_OF).await;
        for (button, file) in [
            ("download-inventory", INVENTORY_FILE),
            ("download-assessment", ASSESSMENT_FILE),
            ("download-summary", SUMMARY_FILE),
        ] {
            b.download(button, file).await;
        }
        b.set_value("#filter-search", "farm").await;
        b.wait_until(
            "the search",
            "return document.querySelectorAll('#inventory-table tbody tr').length === 3;",
        )
        .await;
        b.assert_no_panic().await;

        let requests = b.server.requests();
        assert_eq!(requests, at_load, "nothing is requested after the page has loaded");
        assert!(
            !requests.is_empty() && requests.len() < 20,
            "a handful of requests: {requests:?}"
        );
        for r in &requests {
            assert_eq!((r.method.as_str(), r.status), ("GET", 200), "{r:?}");
            let file = if r.path == "/" {
                dist.join("index.html")
            } else {
                dist.join(r.path.trim_start_matches('/'))
            };
            assert!(file.is_file(), "{} is not a file of dist/", r.path);
        }
        let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
        for ext in [".js", ".wasm", ".css"] {
            assert!(
                paths.iter().any(|p| p.ends_with(ext)),
                "no {ext} was requested: {paths:?}"
            );
        }
        for own in [
            "/",
            "/boot.js",
            "/worker.js",
            "/inventory-worker.js",
            "/inventory-worker_bg.wasm",
        ] {
            assert!(paths.contains(&own), "{own} was not requested: {paths:?}");
        }

        // And what the browser itself fetched, from its own records.
        let urls = b
            .js(
                "return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')] \
                 .map(e => e.name);",
                vec![],
            )
            .await;
        let urls: Vec<String> = serde_json::from_value(urls).expect("a list of URLs");
        assert!(urls.len() >= 4, "the browser recorded the page's files: {urls:?}");
        for url in &urls {
            let own = url.starts_with(&format!("{origin}/")) || url.starts_with("blob:") || url.starts_with("data:");
            assert!(own, "the page fetched {url}, which is not from {origin}");
        }
        b.close().await;
    });
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn a_screenshot_of_the_loaded_report() {
    run(async {
        let b = Browser::start().await;
        b.load_files(&golden_files()).await;
        b.set_as_of(AS_OF).await;
        let matrix = b.text("#summary-matrix").await.unwrap_or_default();
        let table = b.text("#inventory-table").await.unwrap_or_default();
        assert!(
            matrix.contains("Other/System") && matrix.contains("All categories"),
            "the matrix: {matrix:?}"
        );
        assert!(table.contains("+1 (415) 555-0100"), "the table: {table:?}");
        assert_eq!(b.text("#as-of-shown").await.as_deref(), Some("11-24-2026"));

        let png = b.client.screenshot().await.expect("a screenshot");
        let path = target_dir().join("page-report.png");
        std::fs::write(&path, &png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n") && &png[12..16] == b"IHDR",
            "{} is not a PNG",
            path.display()
        );
        let (width, height) = (
            u32::from_be_bytes(png[16..20].try_into().unwrap()),
            u32::from_be_bytes(png[20..24].try_into().unwrap()),
        );
        assert!(width >= 800 && height >= 600, "{}: {width}×{height}", path.display());
        // A blank page of this size compresses to a few KB; the report is far more.
        assert!(
            png.len() > 20_000,
            "{}: only {} bytes, is it blank?",
            path.display(),
            png.len()
        );
        eprintln!("screenshot: {} ({width}×{height}, {} bytes)", path.display(), png.len());
        b.close().await;
    });
}

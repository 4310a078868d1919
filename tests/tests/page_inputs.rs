//! The page end to end with every shape of input (tests/fixtures/shapes):
//! each numbers list, and price tables and invoice figures dropped beside
//! it, give the downloads, findings and checks `phone-inventory report`
//! gives for the same files.
//!
//! Like tests/page.rs, they need `dist/` and Chromium, so plain `cargo test`
//! skips them; scripts/test runs them after `trunk build --release`:
//! `cargo test --locked -p inventory-tests --test page_inputs -- --ignored --test-threads=1`

use std::future::Future;
use std::path::PathBuf;

use inventory_core::{ASSESSMENT_FILE, INVENTORY_FILE};
use inventory_tests::fixture;
use inventory_tests::web::panels::{printed_checks, printed_findings, printed_numbers_name, FINDINGS_PRINTED};
use inventory_tests::web::{assert_same_bytes, native_refusal, native_run, Browser, NativeRun};

const AS_OF: &str = "2026-11-24";

fn run(test: impl Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(test);
}

fn shapes() -> PathBuf {
    fixture("shapes")
}

/// Every numbers list of tests/fixtures/shapes the report reads, as the page
/// is given it: the two pages of one API listing together, and the first
/// page alone (an incomplete listing, with a finding). numbers.xls is
/// refused, as the command refuses it.
const NUMBERS_SHAPES: [&[&str]; 9] = [
    &["numbers_api.csv"],
    &["numbers_cli.tsv"],
    &["numbers_cli.json"],
    &["numbers_page0.json", "numbers_page1.json"],
    &["numbers_page0.json"],
    &["numbers.xlsx"],
    &["numbers_1904.xlsx"],
    &["numbers.ods"],
    &["numbers_damaged.xlsx"],
];

/// Chooses `names` of tests/fixtures/shapes and waits for their `chips` and their report.
async fn load_shapes(b: &Browser, names: &[&str], chips: usize) {
    let files: Vec<PathBuf> = names.iter().map(|n| shapes().join(n)).collect();
    b.choose_files(&files).await;
    let script = format!(
        "return document.querySelectorAll('#file-chips .chip').length === {chips} \
         || document.querySelectorAll('.refusal').length > 0;"
    );
    b.wait_until(&format!("the chips of {names:?}"), &script).await;
    b.wait_for_report(&format!("{names:?}")).await;
    assert!(b.texts(".refusal").await.is_empty(), "{names:?}: nothing is refused");
}

/// The page's downloads, findings and checks equal the command's `native`.
async fn assert_page_is_the_command(b: &Browser, native: &NativeRun, what: &str) {
    let inventory = b.download("download-inventory", INVENTORY_FILE).await;
    assert_same_bytes(&inventory, &native.inventory, &format!("{what}: the inventory"));
    let assessment = b.download("download-assessment", ASSESSMENT_FILE).await;
    assert_same_bytes(&assessment, &native.assessment, &format!("{what}: the assessment"));
    let printed = printed_findings(&native.stdout);
    let shown = b.findings().await;
    let titles = |g: &[(String, usize, Vec<String>)]| g.iter().map(|(t, n, _)| (t.clone(), *n)).collect::<Vec<_>>();
    assert_eq!(
        titles(&shown),
        titles(&printed),
        "{what}: the finding groups and their counts"
    );
    for ((title, _, page), (_, _, command)) in shown.iter().zip(&printed) {
        let first: Vec<&String> = page.iter().take(FINDINGS_PRINTED).collect();
        let command: Vec<&String> = command.iter().collect();
        assert_eq!(first, command, "{what}: the findings of {title:?}");
    }
    assert_eq!(
        b.checks().await,
        printed_checks(&native.stdout),
        "{what}: the quality checks"
    );
    b.assert_no_panic().await;
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn every_numbers_shape_gives_the_command_s_downloads_findings_and_checks() {
    run(async {
        let b = Browser::start().await;
        b.set_value("#as-of", AS_OF).await;
        for names in NUMBERS_SHAPES {
            b.remove_all_files().await;
            load_shapes(&b, names, 1).await;
            let native = native_run(&shapes(), names, &["--as-of", AS_OF]);
            let chips = b.chip_names().await;
            assert_eq!(
                chips,
                [printed_numbers_name(&native.stdout)],
                "{names:?}: one numbers chip"
            );
            assert_page_is_the_command(&b, &native, &format!("{names:?}")).await;
        }
        let xls = shapes().join("numbers.xls");
        let shown = b.refusal_of(&xls).await;
        let native = native_refusal(&xls);
        assert!(
            shown.ends_with(&native),
            "numbers.xls: the page says {shown:?}, the command {native:?}"
        );
        b.assert_no_panic().await;
        b.close().await;
    });
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn a_price_table_and_an_invoice_fill_in_the_settings_and_the_checks() {
    run(async {
        let b = Browser::start().await;
        b.set_value("#as-of", AS_OF).await;
        let names = ["numbers_cli.json", "assignments.xlsx", "pricing_gb.json", "invoice.csv"];
        load_shapes(&b, &names, 4).await;
        b.wait_until(
            "the price table's rows in the editor",
            "return [...document.querySelectorAll('#prices .price-country')].some(e => e.value === 'GB');",
        )
        .await;

        // The files panel: four chips, two of them settings files with what they set.
        let chips = b.chip_names().await;
        assert_eq!(
            chips,
            [
                "numbers_cli.json",
                "assignments.xlsx, sheet Users",
                "pricing_gb.json",
                "invoice.csv"
            ]
        );
        let settings_chips = b.texts("#file-chips .settings-chip .chip-rows").await;
        assert_eq!(
            settings_chips,
            [
                "3 price(s): GB local 1.00, GB mobile 1.50, GB toll free 2.00",
                "2026-10: 6 numbers, charges 8.05"
            ]
        );

        // The settings panel: the GB rows, the invoice figures, and where they came from.
        let rows = b.price_rows().await;
        for row in [
            ["GB", "local", "1.00"],
            ["GB", "mobile", "1.50"],
            ["GB", "toll free", "2.00"],
        ] {
            assert!(rows.iter().any(|r| *r == row), "{row:?} is in the editor: {rows:?}");
        }
        assert_eq!(rows.len(), 7, "the SOP's four rows and the file's three: {rows:?}");
        assert!(b.price_problems().await.is_empty(), "the rows all read");
        assert_eq!(b.value("#invoice-count").await, "6");
        assert_eq!(b.value("#invoice-amount").await, "8.05");
        assert_eq!(
            b.text("#invoice-origin").await.as_deref(),
            Some("From invoice.csv (2026-10: 6 numbers, charges 8.05).")
        );
        let prices_origin = b.text("#prices-origin").await.unwrap_or_default();
        assert_eq!(
            prices_origin,
            "From pricing_gb.json (3 price(s): GB local 1.00, GB mobile 1.50, GB toll free 2.00)."
        );

        // Checks 1 and 3 run, and everything is what the command makes of the same files.
        let native = native_run(&shapes(), &names, &["--as-of", AS_OF]);
        let checks = b.checks().await;
        assert_eq!(
            (checks[0].0.as_str(), checks[2].0.as_str()),
            ("pass", "pass"),
            "{checks:?}"
        );
        assert_page_is_the_command(&b, &native, "numbers, assignments, prices and invoice").await;
        let london = String::from_utf8_lossy(&native.inventory)
            .lines()
            .find(|l| l.contains("London desk"))
            .map(str::to_string);
        assert!(
            london.as_deref().is_some_and(|l| l.contains(",1.00,")),
            "the GB local price: {london:?}"
        );

        b.screenshot_of("section[aria-labelledby=settings-title]", "page-settings.png")
            .await;
        b.screenshot_of("section[aria-labelledby=files-title]", "page-files.png")
            .await;

        // A figure typed over the file's: the panel says so and check 1 follows.
        b.type_into("#invoice-count", "7").await;
        b.wait_until(
            "the edited invoice note",
            "const n = document.getElementById('invoice-origin'); return !!n && n.innerText.endsWith('edited here.');",
        )
        .await;
        b.wait_for_report("the typed count").await;
        assert_eq!(b.checks().await[0].0, "FAIL", "6 numbers, 7 on the invoice");
        b.assert_no_panic().await;
        b.close().await;
    });
}

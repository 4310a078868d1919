//! The settings panel's price table editor in headless Chromium: rows added,
//! checked field by field, removed and reset, applied at once, and
//! remembered by the browser, the prices of the page before it included.
//!
//! Like tests/page.rs, they need `dist/` and Chromium, so plain `cargo test`
//! skips them; scripts/test runs them after `trunk build --release`:
//! `cargo test --locked -p inventory-tests --test page_prices -- --ignored --test-threads=1`

use std::future::Future;
use std::path::PathBuf;

use inventory_core::INVENTORY_FILE;
use inventory_tests::fixture;
use inventory_tests::web::{assert_same_bytes, native_run, Browser};
use serde_json::json;

const AS_OF: &str = "2026-11-24";

fn run(test: impl Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(test);
}

fn rows(list: &[[&str; 3]]) -> Vec<[String; 3]> {
    list.iter().map(|r| r.map(str::to_string)).collect()
}

const SOP_ROWS: [[&str; 3]; 4] = [
    ["CA", "local", "1.15"],
    ["CA", "toll free", "2.15"],
    ["US", "local", "1.15"],
    ["US", "toll free", "2.15"],
];

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn the_price_editor_checks_each_field_applies_at_once_and_is_remembered() {
    run(async {
        let b = Browser::start().await;
        assert_eq!(b.price_rows().await, rows(&SOP_ROWS));
        assert_eq!(b.text("#prices-origin").await.as_deref(), Some("The SOP's prices."));

        // A new row takes the last row's country and its next type; it says what it lacks.
        b.click("#price-add").await;
        assert_eq!(b.price_rows().await[4], ["US", "mobile", ""].map(str::to_string));
        let last = "#prices tbody tr.price-row:nth-child(5)";
        assert_eq!(
            b.price_problems().await,
            [
                "enter the monthly price, such as 1.15",
                "Not applied: row 5: enter the monthly price, such as 1.15."
            ]
        );
        b.type_into(&format!("{last} .price-country"), "zz").await;
        b.type_into(&format!("{last} .price-monthly"), "4,5x").await;
        let problems = b.price_problems().await;
        assert_eq!(problems[0], "`ZZ` is not a country code: use two letters, such as GB");
        assert!(problems[1].contains("`4,5x` is not an amount"), "{problems:?}");
        b.screenshot_of(".prices-editor", "page-prices-problems.png").await;
        b.type_into(&format!("{last} .price-country"), "gb").await;
        b.type_into(&format!("{last} .price-monthly"), "4.50").await;
        assert!(b.price_problems().await.is_empty());
        assert_eq!(
            b.text(&format!("{last} .country-name")).await.as_deref(),
            Some("United Kingdom")
        );
        assert_eq!(b.text("#prices-origin").await.as_deref(), Some("Typed in."));

        // The same country and type twice: the second row says which row has it.
        b.click("#price-add").await;
        let next = "#prices tbody tr.price-row:nth-child(6)";
        b.type_into(&format!("{next} .price-monthly"), "9").await;
        b.set_value(&format!("{next} .price-type"), "mobile").await;
        assert_eq!(
            b.price_problems().await,
            [
                "GB mobile is already priced in row 5",
                "Not applied: row 6: GB mobile is already priced in row 5."
            ]
        );
        b.click(&format!("{next} .price-remove")).await;

        // Edits apply at once. With CA local removed, a Canadian number would be priced
        // at the US local rate, so the downloads are the command's with --local-price.
        b.set_price("US", "local", "1.00").await;
        let ca_local = b.price_row("CA", "local").await;
        b.click(&format!("{ca_local} .price-remove")).await;
        assert!(b.price_rows().await.iter().all(|r| r[..2] != ["CA", "local"]));
        let files: Vec<PathBuf> = ["numbers.csv", "message_stats.csv", "assignments.csv"]
            .iter()
            .map(|n| fixture("golden").join(n))
            .collect();
        b.load_files(&files).await;
        b.set_as_of(AS_OF).await;
        b.wait_for_report("the golden files").await;
        let inventory = b.download("download-inventory", INVENTORY_FILE).await;
        let names = ["numbers.csv", "message_stats.csv", "assignments.csv"];
        let native = native_run(&fixture("golden"), &names, &["--as-of", AS_OF, "--local-price", "1.00"]);
        assert_same_bytes(&inventory, &native.inventory, "the inventory at the edited prices");
        let estimated = b
            .findings()
            .await
            .into_iter()
            .find(|g| g.0 == "Costs estimated for want of a price");
        let estimated = estimated.map(|g| g.2).unwrap_or_default();
        assert_eq!(
            estimated,
            ["numbers.csv: 1 GB local number(s) are priced at the US local rate 1.00: add GB local prices for exact costs."]
        );

        // Remembered: a new visit shows the same rows.
        b.open().await;
        let remembered = [
            ["CA", "toll free", "2.15"],
            ["GB", "mobile", "4.50"],
            ["US", "local", "1.00"],
            ["US", "toll free", "2.15"],
        ];
        assert_eq!(
            b.price_rows().await,
            rows(&remembered),
            "the rows after a reload, in the table's order (by country, then type)"
        );
        assert_eq!(
            b.text("#prices-origin").await.as_deref(),
            Some("Typed in on an earlier visit; remembered by this browser.")
        );

        // Reset.
        b.click("#prices-reset").await;
        assert_eq!(b.price_rows().await, rows(&SOP_ROWS));
        assert_eq!(b.text("#prices-origin").await.as_deref(), Some("The SOP's prices."));
        b.assert_no_panic().await;
        b.close().await;
    });
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn the_two_prices_the_page_remembered_before_the_editor_are_kept() {
    run(async {
        let b = Browser::start().await;
        let old = "as_of=2026-11-24\nlocal_price=2.00\ntoll_free_price=3.00\ninvoice_count=\ninvoice_amount=\n";
        b.js(
            "localStorage.setItem('twilio-inventory.settings.v1', JSON.stringify(arguments[0]));",
            vec![json!(old)],
        )
        .await;
        b.open().await;
        assert_eq!(
            b.price_rows().await,
            rows(&[
                ["CA", "local", "2.00"],
                ["CA", "toll free", "3.00"],
                ["US", "local", "2.00"],
                ["US", "toll free", "3.00"],
            ])
        );
        b.assert_no_panic().await;
        b.close().await;
    });
}

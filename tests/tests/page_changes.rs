//! The page's changes since last month's inventory, in headless Chromium:
//! the cards and the lines the command prints, the date the report says
//! it used (the file's latest LastActivity, or the date set in the
//! settings, remembered like the others), and the changes download.
//!
//! `cargo test --locked -p inventory-tests --test page_changes -- --ignored --test-threads=1`
//! after `trunk build --release` (scripts/test runs it).

use std::path::PathBuf;

use inventory_core::CHANGES_FILE;
use inventory_tests::fixture;
use inventory_tests::web::{assert_same_bytes, native_run, run, Browser};

const AS_OF: &str = "2026-11-24";
/// The API's numbers and a hand-made last month's inventory: one number the
/// same, one re-categorised, one whose user and status changed, one
/// re-priced, one gone, one added (tests/shapes.rs checks the command's).
const WITH_PREVIOUS: [&str; 2] = ["numbers_api.csv", "previous_inventory.csv"];

fn paths() -> Vec<PathBuf> {
    WITH_PREVIOUS.iter().map(|n| fixture("shapes").join(n)).collect()
}

/// The two "Changes since …" lines of the command's printout.
fn printed_changes(stdout: &str) -> String {
    let start = stdout
        .find("Changes since ")
        .unwrap_or_else(|| panic!("no changes in the printout:\n{stdout}"));
    stdout[start..].lines().take(2).collect::<Vec<_>>().join("\n")
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn the_changes_section_says_what_the_command_prints() {
    run(async {
        let b = Browser::start().await;
        b.load_files(&paths()).await;
        b.set_as_of(AS_OF).await;
        b.wait_for_report("the numbers and last month's inventory").await;
        b.screenshot_of("#file-chips", "page-files-previous.png").await;
        let chips = b.texts("#file-chips .chip-kind").await;
        assert_eq!(
            chips.len(),
            2,
            "a chip for the numbers and one for last month's inventory: {chips:?}"
        );

        let native = native_run(&fixture("shapes"), &WITH_PREVIOUS, &["--as-of", AS_OF]);
        b.wait_for_text(
            "#changes-since",
            "10-30-2026 (the previous inventory's latest LastActivity)",
        )
        .await;
        let shown = b.text("#changes-text").await.expect("the changes' lines");
        assert_eq!(shown.trim(), printed_changes(&native.stdout));
        for (card, value) in [("card-added", "1"), ("card-gone", "1"), ("card-changed", "3")] {
            assert_eq!(
                b.text(&format!("#{card} .card-value")).await.as_deref(),
                Some(value),
                "#{card}"
            );
        }
        assert_eq!(
            b.text("#card-cost-change .card-value").await.as_deref(),
            Some("$7.75 → $7.90")
        );
        assert_eq!(
            b.text("#card-cost-change .card-detail").await.as_deref(),
            Some("+$0.15: +$1.15 added, -$1.15 gone, +$0.15 re-priced")
        );
        b.screenshot_of("#changes", "page-changes.png").await;

        // A date set in the settings wins over the file's, as --previous-as-of does.
        b.set_value("#previous-as-of", "2026-10-31").await;
        b.wait_for_text("#changes-since", "10-31-2026").await;
        b.wait_for_report("the previous inventory dated").await;
        let dated = native_run(
            &fixture("shapes"),
            &WITH_PREVIOUS,
            &["--as-of", AS_OF, "--previous-as-of", "2026-10-31"],
        );
        let shown = b.text("#changes-text").await.expect("the changes' lines");
        assert_eq!(shown.trim(), printed_changes(&dated.stdout));
        let changes = b.download("download-changes", CHANGES_FILE).await;
        assert_same_bytes(
            &changes,
            dated.file(CHANGES_FILE),
            "the page's changes vs phone-inventory report",
        );
        b.screenshot_of("#settings-title + .fields", "page-settings-previous.png")
            .await;

        // Remembered like the other settings; "Clear" goes back to the file's date.
        b.open().await;
        assert_eq!(b.value("#previous-as-of").await, "2026-10-31");
        b.load_files(&paths()).await;
        b.wait_for_text("#changes-since", "10-31-2026").await;
        b.click("#previous-as-of-clear").await;
        b.wait_for_text(
            "#changes-since",
            "10-30-2026 (the previous inventory's latest LastActivity)",
        )
        .await;
        assert_eq!(b.value("#previous-as-of").await, "");
        b.assert_no_panic().await;
        b.close().await;
    });
}

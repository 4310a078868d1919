//! The page's newer downloads in headless Chromium, byte for byte what
//! `phone-inventory report` writes for the same files and settings: the
//! Excel workbook (`--xlsx`), the changes since last month's inventory, the
//! release plan (`--release-plan`, and with rows unticked on the page, core's
//! plan without them) and its twilio-cli script (core's `release_script`:
//! the command has no flag for it). The script and the blobs' types are
//! read from the blob the page hands the browser (see `Browser::handed_over`).
//!
//! `cargo test --locked -p inventory-tests --test page_downloads -- --ignored --test-threads=1`
//! after `trunk build --release` (scripts/test runs it).

use std::collections::BTreeSet;
use std::path::PathBuf;

use inventory_core::{thousands, Settings, CHANGES_FILE, RELEASE_PLAN_FILE, RELEASE_SCRIPT_FILE, WORKBOOK_FILE};
use inventory_tests::web::sections::{money_shown, GOLDEN_INPUTS};
use inventory_tests::web::{assert_same_bytes, core_report, native_run, run, Browser};
use inventory_tests::{fixture, golden_as_of};

const AS_OF: &str = "2026-11-24";
/// The API's numbers (with Sids) and last month's inventory, hand-made.
const WITH_PREVIOUS: [&str; 2] = ["numbers_api.csv", "previous_inventory.csv"];
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const CSV_TYPE: &str = "text/csv;charset=utf-8";
/// Chromium keeps a blob's type as given, in lower case.
const SCRIPT_TYPE: &str = "text/x-shellscript;charset=utf-8";

fn paths(folder: &str, names: &[&str]) -> Vec<PathBuf> {
    names.iter().map(|n| fixture(folder).join(n)).collect()
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn the_workbook_changes_plan_and_script_equal_the_command_s() {
    run(async {
        let b = Browser::start().await;
        b.load_files(&paths("shapes", &WITH_PREVIOUS)).await;
        b.set_as_of(AS_OF).await;
        b.wait_for_report("the numbers and last month's inventory").await;
        let native = native_run(
            &fixture("shapes"),
            &WITH_PREVIOUS,
            &["--as-of", AS_OF, "--xlsx", "--release-plan"],
        );
        for (button, name) in [
            ("download-workbook", WORKBOOK_FILE),
            ("download-changes", CHANGES_FILE),
            ("download-release-plan", RELEASE_PLAN_FILE),
        ] {
            let page = b.download(button, name).await;
            assert_same_bytes(
                &page,
                native.file(name),
                &format!("the page's {name} vs phone-inventory report"),
            );
        }
        // Each blob's type, so what opens the file knows it.
        for (button, name, mime_type) in [
            ("download-workbook", WORKBOOK_FILE, XLSX_TYPE),
            ("download-changes", CHANGES_FILE, CSV_TYPE),
            ("download-release-plan", RELEASE_PLAN_FILE, CSV_TYPE),
            ("download-release-script", RELEASE_SCRIPT_FILE, SCRIPT_TYPE),
        ] {
            let handed = b.handed_over(button).await;
            assert_eq!((handed.name.as_str(), handed.mime_type.as_str()), (name, mime_type));
        }
        let script = b.handed_over("download-release-script").await.bytes;
        let report = core_report(&fixture("shapes"), &WITH_PREVIOUS, &Settings::new(golden_as_of()));
        assert_same_bytes(
            &script,
            &report.release_script(&BTreeSet::new()),
            "the page's script vs core's",
        );
        let script = String::from_utf8(script).expect("the script is text");
        assert!(
            script.contains("twilio api:core:incoming-phone-numbers:remove --sid PN"),
            "the API's numbers carry Sids: {script}"
        );
        b.screenshot_of("section[aria-labelledby='summary-title']", "page-summary-downloads.png")
            .await;
        b.assert_no_panic().await;
        b.close().await;
    });
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn without_last_month_s_inventory_no_changes_are_offered() {
    run(async {
        let b = Browser::start().await;
        b.load_files(&paths("golden", &GOLDEN_INPUTS)).await;
        b.wait_for_report("the golden inputs").await;
        let offered = b
            .js("return !!document.getElementById('download-changes')", vec![])
            .await;
        assert_eq!(
            offered,
            serde_json::json!(false),
            "a changes download without a previous inventory"
        );
        assert!(
            b.text("#changes").await.is_none(),
            "a changes section without a previous inventory"
        );
        b.close().await;
    });
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn unticked_rows_leave_the_release_plan_and_its_saving() {
    run(async {
        let b = Browser::start().await;
        b.load_files(&paths("golden", &GOLDEN_INPUTS)).await;
        b.set_as_of(AS_OF).await;
        b.wait_for_report("the golden inputs").await;
        let report = core_report(&fixture("golden"), &GOLDEN_INPUTS, &Settings::new(golden_as_of()));
        let saving_text = |left_out: &BTreeSet<_>| {
            let (numbers, monthly) = report.release_saving(left_out);
            format!(
                "Releasing the {} ticked numbers saves {} a month, {} a year.",
                thousands(numbers),
                money_shown(monthly),
                money_shown(monthly.times(12))
            )
        };

        b.show_release_plan().await;
        let ticks = b.release_ticks().await;
        let release: BTreeSet<_> = report.release_rows(&BTreeSet::new()).map(|r| r.phone).collect();
        assert!(
            ticks.len() >= 3,
            "the golden report has RELEASE rows to untick: {ticks:?}"
        );
        assert!(
            ticks.iter().all(|(phone, ticked)| *ticked && release.contains(phone)),
            "every RELEASE row starts ticked, and only those show: {ticks:?}"
        );
        b.wait_for_text("#release-saving", &saving_text(&BTreeSet::new())).await;

        // Untick two rows, as a user does.
        let left_out: BTreeSet<_> = ticks.iter().take(2).map(|(phone, _)| *phone).collect();
        for phone in &left_out {
            b.click(&format!("#inventory-table .release-tick[data-phone='{phone}']"))
                .await;
        }
        b.wait_for_text("#release-saving", &saving_text(&left_out)).await;
        let unticked = b
            .release_ticks()
            .await
            .into_iter()
            .filter(|(_, t)| !t)
            .map(|(p, _)| p)
            .collect::<BTreeSet<_>>();
        assert_eq!(unticked, left_out);
        let plan = b.download("download-release-plan", RELEASE_PLAN_FILE).await;
        assert_same_bytes(
            &plan,
            &report.release_plan_csv(&left_out),
            "the plan without the two unticked rows vs core's",
        );
        let script = b.handed_over("download-release-script").await.bytes;
        assert_same_bytes(
            &script,
            &report.release_script(&left_out),
            "the script without the two unticked rows vs core's",
        );
        b.screenshot_of("#release-bar", "page-release-bar.png").await;
        b.screenshot_of("#inventory-table", "page-release-table.png").await;

        // Untick all: an empty plan; tick all: the command's.
        b.click("#untick-all").await;
        b.wait_for_text("#release-saving", &saving_text(&release)).await;
        let empty = b.download("download-release-plan", RELEASE_PLAN_FILE).await;
        assert_same_bytes(
            &empty,
            &report.release_plan_csv(&release),
            "the plan with every row unticked",
        );
        b.click("#tick-all").await;
        b.wait_for_text("#release-saving", &saving_text(&BTreeSet::new())).await;
        let full = b.download("download-release-plan", RELEASE_PLAN_FILE).await;
        let native = native_run(
            &fixture("golden"),
            &GOLDEN_INPUTS,
            &["--as-of", AS_OF, "--release-plan"],
        );
        assert_same_bytes(
            &full,
            native.file(RELEASE_PLAN_FILE),
            "the plan with every row ticked vs phone-inventory report",
        );
        b.assert_no_panic().await;
        b.close().await;
    });
}

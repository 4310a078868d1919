//! Every shape a number list comes in (tests/fixtures/shapes, written by hand
//! from the published formats by its make.py) through `phone-inventory
//! report`: each gives the same inventory, byte for byte, checked by hand in
//! tests/fixtures/shapes/expected/. Then what only some shapes have: API pages
//! read together or missing, a workbook's damaged cells, price tables and
//! invoice figures from files, and a workbook that claims a whole sheet.
//! The page reads the same files in page.rs.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use inventory_core::{ASSESSMENT_FILE, INVENTORY_FILE};
use inventory_tests::web::native_binary;
use inventory_tests::{fixture, wait_with_peak_memory};

/// Each numbers shape, as the files a user drops for it.
const NUMBERS_SHAPES: [&[&str]; 7] = [
    &["numbers_api.csv"],
    &["numbers_cli.tsv"],
    &["numbers_cli.json"],
    &["numbers_page0.json", "numbers_page1.json"],
    &["numbers.xlsx"],
    &["numbers_1904.xlsx"],
    &["numbers.ods"],
];

/// Runs `report` on `files` (in tests/fixtures/shapes) into a fresh folder.
fn report(files: &[&str]) -> (Output, tempfile::TempDir) {
    let out = tempfile::tempdir().expect("a temp dir");
    let output = Command::new(native_binary())
        .current_dir(fixture("shapes"))
        .arg("report")
        .args(files)
        .args(["--as-of", "2026-11-24", "--all-findings", "--out-dir"])
        .arg(out.path())
        .output()
        .expect("phone-inventory runs");
    assert!(
        output.status.success(),
        "{files:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (output, out)
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn every_numbers_shape_gives_the_same_inventory() {
    let expected = fixture("shapes").join("expected");
    for files in NUMBERS_SHAPES {
        let (output, out) = report(files);
        let text = stdout(&output);
        for name in [INVENTORY_FILE, ASSESSMENT_FILE] {
            assert!(
                read(out.path(), name) == read(&expected, name),
                "{files:?}: {name} differs from tests/fixtures/shapes/expected\n{}",
                String::from_utf8_lossy(&read(out.path(), name))
            );
        }
        // The same findings and notes whatever the shape: only the estimate for
        // the UK number, and the word that types were inferred.
        assert!(!text.contains("could not be read"), "{files:?}: {text}");
        assert!(
            text.contains(
                ": 1 GB local number(s) are priced at the US local rate 1.15: add GB local prices for exact costs."
            ),
            "{files:?}: {text}"
        );
        assert!(
            text.contains("Note: NumberType was inferred for 6 number(s)"),
            "{files:?}: {text}"
        );
        assert!(!text.contains("Values that could not be read"), "{files:?}: {text}");
    }
}

#[test]
fn api_pages_count_on_and_a_missing_page_is_said() {
    let (together, _) = report(&["numbers_page1.json", "numbers_page0.json"]);
    let text = stdout(&together);
    assert!(
        text.contains("numbers export: numbers_page1.json + numbers_page0.json (6 rows, UTF-8)"),
        "{text}"
    );
    assert!(!text.contains("incomplete listing"), "{text}");
    let (alone, _) = report(&["numbers_page0.json"]);
    assert!(stdout(&alone).contains(
        "numbers_page0.json: is an incomplete listing: page(s) 1 of it were not given, so the report has only \
         the 3 number(s) of the pages given. Get every page (`phone-inventory twilio fetch` does, or follow each \
         page's next_page_uri until it is null) and drop them all together."
    ));
    let (second, out) = report(&["numbers_page1.json"]);
    assert!(stdout(&second).contains("numbers_page1.json: is an incomplete listing: page(s) 0 of it"));
    let inventory = String::from_utf8(read(out.path(), INVENTORY_FILE)).unwrap();
    assert_eq!(inventory.lines().count(), 4, "the header and page 1's three numbers");
}

#[test]
fn a_workbooks_damaged_cells_are_findings_with_sheet_and_row() {
    let (output, _) = report(&["numbers_damaged.xlsx"]);
    let text = stdout(&output);
    for line in [
        "numbers_damaged.xlsx, sheet Sheet1, row 2: PhoneNumber `14155550134.5` can't be read as a phone number: a spreadsheet turned it into scientific notation and rounded digits away; export the column again formatted as Text; the row is left out of the report.",
        "numbers_damaged.xlsx, sheet Sheet1, row 3: PhoneNumber `447700900123` can't be read as a phone number: it has 12 digits and no country code: only 10 digits (North America), 11 starting with 1, or an international number starting with + or 00 can be read; add the country code with a leading +; the row is left out of the report.",
        "numbers_damaged.xlsx, sheet Sheet1, row 4: DateCreated `45658` is a number, not a date: format the column as a date in the workbook; the cell is left empty.",
    ] {
        assert!(text.contains(line), "missing: {line}\n{text}");
    }
    let (assigned, out) = report(&["numbers.xlsx", "assignments.xlsx"]);
    let inventory = String::from_utf8(read(out.path(), INVENTORY_FILE)).unwrap();
    // Booleans in Enabled: jdoe's is TRUE, Jane Roe's FALSE.
    assert!(
        inventory.contains("+1 (212) 555-0123,jdoe cell,User Assigned,jdoe,"),
        "{inventory}"
    );
    assert!(
        inventory.contains("+1 (416) 555-0188,,Other/System,Jane Roe,"),
        "{inventory}"
    );
    assert!(stdout(&assigned).contains("assignments: assignments.xlsx, sheet Users (2 rows, workbook)"));
}

#[test]
fn price_tables_and_invoice_figures_from_files_run_checks_one_and_three() {
    let (csv, csv_out) = report(&["numbers_cli.json", "prices.csv", "invoice.csv"]);
    let text = stdout(&csv);
    assert!(
        text.contains("price table: prices.csv (2 price(s): GB local 1.00, GB mobile 1.50)"),
        "{text}"
    );
    assert!(
        text.contains("invoice figures: invoice.csv (2026-10: 6 numbers, charges 8.05)"),
        "{text}"
    );
    assert!(text.contains("[   pass    ] Total count matches the invoice's phone-number count: 6 numbers in the report, 6 on the invoice."), "{text}");
    assert!(
        text.contains("estimated 7.75, invoice 8.05: a difference of 0.30 (3.7%)."),
        "{text}"
    );
    assert!(!text.contains("priced at the US"), "{text}");
    let inventory = String::from_utf8(read(csv_out.path(), INVENTORY_FILE)).unwrap();
    assert!(inventory.contains(
        "+44 7700900123,London desk,Other/System,,06-30-2025,1.00,0,,NEVER USED,No,local,GB,United Kingdom\r\n"
    ));
    // The saved API answers say the same.
    let (api, api_out) = report(&["numbers_cli.json", "pricing_gb.json", "usage_records.json"]);
    assert!(stdout(&api).contains("invoice figures: usage_records.json (2026-10: 6 numbers, charges 8.05)"));
    assert_eq!(
        read(api_out.path(), INVENTORY_FILE),
        read(csv_out.path(), INVENTORY_FILE)
    );
}

#[test]
fn a_workbook_claiming_a_whole_sheet_is_read_in_little_memory() {
    let out = tempfile::tempdir().expect("a temp dir");
    let child = Command::new(native_binary())
        .current_dir(fixture("bad"))
        .args(["report", "bomb.xlsx", "--as-of", "2026-11-24", "--out-dir"])
        .arg(out.path())
        .stdout(Stdio::null())
        .spawn()
        .expect("phone-inventory runs");
    let (code, peak) = wait_with_peak_memory(child);
    assert_eq!(code, Some(0));
    // A reader that allocated the claimed A1:XFD1048576 would need hundreds of GB.
    assert!(peak < 64 << 20, "peak memory {peak} bytes");
    let inventory = String::from_utf8(read(out.path(), INVENTORY_FILE)).unwrap();
    assert_eq!(inventory.lines().count(), 2);
}

/// A hand-made previous inventory (tests/fixtures/shapes/previous_inventory.csv):
/// one number the same, one written in another format and re-categorised, one
/// whose user and status changed, one re-priced, one gone, and one added.
#[test]
fn changes_since_a_previous_inventory() {
    let (output, out) = report(&["numbers_api.csv", "previous_inventory.csv"]);
    let expected = fixture("shapes").join("expected");
    let name = inventory_core::CHANGES_FILE;
    assert!(
        read(out.path(), name) == read(&expected, name),
        "{}",
        String::from_utf8_lossy(&read(out.path(), name))
    );
    let text = stdout(&output);
    assert!(text.contains(
        "Changes since 10-30-2026 (the previous inventory's latest LastActivity): 1 added (+1.15), 1 gone (-1.15), 3 changed.\n\
         Monthly cost 7.75 then, 7.90 now (+0.15: +1.15 added, -1.15 gone, +0.15 re-priced).\n"
    ), "{text}");
    // The inventory itself is as without the previous one.
    assert_eq!(read(out.path(), INVENTORY_FILE), read(&expected, INVENTORY_FILE));
    // A date given wins over the latest LastActivity.
    let dated = Command::new(native_binary())
        .current_dir(fixture("shapes"))
        .args([
            "report",
            "numbers_api.csv",
            "previous_inventory.csv",
            "--as-of",
            "2026-11-24",
        ])
        .args(["--previous-as-of", "2026-10-31", "--out-dir"])
        .arg(out.path())
        .output()
        .expect("phone-inventory runs");
    assert!(stdout(&dated).contains("Changes since 10-31-2026: 1 added"));
}

/// An .xls is refused with what to do: calamine's reader of the format
/// allocates what a damaged file claims (fuzzing found 23 GB from 5 KB).
#[test]
fn an_old_excel_workbook_is_refused_with_what_to_do() {
    let out = tempfile::tempdir().expect("a temp dir");
    let output = Command::new(native_binary())
        .current_dir(fixture("shapes"))
        .args(["report", "numbers.xls", "--out-dir"])
        .arg(out.path())
        .output()
        .expect("phone-inventory runs");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "phone-inventory: numbers.xls is an Excel 97-2003 workbook (.xls), which this tool does not read: open it \
         in Excel and save it as Excel Workbook (.xlsx) or CSV UTF-8.\n"
    );
}

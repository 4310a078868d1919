//! The workbook `Report::workbook_xlsx` writes, read back by calamine (a
//! reader that is not the writer): its sheets, rows, headers and cell types,
//! every cell of the two tables against the golden CSVs, and the same bytes
//! on every run.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, DataType, Range, Reader, Xlsx};
use chrono::NaiveDate;
use inventory_core::{format_mdy, group_findings, load, Inputs, Report, Settings};
use inventory_tests::{golden_as_of, golden_report};

const SHEETS: [&str; 7] = [
    "Summary",
    "Inventory",
    "Assessment",
    "Locations",
    "Area codes",
    "Findings",
    "Checks",
];

fn sheets(report: &Report) -> Vec<(String, Range<Data>)> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(report.workbook_xlsx())).expect("an xlsx");
    workbook.worksheets()
}

fn sheet<'a>(all: &'a [(String, Range<Data>)], name: &str) -> &'a Range<Data> {
    &all.iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .1
}

fn date_of(cell: &Data) -> NaiveDate {
    match cell {
        Data::DateTime(_) => cell.as_datetime().expect("a date").date(),
        other => panic!("not a date cell: {other:?}"),
    }
}

/// The CSV's rows (header first), its BOM gone.
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap().trim_start_matches('\u{FEFF}');
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// What the CSV holds for `cell` of the column `header`: the workbook keeps
/// types, the CSV text. Free text needs no `'` guard in a string cell.
fn as_csv_text(header: &str, cell: &Data) -> String {
    match (header, cell) {
        (_, Data::Empty) => String::new(),
        ("DateCreated" | "LastActivity", Data::DateTime(_)) => format_mdy(date_of(cell)),
        ("Monthly_Cost", Data::Float(money)) => format!("{money:.2}"),
        ("TotalMessages" | "DaysSinceLastActivity", Data::Float(count)) => format!("{count}"),
        ("FriendlyName" | "Category" | "Assigned_User", Data::String(text))
            if text.starts_with(['=', '+', '-', '@', '\t', '\r']) =>
        {
            format!("'{text}")
        }
        (_, Data::String(text)) => text.clone(),
        (header, other) => panic!("{header}: an unexpected cell {other:?}"),
    }
}

/// Every cell of `range` equals the CSV's, header included, with its type.
fn same_as_csv(range: &Range<Data>, csv: &[u8], what: &str) {
    let expected = csv_rows(csv);
    let rows: Vec<&[Data]> = range.rows().collect();
    assert_eq!(rows.len(), expected.len(), "{what}: rows");
    let header = &expected[0];
    for (i, (row, want)) in rows.iter().zip(&expected).enumerate() {
        assert_eq!(row.len(), want.len(), "{what}: columns of row {}", i + 1);
        for (cell, (name, want)) in row.iter().zip(header.iter().zip(want)) {
            let got = if i == 0 {
                cell.to_string()
            } else {
                as_csv_text(name, cell)
            };
            assert_eq!(&got, want, "{what}, row {}, column {name}", i + 1);
        }
    }
}

#[test]
fn the_golden_workbook_reads_back_with_its_sheets_rows_and_types() {
    let report = golden_report("numbers.csv");
    let all = sheets(&report);
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, SHEETS);

    let inventory = sheet(&all, "Inventory");
    same_as_csv(inventory, &report.inventory_csv(), "Inventory");
    same_as_csv(sheet(&all, "Assessment"), &report.assessment_csv(), "Assessment");
    assert_eq!(inventory.height(), 34, "the header and 33 numbers");

    // Typed cells, read as a spreadsheet reads them: the first row of the golden inventory.
    let first = |col: usize| inventory.get((1, col)).expect("a cell");
    assert_eq!(first(0), &Data::String("+1 (415) 555-0100".into()), "Phone is text");
    assert_eq!(first(1), &Data::String("Delivery Farm 1".into()));
    assert_eq!(
        date_of(first(4)),
        NaiveDate::from_ymd_opt(2025, 12, 9).unwrap(),
        "DateCreated"
    );
    assert_eq!(first(5), &Data::Float(1.15), "Monthly_Cost");
    assert_eq!(first(6), &Data::Float(120.0), "TotalMessages");
    assert_eq!(
        date_of(first(7)),
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        "LastActivity"
    );
    // A user's formula stays the text it was, with no `'` in front.
    let formula = inventory.rows().find_map(|r| match &r[1] {
        Data::String(s) if s.starts_with('=') => Some(s.clone()),
        _ => None,
    });
    assert_eq!(formula.as_deref(), Some("=SUM(A1:A3)"));
}

#[test]
fn the_summary_findings_and_checks_sheets_hold_the_report() {
    let report = golden_report("numbers.csv");
    let all = sheets(&report);
    let s = &report.summary;

    let summary = sheet(&all, "Summary");
    assert_eq!(
        summary.get((0, 0)),
        Some(&Data::String("Twilio phone numbers as of".into()))
    );
    assert_eq!(date_of(summary.get((0, 1)).unwrap()), golden_as_of());
    let cards: Vec<&[Data]> = summary.rows().skip(2).take(3).collect();
    assert_eq!(cards[0][1], Data::String("Numbers".into()));
    assert_eq!(
        cards[1][1..4],
        [Data::Float(33.0), Data::Float(39.95), Data::Float(479.4)]
    );
    assert_eq!(
        cards[2][1..4],
        [Data::Float(20.0), Data::Float(25.0), Data::Float(300.0)]
    );
    // Two matrices: header, one row per category, the totals; a blank row between.
    let matrix_rows = s.categories.len() + 2;
    let numbers_top = 6;
    let cost_top = numbers_top + matrix_rows + 1;
    let at = |row: usize, col: usize| summary.get((row, col)).cloned().unwrap_or(Data::Empty);
    assert_eq!(at(numbers_top, 0), Data::String("Numbers".into()));
    assert_eq!(at(numbers_top, 1), Data::String("NEVER USED".into()));
    assert_eq!(at(numbers_top, 6), Data::String("Total".into()));
    assert_eq!(
        at(numbers_top + matrix_rows - 1, 0),
        Data::String("All categories".into())
    );
    assert_eq!(at(numbers_top + matrix_rows - 1, 6), Data::Float(33.0));
    assert_eq!(at(cost_top, 0), Data::String("Monthly cost".into()));
    assert_eq!(at(cost_top + matrix_rows - 1, 6), Data::Float(39.95));
    for (i, category) in s.categories.iter().enumerate() {
        assert_eq!(at(numbers_top + 1 + i, 0), Data::String(category.clone()));
        let numbers = s.category_totals[i].numbers as f64;
        assert_eq!(at(numbers_top + 1 + i, 6), Data::Float(numbers), "{category}");
    }
    // Then, after a blank row, the report's notes (the golden numbers have no NumberType column).
    let notes_top = cost_top + matrix_rows + 1;
    assert!(!report.notes.is_empty());
    assert_eq!(at(notes_top, 0), Data::String("Notes".into()));
    for (i, note) in report.notes.iter().enumerate() {
        assert_eq!(at(notes_top + 1 + i, 0), Data::String(note.clone()));
    }
    assert_eq!(summary.height(), notes_top + 1 + report.notes.len());

    let findings = sheet(&all, "Findings");
    assert_eq!(findings.height(), report.findings.len() + 1);
    let header: Vec<String> = findings.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header, ["Kind", "File", "Position", "Message"]);
    let in_order: Vec<_> = group_findings(&report.findings)
        .into_iter()
        .flat_map(|g| g.findings)
        .collect();
    for (row, finding) in findings.rows().skip(1).zip(in_order) {
        assert_eq!(row[0], Data::String(finding.kind.title().into()));
        assert_eq!(row[1], Data::String(finding.file.clone()));
        let position = finding.line.map(|l| format!("{} {l}", finding.unit.word()));
        assert_eq!(row[2], position.map_or(Data::Empty, Data::String));
        assert_eq!(row[3], Data::String(finding.message.clone()));
    }
    assert!(findings.rows().any(|r| r[2] == Data::String("line 15".into())));

    let checks = sheet(&all, "Checks");
    assert_eq!(checks.height(), 5);
    let header: Vec<String> = checks.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header, ["Check", "Status", "Detail"]);
    for (row, check) in checks.rows().skip(1).zip(&report.checks) {
        assert_eq!(row[0], Data::String(check.title.into()));
        assert_eq!(row[1], Data::String(check.status.label().into()));
        assert_eq!(row[2], Data::String(check.detail.clone()));
    }
}

/// One file of the workbook's zip, as text.
fn unzipped(xlsx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx)).expect("a zip");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(name).expect(name), &mut text).expect("UTF-8");
    text
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    let first = golden_report("numbers.csv").workbook_xlsx();
    let second = golden_report("numbers.csv").workbook_xlsx();
    assert!(
        first == second,
        "two builds of the golden report wrote different workbooks"
    );
    // Nothing from the clock: the creation time is the as-of date.
    let core = unzipped(&first, "docProps/core.xml");
    assert!(
        core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-24T00:00:00Z</dcterms:created>"),
        "{core}"
    );
}

#[test]
fn texts_too_long_for_a_cell_and_dates_before_excels_are_kept_readable() {
    use inventory_core::{load, Inputs, Settings};
    let long_name = "a".repeat(40_000);
    let numbers = format!(
        "PhoneNumber,FriendlyName,DateCreated\n+14155550134,{long_name},1800-01-01\n\
         +14155550135,\"=HYPERLINK(\"\"http://example.com\"\")\",2025-12-09\n"
    );
    let mut inputs = Inputs::default();
    inputs.put(load("numbers.csv", numbers.into_bytes()).unwrap());
    let report = Report::build(&inputs, &Settings::new(golden_as_of())).unwrap();
    let all = sheets(&report);
    let inventory = sheet(&all, "Inventory");
    let name = inventory.get((1, 1)).unwrap().to_string();
    assert_eq!(name.chars().count(), 32_767, "cut to a cell's limit");
    assert!(name.ends_with("a…"));
    assert_eq!(
        inventory.get((1, 4)),
        Some(&Data::String("01-01-1800".into())),
        "Excel has no such date"
    );
    assert_eq!(
        inventory.get((2, 1)),
        Some(&Data::String("=HYPERLINK(\"http://example.com\")".into())),
        "a user's formula is text"
    );
    assert_eq!(
        date_of(inventory.get((2, 4)).unwrap()),
        NaiveDate::from_ymd_opt(2025, 12, 9).unwrap()
    );
}

/// With a previous inventory (the shapes' hand-made one) the workbook has a
/// Changes sheet after Assessment, cell for cell the changes CSV, typed.
#[test]
fn the_changes_sheet_holds_the_changes_csv_typed() {
    let shapes = inventory_tests::fixture("shapes");
    let mut inputs = Inputs::default();
    for name in ["numbers_api.csv", "previous_inventory.csv"] {
        let bytes = std::fs::read(shapes.join(name)).unwrap();
        inputs.put(load(name, bytes).unwrap());
    }
    let report = Report::build(&inputs, &Settings::new(golden_as_of())).unwrap();
    let all = sheets(&report);
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[3], "Changes");
    let changes = sheet(&all, "Changes");
    let csv = csv_rows(&report.changes_csv().unwrap());
    assert_eq!(changes.height(), csv.len());
    for (r, (row, want)) in changes.rows().zip(&csv).enumerate().skip(1) {
        for (c, (cell, want)) in row.iter().zip(want).enumerate() {
            let got = match cell {
                Data::Empty => String::new(),
                Data::Float(money) if c >= 8 => format!("{money:.2}"),
                Data::String(text) => text.clone(),
                other => panic!("row {r}, column {c}: an unexpected cell {other:?}"),
            };
            assert_eq!(&got, want, "row {r}, column {c}");
        }
    }
}

/// The Locations and Area codes sheets: the report's figures, numbers as numbers.
#[test]
fn the_location_sheets_hold_the_counts_and_costs() {
    let report = golden_report("numbers.csv");
    let all = sheets(&report);
    let locations = report.locations();
    let sheet_rows =
        |name: &str| -> Vec<Vec<Data>> { sheet(&all, name).rows().skip(1).map(<[Data]>::to_vec).collect() };
    let want: Vec<Vec<Data>> = locations
        .by_location
        .iter()
        .map(|l| {
            vec![
                Data::String(l.location.clone()),
                Data::Float(l.tally.numbers as f64),
                Data::Float(l.tally.monthly_cost.0 as f64 / 100.0),
            ]
        })
        .collect();
    assert_eq!(sheet_rows("Locations"), want);
    let total: f64 = sheet_rows("Locations").iter().map(|r| r[1].get_float().unwrap()).sum();
    assert_eq!(
        total as u64, report.summary.total.numbers,
        "every number has a location"
    );
    let want: Vec<Vec<Data>> = locations
        .by_area_code
        .iter()
        .map(|a| {
            vec![
                Data::Float(f64::from(a.area_code)),
                Data::String(a.location.clone()),
                Data::Float(a.tally.numbers as f64),
                Data::Float(a.tally.monthly_cost.0 as f64 / 100.0),
            ]
        })
        .collect();
    assert_eq!(sheet_rows("Area codes"), want);
    assert!(!want.is_empty());
}

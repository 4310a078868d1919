//! The `phone-inventory` command as a user runs it: outputs, exit codes,
//! messages, and that a failure never touches earlier outputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{listing, temp_dir, text};

const ASSESSMENT: &str = "Twilio_Phone_Usage_Assessment_v1.csv";
const INVENTORY: &str = "Twilio_Phone_Numbers_FULL_INVENTORY_v1.csv";
const WORKBOOK: &str = "Twilio_Phone_Inventory_v1.xlsx";

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/golden")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phone-inventory"))
        .args(args)
        .output()
        .expect("the command runs")
}

/// `phone-inventory report FILES… --as-of 2026-11-24 --out-dir OUT EXTRA…`.
fn report(files: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["report"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.extend(["--as-of", "2026-11-24", "--out-dir", out.to_str().unwrap()]);
    args.extend(extra);
    run(&args)
}

#[test]
fn report_in_any_order_writes_the_golden_outputs() {
    let out = temp_dir("golden");
    let (a, n, s) = (
        golden("assignments.csv"),
        golden("numbers.csv"),
        golden("message_stats.csv"),
    );
    let result = report(&[&a, &n, &s], &out, &[]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    for name in [INVENTORY, ASSESSMENT] {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(golden("expected").join(name)).unwrap(),
            "{name}"
        );
    }
    let printed = text(&result.stdout);
    assert!(
        printed.starts_with("As of 11-24-2026 (set with --as-of).\n"),
        "{printed}"
    );
    assert!(printed.contains("Release candidates: 20 numbers; releasing them saves 25.00 a month (300.00 a year)."));
    assert!(printed.contains("[not checked] Total count matches the invoice's phone-number count"));
    assert!(printed.contains("Duplicate numbers in the numbers file (first kept) (1):"));
    assert!(
        printed.contains("\nWhere the numbers are, most first:\nLocation "),
        "{printed}"
    );
    assert!(printed.contains("Wrote 33 numbers to:"));
    assert_eq!(listing(&out), [INVENTORY, ASSESSMENT], "no temporary files left");
}

#[test]
fn xlsx_adds_the_workbook_and_nothing_else_writes_it() {
    let [n, s, a] = ["numbers.csv", "message_stats.csv", "assignments.csv"].map(golden);
    let report_into = |name: &str, xlsx: bool| {
        let out = temp_dir(name);
        let result = report(&[&n, &s, &a], &out, if xlsx { &["--xlsx"] } else { &[] });
        assert!(result.status.success(), "{}", text(&result.stderr));
        (out, text(&result.stdout))
    };
    let (plain, _) = report_into("no-xlsx", false);
    let (with_xlsx, printed) = report_into("xlsx", true);
    let (again, _) = report_into("xlsx-again", true);
    assert_eq!(listing(&plain), [INVENTORY, ASSESSMENT], "nothing extra without --xlsx");
    assert_eq!(listing(&with_xlsx), [WORKBOOK, INVENTORY, ASSESSMENT]);
    assert!(
        printed.contains(&format!("{}\n", with_xlsx.join(WORKBOOK).display())),
        "{printed}"
    );
    for name in [INVENTORY, ASSESSMENT] {
        assert_eq!(
            std::fs::read(plain.join(name)).unwrap(),
            std::fs::read(with_xlsx.join(name)).unwrap()
        );
    }
    // core's workbook for the same inputs and as-of date, the same bytes from another process.
    let workbook = std::fs::read(with_xlsx.join(WORKBOOK)).unwrap();
    let mut inputs = inventory_core::Inputs::default();
    for path in [&n, &s, &a] {
        // Named as the command names them, in the findings too.
        let name = path.display().to_string();
        inputs.put(inventory_core::load(&name, std::fs::read(path).unwrap()).unwrap());
    }
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let report = inventory_core::Report::build(&inputs, &inventory_core::Settings::new(as_of)).unwrap();
    assert!(workbook == report.workbook_xlsx(), "the command's workbook is core's");
    assert!(
        workbook == std::fs::read(again.join(WORKBOOK)).unwrap(),
        "two runs, one workbook"
    );
}

#[test]
fn strict_fails_on_a_failed_check_but_still_writes() {
    let out = temp_dir("strict");
    let n = golden("numbers.csv");
    let lenient = report(&[&n], &out, &["--invoice-count", "34"]);
    assert_eq!(lenient.status.code(), Some(0));
    assert!(text(&lenient.stdout).contains("[   FAIL    ] Total count matches"));
    assert!(text(&lenient.stdout).contains("No message stats were given, so every number is NEVER USED"));
    let strict = report(&[&n], &out, &["--invoice-count", "34", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(
        text(&strict.stderr),
        "phone-inventory: 1 quality check(s) failed (--strict); the report was written\n"
    );
    assert!(out.join(INVENTORY).exists());
}

#[test]
fn bad_inputs_fail_in_one_line_and_touch_nothing() {
    let out = temp_dir("bad");
    std::fs::write(out.join(INVENTORY), "previous good report").unwrap();
    let other = out.join("other.csv");
    std::fs::write(&other, "Name,Amount\nx,1\n").unwrap();
    let n = golden("numbers.csv");
    let assignments = golden("assignments.csv");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![n.to_str().unwrap(), n.to_str().unwrap()],
            "are both the numbers export: give one file of each kind",
        ),
        (
            vec![other.to_str().unwrap()],
            "is none of the inputs: its header is `Name, Amount`",
        ),
        (vec![assignments.to_str().unwrap()], "the numbers export is required"),
        (
            vec![n.to_str().unwrap(), "--prices", assignments.to_str().unwrap()],
            "(given with --prices) is the assignments, not the price table: give it without --prices",
        ),
        (vec!["/no/such/file.csv"], "can't read /no/such/file.csv"),
    ];
    for (files, message) in cases {
        let mut args = vec!["report"];
        args.extend(files);
        args.extend(["--as-of", "2026-11-24", "--out-dir", out.to_str().unwrap()]);
        let result = run(&args);
        assert_eq!(result.status.code(), Some(2), "{args:?}");
        let err = text(&result.stderr);
        assert!(err.contains(message) && err.lines().count() == 1, "{err}");
    }
    assert_eq!(
        std::fs::read_to_string(out.join(INVENTORY)).unwrap(),
        "previous good report"
    );
    assert_eq!(listing(&out), [INVENTORY, "other.csv"]);
}

#[test]
fn an_unwritable_out_dir_fails_cleanly() {
    let out = temp_dir("blocked");
    let not_a_folder = out.join("report.txt");
    std::fs::write(&not_a_folder, "a file, not a folder").unwrap();
    let n = golden("numbers.csv");
    let result = report(&[&n], &not_a_folder, &[]);
    assert_eq!(result.status.code(), Some(3), "{}", text(&result.stderr));
    assert!(text(&result.stderr).starts_with("phone-inventory: can't create the folder"));
    assert_eq!(listing(&out), ["report.txt"]);
}

#[test]
fn settings_flags_change_the_report() {
    let out = temp_dir("settings");
    let rules = out.join("rules.csv");
    std::fs::write(&rules, "Category,Match,Text\nBoundaries,contains,boundary\n").unwrap();
    let n = golden("numbers.csv");
    let result = report(
        &[&n],
        &out,
        &[
            "--rules",
            rules.to_str().unwrap(),
            "--local-price",
            "1.00",
            "--toll-free-price",
            "3",
        ],
    );
    assert!(result.status.success(), "{}", text(&result.stderr));
    let inventory = std::fs::read_to_string(out.join(INVENTORY)).unwrap();
    assert!(inventory.contains(
        "\r\n+1 (415) 555-0130,Boundary 30,Boundaries,,01-01-2020,1.00,0,,NEVER USED,No,local,US,California\r\n"
    ));
    assert!(inventory.contains("+1 (800) 555-0199,Main toll-free,Other/System,,05-06-2021,3.00,"));
    // A price table's rows replace the defaults'; the flags win over a file.
    let prices = out.join("prices.csv");
    std::fs::write(
        &prices,
        "Country,NumberType,MonthlyPrice\nGB,local,0.90\nUS,local,1.05\n",
    )
    .unwrap();
    let result = report(
        &[&n],
        &out,
        &["--prices", prices.to_str().unwrap(), "--toll-free-price", "3"],
    );
    assert!(result.status.success(), "{}", text(&result.stderr));
    let stdout = text(&result.stdout);
    assert!(stdout.contains("price table: "), "{stdout}");
    assert!(!stdout.contains("priced at the US"), "{stdout}");
    let inventory = std::fs::read_to_string(out.join(INVENTORY)).unwrap();
    assert!(
        inventory.contains(",1.05,0,,NEVER USED,No,local,US,California\r\n"),
        "{inventory}"
    );
    assert!(
        inventory.contains(",0.90,") && inventory.contains(",local,GB,United Kingdom\r\n"),
        "{inventory}"
    );
    assert!(inventory.contains("+1 (800) 555-0199,Main toll-free,Other/System,,05-06-2021,3.00,"));
    let bad = run(&["report", n.to_str().unwrap(), "--local-price=1.2.3"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("is not an amount"));
}

#[test]
fn sample_is_deterministic_by_seed() {
    let (a, b, c) = (temp_dir("sample-a"), temp_dir("sample-b"), temp_dir("sample-c"));
    for (dir, seed) in [(&a, "3"), (&b, "3"), (&c, "4")] {
        let result = run(&[
            "sample",
            "--numbers",
            "300",
            "--seed",
            seed,
            "--anchor-date",
            "2026-11-24",
            "--out-dir",
            dir.to_str().unwrap(),
        ]);
        assert!(result.status.success(), "{}", text(&result.stderr));
    }
    for name in [
        "phone_numbers_inventory.csv",
        "twilio_message_stats.csv",
        "twilio_phone_assignments.csv",
    ] {
        let read = |d: &PathBuf| std::fs::read(d.join(name)).unwrap();
        assert_eq!(read(&a), read(&b), "{name}: same seed, same bytes");
        assert_ne!(read(&a), read(&c), "{name}: another seed, other bytes");
    }
    // And the sample makes a report with every kind of finding a real export has.
    let files: Vec<String> = listing(&a)
        .iter()
        .map(|f| a.join(f).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["report", "--as-of", "2026-11-24", "--out-dir", a.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    let result = run(&args);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let printed = text(&result.stdout);
    for heading in [
        "Values that could not be read",
        "Duplicate numbers",
        "Assigned in the database but not",
        "In the message stats but not",
        "assigned to several users",
    ] {
        assert!(printed.contains(heading), "{heading}\n{printed}");
    }
}

#[test]
fn long_help_shows_examples_and_exit_codes() {
    // The help is where the usage and the exit codes are written down: READMEs point at it.
    let extract = run(&["help", "extract"]);
    assert!(extract.status.success(), "{}", text(&extract.stderr));
    let shown = text(&extract.stdout);
    assert!(
        shown.contains("Examples:\n  export PHONE_INVENTORY_DB_PASSWORD="),
        "{shown}"
    );
    assert!(
        shown.contains("Exit codes, and what to check:\n   0  both files were written\n"),
        "{shown}"
    );
    for code in 10..=18 {
        assert!(
            shown.contains(&format!("\n  {code}  ")),
            "extract's exit code {code}:\n{shown}"
        );
    }
    assert!(shown.contains("  12  login failed: --user and the password"), "{shown}");
    assert_eq!(
        text(&run(&["extract", "--help"]).stdout),
        shown,
        "`help extract` is `extract --help`"
    );

    let report = run(&["report", "--help"]);
    assert!(report.status.success(), "{}", text(&report.stderr));
    let shown = text(&report.stdout);
    let example = "Examples:\n  The report as of today (UTC), into the current folder:\n    phone-inventory report ";
    assert!(shown.contains(example), "{shown}");
    let codes = "Exit codes:\n   0  the report was written\n   1  a quality check failed under --strict";
    assert!(shown.contains(codes), "{shown}");

    let sample = text(&run(&["sample", "--help"]).stdout);
    assert!(sample.contains("Examples:\n"), "{sample}");
    assert!(
        sample.contains("Exit codes:\n   0  the three files were written"),
        "{sample}"
    );
    let top = text(&run(&["--help"]).stdout);
    assert!(top.contains("phone-inventory help <command>"), "{top}");
}

/// `--email-summary` prints core's email text and nothing else on stdout
/// (so it pastes whole); the files are written as without it.
#[test]
fn email_summary_prints_cores_text_alone() {
    let [n, s, a] = ["numbers.csv", "message_stats.csv", "assignments.csv"].map(golden);
    let out = temp_dir("email");
    let result = report(&[&n, &s, &a], &out, &["--invoice-count", "33", "--email-summary"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let mut inputs = inventory_core::Inputs::default();
    for path in [&n, &s, &a] {
        inputs.put(inventory_core::load(&path.display().to_string(), std::fs::read(path).unwrap()).unwrap());
    }
    let mut settings = inventory_core::Settings::new(chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    settings.invoice_count = Some(33);
    let report = inventory_core::Report::build(&inputs, &settings).unwrap();
    assert_eq!(text(&result.stdout), report.email_summary().text);
    assert!(text(&result.stdout).starts_with("Twilio phone numbers as of 11-24-2026\n"));
    assert!(text(&result.stderr).contains("Wrote 33 numbers to:"));
    assert_eq!(
        std::fs::read(out.join(INVENTORY)).unwrap(),
        std::fs::read(golden("expected").join(INVENTORY)).unwrap()
    );
}

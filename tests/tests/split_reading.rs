//! `phone-inventory report` reads a CSV over 8 MB in two parts at once (a
//! second thread from a line end near its middle). Its report is the same
//! bytes as one built from the same files read in one piece
//! (`inventory_core::load`, as the page reads them), and it prints the same
//! findings, whose lines in the second part are the file's own. The join
//! itself is tested cut by cut in `core/tests/split.rs`.

use std::path::Path;

use inventory_core::{group_findings, Settings};
use inventory_tests::web::{assert_same_bytes, core_report, native_run, NativeRun};
use inventory_tests::{write_big_log, write_sample};

/// What `report` cuts in two: the command's `SPLIT_BYTES`.
const SPLIT_BYTES: u64 = 8 << 20;

fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date")
}

fn same_report(folder: &Path, names: &[&str], cut: &str) -> NativeRun {
    let size = std::fs::metadata(folder.join(cut)).expect("the file").len();
    assert!(size > SPLIT_BYTES, "{cut} is {size} bytes: too small to be cut");
    let native = native_run(folder, names, &["--as-of", "2026-11-24", "--all-findings"]);
    let whole = core_report(folder, names, &Settings::new(as_of()));
    assert_same_bytes(&native.inventory, &whole.inventory_csv(), "the inventory");
    assert_same_bytes(&native.assessment, &whole.assessment_csv(), "the assessment");
    let groups = group_findings(&whole.findings);
    assert!(!groups.is_empty(), "the inputs give findings to compare");
    for group in groups {
        let title = format!("{} ({}):", group.kind.title(), group.findings.len());
        assert!(native.stdout.contains(&title), "{title} in:\n{}", native.stdout);
        for finding in group.findings {
            let line = format!("  {finding}\n");
            assert!(native.stdout.contains(&line), "{line} in:\n{}", native.stdout);
        }
    }
    native
}

#[test]
fn a_numbers_export_read_in_two_parts_gives_the_same_report() {
    let dir = tempfile::Builder::new().prefix("split").tempdir().expect("a temp dir");
    write_sample(dir.path(), 60_000, 3);
    let names = [
        inventory_core::NUMBERS_FILE,
        inventory_core::STATS_FILE,
        inventory_core::ASSIGNMENTS_FILE,
    ];
    same_report(dir.path(), &names, inventory_core::NUMBERS_FILE);
}

/// The cut falls inside a quoted FriendlyName that runs over a line end: the
/// second part is given back and the first reads on from the cut (the
/// command reads those bytes from the file again).
#[test]
fn a_cut_inside_a_quoted_cell_reads_on_and_gives_the_same_report() {
    let dir = tempfile::Builder::new()
        .prefix("split-quoted")
        .tempdir()
        .expect("a temp dir");
    write_sample(dir.path(), 40_000, 5);
    let path = dir.path().join(inventory_core::NUMBERS_FILE);
    let mut bytes = std::fs::read(&path).expect("the numbers export");
    let line_end: &[u8] = if bytes.windows(2).any(|w| w == b"\r\n") {
        b"\r\n"
    } else {
        b"\n"
    };
    // Where report cuts: the first LF at or after the middle of what follows the head.
    let head = inventory_core::HEAD_BYTES as u64;
    let middle = |size: usize| (head + (size as u64 - head) / 2) as usize;
    let before = middle(bytes.len());
    let row_start = bytes[..before].iter().rposition(|&b| b == b'\n').expect("a line end") + 1;
    let mut row = b"PN00000000000000000000000000000001,AC3d16a3e59e9ac7fc25bb19f99fcc3a65,\"".to_vec();
    row.extend(std::iter::repeat_n(b'x', 1000));
    let inner = row.len();
    row.extend(b"\nspare desk\",+15125550199,,,in-use,\"Wed, 29 Mar 2023 20:42:37 +0000\",,");
    row.extend(line_end);
    bytes.splice(row_start..row_start, row.iter().copied());
    let after = middle(bytes.len());
    let cut = after + bytes[after..].iter().position(|&b| b == b'\n').expect("a line end");
    assert_eq!(cut, row_start + inner, "the cut falls inside the quoted FriendlyName");
    std::fs::write(&path, &bytes).expect("write the export");
    let names = [
        inventory_core::NUMBERS_FILE,
        inventory_core::STATS_FILE,
        inventory_core::ASSIGNMENTS_FILE,
    ];
    let native = same_report(dir.path(), &names, inventory_core::NUMBERS_FILE);
    let inventory = String::from_utf8_lossy(&native.inventory);
    assert!(
        inventory.contains("spare desk"),
        "the quoted cell over the cut is read whole"
    );
}

#[test]
fn a_message_log_read_in_two_parts_gives_the_same_report() {
    let dir = tempfile::Builder::new()
        .prefix("split-log")
        .tempdir()
        .expect("a temp dir");
    write_big_log(dir.path(), 100_000);
    same_report(dir.path(), &["numbers.csv", "TwilioMessage.csv"], "TwilioMessage.csv");
}

//! The bad-input corpus (`tests/fixtures/bad/EXPECTED.tsv`, plus the big
//! cases made by `generated_bad_cases`) through `phone-inventory report` and
//! through `inventory_core::load`: refusals are one line naming the file, with
//! the expected message, and leave the output folder as it was; read files
//! say what was odd about them in a file note.
//!
//! The command is the workspace's `phone-inventory` binary, which
//! `inventory_tests::phone_inventory` builds first when it is missing or stale.

use std::path::Path;
use std::process::{Command, Output};

use inventory_core::{load, FindingKind, ASSESSMENT_FILE, INVENTORY_FILE};
use inventory_tests::web::native_binary;
use inventory_tests::{bad_cases, generated_bad_cases, BadCase};

const PREVIOUS: &[u8] = b"an inventory from an earlier run\n";

/// Runs the command on `case` from a folder holding only its file, into an
/// output folder that already holds an earlier inventory.
fn run(case: &BadCase, bytes: &[u8]) -> (Output, tempfile::TempDir) {
    let input = tempfile::Builder::new()
        .prefix("bad-input")
        .tempdir()
        .expect("a temp dir");
    std::fs::write(input.path().join(&case.file), bytes).expect("write the case");
    let out = tempfile::Builder::new()
        .prefix("bad-out")
        .tempdir()
        .expect("a temp dir");
    std::fs::write(out.path().join(INVENTORY_FILE), PREVIOUS).expect("write the earlier output");
    let mut command = Command::new(native_binary());
    command.current_dir(input.path()).arg("report").arg(&case.file);
    if let Some(numbers) = &case.with {
        command.arg(numbers);
    }
    let output = command
        .args(["--as-of", "2026-11-24", "--all-findings", "--out-dir"])
        .arg(out.path())
        .output()
        .expect("phone-inventory runs");
    (output, out)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the output folder")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn check_command(case: &BadCase, bytes: &[u8]) {
    let name = &case.file;
    let (output, out) = run(case, bytes);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert_eq!(
        output.status.code(),
        Some(case.exit),
        "{name}: exit code; stderr: {stderr}"
    );
    if case.refused {
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "{name}: a refusal is one line on stderr, not {stderr:?}"
        );
        assert_eq!(
            lines[0],
            format!("phone-inventory: {}", case.message),
            "{name}: the refusal"
        );
        assert!(lines[0].contains(name.as_str()), "{name}: the refusal names the file");
        assert_eq!(
            files_in(out.path()),
            [INVENTORY_FILE],
            "{name}: no new or temporary file after a refusal"
        );
        let kept = std::fs::read(out.path().join(INVENTORY_FILE)).expect("the earlier inventory");
        assert_eq!(kept, PREVIOUS, "{name}: a refusal leaves the earlier inventory alone");
    } else {
        assert!(
            stdout.contains(&case.message),
            "{name}: stdout should contain {:?}:\n{stdout}",
            case.message
        );
        let mut written = [ASSESSMENT_FILE, INVENTORY_FILE];
        written.sort();
        assert_eq!(files_in(out.path()), written, "{name}: both outputs, nothing else");
    }
}

fn check_library(case: &BadCase, bytes: Vec<u8>) {
    let name = &case.file;
    match (load(name, bytes), case.check.as_str()) {
        (Err(e), "stderr") => assert_eq!(e.to_string(), case.message, "{name}: inventory_core::load's message"),
        (Ok(input), "note") => {
            let notes: Vec<String> = input
                .findings
                .iter()
                .filter(|f| f.kind == FindingKind::FileNote)
                .map(|f| f.to_string())
                .collect();
            assert!(
                notes.iter().any(|n| n.contains(&case.message)),
                "{name}: a file note {:?} among {notes:?}",
                case.message
            );
        }
        (Ok(_), "stdout") => {}
        (result, check) => panic!(
            "{name}: expected `{check}`, inventory_core::load gave {:?}",
            result.err()
        ),
    }
}

#[test]
fn every_corpus_file_gives_its_expected_outcome() {
    let cases = bad_cases();
    assert!(
        cases.len() >= 13,
        "EXPECTED.tsv lists the whole corpus ({} rows)",
        cases.len()
    );
    let listed: Vec<&str> = cases.iter().map(|(c, _)| c.file.as_str()).collect();
    for entry in std::fs::read_dir(inventory_tests::fixture("bad")).expect("tests/fixtures/bad") {
        let file = entry.expect("an entry").file_name().to_string_lossy().into_owned();
        assert!(
            file == "EXPECTED.tsv" || listed.contains(&file.as_str()),
            "{file} has no row in EXPECTED.tsv"
        );
    }
    for (case, bytes) in cases {
        assert_eq!(
            case.exit,
            if case.refused { 2 } else { 0 },
            "{}: README's exit codes",
            case.file
        );
        check_command(&case, &bytes);
        check_library(&case, bytes);
    }
}

#[test]
fn a_one_megabyte_cell_and_ten_thousand_columns() {
    for (case, bytes) in generated_bad_cases() {
        check_command(&case, &bytes);
        check_library(&case, bytes);
    }
}

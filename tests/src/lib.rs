//! Helpers for the tests that cross crates: the golden fixtures and how to
//! build the report from them exactly as the command and the page do.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use chrono::NaiveDate;
use inventory_core::{load, Inputs, Report, Settings};

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

/// The as-of date every golden output was made for.
pub fn golden_as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("a real date")
}

/// Builds the golden report with `numbers_file` as the numbers export.
pub fn golden_report(numbers_file: &str) -> Report {
    let mut inputs = Inputs::default();
    for name in [numbers_file, "message_stats.csv", "assignments.csv"] {
        let path = fixture("golden").join(name);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        inputs.put(load(name, bytes).unwrap_or_else(|e| panic!("{e}")));
    }
    Report::build(&inputs, &Settings::new(golden_as_of())).expect("the numbers file is there")
}

/// An expected output of the golden report.
pub fn expected(name: &str) -> Vec<u8> {
    let path = fixture("golden").join("expected").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Waits for `child` and returns its exit code and peak resident memory in
/// bytes (wait4 gives the usage of that one child, not of every child).
pub fn wait_with_peak_memory(child: std::process::Child) -> (Option<i32>, u64) {
    let mut status = 0;
    // SAFETY: wait4 only writes the status and the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t, "wait4");
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    (code, usage.ru_maxrss as u64 * 1024)
}

/// The page's end-to-end test helpers (headless Chromium, static server).
pub mod web;

/// The `phone-inventory` binary of this workspace, in the profile of the
/// running test (`target/debug` for `cargo test`), built first.
///
/// Cargo builds a package's own binaries for its tests, not another
/// package's, so `cargo test -p inventory-tests` on a clean target folder
/// would find none. The first call in a test process runs
/// `cargo build -p phone-inventory` (the `cargo` that runs the tests, into the
/// target folder the test binary is in); cargo rebuilds only what is missing
/// or older than its sources, so later runs cost a second. Panics with
/// cargo's output if the build fails.
pub fn phone_inventory() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(build_phone_inventory).clone()
}

fn build_phone_inventory() -> PathBuf {
    let profile_dir = web::profile_dir();
    let target_dir = web::target_dir();
    let profile = profile_dir
        .file_name()
        .and_then(|n| n.to_str())
        .expect("target/<profile>");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut build = Command::new(&cargo);
    build
        .current_dir(&workspace)
        .args(["build", "--quiet", "-p", "phone-inventory", "--target-dir"])
        .arg(&target_dir);
    match profile {
        "debug" => {}
        "release" => {
            build.arg("--release");
        }
        other => {
            build.args(["--profile", other]);
        }
    }
    let output = build
        .output()
        .unwrap_or_else(|e| panic!("can't run {}: {e}", cargo.to_string_lossy()));
    assert!(
        output.status.success(),
        "cargo build -p phone-inventory failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let binary = profile_dir.join(format!("phone-inventory{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.is_file(),
        "cargo built phone-inventory, but {} is not there",
        binary.display()
    );
    binary
}

/// One case of the bad-input corpus (`tests/fixtures/bad/EXPECTED.tsv`).
#[derive(Clone, Debug)]
pub struct BadCase {
    pub file: String,
    /// True for `refused` (exit 2), false for `read` (exit 0).
    pub refused: bool,
    pub exit: i32,
    /// The golden numbers file to run with, for a file that is not a numbers export.
    pub with: Option<PathBuf>,
    /// `stderr`, `note` or `stdout`: where `message` must show.
    pub check: String,
    pub message: String,
}

/// Every row of `tests/fixtures/bad/EXPECTED.tsv`, with its file's bytes.
pub fn bad_cases() -> Vec<(BadCase, Vec<u8>)> {
    let table = std::fs::read_to_string(fixture("bad").join("EXPECTED.tsv")).expect("tests/fixtures/bad/EXPECTED.tsv");
    let rows = table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1);
    rows.map(|line| {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), 6, "EXPECTED.tsv: six tab-separated cells in {line:?}");
        assert!(
            matches!(cells[1], "refused" | "read"),
            "EXPECTED.tsv: outcome {:?}",
            cells[1]
        );
        let case = BadCase {
            file: cells[0].to_string(),
            refused: cells[1] == "refused",
            exit: cells[2].parse().expect("EXPECTED.tsv: an exit code"),
            with: (cells[3] != "alone").then(|| fixture(cells[3])),
            check: cells[4].to_string(),
            message: cells[5].to_string(),
        };
        let bytes = std::fs::read(fixture("bad").join(&case.file)).unwrap_or_else(|e| panic!("{}: {e}", case.file));
        (case, bytes)
    })
    .collect()
}

/// The corpus cases too big to commit, made here: a 1 MB cell and 10,000 columns.
pub fn generated_bad_cases() -> Vec<(BadCase, Vec<u8>)> {
    let case = |file: &str, refused: bool, check: &str, message: String| BadCase {
        file: file.to_string(),
        refused,
        exit: if refused { 2 } else { 0 },
        with: None,
        check: check.to_string(),
        message,
    };
    let big_cell = format!(
        "PhoneNumber,FriendlyName,DateCreated\n+14155550100,\"{}\",2025-01-01\n",
        "x".repeat(1 << 20)
    );
    let many: Vec<String> = (1..=10_000).map(|i| format!("c{i}")).collect();
    let wide_unknown = format!("{}\n{}\n", many.join(","), vec!["1"; 10_000].join(","));
    let wide_numbers = format!(
        "{},PhoneNumber,FriendlyName,DateCreated\n{},+14155550100,Farm 1,2025-01-01\n",
        many[3..].join(","),
        vec!["1"; 9_997].join(",")
    );
    let shown: Vec<&str> = many.iter().take(12).map(String::as_str).collect();
    vec![
        (case("big_cell.csv", false, "stdout", "numbers export: big_cell.csv (1 rows, UTF-8)".into()), big_cell.into_bytes()),
        (
            case(
                "wide_unknown.csv",
                true,
                "stderr",
                format!("wide_unknown.csv (78 KB) is none of the inputs: its header is `{}, …`. Expected the numbers export (PhoneNumber, FriendlyName, DateCreated), or the message stats (From, MessageCount, LastDateSent), or the message log (From, DateSent), or the assignments (PhoneNumber, AspNetUserId, Enabled), or the previous inventory (Phone, Category, Assigned_User, UsageStatus, Monthly_Cost), or the price table (Country, NumberType, MonthlyPrice), or the invoice figures (Month, Numbers, Charges).", shown.join(", ")),
            ),
            wide_unknown.into_bytes(),
        ),
        (case("wide_numbers.csv", false, "stdout", "numbers export: wide_numbers.csv (1 rows, UTF-8)".into()), wide_numbers.into_bytes()),
    ]
}

/// Numbers in the big generated inputs: their numbers export is just over
/// 200 MB (about 259 bytes a row).
pub const BIG_NUMBERS: usize = 780_000;

/// The three big generated inputs (numbers export over 200 MB), made once
/// under `target/big-inputs/` by the fastest `phone-inventory sample` and
/// kept there for the next test: numbers, message stats, assignments.
pub fn big_inputs() -> Vec<PathBuf> {
    let dir = web::target_dir().join("big-inputs").join(BIG_NUMBERS.to_string());
    let files = [
        inventory_core::NUMBERS_FILE,
        inventory_core::STATS_FILE,
        inventory_core::ASSIGNMENTS_FILE,
    ]
    .map(|name| dir.join(name));
    if !files.iter().all(|f| f.is_file()) {
        // Made beside and renamed, so a test stopped halfway leaves no half files.
        let parent = dir.parent().expect("target/big-inputs");
        std::fs::create_dir_all(parent).expect("target/big-inputs");
        let making = tempfile::Builder::new()
            .prefix("making")
            .tempdir_in(parent)
            .expect("a temp dir");
        write_sample(making.path(), BIG_NUMBERS as u64, 1);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::rename(making.keep(), &dir).expect("keep the big inputs");
    }
    let numbers = std::fs::metadata(&files[0]).expect("the big numbers file").len();
    assert!(
        numbers > 200_000_000,
        "the big numbers export is {numbers} bytes, not over 200 MB"
    );
    files.to_vec()
}

/// Writes `phone-inventory sample`'s three files of `numbers` numbers into
/// `dir` (anchored on 2026-11-24), with the fastest build there is.
pub fn write_sample(dir: &std::path::Path, numbers: u64, seed: u64) {
    let output = std::process::Command::new(web::fastest_native_binary())
        .args(["sample", "--numbers", &numbers.to_string(), "--seed", &seed.to_string()])
        .args(["--anchor-date", "2026-11-24", "--out-dir"])
        .arg(dir)
        .output()
        .expect("phone-inventory sample runs");
    assert!(
        output.status.success(),
        "phone-inventory sample: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Messages in the big log: about 2.6 GB in the SOP's TwilioMessage shape.
pub const BIG_LOG_MESSAGES: u64 = 25_000_000;
/// Numbers in the export beside it.
pub const BIG_LOG_NUMBERS: u64 = 10_000;

/// The 10,000-number export and a log of `messages` messages (25 million:
/// [`BIG_LOG_MESSAGES`]), written quickly (no formatting machinery per row)
/// into `dir`: `numbers.csv` and `TwilioMessage.csv`.
pub fn write_big_log(dir: &std::path::Path, messages: u64) -> (PathBuf, PathBuf) {
    use std::fs::File;
    use std::io::{BufWriter, Write};
    let numbers = dir.join("numbers.csv");
    let mut out = BufWriter::new(File::create(&numbers).expect("numbers file"));
    out.write_all(b"PhoneNumber,FriendlyName,DateCreated\r\n")
        .expect("write");
    for i in 0..BIG_LOG_NUMBERS {
        writeln!(out, "+1415{},Delivery Farm {i},2025-01-15\r", 2_000_000 + i).expect("write");
    }
    out.flush().expect("flush");
    let log = dir.join("TwilioMessage.csv");
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&log).expect("log file"));
    out.write_all(b"Sid,DateSent,To,From,Status,Price\r\n").expect("write");
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut row = Vec::with_capacity(128);
    fn digits(mut n: u64, width: usize, row: &mut Vec<u8>) {
        let start = row.len();
        for _ in 0..width {
            row.push(b'0' + (n % 10) as u8);
            n /= 10;
        }
        row[start..].reverse();
    }
    for m in 0..messages {
        row.clear();
        row.extend_from_slice(b"SM");
        let mixed = m.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        for shift in (0..64).step_by(4).rev() {
            row.push(HEX[((m >> shift) & 15) as usize]);
        }
        for shift in (0..64).step_by(4).rev() {
            row.push(HEX[((mixed >> shift) & 15) as usize]);
        }
        row.push(b',');
        if m % 50 != 7 {
            // 2026-MM-DD HH:MM:SS.000, spread over the year.
            row.extend_from_slice(b"2026-");
            digits(1 + (mixed >> 8) % 11, 2, &mut row);
            row.push(b'-');
            digits(1 + (mixed >> 16) % 28, 2, &mut row);
            row.push(b' ');
            digits((mixed >> 24) % 24, 2, &mut row);
            row.extend_from_slice(b":00:00.000");
        }
        // To: one of 100,000 customers, or now and then one of the account's numbers.
        row.extend_from_slice(b",+1");
        if m % 20 == 3 {
            digits(4_152_000_000 + (mixed >> 32) % BIG_LOG_NUMBERS, 10, &mut row);
        } else {
            digits(5_005_500_000 + (mixed >> 32) % 100_000, 10, &mut row);
        }
        // From: one of the account's numbers (a few past its end: not in the account).
        row.extend_from_slice(b",+1");
        digits(4_152_000_000 + (mixed >> 40) % (BIG_LOG_NUMBERS + 50), 10, &mut row);
        row.extend_from_slice(b",delivered,-0.0079\r\n");
        out.write_all(&row).expect("write");
    }
    out.flush().expect("flush");
    (numbers, log)
}

/// A wrong 2.5 GB file in `dir`: a foreign header (`Sid, Customer, Amount,
/// Region`) and 3,000 rows, the rest a hole (2.5 GB in its size, none of it
/// on the disk). Never committed; made by the tests that refuse it.
pub fn write_sparse_wrong_file(dir: &std::path::Path, name: &str) -> PathBuf {
    use std::io::Write;
    let wrong = dir.join(name);
    let mut file = std::fs::File::create(&wrong).expect("the wrong file");
    file.write_all(b"Sid,Customer,Amount,Region\r\n").expect("its header");
    for i in 0..3_000 {
        write!(file, "SA{i},Alice,12.50,West\r\n").expect("a row");
    }
    file.set_len(2_500_000_000).expect("a sparse file");
    wrong
}

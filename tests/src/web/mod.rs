//! Helpers for the page's end-to-end tests (`tests/page*.rs`): a static
//! server for `dist/`, a headless Chromium session, what its panels show,
//! and the native `phone-inventory report` to compare the page with.

pub mod browser;
pub mod panels;
pub mod sections;
pub mod server;
pub mod watch;

use std::collections::BTreeMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::Command;

use inventory_core::{Report, Settings};

pub use browser::Browser;
pub use server::{Request, StaticServer};

/// The cargo target folder of the running test (`target/`), found from the
/// test binary's path `target/<profile>/deps/<test>-<hash>`.
pub fn target_dir() -> PathBuf {
    profile_dir()
        .parent()
        .expect("target/<profile> has a parent")
        .to_path_buf()
}

/// `target/<profile>`, where cargo puts the workspace's binaries.
pub(crate) fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let deps = exe.parent().expect("the test binary is in target/<profile>/deps");
    deps.parent().expect("target/<profile>").to_path_buf()
}

/// The `phone-inventory` binary built next to this test (built first if
/// missing or stale: see [`crate::phone_inventory`]).
pub fn native_binary() -> PathBuf {
    crate::phone_inventory()
}

/// A `phone-inventory` binary for making big sample inputs: the release
/// build (`target/release`, much faster at 1,000,000 numbers) if there is
/// one, else the one built next to this test.
pub fn fastest_native_binary() -> PathBuf {
    let release = target_dir()
        .join("release")
        .join(format!("phone-inventory{}", std::env::consts::EXE_SUFFIX));
    if release.is_file() {
        release
    } else {
        native_binary()
    }
}

/// Runs a page test (async, on one thread) to its end.
pub fn run(test: impl Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(test);
}

/// What `phone-inventory report` wrote and printed.
pub struct NativeRun {
    pub inventory: Vec<u8>,
    pub assessment: Vec<u8>,
    pub stdout: String,
    /// Every file it wrote, by name.
    pub written: BTreeMap<String, Vec<u8>>,
}

impl NativeRun {
    /// The bytes of the file `name` it wrote, or a panic naming what it wrote.
    pub fn file(&self, name: &str) -> &[u8] {
        self.written.get(name).map(Vec::as_slice).unwrap_or_else(|| {
            panic!(
                "phone-inventory report wrote no {name}, only {:?}",
                self.written.keys().collect::<Vec<_>>()
            )
        })
    }
}

/// The report of the files `names` in `folder` with `settings` (a price
/// table or invoice file among them changes them), built by core as the
/// command and the page build it: each file named by its name alone.
pub fn core_report(folder: &Path, names: &[&str], settings: &Settings) -> Report {
    let mut settings = settings.clone();
    let mut inputs = inventory_core::Inputs::default();
    for name in names {
        let path = folder.join(name);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let loaded = inventory_core::load(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        if settings.apply_file(&loaded).is_none() {
            inputs.put(loaded);
        }
    }
    Report::build(&inputs, &settings).unwrap_or_else(|e| panic!("the report of {names:?}: {e}"))
}

/// Runs `phone-inventory report` in `folder` on the files `names` there,
/// so its findings name each file as the page does: by its name alone.
pub fn native_run(folder: &Path, names: &[&str], args: &[&str]) -> NativeRun {
    let out = tempfile::Builder::new()
        .prefix("native-run")
        .tempdir()
        .expect("a temp dir");
    let output = Command::new(native_binary())
        .current_dir(folder)
        .arg("report")
        .args(names)
        .args(args)
        .arg("--out-dir")
        .arg(out.path())
        .output()
        .expect("phone-inventory runs");
    assert!(
        output.status.success(),
        "phone-inventory report {names:?} {args:?} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let read = |name: &str| {
        let path = out.path().join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let written = std::fs::read_dir(out.path())
        .expect("the command's output folder")
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name.clone(), read(&name))
        })
        .collect();
    NativeRun {
        inventory: read(inventory_core::INVENTORY_FILE),
        assessment: read(inventory_core::ASSESSMENT_FILE),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        written,
    }
}

/// The one-line reason `phone-inventory report` gives for refusing `file`
/// (exit code 2), without the `phone-inventory: ` prefix.
pub fn native_refusal(file: &Path) -> String {
    let out = tempfile::Builder::new()
        .prefix("native-refusal")
        .tempdir()
        .expect("a temp dir");
    // Run next to the file, so the message names it as the page does: by its name.
    let (folder, name) = (file.parent().expect("a folder"), file.file_name().expect("a file name"));
    let output = Command::new(native_binary())
        .current_dir(folder)
        .arg("report")
        .arg(name)
        .args(["--as-of", "2026-11-24", "--out-dir"])
        .arg(out.path())
        .output()
        .expect("phone-inventory runs");
    assert_eq!(
        output.status.code(),
        Some(2),
        "phone-inventory report {} should refuse it",
        file.display()
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    stderr.trim().trim_start_matches("phone-inventory: ").to_string()
}

/// Panics with the first differing line when `actual` is not `expected`.
pub fn assert_same_bytes(actual: &[u8], expected: &[u8], what: &str) {
    if actual != expected {
        let (a, e) = (String::from_utf8_lossy(actual), String::from_utf8_lossy(expected));
        for (i, (la, le)) in a.lines().zip(e.lines()).enumerate() {
            assert_eq!(la, le, "{what}: first difference on line {}", i + 1);
        }
        panic!(
            "{what}: {} bytes, expected {} (same lines; line endings or length differ)",
            actual.len(),
            expected.len()
        );
    }
}

/// The rows of a report CSV (its UTF-8 BOM dropped) as header → cell maps, in order.
pub fn csv_rows(bytes: &[u8]) -> Vec<Vec<(String, String)>> {
    let text = std::str::from_utf8(bytes).expect("the report CSVs are UTF-8");
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().expect("a header").iter().map(str::to_string).collect();
    reader
        .records()
        .map(|r| {
            let record = r.expect("a CSV row");
            header.iter().cloned().zip(record.iter().map(str::to_string)).collect()
        })
        .collect()
}

/// The cell `column` of a row from [`csv_rows`].
pub fn cell<'a>(row: &'a [(String, String)], column: &str) -> &'a str {
    row.iter()
        .find(|(h, _)| h == column)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no column {column}"))
}

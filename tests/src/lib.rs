//! Helpers for the tests that cross crates: the golden fixtures and how to
//! build the report from them exactly as the command and the page do.

use std::path::PathBuf;

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

/// The page's end-to-end test helpers (headless Chromium, static server).
pub mod web;

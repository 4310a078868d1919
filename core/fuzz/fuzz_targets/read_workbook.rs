//! Any bytes as a workbook (.xlsx, .xls, .ods), then the whole report: the
//! zip, the XML, the typed cells and the row readers must never panic, hang
//! or allocate without bound. The seeds are the shape fixtures and the bad
//! workbooks (one cut short, one claiming a whole sheet).
#![no_main]

use chrono::NaiveDate;
use inventory_core::{load, Inputs, Report, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut inputs = Inputs::default();
    if let Ok(input) = load("fuzz.xlsx", data.to_vec()) {
        inputs.put(input);
    }
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    if let Ok(report) = Report::build(&inputs, &Settings::new(as_of)) {
        let (inventory, _) = report.outputs();
        assert!(inventory.starts_with("\u{FEFF}Phone,".as_bytes()));
    }
});

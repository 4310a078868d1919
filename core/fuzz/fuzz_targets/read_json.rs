//! Any bytes as a JSON input (twilio-cli's list, API pages, a Usage Records or
//! Pricing answer), then the whole report: parsing, the table made of it, the
//! row readers and the outputs must never panic, hang or blow up. The seeds
//! are the shape fixtures, so mutations stay close to real answers.
#![no_main]

use chrono::NaiveDate;
use inventory_core::{load, Inputs, Report, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut inputs = Inputs::default();
    let mut settings = Settings::new(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    // Two files split at the first 0xFF: two pages of one listing, or a page and settings.
    for part in data.splitn(2, |&b| b == 0xFF) {
        if let Ok(input) = load("fuzz.json", part.to_vec()) {
            let message = input.findings.iter().map(|f| f.to_string()).count();
            assert!(message == input.findings.len());
            if settings.apply_file(&input).is_none() {
                inputs.put(input);
            }
        }
    }
    if let Ok(report) = Report::build(&inputs, &settings) {
        let (inventory, assessment) = report.outputs();
        assert!(inventory.starts_with("\u{FEFF}Phone,".as_bytes()));
        assert!(assessment.ends_with(b"\r\n"));
    }
});

//! A rules file of any text: never panics; a file it accepts writes back to
//! the same rules, and classifies a few names without trouble.
#![no_main]

use chrono::NaiveDate;
use inventory_core::{load, Inputs, Report, Rules, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(rules) = Rules::from_csv(text) else { return };
    assert_eq!(Rules::from_csv(&rules.to_csv()).as_ref(), Ok(&rules));
    let numbers = "PhoneNumber,FriendlyName,DateCreated\n+14155550100,Delivery Farm 1,2025-01-01\n\
                   +14155550101,Jane Doe,2025-01-01\n+14155550102,ADP_Sync,2025-01-01\n";
    let mut inputs = Inputs::default();
    inputs.put(load("n.csv", numbers.as_bytes().to_vec()).unwrap());
    let mut settings = Settings::new(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    settings.rules = rules;
    let report = Report::build(&inputs, &settings).unwrap();
    assert_eq!(report.rows.len(), 3);
});

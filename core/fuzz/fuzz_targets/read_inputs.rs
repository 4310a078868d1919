//! Any bytes as one to three input files, then the whole report: reading,
//! the join, the checks and both CSVs must never panic, hang or blow up.
//! The first byte picks a header to put in front, so the fuzzer reaches the
//! row readers of each kind as well as header recognition.
#![no_main]

use chrono::NaiveDate;
use inventory_core::{load, Inputs, Report, Settings};
use libfuzzer_sys::fuzz_target;

const HEADERS: [&[u8]; 4] = [
    b"",
    b"PhoneNumber,FriendlyName,DateCreated\n",
    b"From,MessageCount,LastDateSent\n",
    b"PhoneNumber,AspNetUserId,Enabled,UserName,Email\n",
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let mut inputs = Inputs::default();
    // Up to three files separated by a 0xFF 0x00 pair.
    for (i, part) in rest.split(|&b| b == 0xFF).take(3).enumerate() {
        let header = HEADERS[(usize::from(first) >> (2 * i)) & 3];
        if let Ok(input) = load("fuzz.csv", [header, part].concat()) {
            inputs.put(input);
        }
    }
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    if let Ok(report) = Report::build(&inputs, &Settings::new(as_of)) {
        let (inventory, assessment) = report.outputs();
        assert!(inventory.starts_with("\u{FEFF}Phone,".as_bytes()));
        assert!(assessment.ends_with(b"\r\n"));
        let _ = report.summary_csv();
        let _ = report.summary.to_text();
    }
});

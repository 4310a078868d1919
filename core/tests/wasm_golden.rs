//! The golden fixtures through the wasm32 build of `core`, in headless
//! Chromium: the same bytes as the native build's expected outputs.
//!
//! Run: `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! cargo test -p inventory-core --target wasm32-unknown-unknown --test wasm_golden`
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use inventory_core::{load, Inputs, Report, Settings};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

macro_rules! golden {
    ($name:literal) => {
        include_bytes!(concat!("../../tests/fixtures/golden/", $name)).to_vec()
    };
}

fn report(numbers: Vec<u8>) -> Report {
    let mut inputs = Inputs::default();
    inputs.put(load("numbers.csv", numbers).unwrap());
    inputs.put(load("message_stats.csv", golden!("message_stats.csv")).unwrap());
    inputs.put(load("assignments.csv", golden!("assignments.csv")).unwrap());
    Report::build(&inputs, &Settings::new(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap())).unwrap()
}

#[wasm_bindgen_test]
fn golden_outputs_are_the_same_bytes_as_native() {
    for numbers in [
        golden!("numbers.csv"),
        golden!("numbers_cp1252.csv"),
        golden!("numbers_utf16.csv"),
    ] {
        let report = report(numbers);
        assert_eq!(
            report.inventory_csv(),
            golden!("expected/Twilio_Phone_Numbers_FULL_INVENTORY_v1.csv")
        );
        assert_eq!(
            report.assessment_csv(),
            golden!("expected/Twilio_Phone_Usage_Assessment_v1.csv")
        );
        assert_eq!(report.summary_csv(), golden!("expected/Twilio_Phone_Summary_v1.csv"));
    }
}

/// (numbers, seed, fingerprint) from the native build: `sample_fingerprints`
/// in tests/tests/golden.rs asserts the same lines.
// One sample a line: the native test looks for each line, trailing comma included.
#[rustfmt::skip]
const SAMPLES: [(usize, u64, u64); 2] = [
    (2000, 7, 2458907264511077946),
    (60000, 3, 5069210668794575327),
];

#[wasm_bindgen_test]
fn sample_reports_are_the_same_bytes_as_native() {
    let anchor = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    for (numbers, seed, pinned) in SAMPLES {
        let inputs = inventory_core::generate_sample(numbers, seed, anchor).into_inputs();
        let report = Report::build(&inputs, &Settings::new(anchor)).unwrap();
        let fingerprint = inventory_core::fingerprint(&[report.inventory_csv(), report.assessment_csv()].concat());
        assert_eq!(fingerprint, pinned, "{numbers} numbers, seed {seed}");
    }
}

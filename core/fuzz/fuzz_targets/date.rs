//! Date parsing on any text: never panics, and every date it reads comes
//! back from its `MM-DD-YYYY` form.
#![no_main]

use inventory_core::{format_mdy, is_mdy, parse_date};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(date) = parse_date(text) {
        let shown = format_mdy(date);
        assert!(is_mdy(&shown), "{shown}");
        assert_eq!(parse_date(&shown), Some(date));
    }
});

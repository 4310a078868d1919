//! Phone normalisation on any text: never panics, and every number it reads
//! reads back from its display form and its E.164 string.
#![no_main]

use inventory_core::normalise;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(number) = normalise(text) {
        assert!((8..=15).contains(&number.digit_count()));
        assert_eq!(normalise(&number.display()), Ok(number));
        assert_eq!(normalise(&number.to_string()), Ok(number));
    }
});

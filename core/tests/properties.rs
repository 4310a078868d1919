#![cfg(not(target_arch = "wasm32"))]
//! Property tests: normalisation, date parsing and file reading never panic
//! on any input, and the display forms read back to what they show.

use chrono::NaiveDate;
use inventory_core::{format_mdy, load, normalise, parse_date};
use proptest::prelude::*;

proptest! {
    #[test]
    fn normalise_never_panics(raw in any::<String>()) {
        let _ = normalise(&raw);
    }

    #[test]
    fn normalise_never_panics_on_phone_like_text(raw in "[ +0-9().eE:a-z-]{0,24}") {
        if let Ok(number) = normalise(&raw) {
            let digits = number.digits().len();
            prop_assert!((8..=15).contains(&digits));
        }
    }

    #[test]
    fn display_form_and_e164_round_trip(digits in "[1-9][0-9]{7,14}") {
        let number = normalise(&format!("+{digits}")).unwrap();
        prop_assert_eq!(number.to_string(), format!("+{digits}"));
        prop_assert_eq!(normalise(&number.display()).unwrap(), number);
        prop_assert_eq!(normalise(&format!("whatsapp:{}", number)).unwrap(), number);
    }

    #[test]
    fn parse_date_never_panics(raw in any::<String>()) {
        let _ = parse_date(&raw);
    }

    #[test]
    fn parse_date_never_panics_on_date_like_text(raw in "[0-9A-Za-z ,:/+.TZ-]{0,40}") {
        let _ = parse_date(&raw);
    }

    #[test]
    fn output_dates_read_back(days in 0i64..3_000_000) {
        let date = NaiveDate::from_ymd_opt(1000, 1, 1).unwrap() + chrono::Duration::days(days % 3_000_000);
        prop_assume!(date.format("%Y").to_string().len() == 4);
        prop_assert_eq!(parse_date(&format_mdy(date)), Some(date));
        prop_assert_eq!(parse_date(&date.format("%Y-%m-%d").to_string()), Some(date));
        prop_assert_eq!(parse_date(&date.format("%-m/%-d/%Y").to_string()), Some(date));
        prop_assert_eq!(parse_date(&date.format("%a, %d %b %Y 12:00:00 +0000").to_string()), Some(date));
    }

    #[test]
    fn reading_any_bytes_never_panics(body in proptest::collection::vec(any::<u8>(), 0..400), kind in 0usize..3) {
        let header: &[u8] = [
            &b"PhoneNumber,FriendlyName,DateCreated\n"[..],
            &b"From,MessageCount,LastDateSent\n"[..],
            &b"PhoneNumber,AspNetUserId,Enabled,UserName,Email\n"[..],
        ][kind];
        let _ = load("any.csv", [header, &body].concat());
        let _ = load("raw.csv", body);
    }
}

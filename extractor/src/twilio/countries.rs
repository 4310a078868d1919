//! The ISO country of an E.164 number, for the Pricing API, which is keyed by
//! ISO country while an IncomingPhoneNumber carries no country.
//!
//! By country calling code (longest prefix); inside +1 (the North American
//! Numbering Plan) by area code: Canada's and the Caribbean's codes are
//! listed, every other one (toll-free 8xx included, which Twilio prices
//! under US) is US. A number with an unlisted calling code has no country, so
//! no price row; the command says how many.

/// NANP area codes outside the US, with their country.
const NANP: &[(&str, &[&str])] = &[
    (
        "CA",
        &[
            "204", "226", "236", "249", "250", "257", "263", "289", "306", "343", "354", "365", "367", "368", "382",
            "403", "416", "418", "428", "431", "437", "438", "450", "460", "468", "474", "506", "514", "519", "548",
            "579", "581", "584", "587", "604", "613", "639", "647", "672", "683", "705", "709", "742", "753", "778",
            "780", "782", "807", "819", "825", "867", "873", "879", "902", "905", "942",
        ],
    ),
    ("PR", &["787", "939"]),
    ("BS", &["242"]),
    ("BB", &["246"]),
    ("AI", &["264"]),
    ("AG", &["268"]),
    ("VG", &["284"]),
    ("VI", &["340"]),
    ("KY", &["345"]),
    ("BM", &["441"]),
    ("GD", &["473"]),
    ("TC", &["649"]),
    ("JM", &["658", "876"]),
    ("MS", &["664"]),
    ("MP", &["670"]),
    ("GU", &["671"]),
    ("AS", &["684"]),
    ("SX", &["721"]),
    ("LC", &["758"]),
    ("DM", &["767"]),
    ("VC", &["784"]),
    ("DO", &["809", "829", "849"]),
    ("TT", &["868"]),
    ("KN", &["869"]),
];

/// Calling codes outside +1, with the country Twilio prices them under.
#[rustfmt::skip]
const CALLING_CODES: &[(&str, &str)] = &[
    ("7", "RU"), ("20", "EG"), ("27", "ZA"), ("30", "GR"), ("31", "NL"), ("32", "BE"), ("33", "FR"), ("34", "ES"),
    ("36", "HU"), ("39", "IT"), ("40", "RO"), ("41", "CH"), ("43", "AT"), ("44", "GB"), ("45", "DK"), ("46", "SE"),
    ("47", "NO"), ("48", "PL"), ("49", "DE"), ("51", "PE"), ("52", "MX"), ("53", "CU"), ("54", "AR"), ("55", "BR"),
    ("56", "CL"), ("57", "CO"), ("58", "VE"), ("60", "MY"), ("61", "AU"), ("62", "ID"), ("63", "PH"), ("64", "NZ"),
    ("65", "SG"), ("66", "TH"), ("81", "JP"), ("82", "KR"), ("84", "VN"), ("86", "CN"), ("90", "TR"), ("91", "IN"),
    ("92", "PK"), ("93", "AF"), ("94", "LK"), ("95", "MM"), ("98", "IR"), ("212", "MA"), ("213", "DZ"),
    ("216", "TN"), ("218", "LY"), ("220", "GM"), ("221", "SN"), ("225", "CI"), ("229", "BJ"), ("233", "GH"),
    ("234", "NG"), ("237", "CM"), ("250", "RW"), ("251", "ET"), ("254", "KE"), ("255", "TZ"), ("256", "UG"),
    ("260", "ZM"), ("263", "ZW"), ("264", "NA"), ("267", "BW"), ("350", "GI"), ("351", "PT"), ("352", "LU"),
    ("353", "IE"), ("354", "IS"), ("355", "AL"), ("356", "MT"), ("357", "CY"), ("358", "FI"), ("359", "BG"),
    ("370", "LT"), ("371", "LV"), ("372", "EE"), ("373", "MD"), ("374", "AM"), ("375", "BY"), ("376", "AD"),
    ("377", "MC"), ("380", "UA"), ("381", "RS"), ("382", "ME"), ("383", "XK"), ("385", "HR"), ("386", "SI"),
    ("387", "BA"), ("389", "MK"), ("420", "CZ"), ("421", "SK"), ("423", "LI"), ("501", "BZ"), ("502", "GT"),
    ("503", "SV"), ("504", "HN"), ("505", "NI"), ("506", "CR"), ("507", "PA"), ("591", "BO"), ("593", "EC"),
    ("595", "PY"), ("598", "UY"), ("852", "HK"), ("853", "MO"), ("855", "KH"), ("880", "BD"), ("886", "TW"),
    ("961", "LB"), ("962", "JO"), ("965", "KW"), ("966", "SA"), ("968", "OM"), ("970", "PS"), ("971", "AE"),
    ("972", "IL"), ("973", "BH"), ("974", "QA"), ("977", "NP"), ("994", "AZ"), ("995", "GE"),
];

/// The ISO 3166 alpha-2 country of an E.164 number (`+447700900123` → `GB`).
pub(crate) fn iso_country(e164: &str) -> Option<&'static str> {
    let digits = e164.trim().strip_prefix('+')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(national) = digits.strip_prefix('1') {
        let area = national.get(..3)?;
        let listed = NANP
            .iter()
            .find(|(_, codes)| codes.contains(&area))
            .map(|(iso, _)| *iso);
        return Some(listed.unwrap_or("US"));
    }
    (1..=3).rev().filter_map(|n| digits.get(..n)).find_map(|prefix| {
        CALLING_CODES
            .iter()
            .find(|(code, _)| *code == prefix)
            .map(|(_, iso)| *iso)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_by_calling_code_and_area_code() {
        assert_eq!(iso_country("+14155550101"), Some("US"));
        assert_eq!(iso_country("+18005550199"), Some("US"));
        assert_eq!(iso_country("+14165550101"), Some("CA"));
        assert_eq!(iso_country("+18765550101"), Some("JM"));
        assert_eq!(iso_country("+447700900123"), Some("GB"));
        assert_eq!(iso_country("+35315550101"), Some("IE"));
        assert_eq!(iso_country("+3515550101"), Some("PT"));
        assert_eq!(iso_country("+31201234567"), Some("NL"));
        assert_eq!(iso_country("+999123"), None);
        assert_eq!(iso_country("447700900123"), None);
    }
}

//! Phone numbers: every input's phone values become an [`E164`] before any join.
//!
//! The rules are docs/report-contract.md#phone-numbers; [`normalise`] is the
//! only way to make an `E164`, so a value that exists is always valid.

use std::fmt;

/// A phone number in E.164 form: `+` and 8 to 15 digits.
///
/// The digits are packed into one `u64`, a nibble each (digit + 1) from the top
/// down, so equality, hashing and ordering are single integer operations and
/// the integer order is exactly the character order of the E.164 string.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct E164(u64);

/// Why a phone value could not be read. Each names what the user can do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    NoDigits,
    /// Scientific notation that lost digits (or is not a whole number).
    SpreadsheetDamaged,
    /// Without `+` or `00`, a length that is not 10, nor 11 starting with 1.
    UnknownLocalLength(usize),
    /// Outside E.164's 8 to 15 digits.
    BadLength(usize),
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhoneError::Empty => write!(f, "the phone number is empty"),
            PhoneError::NoDigits => write!(f, "it has no digits, so it is not a phone number"),
            PhoneError::SpreadsheetDamaged => write!(
                f,
                "a spreadsheet turned it into scientific notation and rounded digits away; \
                 export the column again formatted as Text"
            ),
            PhoneError::UnknownLocalLength(n) => write!(
                f,
                "it has {n} digits and no country code: only 10 digits (North America), \
                 11 starting with 1, or an international number starting with + or 00 can be read; \
                 add the country code with a leading +"
            ),
            PhoneError::BadLength(n) => {
                write!(f, "it has {n} digits, but an international number has 8 to 15")
            }
        }
    }
}

const PREFIXES: [&str; 4] = ["whatsapp:", "sms:", "mms:", "tel:"];
const TOLL_FREE_AREA_CODES: [u16; 7] = [800, 833, 844, 855, 866, 877, 888];

/// Reads any phone value of any input as E.164 (docs/report-contract.md#phone-numbers, in order).
pub fn normalise(raw: &str) -> Result<E164, PhoneError> {
    // Cells come trimmed: `str::trim` (Unicode tables) only when an end may be space.
    let plain_ends =
        |b: &[u8]| b.first().is_some_and(u8::is_ascii_graphic) && b.last().is_some_and(u8::is_ascii_graphic);
    let mut value = if plain_ends(raw.as_bytes()) { raw } else { raw.trim() };
    // The usual case, as every Twilio export writes a number: `+` and 8 to
    // 15 digits. The rules below give the same for it, more slowly.
    if let Some(digits) = value.strip_prefix('+') {
        if (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            return E164::from_digits(digits.as_bytes());
        }
    }
    for prefix in PREFIXES {
        if value.len() >= prefix.len()
            && value.is_char_boundary(prefix.len())
            && value[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            value = value[prefix.len()..].trim();
            break;
        }
    }
    if value.is_empty() {
        return Err(PhoneError::Empty);
    }
    // A `+` before scientific notation still means the digits carry their country code.
    let (plus, unsigned) = match value.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, value),
    };
    if let Some(digits) = scientific_digits(unsigned)? {
        return if plus {
            E164::from_digits(digits.as_bytes())
        } else {
            local_digits(digits.as_bytes())
        };
    }
    // Only the first 16 digits are kept: more than 15 is refused anyway.
    let mut digits = [0u8; 16];
    let mut count = 0usize;
    for b in value.bytes().filter(u8::is_ascii_digit) {
        if count < digits.len() {
            digits[count] = b;
        }
        count += 1;
    }
    if count == 0 {
        return Err(PhoneError::NoDigits);
    }
    if count > 15 {
        return Err(match (value.starts_with('+'), digits.starts_with(b"00")) {
            (true, _) => PhoneError::BadLength(count),
            (false, true) => PhoneError::BadLength(count - 2),
            (false, false) => PhoneError::UnknownLocalLength(count),
        });
    }
    if value.starts_with('+') {
        E164::from_digits(&digits[..count])
    } else {
        local_digits(&digits[..count])
    }
}

/// The rules for digits written without a leading `+`.
fn local_digits(digits: &[u8]) -> Result<E164, PhoneError> {
    if let Some(rest) = digits.strip_prefix(b"00") {
        return E164::from_digits(rest);
    }
    match digits.len() {
        10 => {
            let mut with_country = [b'1'; 11];
            with_country[1..].copy_from_slice(digits);
            E164::from_digits(&with_country)
        }
        11 if digits[0] == b'1' => E164::from_digits(digits),
        n => Err(PhoneError::UnknownLocalLength(n)),
    }
}

/// `Some(digits)` when `value` is scientific notation that kept every digit;
/// `Ok(None)` when it is not scientific notation at all.
fn scientific_digits(value: &str) -> Result<Option<String>, PhoneError> {
    let Some(e_at) = value.find(['e', 'E']) else {
        return Ok(None);
    };
    let (mantissa, exponent) = (&value[..e_at], &value[e_at + 1..]);
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return Ok(None);
    }
    if exponent.starts_with('-') {
        return Err(PhoneError::SpreadsheetDamaged);
    }
    if exponent.is_empty() || !all_digits(exponent) {
        return Ok(None);
    }
    let shift = exponent.parse::<usize>().unwrap_or(usize::MAX);
    if fraction.len() < shift || fraction[shift..].bytes().any(|b| b != b'0') {
        return Err(PhoneError::SpreadsheetDamaged);
    }
    Ok(Some(format!("{whole}{}", &fraction[..shift])))
}

impl E164 {
    fn from_digits(digits: &[u8]) -> Result<E164, PhoneError> {
        let n = digits.len();
        if !(8..=15).contains(&n) {
            return Err(PhoneError::BadLength(n));
        }
        let packed = digits
            .iter()
            .enumerate()
            .fold(0u64, |packed, (i, d)| packed | u64::from(d - b'0' + 1) << (60 - 4 * i));
        Ok(E164(packed))
    }

    /// How many digits follow the `+` (8 to 15).
    pub fn digit_count(&self) -> usize {
        16 - (self.0.trailing_zeros() / 4) as usize
    }

    /// The digits after the `+`, as ASCII, in a fixed buffer: `(buffer, length)`.
    pub(crate) fn digit_bytes(&self) -> ([u8; 15], usize) {
        let mut out = [0u8; 15];
        let len = self.digit_count();
        for (i, slot) in out.iter_mut().enumerate().take(len) {
            *slot = ((self.0 >> (60 - 4 * i)) & 0xF) as u8 - 1 + b'0';
        }
        (out, len)
    }

    /// The digits after the `+`.
    pub fn digits(&self) -> String {
        let (bytes, len) = self.digit_bytes();
        bytes[..len].iter().map(|&b| char::from(b)).collect()
    }

    /// `+1` followed by ten digits.
    pub fn is_north_american(&self) -> bool {
        self.digit_count() == 11 && self.0 >> 60 == 2
    }

    /// The three digits after `+1` of a North American number: `512`.
    pub fn area_code(&self) -> Option<u16> {
        self.is_north_american()
            .then(|| (1..4).fold(0u16, |code, i| code * 10 + ((self.0 >> (60 - 4 * i)) & 0xF) as u16 - 1))
    }

    /// Toll-free is decided by the area code after `+1` only (docs/report-contract.md#costs).
    pub fn is_toll_free(&self) -> bool {
        self.area_code()
            .is_some_and(|code| TOLL_FREE_AREA_CODES.contains(&code))
    }

    /// The `Phone` column: `+1 (415) 555-0134`, or `+44 2079460958`.
    pub fn display(&self) -> String {
        let mut shown = Vec::with_capacity(20);
        self.write_display_bytes(&mut shown);
        // Only ASCII digits and punctuation.
        String::from_utf8(shown).unwrap_or_default()
    }

    /// The display form appended to `out` (the CSV writers call this for
    /// every number, so it avoids `fmt`).
    pub(crate) fn write_display_bytes(&self, out: &mut Vec<u8>) {
        let (d, len) = self.digit_bytes();
        if self.is_north_american() {
            // Filled in place and appended once: most numbers are these.
            let mut shown = *b"+1 (NPA) NXX-XXXX";
            shown[4..7].copy_from_slice(&d[1..4]);
            shown[9..12].copy_from_slice(&d[4..7]);
            shown[13..17].copy_from_slice(&d[7..11]);
            out.extend_from_slice(&shown);
            return;
        }
        let code_len = country_code_len(&d[..len]);
        out.push(b'+');
        out.extend_from_slice(&d[..code_len]);
        out.push(b' ');
        out.extend_from_slice(&d[code_len..len]);
    }
}

/// Length of the country calling code that starts `digits`
/// (the contract's list, docs/report-contract.md#phone-numbers).
fn country_code_len(digits: &[u8]) -> usize {
    const TWO_DIGIT: &[(u8, u8)] = &[
        (20, 20),
        (27, 27),
        (30, 34),
        (36, 36),
        (39, 41),
        (43, 49),
        (51, 58),
        (60, 66),
        (81, 82),
        (84, 84),
        (86, 86),
        (90, 95),
        (98, 98),
    ];
    let b = digits;
    if b[0] == b'1' || b[0] == b'7' {
        return 1;
    }
    let two = (b[0] - b'0') * 10 + (b[1] - b'0');
    if TWO_DIGIT.iter().any(|&(lo, hi)| (lo..=hi).contains(&two)) {
        2
    } else {
        3
    }
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+{}", self.digits())
    }
}

/// An `E164` crosses a boundary (the page's messages to its worker) as its
/// E.164 text, `+15125550101`, and is read back only from that form.
impl serde::Serialize for E164 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for E164 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<E164, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        if !text.starts_with('+') || !text[1..].bytes().all(|b| b.is_ascii_digit()) {
            return Err(serde::de::Error::custom(format!(
                "{text:?} is not an E.164 number like +15125550101"
            )));
        }
        // Already `+` and digits: only the length is left to check. Not
        // `normalise`, so a program that only reads numbers (the web page)
        // does not carry the whole parser.
        let digits = &text.as_bytes()[1..];
        if digits.is_empty() {
            return Err(serde::de::Error::custom(PhoneError::NoDigits));
        }
        E164::from_digits(digits).map_err(serde::de::Error::custom)
    }
}

impl fmt::Debug for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "E164(+{})", self.digits())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_e164_crosses_as_its_text_and_only_that_text_reads_back() {
        let phone = normalise("(512) 555-0101").unwrap();
        let json = serde_json::to_string(&phone).unwrap();
        assert_eq!(json, "\"+15125550101\"");
        assert_eq!(serde_json::from_str::<E164>(&json).unwrap(), phone);
        for bad in [
            "\"5125550101\"",
            "\"+1 512 555 0101\"",
            "\"+12\"",
            "\"\"",
            "15125550101",
        ] {
            assert!(serde_json::from_str::<E164>(bad).is_err(), "{bad} read as a number");
        }
    }

    fn ok(raw: &str) -> String {
        normalise(raw).unwrap_or_else(|e| panic!("{raw:?}: {e}")).to_string()
    }

    #[test]
    fn prefixes_and_trim() {
        assert_eq!(ok("  whatsapp:+14155550134 "), "+14155550134");
        assert_eq!(ok("WhatsApp: +1 415 555 0134"), "+14155550134");
        assert_eq!(ok("SMS:4155550134"), "+14155550134");
        assert_eq!(ok("tel:+442079460958"), "+442079460958");
        assert_eq!(ok("\u{00A0}(415) 555-0134\u{2003}"), "+14155550134");
    }

    #[test]
    fn local_rules_in_order() {
        assert_eq!(ok("00442079460958"), "+442079460958");
        assert_eq!(ok("415-555-0134"), "+14155550134");
        assert_eq!(ok("1 (415) 555-0134"), "+14155550134");
        assert_eq!(normalise("24155550134"), Err(PhoneError::UnknownLocalLength(11)));
        assert_eq!(normalise("5550134"), Err(PhoneError::UnknownLocalLength(7)));
        assert_eq!(normalise("0012"), Err(PhoneError::BadLength(2)));
        assert_eq!(normalise("+1234567"), Err(PhoneError::BadLength(7)));
        assert_eq!(ok("+12345678"), "+12345678");
        assert_eq!(ok("+123456789012345"), "+123456789012345");
        assert_eq!(normalise("+1234567890123456"), Err(PhoneError::BadLength(16)));
        assert_eq!(normalise(""), Err(PhoneError::Empty));
        assert_eq!(normalise("whatsapp:"), Err(PhoneError::Empty));
        assert_eq!(normalise("N/A"), Err(PhoneError::NoDigits));
    }

    #[test]
    fn scientific_notation() {
        assert_eq!(ok("1.4155550134E+10"), "+14155550134");
        // With a leading `+` the notation is still decoded, not read as its digits and exponent.
        assert_eq!(ok("+1.4155550134E+10"), "+14155550134");
        assert_eq!(ok("+4.47700900123E+11"), "+447700900123");
        assert_eq!(normalise("+1.41555E+10"), Err(PhoneError::SpreadsheetDamaged));
        assert_eq!(ok("1.4155550134e10"), "+14155550134");
        assert_eq!(ok("4.155550134E+09"), "+14155550134");
        assert_eq!(ok("1.415555013400E+10"), "+14155550134");
        assert_eq!(normalise("1.41555E+10"), Err(PhoneError::SpreadsheetDamaged));
        assert_eq!(normalise("1.4155550134E-10"), Err(PhoneError::SpreadsheetDamaged));
        assert_eq!(normalise("1.41555501345E+10"), Err(PhoneError::SpreadsheetDamaged));
    }

    #[test]
    fn display_forms() {
        let show = |raw: &str| normalise(raw).unwrap().display();
        assert_eq!(show("+14155550134"), "+1 (415) 555-0134");
        assert_eq!(show("+442079460958"), "+44 2079460958");
        assert_eq!(show("+74951234567"), "+7 4951234567");
        assert_eq!(show("+35312345678"), "+353 12345678");
        assert_eq!(show("+861012345678"), "+86 1012345678");
        assert_eq!(show("+123456789"), "+1 23456789");
    }

    #[test]
    fn toll_free_by_area_code_only() {
        let free = |raw: &str| normalise(raw).unwrap().is_toll_free();
        for code in TOLL_FREE_AREA_CODES {
            assert!(free(&format!("+1{code}5550134")), "{code}");
        }
        assert!(!free("+14158001234"));
        assert!(!free("+18995550134"));
        assert!(!free("+448005550134"));
    }

    #[test]
    fn sorts_as_strings() {
        let mut v = [
            normalise("+442079460958").unwrap(),
            normalise("+14155550134").unwrap(),
            normalise("+12345678").unwrap(),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(|p| p.to_string()).collect();
        assert_eq!(s, ["+12345678", "+14155550134", "+442079460958"]);
    }
}

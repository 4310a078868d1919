//! The three files `twilio fetch` writes, as bytes: UTF-8 without BOM, CRLF
//! line ends, cells quoted only where RFC 4180 needs it (as `extract` writes).
//!
//! - `twilio_numbers.csv`: `Sid,AccountSid,PhoneNumber,FriendlyName,DateCreated,NumberType,Voice,Sms,Mms,Fax,Status`,
//!   one row per number; `DateCreated` as Twilio sends it (RFC 2822, GMT);
//!   capabilities `true`/`false` (empty when Twilio gave none); `NumberType`
//!   one of [`NumberType`]'s words.
//! - `twilio_invoice.csv`: `Month,Numbers,Charges`, one row: the month
//!   (`YYYY-MM`), the Usage Records' count and price (rounded to cents).
//! - `twilio_prices.csv`: `Country,NumberType,MonthlyPrice`: ISO country, the
//!   Pricing API's number type, its `current_price` (the account's price).

use super::api::IncomingNumber;

pub(crate) const NUMBERS_FILE: &str = "twilio_numbers.csv";
pub(crate) const INVOICE_FILE: &str = "twilio_invoice.csv";
pub(crate) const PRICES_FILE: &str = "twilio_prices.csv";

pub(crate) const NUMBERS_HEADER: [&str; 11] = [
    "Sid",
    "AccountSid",
    "PhoneNumber",
    "FriendlyName",
    "DateCreated",
    "NumberType",
    "Voice",
    "Sms",
    "Mms",
    "Fax",
    "Status",
];

/// A number's type: the IncomingPhoneNumbers sub-list it was listed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum NumberType {
    Local,
    Mobile,
    TollFree,
    /// In none of the sub-lists (a short code, a national number, a new kind).
    Other,
}

impl NumberType {
    /// The sub-lists, in the order they are listed, with their path segment.
    pub(crate) const SUB_LISTS: [(NumberType, &'static str); 3] = [
        (NumberType::Local, "Local"),
        (NumberType::Mobile, "Mobile"),
        (NumberType::TollFree, "TollFree"),
    ];

    /// The word in the files: the Pricing API's own `number_type` words, so
    /// the numbers and the prices join on it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            NumberType::Local => "local",
            NumberType::Mobile => "mobile",
            NumberType::TollFree => "toll free",
            NumberType::Other => "other",
        }
    }
}

/// A number and the type it was listed under.
pub(crate) struct OwnedNumber {
    pub(crate) number: IncomingNumber,
    pub(crate) number_type: NumberType,
}

/// The invoice's phone-number line for one month.
pub(crate) struct Invoice {
    pub(crate) month: String,
    pub(crate) numbers: u64,
    pub(crate) charges: String,
}

/// One price row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct PriceRow {
    pub(crate) country: String,
    pub(crate) number_type: String,
    pub(crate) monthly_price: String,
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

fn finish(writer: csv::Writer<Vec<u8>>) -> Vec<u8> {
    // Writing into memory can't fail.
    writer.into_inner().unwrap_or_default()
}

fn flag(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "true",
        Some(false) => "false",
        None => "",
    }
}

pub(crate) fn numbers_csv(numbers: &[OwnedNumber]) -> Vec<u8> {
    let mut out = writer();
    let _ = out.write_record(NUMBERS_HEADER);
    for OwnedNumber { number, number_type } in numbers {
        let capabilities = number.capabilities.clone().unwrap_or_default();
        let _ = out.write_record([
            number.sid.as_str(),
            &number.account_sid,
            &number.phone_number,
            number.friendly_name.as_deref().unwrap_or(""),
            number.date_created.as_deref().unwrap_or(""),
            number_type.as_str(),
            flag(capabilities.voice),
            flag(capabilities.sms),
            flag(capabilities.mms),
            flag(capabilities.fax),
            number.status.as_deref().unwrap_or(""),
        ]);
    }
    finish(out)
}

pub(crate) fn invoice_csv(invoice: &Invoice) -> Vec<u8> {
    let mut out = writer();
    let _ = out.write_record(["Month", "Numbers", "Charges"]);
    let _ = out.write_record([invoice.month.as_str(), &invoice.numbers.to_string(), &invoice.charges]);
    finish(out)
}

pub(crate) fn prices_csv(rows: &[PriceRow]) -> Vec<u8> {
    let mut out = writer();
    let _ = out.write_record(["Country", "NumberType", "MonthlyPrice"]);
    for row in rows {
        let _ = out.write_record([row.country.as_str(), &row.number_type, &row.monthly_price]);
    }
    finish(out)
}

/// A non-negative decimal string as (digits before the point, digits after).
fn decimal_parts(raw: &str) -> Option<(&str, &str)> {
    let text = raw.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (!(whole.is_empty() && fraction.is_empty()) && digits(whole) && digits(fraction) && whole.len() <= 15)
        .then_some((whole, fraction))
}

/// A price as written: `1.15`, `7.70`, `0.0075` (trailing zeros past the
/// cents dropped, never rounded); `None` when not a non-negative decimal.
pub(crate) fn price_text(raw: &str) -> Option<String> {
    let (whole, fraction) = decimal_parts(raw)?;
    let whole = whole.trim_start_matches('0');
    let mut fraction = fraction.trim_end_matches('0').to_string();
    while fraction.len() < 2 {
        fraction.push('0');
    }
    Some(format!("{}.{fraction}", if whole.is_empty() { "0" } else { whole }))
}

/// An amount in whole cents, half a cent rounded up (an invoice shows cents; digits past the third decimal
/// can't reach half a cent on their own).
pub(crate) fn cents(raw: &str) -> Option<u64> {
    let (whole, fraction) = decimal_parts(raw)?;
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let padded = format!("{fraction:0<3}");
    let thousandths: u64 = padded[..3].parse().ok()?;
    Some(whole * 100 + (thousandths + 5) / 10)
}

/// Cents as `1390.50`.
pub(crate) fn cents_text(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// A count (`"1200"`, `"1200.0"`) as a whole number.
pub(crate) fn whole_count(raw: &str) -> Option<u64> {
    let (whole, fraction) = decimal_parts(raw)?;
    (fraction.bytes().all(|b| b == b'0') && !whole.is_empty())
        .then(|| whole.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_keep_their_precision_and_cents_round_half_up() {
        assert_eq!(price_text("1.15").as_deref(), Some("1.15"));
        assert_eq!(price_text("7.7").as_deref(), Some("7.70"));
        assert_eq!(price_text("1.1500").as_deref(), Some("1.15"));
        assert_eq!(price_text("0.0075").as_deref(), Some("0.0075"));
        assert_eq!(price_text("002").as_deref(), Some("2.00"));
        assert_eq!(price_text("-1.15"), None);
        assert_eq!(price_text(""), None);
        assert_eq!(cents("1390.5"), Some(139050));
        assert_eq!(cents("1390.495"), Some(139050));
        assert_eq!(cents("1390.494"), Some(139049));
        assert_eq!(cents("1390.4949"), Some(139049));
        assert_eq!(cents("12"), Some(1200));
        assert_eq!(cents_text(139050), "1390.50");
        assert_eq!(whole_count("1200"), Some(1200));
        assert_eq!(whole_count("1200.0"), Some(1200));
        assert_eq!(whole_count("12.5"), None);
    }
}

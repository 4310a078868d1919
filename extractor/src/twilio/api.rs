//! The shapes of Twilio's answers that this command reads, and list paging.
//!
//! From Twilio's documentation and SDKs: lists put their items under a key
//! (`accounts`, `incoming_phone_numbers`, `usage_records`) next to
//! `next_page_uri`, a path relative to the host that is null on the last page;
//! pages are requested with `PageSize` (at most 1000) and never computed from
//! counts. Dates are RFC 2822 in GMT; money and counts are strings.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::failure::{ApiFailure, FailureKind};
use super::http::Client;

pub(crate) const PAGE_SIZE: u32 = 1000;
/// A guard against a server that never stops sending `next_page_uri`.
const MAX_PAGES: usize = 100_000;

/// `GET /2010-04-01/Accounts.json`: the account and its subaccounts.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Account {
    pub(crate) sid: String,
    /// active, suspended or closed.
    pub(crate) status: String,
}

/// An IncomingPhoneNumber.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct IncomingNumber {
    pub(crate) sid: String,
    pub(crate) account_sid: String,
    pub(crate) phone_number: String,
    #[serde(default)]
    pub(crate) friendly_name: Option<String>,
    #[serde(default)]
    pub(crate) date_created: Option<String>,
    #[serde(default)]
    pub(crate) capabilities: Option<Capabilities>,
    #[serde(default)]
    pub(crate) status: Option<String>,
}

/// Lower case in IncomingPhoneNumbers; some other resources spell `SMS`, `MMS`.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Capabilities {
    #[serde(default)]
    pub(crate) voice: Option<bool>,
    #[serde(default, alias = "SMS")]
    pub(crate) sms: Option<bool>,
    #[serde(default, alias = "MMS")]
    pub(crate) mms: Option<bool>,
    #[serde(default)]
    pub(crate) fax: Option<bool>,
}

/// A Usage Record; numbers as strings.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct UsageRecord {
    pub(crate) category: String,
    #[serde(default)]
    pub(crate) count: Option<String>,
    #[serde(default)]
    pub(crate) price: Option<String>,
    #[serde(default)]
    pub(crate) price_unit: Option<String>,
}

/// `GET https://pricing.twilio.com/v1/PhoneNumbers/Countries/{ISO}`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct CountryPrices {
    pub(crate) iso_country: String,
    #[serde(default)]
    pub(crate) price_unit: Option<String>,
    pub(crate) phone_number_prices: Vec<NumberPrice>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct NumberPrice {
    /// local, mobile, national, toll free
    pub(crate) number_type: String,
    pub(crate) current_price: Option<String>,
}

/// One page of a list.
#[derive(Deserialize)]
struct Page {
    #[serde(default)]
    next_page_uri: Option<String>,
    #[serde(flatten)]
    rest: serde_json::Map<String, serde_json::Value>,
}

/// Every item under `key` of the list starting at `first_path` (on the API
/// host), following `next_page_uri` until it is null; `on_page` hears each
/// page's item count and may stop the listing by returning false.
pub(crate) fn list_all<T: DeserializeOwned>(
    client: &Client,
    first_path: &str,
    key: &str,
    during: &str,
    on_page: &dyn Fn(usize) -> bool,
) -> Result<Vec<T>, ApiFailure> {
    let mut items = Vec::new();
    let mut path = first_path.to_string();
    for _ in 0..MAX_PAGES {
        let page: Page = client.get_json(&client.endpoints.api(&path), during)?;
        let list = page.rest.get(key).cloned().ok_or_else(|| {
            ApiFailure::new(
                FailureKind::NotUnderstood,
                during,
                format!("the answer has no `{key}` list"),
            )
        })?;
        let mut found: Vec<T> = serde_json::from_value(list).map_err(|e| {
            ApiFailure::new(
                FailureKind::NotUnderstood,
                during,
                format!("the `{key}` list is not as expected ({e})"),
            )
        })?;
        let count = found.len();
        items.append(&mut found);
        if !on_page(count) {
            return Ok(items);
        }
        match page.next_page_uri.filter(|next| !next.is_empty()) {
            None => return Ok(items),
            Some(next) if next.starts_with('/') && next != path => path = next,
            Some(next) => {
                let detail = format!("next_page_uri `{next}` is not a new path on the same host");
                return Err(ApiFailure::new(FailureKind::NotUnderstood, during, detail));
            }
        }
    }
    Err(ApiFailure::new(
        FailureKind::NotUnderstood,
        during,
        format!("more than {MAX_PAGES} pages"),
    ))
}

/// Percent-encodes a query value (`+` in a phone number must not become a space).
pub(crate) fn query_value(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_encoded_for_queries() {
        assert_eq!(query_value("+14155550101"), "%2B14155550101");
        assert_eq!(query_value("a b"), "a%20b");
    }
}

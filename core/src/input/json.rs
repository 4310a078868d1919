//! JSON inputs, parsed whole with serde_json and made a [`Table`]: twilio-cli's
//! `-o json` array, pages of the REST API's `IncomingPhoneNumbers.json`, a
//! saved Usage Records answer (invoice figures) and a saved Pricing API
//! answer (a price table). docs/report-contract.md#json says which is which.

use serde_json::{Map, Value as Json};

use super::table::{Table, TableBuilder};
use super::value::Value;

/// What a JSON file held.
#[derive(Debug)]
pub(crate) struct JsonTable {
    pub table: Table,
    /// Set for a page of an API listing.
    pub page: Option<ListingPage>,
}

/// Where a page sits in its API listing, to tell whether pages are missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListingPage {
    /// The listing's path without its query: pages of one listing share it.
    pub listing: String,
    /// 0-based page number.
    pub page: u64,
    /// The page that follows, when there is one.
    pub next_page_uri: Option<String>,
    /// How many items this page holds.
    pub items: u64,
}

/// Why JSON could not be used.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum JsonProblem {
    /// Not JSON: serde_json's words, and where.
    Malformed { line: usize, column: usize, why: String },
    /// JSON, but no list of objects this tool knows; the top-level keys found.
    NoList { keys: Vec<String> },
    /// A list item that is not an object.
    NotAnObject { item: u64 },
}

/// True when `text` (decoded) starts like JSON: `[` or `{` after blanks.
pub(crate) fn looks_like_json(text: &[u8]) -> bool {
    matches!(text.iter().find(|b| !b.is_ascii_whitespace()), Some(b'[' | b'{'))
}

pub(crate) fn read(text: &[u8]) -> Result<JsonTable, JsonProblem> {
    let json: Json = serde_json::from_slice(text).map_err(|e| JsonProblem::Malformed {
        line: e.line(),
        column: e.column(),
        why: describe(&e),
    })?;
    match json {
        Json::Array(items) => Ok(JsonTable {
            table: items_table(&items, 0)?,
            page: None,
        }),
        Json::Object(object) => object_table(object),
        _ => Err(JsonProblem::NoList { keys: Vec::new() }),
    }
}

fn object_table(object: Map<String, Json>) -> Result<JsonTable, JsonProblem> {
    if let Some(Json::Array(records)) = object.get("usage_records") {
        return Ok(JsonTable {
            table: usage_records(records),
            page: None,
        });
    }
    if let Some(Json::Array(prices)) = object.get("phone_number_prices") {
        let country = object.get("iso_country").and_then(Json::as_str).unwrap_or_default();
        return Ok(JsonTable {
            table: pricing(country, prices),
            page: None,
        });
    }
    // A page of an API listing: the one list of objects beside the paging fields.
    let list = object
        .iter()
        .find(|(_, v)| matches!(v, Json::Array(items) if items.first().is_some_and(Json::is_object)))
        .or_else(|| object.iter().find(|(_, v)| v.is_array()));
    let Some((_, Json::Array(items))) = list else {
        return Err(JsonProblem::NoList {
            keys: object.keys().cloned().collect(),
        });
    };
    let number = |key: &str| object.get(key).and_then(Json::as_u64);
    let text = |key: &str| object.get(key).and_then(Json::as_str).map(str::to_string);
    let page_number = number("page");
    // Items are numbered through the whole listing, so pages read together count on.
    let first_item = number("start").or_else(|| Some(page_number? * number("page_size")?));
    let table = items_table(items, first_item.unwrap_or(0))?;
    let page = page_number.map(|page| ListingPage {
        listing: text("uri")
            .or_else(|| text("first_page_uri"))
            .map(|uri| uri.split('?').next().unwrap_or_default().to_string())
            .unwrap_or_default(),
        page,
        next_page_uri: text("next_page_uri"),
        items: items.len() as u64,
    });
    Ok(JsonTable { table, page })
}

/// A list of objects as a table; item `i` is at `first + i + 1`.
fn items_table(items: &[Json], first: u64) -> Result<Table, JsonProblem> {
    let mut builder = TableBuilder::default();
    for (i, item) in items.iter().enumerate() {
        let at = first + i as u64 + 1;
        let Json::Object(fields) = item else {
            return Err(JsonProblem::NotAnObject { item: at });
        };
        builder.push(at, fields.iter().map(|(k, v)| (k.clone(), value(v))));
    }
    Ok(builder.finish())
}

pub(crate) fn value(json: &Json) -> Value {
    match json {
        Json::Null => Value::Empty,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => n.as_f64().map_or(Value::Text(n.to_string()), Value::Number),
        Json::String(s) => Value::Text(s.clone()),
        // `capabilities` and the like: kept as their JSON text.
        other => Value::Text(other.to_string()),
    }
}

/// A Usage Records answer as invoice rows: `Month,Numbers,Charges`, from the
/// records of category `phonenumbers` (a record without a category counts).
fn usage_records(records: &[Json]) -> Table {
    let mut builder = TableBuilder::default();
    let mut kept = 0;
    for (i, record) in records.iter().enumerate() {
        let field = |key: &str| record.get(key).map(value).unwrap_or(Value::Empty);
        let category = record.get("category").and_then(Json::as_str);
        if category.is_some_and(|c| c != "phonenumbers") {
            continue;
        }
        kept += 1;
        let month = match record.get("start_date").and_then(Json::as_str) {
            Some(date) => Value::Text(date.chars().take(7).collect()),
            None => Value::Empty,
        };
        builder.push(
            i as u64 + 1,
            [
                ("Month".to_string(), month),
                ("Numbers".to_string(), field("count")),
                ("Charges".to_string(), field("price")),
            ],
        );
    }
    let mut table = builder.finish();
    if kept == 0 {
        table.header = ["Month", "Numbers", "Charges"].map(String::from).to_vec();
    }
    table
}

/// A Pricing API answer for one country as price rows: `Country,NumberType,MonthlyPrice`.
fn pricing(country: &str, prices: &[Json]) -> Table {
    let mut builder = TableBuilder::default();
    for (i, price) in prices.iter().enumerate() {
        let field = |key: &str| price.get(key).map(value).unwrap_or(Value::Empty);
        let current = match field("current_price") {
            Value::Empty => field("base_price"),
            current => current,
        };
        builder.push(
            i as u64 + 1,
            [
                ("Country".to_string(), Value::Text(country.to_string())),
                ("NumberType".to_string(), field("number_type")),
                ("MonthlyPrice".to_string(), current),
            ],
        );
    }
    let mut table = builder.finish();
    if prices.is_empty() {
        table.header = ["Country", "NumberType", "MonthlyPrice"].map(String::from).to_vec();
    }
    table
}

/// serde_json's message without its own " at line L column C" tail: the
/// position is said once, by the caller.
fn describe(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(cut) => full[..cut].to_string(),
        None => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cli_array_is_a_table_of_its_keys() {
        let text = br#"[{"phoneNumber":"+14155550134","friendlyName":null,"capabilities":{"sms":true}},
                        {"phoneNumber":14155550135,"dateCreated":"2015-07-30T23:19:04.000Z"}]"#;
        let read = read(text).unwrap();
        assert_eq!(read.page, None);
        assert_eq!(
            read.table.header,
            ["phoneNumber", "friendlyName", "capabilities", "dateCreated"]
        );
        assert_eq!(read.table.rows[0].values[2], Value::Text(r#"{"sms":true}"#.into()));
        assert_eq!(read.table.rows[1].values[0], Value::Number(14155550135.0));
        assert_eq!(read.table.rows[1].at, 2);
    }

    #[test]
    fn an_api_page_knows_its_place_in_the_listing() {
        let text = br#"{"first_page_uri":"/2010-04-01/Accounts/AC1/IncomingPhoneNumbers.json?PageSize=2&Page=0",
            "incoming_phone_numbers":[{"phone_number":"+1"},{"phone_number":"+2"}],
            "next_page_uri":"/2010-04-01/Accounts/AC1/IncomingPhoneNumbers.json?PageSize=2&Page=2&PageToken=PA2",
            "page":1,"page_size":2,"previous_page_uri":null,
            "uri":"/2010-04-01/Accounts/AC1/IncomingPhoneNumbers.json?PageSize=2&Page=1&PageToken=PA1"}"#;
        let read = read(text).unwrap();
        let page = read.page.unwrap();
        assert_eq!(page.listing, "/2010-04-01/Accounts/AC1/IncomingPhoneNumbers.json");
        assert_eq!(page.page, 1);
        assert!(page.next_page_uri.unwrap().contains("Page=2"));
        assert_eq!(read.table.rows.iter().map(|r| r.at).collect::<Vec<_>>(), [3, 4]);
    }

    #[test]
    fn usage_records_and_prices_become_their_tables() {
        let usage = br#"{"usage_records":[
            {"category":"sms","count":"9","price":"1.00","start_date":"2026-10-01"},
            {"category":"phonenumbers","count":"24","price":"27.60","start_date":"2026-10-01"}]}"#;
        let table = read(usage).unwrap().table;
        assert_eq!(table.header, ["Month", "Numbers", "Charges"]);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].values[0], Value::Text("2026-10".into()));
        let prices = br#"{"country":"United Kingdom","iso_country":"GB","price_unit":"USD",
            "phone_number_prices":[{"number_type":"local","base_price":"1.15","current_price":"1.10"},
                                   {"number_type":"mobile","base_price":"1.15"}]}"#;
        let table = read(prices).unwrap().table;
        assert_eq!(
            table.rows[0].values,
            [
                Value::Text("GB".into()),
                Value::Text("local".into()),
                Value::Text("1.10".into())
            ]
        );
        assert_eq!(table.rows[1].values[2], Value::Text("1.15".into()));
    }

    #[test]
    fn malformed_json_says_where() {
        let problem = read(b"[{\"a\": 1},\n {\"a\": }]").unwrap_err();
        assert_eq!(
            problem,
            JsonProblem::Malformed {
                line: 2,
                column: 8,
                why: "expected value".into()
            }
        );
        assert_eq!(read(b"[1]").unwrap_err(), JsonProblem::NotAnObject { item: 1 });
        assert_eq!(
            read(br#"{"a": 1}"#).unwrap_err(),
            JsonProblem::NoList { keys: vec!["a".into()] }
        );
        assert!(looks_like_json(b"  \r\n["));
        assert!(!looks_like_json(b"PhoneNumber,x"));
    }
}

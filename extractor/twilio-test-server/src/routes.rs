//! The API's behaviour: auth, the routes, paging, and Twilio's error shape.

use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

use crate::wire::{Answer, Request};
use crate::{Config, Number, State};

const API: &str = "/2010-04-01";
const SUB_LISTS: [&str; 3] = ["Local.json", "Mobile.json", "TollFree.json"];

pub(crate) fn error(status: u16, code: u64, message: &str) -> Answer {
    let body = json!({
        "code": code,
        "message": message,
        "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
        "status": status,
    });
    Answer {
        status,
        body: body.to_string(),
        retry_after: None,
    }
}

fn ok(body: Value) -> Answer {
    Answer {
        status: 200,
        body: body.to_string(),
        retry_after: None,
    }
}

pub(crate) fn answer(request: &Request, state: &Arc<Mutex<State>>) -> Answer {
    let mut state = state.lock().unwrap();
    let config = &mut state.config;
    if !authorised(config, request.authorization.as_deref()) {
        return error(401, 20003, "Authenticate");
    }
    let segments: Vec<&str> = request.path.trim_start_matches('/').split('/').collect();
    match (request.method.as_str(), segments.as_slice()) {
        ("GET", ["2010-04-01", "Accounts.json"]) => accounts(config, request),
        ("GET", ["2010-04-01", "Accounts", account, "IncomingPhoneNumbers.json"]) => {
            numbers_list(config, request, account, None, "IncomingPhoneNumbers.json")
        }
        ("GET", ["2010-04-01", "Accounts", account, "IncomingPhoneNumbers", list]) if SUB_LISTS.contains(list) => {
            let sub_list = list.trim_end_matches(".json");
            numbers_list(
                config,
                request,
                account,
                Some(sub_list),
                &format!("IncomingPhoneNumbers/{list}"),
            )
        }
        (method @ ("GET" | "DELETE"), ["2010-04-01", "Accounts", account, "IncomingPhoneNumbers", number]) => {
            one_number(config, method, account, number)
        }
        ("GET", ["2010-04-01", "Accounts", account, "Usage", "Records.json"]) => usage(config, request, account),
        ("GET", ["v1", "PhoneNumbers", "Countries", iso]) => prices(config, iso),
        ("GET" | "DELETE", _) => error(404, 20404, "The requested resource was not found"),
        _ => error(405, 20004, "Method not allowed"),
    }
}

fn basic(user: &str, secret: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = format!("{user}:{secret}").into_bytes();
    let mut out = String::from("Basic ");
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

fn authorised(config: &Config, header: Option<&str>) -> bool {
    header.is_some_and(|h| {
        h == basic(&config.main_sid, &config.auth_token) || h == basic(&config.api_key, &config.api_secret)
    })
}

fn query<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The slice of `items` for the request's page, and the next page's URI. Strict:
/// `PageSize=1000` always, and a later page only with the token this gave.
fn page<T: Clone>(
    config: &Config,
    request: &Request,
    items: &[T],
    base: &str,
    filter: &str,
) -> Result<(Vec<T>, Value), Answer> {
    if query(request, "PageSize") != Some("1000") {
        return Err(error(400, 20001, "This stand-in expects PageSize=1000 on every list"));
    }
    let page: usize = query(request, "Page")
        .unwrap_or("0")
        .parse()
        .map_err(|_| error(400, 20001, "Page is not a number"))?;
    if page > 0 && query(request, "PageToken") != Some(&format!("PA{page}")) {
        return Err(error(400, 20001, "A later page needs the PageToken of next_page_uri"));
    }
    let start = page * config.page_limit;
    let slice: Vec<T> = items.iter().skip(start).take(config.page_limit).cloned().collect();
    let next = if start + config.page_limit < items.len() {
        json!(format!(
            "{base}?PageSize=1000{filter}&Page={}&PageToken=PA{}",
            page + 1,
            page + 1
        ))
    } else {
        Value::Null
    };
    Ok((slice, next))
}

fn accounts(config: &Config, request: &Request) -> Answer {
    let base = format!("{API}/Accounts.json");
    let (slice, next) = match page(config, request, &config.accounts, &base, "") {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let accounts: Vec<Value> = slice
        .iter()
        .map(|a| {
            json!({"sid": a.sid, "friendly_name": a.friendly_name, "status": a.status,
                   "owner_account_sid": config.main_sid, "type": "Full",
                   "date_created": "Tue, 02 Jan 2024 10:00:00 +0000"})
        })
        .collect();
    ok(json!({"accounts": accounts, "next_page_uri": next, "page_size": 1000, "uri": base}))
}

/// The account, if the credentials may see it (the main account or one of its subaccounts).
fn known_account(config: &Config, sid: &str) -> bool {
    config.accounts.iter().any(|a| a.sid == sid)
}

fn number_json(number: &Number) -> Value {
    let [voice, sms, mms, fax] = number.capabilities;
    json!({
        "sid": number.sid,
        "account_sid": number.account_sid,
        "phone_number": number.phone_number,
        "friendly_name": number.friendly_name,
        "date_created": number.date_created,
        "date_updated": number.date_created,
        "capabilities": {"voice": voice, "sms": sms, "mms": mms, "fax": fax},
        "origin": "twilio",
        "status": "in-use",
        "emergency_status": "Inactive",
        "api_version": "2010-04-01",
        "uri": format!("{API}/Accounts/{}/IncomingPhoneNumbers/{}.json", number.account_sid, number.sid),
    })
}

fn numbers_list(config: &Config, request: &Request, account: &str, sub_list: Option<&str>, list: &str) -> Answer {
    if !known_account(config, account) {
        return error(404, 20404, "The requested resource was not found");
    }
    if let Some((name, _)) = request
        .query
        .iter()
        .find(|(k, _)| !["PageSize", "Page", "PageToken", "PhoneNumber"].contains(&k.as_str()))
    {
        return error(400, 20001, &format!("Unknown parameter {name}"));
    }
    let wanted = query(request, "PhoneNumber");
    let matching: Vec<&Number> = config
        .numbers
        .iter()
        .filter(|n| n.account_sid == account && (sub_list.is_none() || n.sub_list == sub_list))
        .filter(|n| wanted.is_none_or(|w| n.phone_number == w))
        .collect();
    let filter = wanted
        .map(|w| format!("&PhoneNumber={}", w.replace('+', "%2B")))
        .unwrap_or_default();
    let base = format!("{API}/Accounts/{account}/{list}");
    match page(config, request, &matching, &base, &filter) {
        Ok((slice, next)) => {
            let items: Vec<Value> = slice.iter().map(|n| number_json(n)).collect();
            ok(json!({"incoming_phone_numbers": items, "next_page_uri": next, "page_size": 1000, "uri": base}))
        }
        Err(answer) => answer,
    }
}

fn one_number(config: &mut Config, method: &str, account: &str, file: &str) -> Answer {
    let Some(sid) = file.strip_suffix(".json") else {
        return error(404, 20404, "The requested resource was not found");
    };
    let position = config
        .numbers
        .iter()
        .position(|n| n.sid == sid && n.account_sid == account);
    match (method, position) {
        (_, None) => error(404, 20404, "The requested resource was not found"),
        ("DELETE", Some(index)) => {
            config.numbers.remove(index);
            Answer {
                status: 204,
                body: String::new(),
                retry_after: None,
            }
        }
        (_, Some(index)) => ok(number_json(&config.numbers[index])),
    }
}

fn usage(config: &Config, request: &Request, account: &str) -> Answer {
    if account != config.main_sid {
        return error(404, 20404, "The requested resource was not found");
    }
    let (Some("phonenumbers"), Some(start), Some(end)) = (
        query(request, "Category"),
        query(request, "StartDate"),
        query(request, "EndDate"),
    ) else {
        return error(
            400,
            20001,
            "This stand-in expects Category=phonenumbers, StartDate and EndDate",
        );
    };
    let records: Vec<Value> = config
        .usage
        .iter()
        .filter(|u| u.start_date == start && u.end_date == end)
        .map(|u| {
            json!({"account_sid": account, "category": "phonenumbers", "description": "Phone Numbers",
                   "start_date": u.start_date, "end_date": u.end_date, "count": u.count, "count_unit": "numbers",
                   "usage": u.count, "usage_unit": "numbers", "price": u.price, "price_unit": "usd"})
        })
        .collect();
    let base = format!("{API}/Accounts/{account}/Usage/Records.json");
    match page(config, request, &records, &base, "") {
        Ok((slice, next)) => ok(json!({"usage_records": slice, "next_page_uri": next, "page_size": 1000, "uri": base})),
        Err(answer) => answer,
    }
}

fn prices(config: &Config, iso: &str) -> Answer {
    let Some(country) = config.prices.iter().find(|c| c.iso == iso) else {
        return error(404, 20404, "The requested resource was not found");
    };
    let list: Vec<Value> = country
        .prices
        .iter()
        .map(|(kind, base, current)| json!({"number_type": kind, "base_price": base, "current_price": current}))
        .collect();
    ok(
        json!({"country": country.country, "iso_country": country.iso, "price_unit": "USD", "phone_number_prices": list,
              "url": format!("https://pricing.twilio.com/v1/PhoneNumbers/Countries/{iso}")}),
    )
}

//! The standard account: a main account with two subaccounts (one closed),
//! 318 numbers across the sub-lists (so pages of 100 make real paging), a
//! month of usage, and US, CA and GB prices.
//!
//! Main: 180 US local (+1415555xxxx; a few with names that need CSV quoting),
//! 1 Canadian local, 25 GB mobile, 40 US toll-free, 5 in no sub-list.
//! Active subaccount: 60 US local and 5 GB mobile. Closed subaccount: 2 numbers
//! that must never be listed.

use crate::{Account, Config, CountryPrices, Number, Usage};

pub const MAIN_SID: &str = "AC00000000000000000000000000000001";
pub const SUB_SID: &str = "AC00000000000000000000000000000002";
pub const CLOSED_SID: &str = "AC00000000000000000000000000000003";

const DATES: [&str; 3] = [
    "Tue, 02 Jan 2024 10:00:00 +0000",
    "Thu, 30 Jul 2015 23:19:04 +0000",
    "Fri, 06 May 2022 08:30:00 +0000",
];

/// Names that need quoting or are not ASCII, given to the first local numbers.
const SPECIAL_NAMES: [&str; 4] = [
    "Support, \"Main\" line",
    "Café Zürich",
    "Sales\nsecond line",
    "=cmd|' /C calc'!A0",
];

fn number(index: usize, account: &str, phone: String, sub_list: Option<&'static str>) -> Number {
    Number {
        sid: format!("PN{index:032x}"),
        account_sid: account.to_string(),
        friendly_name: String::new(),
        phone_number: phone,
        date_created: DATES[index % DATES.len()].to_string(),
        sub_list,
        capabilities: [true, index.is_multiple_of(2), index.is_multiple_of(3), false],
    }
}

/// A formatted version of the number, as Twilio's default friendly name is.
fn default_name(phone: &str) -> String {
    match phone.strip_prefix("+1") {
        Some(n) if n.len() == 10 => format!("({}) {}-{}", &n[..3], &n[3..6], &n[6..]),
        _ => phone.to_string(),
    }
}

pub fn standard() -> Config {
    let mut numbers = Vec::new();
    let mut add = |account: &str, phone: String, sub_list| {
        let mut n = number(numbers.len() + 1, account, phone, sub_list);
        n.friendly_name = default_name(&n.phone_number);
        numbers.push(n);
    };
    for i in 0..180 {
        add(MAIN_SID, format!("+1415555{i:04}"), Some("Local"));
    }
    add(MAIN_SID, "+14165550199".into(), Some("Local"));
    for i in 0..25 {
        add(MAIN_SID, format!("+447700900{i:03}"), Some("Mobile"));
    }
    for i in 0..40 {
        add(MAIN_SID, format!("+1800555{i:04}"), Some("TollFree"));
    }
    for i in 0..5 {
        add(MAIN_SID, format!("+1212555{i:04}"), None);
    }
    for i in 0..60 {
        add(SUB_SID, format!("+1646555{i:04}"), Some("Local"));
    }
    for i in 0..5 {
        add(SUB_SID, format!("+447700901{i:03}"), Some("Mobile"));
    }
    for i in 0..2 {
        add(CLOSED_SID, format!("+1312555{i:04}"), Some("Local"));
    }
    for (n, name) in numbers.iter_mut().zip(SPECIAL_NAMES) {
        n.friendly_name = name.to_string();
    }
    let prices = |iso: &str, country: &str, list: &[(&str, &str, &str)]| CountryPrices {
        iso: iso.into(),
        country: country.into(),
        prices: list
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect(),
    };
    Config {
        main_sid: MAIN_SID.into(),
        auth_token: "auth-token-4c1f9e77d2".into(),
        api_key: "SK00000000000000000000000000000009".into(),
        api_secret: "api-secret-b83d0a51f6".into(),
        accounts: vec![
            Account {
                sid: MAIN_SID.into(),
                friendly_name: "Farm main".into(),
                status: "active".into(),
            },
            Account {
                sid: SUB_SID.into(),
                friendly_name: "Farm support".into(),
                status: "active".into(),
            },
            Account {
                sid: CLOSED_SID.into(),
                friendly_name: "Old pilot".into(),
                status: "closed".into(),
            },
        ],
        numbers,
        usage: vec![Usage {
            start_date: "2026-10-01".into(),
            end_date: "2026-10-31".into(),
            count: "316".into(),
            price: "367.4950".into(),
        }],
        prices: vec![
            prices(
                "US",
                "United States",
                &[("local", "1.15", "1.15"), ("toll free", "2.15", "2.150")],
            ),
            prices(
                "CA",
                "Canada",
                &[("local", "1.15", "1.15"), ("toll free", "2.15", "2.15")],
            ),
            prices(
                "GB",
                "United Kingdom",
                &[
                    ("local", "1.15", "1.00"),
                    ("mobile", "1.15", "1.10"),
                    ("national", "1.15", "1.15"),
                    ("toll free", "2.15", "2.00"),
                ],
            ),
        ],
        page_limit: 100,
        faults: Vec::new(),
    }
}

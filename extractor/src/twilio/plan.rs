//! A release plan: `Sid,AccountSid,PhoneNumber,FriendlyName,Monthly_Cost,Reason`
//! (the RELEASE rows of the report). `Sid` may be missing (the column or a
//! cell): such a number is found by its `PhoneNumber` in its account.
//! Header names compare ignoring case, spaces and underscores; a BOM is ignored.

use std::collections::HashMap;
use std::path::Path;

use super::credentials::is_sid;
use super::failure::bad;
use super::outputs;
use crate::Failure;

pub(crate) const PLAN_COLUMNS: &str = "Sid,AccountSid,PhoneNumber,FriendlyName,Monthly_Cost,Reason";

/// One number the plan says to release.
#[derive(Debug, Clone)]
pub(crate) struct PlannedNumber {
    /// The line in the plan, for messages.
    pub(crate) line: u64,
    pub(crate) sid: Option<String>,
    pub(crate) account_sid: String,
    pub(crate) phone_number: String,
    /// What the name was when planned; `None` when the plan has no such column.
    pub(crate) friendly_name: Option<String>,
    pub(crate) monthly_cents: u64,
    pub(crate) reason: String,
}

fn key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '\u{FEFF}')
        .flat_map(char::to_lowercase)
        .collect()
}

pub(crate) fn read(path: &Path) -> Result<Vec<PlannedNumber>, Failure> {
    let shown = path.display();
    let bytes = crate::files::read(path)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes.as_slice());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => {
            return Err(bad(format!(
                "{shown}: can't read the header ({e}); a plan has {PLAN_COLUMNS}"
            )))
        }
        None => return Err(bad(format!("{shown} is empty: a release plan has {PLAN_COLUMNS}"))),
    };
    let keys: Vec<String> = header.iter().map(key).collect();
    let find = |name: &str| keys.iter().position(|k| *k == key(name));
    let required = |name: &str| {
        find(name).ok_or_else(|| {
            bad(format!(
                "{shown} has no {name} column: a release plan has {PLAN_COLUMNS}"
            ))
        })
    };
    let (account, phone, cost) = (
        required("AccountSid")?,
        required("PhoneNumber")?,
        required("Monthly_Cost")?,
    );
    let (sid, name, reason) = (find("Sid"), find("FriendlyName"), find("Reason"));
    let mut planned: Vec<PlannedNumber> = Vec::new();
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    for record in records {
        let record = record.map_err(|e| bad(format!("{shown}: {e}; fix the file and run again")))?;
        // Counted from the byte offset: after a CRLF the reader's position (and line count) is at the `\n`.
        let mut start = record.position().map_or(0, |p| p.byte() as usize).min(bytes.len());
        while bytes.get(start).is_some_and(|b| *b == b'\r' || *b == b'\n') {
            start += 1;
        }
        let line = bytes[..start].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).map(str::trim).unwrap_or("").to_string();
        let at = |what: String| bad(format!("{shown} line {line}: {what}"));
        let account_sid = cell(Some(account));
        if !is_sid(&account_sid, "AC") {
            return Err(at(format!(
                "AccountSid `{account_sid}` is not an account SID (AC and 32 hex digits)"
            )));
        }
        let phone_number = cell(Some(phone));
        if !phone_number.starts_with('+')
            || phone_number.len() < 4
            || !phone_number[1..].bytes().all(|b| b.is_ascii_digit())
        {
            return Err(at(format!(
                "PhoneNumber `{phone_number}` is not in E.164 form (+ and digits, as Twilio lists it)"
            )));
        }
        let sid_text = cell(sid);
        if !sid_text.is_empty() && !is_sid(&sid_text, "PN") {
            return Err(at(format!(
                "Sid `{sid_text}` is not a phone number SID (PN and 32 hex digits); leave it empty to look it up"
            )));
        }
        let cost_text = cell(Some(cost));
        let monthly_cents = outputs::cents(cost_text.trim_start_matches('$'))
            .ok_or_else(|| at(format!("Monthly_Cost `{cost_text}` is not an amount like 1.15")))?;
        if let Some(first) = seen.insert((account_sid.clone(), phone_number.clone()), line) {
            return Err(at(format!(
                "{phone_number} is already planned on line {first}; list each number once"
            )));
        }
        planned.push(PlannedNumber {
            line,
            sid: Some(sid_text).filter(|s| !s.is_empty()),
            account_sid,
            phone_number,
            friendly_name: name.map(|_| cell(name)),
            monthly_cents,
            reason: cell(reason),
        });
    }
    Ok(planned)
}

//! What a report says of itself besides its rows: findings on the numbers
//! priced at the SOP's estimate, and notes on what was inferred and on the
//! optional inputs that are missing.

use std::collections::BTreeMap;

use crate::findings::{Finding, FindingKind, Source};
use crate::input::{InputKind, Inputs, ASSIGNMENTS_FILE, STATS_FILE};
use crate::money::{thousands, Cents};
use crate::place::Country;
use crate::prices::NumberType;
use crate::row::ReportRow;
use crate::settings::Settings;

/// One finding per country and type priced at the SOP's estimate, biggest first
/// (docs/report-contract.md#costs).
pub(crate) fn estimate_findings(rows: &[ReportRow], settings: &Settings, numbers: Source) -> Vec<Finding> {
    let mut groups: BTreeMap<(Option<Country>, NumberType, bool), (u64, Cents)> = BTreeMap::new();
    for row in rows.iter().filter(|r| r.cost_estimated) {
        let key = (row.place.map(|p| p.country), row.number_type, row.phone.is_toll_free());
        groups
            .entry(key)
            .or_insert((0, settings.prices.estimate(row.phone).1))
            .0 += 1;
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by_key(|(key, (count, _))| (std::cmp::Reverse(*count), *key));
    groups
        .into_iter()
        .map(|((country, number_type, toll_free), (count, price))| {
            let rate = match toll_free {
                true => "toll-free",
                false => "local",
            };
            let message = match country {
                Some(country) => format!(
                    "{} {country} {number_type} number(s) are priced at the US {rate} rate {price}: \
                     add {country} {number_type} prices for exact costs.",
                    thousands(count)
                ),
                None => format!(
                    "{} {number_type} number(s) have a country calling code no country has; they are priced \
                     at the US {rate} rate {price}.",
                    thousands(count)
                ),
            };
            numbers.finding(FindingKind::EstimatedPrice, None, message)
        })
        .collect()
}

/// What the report inferred: each number's type, when the numbers input gives none.
pub(crate) fn inference_notes(rows: &[ReportRow]) -> Vec<String> {
    let inferred = rows.iter().filter(|r| r.type_inferred).count() as u64;
    match inferred {
        0 => Vec::new(),
        n => vec![format!(
            "NumberType was inferred for {} number(s) the numbers input gives no type for: toll free for a \
             North American toll-free area code, local for the rest. The `phone-inventory twilio fetch` \
             output gives each number's type.",
            thousands(n)
        )],
    }
}

/// What a missing optional input means for the report.
pub(crate) fn missing_input_notes(inputs: &Inputs) -> Vec<String> {
    let mut notes = Vec::new();
    if inputs.get(InputKind::MessageStats).is_none() && inputs.get(InputKind::MessageLog).is_none() {
        notes.push(format!(
            "No message stats were given, so every number is NEVER USED: add {STATS_FILE} for real usage."
        ));
    }
    if inputs.get(InputKind::Assignments).is_none() {
        notes.push(format!(
            "No assignments were given, so nobody is assigned: add {ASSIGNMENTS_FILE} to see who holds each number."
        ));
    }
    notes
}

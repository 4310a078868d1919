//! Where the numbers are: how many, and what they cost a month, per
//! `Location` (a North American number's state or province, any other
//! number's country) and per North American area code, largest first.
//! The page's table and chart, the printout and the workbook's sheet all
//! take it from here.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::money::thousands;
use crate::report::Report;
use crate::summary::{text_table, Tally};

/// The location of a number whose calling code no country has (+800, +882 …).
pub const UNKNOWN_LOCATION: &str = "(unknown)";

/// One location's numbers and monthly cost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationTally {
    pub location: String,
    pub tally: Tally,
}

/// One North American area code's numbers and monthly cost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaCodeTally {
    /// The three digits after +1: `512`.
    pub area_code: u16,
    /// Its state or province, as the Location column has it (`United States` for toll free).
    pub location: String,
    pub tally: Tally,
}

/// The report's numbers by location and by area code, each sorted by
/// numbers (most first), then monthly cost (most first), then name or code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Locations {
    pub by_location: Vec<LocationTally>,
    pub by_area_code: Vec<AreaCodeTally>,
}

impl Report {
    /// The numbers by location and by North American area code.
    pub fn locations(&self) -> Locations {
        let mut by_location: FxHashMap<&'static str, Tally> = FxHashMap::default();
        let mut by_area_code: FxHashMap<u16, (&'static str, Tally)> = FxHashMap::default();
        for row in &self.rows {
            let location = row.place.map_or(UNKNOWN_LOCATION, |p| p.location());
            by_location.entry(location).or_default().add(row.monthly_cost);
            if let Some(area_code) = row.phone.area_code() {
                let (_, tally) = by_area_code.entry(area_code).or_insert((location, Tally::default()));
                tally.add(row.monthly_cost);
            }
        }
        let mut by_location: Vec<LocationTally> = by_location
            .into_iter()
            .map(|(location, tally)| LocationTally {
                location: location.to_string(),
                tally,
            })
            .collect();
        by_location.sort_by(|a, b| largest_first(&a.tally, &b.tally).then_with(|| a.location.cmp(&b.location)));
        let mut by_area_code: Vec<AreaCodeTally> = by_area_code
            .into_iter()
            .map(|(area_code, (location, tally))| AreaCodeTally {
                area_code,
                location: location.to_string(),
                tally,
            })
            .collect();
        by_area_code.sort_by(|a, b| largest_first(&a.tally, &b.tally).then(a.area_code.cmp(&b.area_code)));
        Locations {
            by_location,
            by_area_code,
        }
    }
}

fn largest_first(a: &Tally, b: &Tally) -> std::cmp::Ordering {
    b.numbers.cmp(&a.numbers).then(b.monthly_cost.cmp(&a.monthly_cost))
}

impl Locations {
    /// The first `top` locations as a monospace table, and how many more there are.
    pub fn to_text(&self, top: usize) -> String {
        let shown = &self.by_location[..top.min(self.by_location.len())];
        let mut table = vec![vec!["Location".to_string(), "Numbers".into(), "Monthly cost".into()]];
        table.extend(shown.iter().map(|l| {
            vec![
                l.location.clone(),
                thousands(l.tally.numbers),
                l.tally.monthly_cost.to_string(),
            ]
        }));
        let mut out = text_table(&table);
        let rest = self.by_location.len() - shown.len();
        if rest > 0 {
            out += &format!("… and {rest} more location(s).\n");
        }
        out
    }

    /// The area codes whose digits start with `digits` (the page's filter);
    /// all of them when `digits` is empty.
    pub fn area_codes_starting(&self, digits: &str) -> impl Iterator<Item = &AreaCodeTally> + '_ {
        let digits = digits.trim().trim_start_matches("+1").to_string();
        self.by_area_code
            .iter()
            .filter(move |a| a.area_code.to_string().starts_with(&digits))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::{load, Inputs, Report, Settings};

    fn report(numbers: &str) -> Report {
        let mut inputs = Inputs::default();
        let csv = format!("PhoneNumber,FriendlyName,DateCreated\n{numbers}");
        inputs.put(load("numbers.csv", csv.into_bytes()).unwrap());
        Report::build(&inputs, &Settings::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())).unwrap()
    }

    #[test]
    fn numbers_are_counted_by_location_and_area_code() {
        let report = report(
            "+15125550100,Austin,2025-01-01\n+15125550101,Austin 2,2025-01-01\n+12145550100,Dallas,2025-01-01\n\
             +14165550100,Toronto,2025-01-01\n+442079460000,London,2025-01-01\n+18005550100,Toll free,2025-01-01\n\
             +80012345678,Freephone,2025-01-01\n",
        );
        let locations = report.locations();
        let by_location: Vec<(&str, u64)> = locations
            .by_location
            .iter()
            .map(|l| (l.location.as_str(), l.tally.numbers))
            .collect();
        // Texas first (3); the rest have one each, the toll-free number's
        // higher price first, then by name.
        assert_eq!(
            by_location,
            [
                ("Texas", 3),
                ("United States", 1),
                ("(unknown)", 1),
                ("Ontario", 1),
                ("United Kingdom", 1)
            ]
        );
        let codes: Vec<(u16, &str, u64)> = locations
            .by_area_code
            .iter()
            .map(|a| (a.area_code, a.location.as_str(), a.tally.numbers))
            .collect();
        assert_eq!(
            codes,
            [
                (512, "Texas", 2),
                (800, "United States", 1),
                (214, "Texas", 1),
                (416, "Ontario", 1)
            ]
        );
        let filtered: Vec<u16> = locations.area_codes_starting("+15").map(|a| a.area_code).collect();
        assert_eq!(filtered, [512]);
        assert_eq!(locations.area_codes_starting("").count(), 4);
    }

    #[test]
    fn the_text_shows_the_top_and_counts_the_rest() {
        let report = report("+15125550100,A,2025-01-01\n+12145550100,B,2025-01-01\n+14165550100,C,2025-01-01\n");
        let text = report.locations().to_text(1);
        assert_eq!(
            text,
            "Location  Numbers  Monthly cost\nTexas           2          2.30\n… and 1 more location(s).\n"
        );
    }
}

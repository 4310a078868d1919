//! "Where the numbers are" as plain Rust: the bars of the top locations
//! and the area-code filter (what a user types, read as the digits of a
//! North American area code). The tallies themselves are core's
//! `Report::locations()`, carried whole in the `ReportView`.

use inventory_core::{AreaCodeTally, Locations, Tally};

/// Locations drawn in the bar chart.
pub const CHART_TOP: usize = 15;

/// What the area-code filter shows for the text typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AreaCodeFilter {
    /// Nothing typed yet.
    Empty,
    /// The area codes starting with the digits typed, most numbers first,
    /// and their sum.
    Matches { rows: Vec<AreaCodeTally>, total: Tally },
    /// The text typed can't start an area code; says what to type instead.
    Unreadable(String),
}

impl AreaCodeFilter {
    /// Reads `typed` (`512`, `+1512`, `+1 (512`, `1-512`) as the first
    /// digits of an area code and finds them in `locations`.
    pub fn of(locations: &Locations, typed: &str) -> AreaCodeFilter {
        let Some(digits) = area_code_digits(typed) else {
            return AreaCodeFilter::Unreadable(format!(
                "`{}` is not the start of an area code: type up to three digits, like 512 or +1512",
                typed.trim()
            ));
        };
        if digits.is_empty() {
            return AreaCodeFilter::Empty;
        }
        let rows: Vec<AreaCodeTally> = locations.area_codes_starting(&digits).cloned().collect();
        let total = rows.iter().fold(Tally::default(), |sum, a| Tally {
            numbers: sum.numbers + a.tally.numbers,
            monthly_cost: sum.monthly_cost + a.tally.monthly_cost,
        });
        AreaCodeFilter::Matches { rows, total }
    }
}

/// The area code's digits in `typed`: spaces, brackets and dashes are
/// ignored, a leading `+1` (or `1` before three more digits) is the country
/// code. `None` when anything else is typed or more than three digits remain.
fn area_code_digits(typed: &str) -> Option<String> {
    let text = typed.trim();
    let (plus, rest) = match text.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if !rest.chars().all(|c| c.is_ascii_digit() || " ()-.".contains(c)) {
        return None;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let digits = if plus || digits.len() > 3 {
        match digits.strip_prefix('1') {
            Some(after) => after.to_string(),
            // `+44…`: not a North American number, so no area code.
            None if plus && !digits.is_empty() => return None,
            None => digits,
        }
    } else {
        digits
    };
    (digits.len() <= 3).then_some(digits)
}

/// One bar of the chart: a location, its tally, and its length out of `of`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocationBar {
    pub location: String,
    pub tally: Tally,
}

/// The [`CHART_TOP`] locations with the most numbers, and the most numbers
/// of any (the longest bar).
pub fn chart_bars(locations: &Locations) -> (Vec<LocationBar>, u64) {
    let bars: Vec<LocationBar> = locations
        .by_location
        .iter()
        .take(CHART_TOP)
        .map(|l| LocationBar {
            location: l.location.clone(),
            tally: l.tally,
        })
        .collect();
    let longest = bars.iter().map(|b| b.tally.numbers).max().unwrap_or(0);
    (bars, longest)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use inventory_core::{Cents, Inputs, Report, Settings};

    use super::*;

    fn locations() -> Locations {
        let numbers = "PhoneNumber,FriendlyName,DateCreated\n+15125550101,a,2024-01-01\n\
                       +15125550102,b,2024-01-01\n+17375550103,c,2024-01-01\n\
                       +15135550104,d,2024-01-01\n+14165550105,e,2024-01-01\n+442079460958,f,2024-01-01\n";
        let mut inputs = Inputs::default();
        inputs.put(inventory_core::load("n.csv", numbers.as_bytes().to_vec()).unwrap());
        let report = Report::build(&inputs, &Settings::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())).unwrap();
        report.locations()
    }

    fn codes(filter: &AreaCodeFilter) -> Vec<u16> {
        match filter {
            AreaCodeFilter::Matches { rows, .. } => rows.iter().map(|a| a.area_code).collect(),
            other => panic!("no matches: {other:?}"),
        }
    }

    #[test]
    fn the_filter_reads_an_area_code_however_it_is_written() {
        let locations = locations();
        for typed in ["512", "+1512", " +1 (512", "1-512", "1512"] {
            assert_eq!(codes(&AreaCodeFilter::of(&locations, typed)), [512], "{typed:?}");
        }
        let fives = AreaCodeFilter::of(&locations, "5");
        assert_eq!(codes(&fives), [512, 513]);
        let AreaCodeFilter::Matches { total, .. } = fives else {
            unreachable!()
        };
        assert_eq!((total.numbers, total.monthly_cost), (3, Cents(345)));
        assert_eq!(codes(&AreaCodeFilter::of(&locations, "999")), Vec::<u16>::new());
        assert_eq!(AreaCodeFilter::of(&locations, " "), AreaCodeFilter::Empty);
        assert_eq!(AreaCodeFilter::of(&locations, "+1"), AreaCodeFilter::Empty);
        for bad in ["texas", "+44", "51234", "5125550101x"] {
            let AreaCodeFilter::Unreadable(message) = AreaCodeFilter::of(&locations, bad) else {
                panic!("{bad:?} was read");
            };
            assert!(message.contains("like 512"), "{message}");
        }
    }

    #[test]
    fn the_chart_has_the_top_locations_longest_first() {
        let locations = locations();
        let (bars, longest) = chart_bars(&locations);
        assert_eq!(bars.len(), locations.by_location.len().min(CHART_TOP));
        assert_eq!(longest, 3, "Texas: two 512s and a 737");
        assert_eq!(bars[0].location, "Texas");
        assert_eq!(bars[0].location, locations.by_location[0].location);
    }
}

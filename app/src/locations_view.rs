//! "Where the numbers are" as plain Rust: the bars of the top locations
//! and the area-code filter (what a user types, read as the digits of a
//! North American area code). The tallies themselves are core's
//! `Report::locations()`, carried whole in the `ReportView`.

use inventory_core::{thousands, AreaCodeTally, Locations, Tally};

use crate::model::money;

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
    /// digits of an area code and finds them in `area_codes`
    /// (`Locations::by_area_code`).
    pub fn of(area_codes: &[AreaCodeTally], typed: &str) -> AreaCodeFilter {
        let Some(digits) = area_code_digits(typed) else {
            return AreaCodeFilter::Unreadable(format!(
                "`{}` is not the start of an area code: type up to three digits, like 512 or +1512",
                typed.trim()
            ));
        };
        if digits.is_empty() {
            return AreaCodeFilter::Empty;
        }
        let rows: Vec<AreaCodeTally> = area_codes
            .iter()
            .filter(|a| a.area_code.to_string().starts_with(&digits))
            .cloned()
            .collect();
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

// Whole units of the locations chart's SVG viewBox, as in the page's `charts`.
const WIDTH: u64 = 640;
const LABEL: u64 = 190;
const BAR: u64 = 18;
const GAP: u64 = 6;
const BASELINE: u64 = 13;

/// `text` safe inside HTML text and quoted attributes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The locations table and the bar chart of the top [`CHART_TOP`], as
/// HTML. The worker makes it and the page sets it as it is: drawing it
/// with the page's own view code made the page's wasm, which the first
/// paint waits on, several KB bigger.
pub fn locations_html(locations: &Locations) -> String {
    let mut html = String::from(
        "<div class=\"table-wrap locations-table\"><table id=\"locations-table\" class=\"matrix\">\
         <caption>Numbers and monthly cost per location, most numbers first</caption>\
         <thead><tr><th scope=\"col\">Location</th><th scope=\"col\" class=\"num\">Numbers</th>\
         <th scope=\"col\" class=\"num\">Monthly cost</th></tr></thead><tbody>",
    );
    for l in &locations.by_location {
        html += &format!(
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape_html(&l.location),
            thousands(l.tally.numbers),
            money(l.tally.monthly_cost)
        );
    }
    html += "</tbody></table></div>";
    let (bars, longest) = chart_bars(locations);
    let length = WIDTH - LABEL - 60;
    let height = bars.len() as u64 * (BAR + GAP) + GAP;
    let caption = if locations.by_location.len() > CHART_TOP {
        format!("The {CHART_TOP} locations with the most numbers")
    } else {
        "Numbers per location".to_string()
    };
    html += &format!(
        "<figure class=\"chart\" id=\"chart-locations\"><figcaption>{caption}</figcaption>\
         <svg viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" aria-label=\"Numbers per location, top 15\">"
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = GAP + i as u64 * (BAR + GAP);
        let w = (u128::from(bar.tally.numbers) * u128::from(length) / u128::from(longest.max(1))) as u64;
        let name = escape_html(&bar.location);
        let numbers = thousands(bar.tally.numbers);
        html += &format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"chart-label\">{name}</text>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{w}\" height=\"{BAR}\" fill=\"#3b6ea8\">\
             <title>{name}: {numbers} numbers, {} a month</title></rect>\
             <text x=\"{}\" y=\"{}\" class=\"chart-value\">{numbers}</text>",
            LABEL - 8,
            y + BASELINE,
            money(bar.tally.monthly_cost),
            LABEL + w + 6,
            y + BASELINE,
        );
    }
    html += "</svg></figure>";
    html
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
            assert_eq!(
                codes(&AreaCodeFilter::of(&locations.by_area_code, typed)),
                [512],
                "{typed:?}"
            );
        }
        let fives = AreaCodeFilter::of(&locations.by_area_code, "5");
        assert_eq!(codes(&fives), [512, 513]);
        let AreaCodeFilter::Matches { total, .. } = fives else {
            unreachable!()
        };
        assert_eq!((total.numbers, total.monthly_cost), (3, Cents(345)));
        assert_eq!(
            codes(&AreaCodeFilter::of(&locations.by_area_code, "999")),
            Vec::<u16>::new()
        );
        assert_eq!(AreaCodeFilter::of(&locations.by_area_code, " "), AreaCodeFilter::Empty);
        assert_eq!(AreaCodeFilter::of(&locations.by_area_code, "+1"), AreaCodeFilter::Empty);
        for bad in ["texas", "+44", "51234", "5125550101x"] {
            let AreaCodeFilter::Unreadable(message) = AreaCodeFilter::of(&locations.by_area_code, bad) else {
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
        let html = locations_html(&locations);
        assert!(
            html.contains("<th scope=\"row\">Texas</th><td class=\"num\">3</td>"),
            "{html}"
        );
        assert_eq!(html.matches("<rect ").count(), bars.len());
        assert_eq!(escape_html("Trinidad & <Tobago>"), "Trinidad &amp; &lt;Tobago&gt;");
    }
}

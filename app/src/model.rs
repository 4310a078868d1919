//! The page's settings and their texts as plain Rust: dates, money, the
//! remembered settings and the rules editor's rows. No Leptos, no browser.

use chrono::{Datelike, NaiveDate};
use inventory_core::{thousands, CategoryRule, Cents, Country, NumberType, RuleTest, Rules, Settings};

// ---- dates and money as the page shows and reads them ----

/// `YYYY-MM-DD`, the value of an `<input type=date>`.
pub fn iso_date(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// Reads an `<input type=date>` value.
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// `$1,234.50`.
pub fn money(amount: Cents) -> String {
    format!("${}.{:02}", thousands(amount.0 / 100), amount.0 % 100)
}

/// An optional whole number typed by the user: empty is `None`.
pub fn parse_count(text: &str) -> Result<Option<u64>, String> {
    let t = text.trim().replace(',', "");
    if t.is_empty() {
        return Ok(None);
    }
    t.parse()
        .map(Some)
        .map_err(|_| format!("`{}` is not a whole number", text.trim()))
}

/// An optional amount typed by the user: empty is `None`.
pub fn parse_amount(text: &str) -> Result<Option<Cents>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        Cents::parse(text).map(Some)
    }
}

// ---- settings remembered in the browser ----

/// The settings the page opens with: `today` and the defaults, then what
/// the browser remembers (`settings_text` as [`settings_to_text`] writes it,
/// `rules_csv` a rules file). Rules that do not read keep the SOP's.
pub fn remembered_settings(today: NaiveDate, settings_text: Option<&str>, rules_csv: Option<&str>) -> Settings {
    let mut settings = Settings::new(today);
    if let Some(text) = settings_text {
        apply_saved_settings(&mut settings, text);
    }
    if let Some(rules) = rules_csv.and_then(|csv| Rules::from_csv(csv).ok()) {
        settings.rules = rules;
    }
    settings
}

/// The as-of date, prices and invoice figures as the browser remembers
/// them (`key=value` lines); the rules are remembered apart, as a rules CSV.
/// A remembered as-of date is used when the page opens again; the settings
/// panel then says the report is not as of today.
pub fn settings_to_text(settings: &Settings) -> String {
    let opt = |v: Option<String>| v.unwrap_or_default();
    format!(
        "as_of={}\nlocal_price={}\ntoll_free_price={}\ninvoice_count={}\ninvoice_amount={}\n",
        iso_date(settings.as_of),
        us_price(settings, NumberType::Local),
        us_price(settings, NumberType::TollFree),
        opt(settings.invoice_count.map(|c| c.to_string())),
        opt(settings.invoice_amount.map(|c| c.to_string())),
    )
}

/// The US row of the price table for `number_type` (the US and CA rows move together on the page).
pub fn us_price(settings: &Settings, number_type: NumberType) -> Cents {
    Country::parse("US")
        .and_then(|us| settings.prices.get(us, number_type))
        .unwrap_or_default()
}

/// Applies remembered values; anything unreadable keeps its default.
pub fn apply_saved_settings(settings: &mut Settings, text: &str) {
    for line in text.lines() {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        match key {
            "as_of" => settings.as_of = parse_iso_date(value).unwrap_or(settings.as_of),
            "local_price" => settings.prices.set_north_american(Cents::parse(value).ok(), None),
            "toll_free_price" => settings.prices.set_north_american(None, Cents::parse(value).ok()),
            "invoice_count" => settings.invoice_count = parse_count(value).unwrap_or(None),
            "invoice_amount" => settings.invoice_amount = parse_amount(value).unwrap_or(None),
            _ => {}
        }
    }
}

// ---- the rules editor ----

/// The `Match` choices of a rule, as in a rules file.
pub const MATCH_KEYWORDS: [&str; 4] = ["contains", "whole word", "user or person name", "everything"];

/// One row of the rules editor, as typed (it may not be a valid rule yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleDraft {
    /// Stable while the row exists, so the editor keeps focus as rows move.
    pub id: u64,
    pub category: String,
    pub keyword: String,
    pub text: String,
}

pub fn needs_text(keyword: &str) -> bool {
    matches!(keyword, "contains" | "whole word")
}

/// The editor's rows for `rules`, numbered from `next_id`.
pub fn drafts_of(rules: &Rules, next_id: &mut u64) -> Vec<RuleDraft> {
    rules
        .rules()
        .iter()
        .map(|r| {
            *next_id += 1;
            RuleDraft {
                id: *next_id,
                category: r.category.clone(),
                keyword: r.test.keyword().to_string(),
                text: r.test.text().to_string(),
            }
        })
        .collect()
}

/// The rules the editor's rows make, or what is wrong with the first bad row.
pub fn rules_of(drafts: &[RuleDraft]) -> Result<Rules, String> {
    if drafts.is_empty() {
        return Err("add at least one rule".into());
    }
    let mut rules = Vec::with_capacity(drafts.len());
    for (i, d) in drafts.iter().enumerate() {
        let category = d.category.trim();
        if category.is_empty() {
            return Err(format!("rule {}: give it a category name", i + 1));
        }
        let test = RuleTest::from_parts(&d.keyword, &d.text).map_err(|e| format!("rule {}: {e}", i + 1))?;
        rules.push(CategoryRule {
            category: category.to_string(),
            test,
        });
    }
    Rules::new(rules)
}

/// Moves row `index` by `by` places (−1 up, +1 down) when it can.
pub fn move_draft(drafts: &mut [RuleDraft], index: usize, by: isize) {
    let target = index as isize + by;
    if target >= 0 && (target as usize) < drafts.len() && index < drafts.len() {
        drafts.swap(index, target as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_dates() {
        assert_eq!(money(Cents(123_456_789)), "$1,234,567.89");
        assert_eq!(money(Cents(5)), "$0.05");
        assert_eq!(parse_iso_date("2026-11-24"), NaiveDate::from_ymd_opt(2026, 11, 24));
        assert_eq!(iso_date(NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()), "2026-01-02");
        assert_eq!(parse_count(" 1,200 "), Ok(Some(1200)));
        assert!(parse_count("12.5").is_err());
    }

    #[test]
    fn settings_round_trip() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let mut s = Settings::new(day);
        s.invoice_count = Some(42);
        s.invoice_amount = Some(Cents(4830));
        let mut back = Settings::new(day);
        apply_saved_settings(&mut back, &settings_to_text(&s));
        assert_eq!(back, s);
    }

    #[test]
    fn remembered_settings_keep_the_defaults_for_what_does_not_read() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(remembered_settings(day, None, None), Settings::new(day));
        let s = remembered_settings(
            day,
            Some("local_price=2.00\ninvoice_count=x\n"),
            Some("not,a,rules file\n"),
        );
        assert_eq!((us_price(&s, NumberType::Local), s.invoice_count), (Cents(200), None));
        assert_eq!(s.rules, Rules::sop_defaults());
        let everything = CategoryRule {
            category: "All".into(),
            test: RuleTest::Everything,
        };
        let csv = Rules::new(vec![everything]).unwrap().to_csv();
        assert_eq!(remembered_settings(day, None, Some(&csv)).rules.to_csv(), csv);
    }

    #[test]
    fn drafts_round_trip_and_complain() {
        let mut id = 0;
        let mut drafts = drafts_of(&Rules::sop_defaults(), &mut id);
        assert_eq!(rules_of(&drafts).unwrap(), Rules::sop_defaults());
        move_draft(&mut drafts, 0, -1);
        move_draft(&mut drafts, 0, 1);
        assert_eq!(drafts[0].category, "SMS Farm Pool");
        drafts[2].text.clear();
        assert!(rules_of(&drafts).unwrap_err().starts_with("rule 3"));
    }
}

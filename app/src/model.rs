//! The page's settings and their texts as plain Rust: dates, money, the
//! remembered settings, what a settings field shows, and the rules editor's
//! rows. No Leptos, no browser.

use chrono::{Datelike, NaiveDate};
use inventory_core::{thousands, CategoryRule, Cents, RuleTest, Rules, Settings};

use crate::price_drafts::{prices_from_text, prices_to_text};

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

/// A difference of money with its sign: `+$1.15`, `-$2,300.00`, `+$0.00`.
pub fn signed_money(cents: i64) -> String {
    let sign = if cents < 0 { '-' } else { '+' };
    format!("{sign}{}", money(Cents(cents.unsigned_abs())))
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
        "as_of={}\nprices={}\ninvoice_count={}\ninvoice_amount={}\nprevious_as_of={}\n",
        iso_date(settings.as_of),
        prices_to_text(&settings.prices),
        opt(settings.invoice_count.map(|c| c.to_string())),
        opt(settings.invoice_amount.map(|c| c.to_string())),
        opt(settings.previous_as_of.map(iso_date)),
    )
}

/// Applies remembered values; anything unreadable keeps its default.
pub fn apply_saved_settings(settings: &mut Settings, text: &str) {
    let mut prices = None;
    for line in text.lines() {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        match key {
            "as_of" => settings.as_of = parse_iso_date(value).unwrap_or(settings.as_of),
            "prices" => prices = prices_from_text(value),
            // Before the price table the page kept two prices, the US and CA rows'.
            "local_price" => settings.prices.set_north_american(Cents::parse(value).ok(), None),
            "toll_free_price" => settings.prices.set_north_american(None, Cents::parse(value).ok()),
            "invoice_count" => settings.invoice_count = parse_count(value).unwrap_or(None),
            "invoice_amount" => settings.invoice_amount = parse_amount(value).unwrap_or(None),
            "previous_as_of" => settings.previous_as_of = parse_iso_date(value),
            _ => {}
        }
    }
    if let Some(prices) = prices {
        settings.prices = prices;
    }
}

// ---- what a settings field shows ----

/// The text of a settings field that a file can change too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldText {
    /// How many edits the user had made when `text` was chosen.
    pub edits: u64,
    /// The setting's value in words when `text` was chosen.
    pub value: String,
    /// What the field shows.
    pub text: String,
}

/// What a field shows after `edits` edits, the last of which typed `typed`,
/// with the setting now `value`: the user's text while they type (valid or
/// not, and however they spell the value), the setting's own text when it
/// changed from elsewhere (a dropped file). `reads_as` gives the value a
/// text means, or `None` when it does not read.
pub fn field_text(
    previous: Option<&FieldText>,
    edits: u64,
    typed: &str,
    value: String,
    reads_as: impl Fn(&str) -> Option<String>,
) -> FieldText {
    let text = match previous {
        Some(p) if p.edits == edits => {
            let changed_elsewhere = p.value != value && reads_as(&p.text).as_ref() != Some(&value);
            if changed_elsewhere {
                value.clone()
            } else {
                p.text.clone()
            }
        }
        _ => typed.to_string(),
    };
    FieldText { edits, value, text }
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
        s.previous_as_of = NaiveDate::from_ymd_opt(2026, 10, 24);
        let mut back = Settings::new(day);
        apply_saved_settings(&mut back, &settings_to_text(&s));
        assert_eq!(back, s);
        assert_eq!(signed_money(-230_000), "-$2,300.00");
        assert_eq!((signed_money(115), signed_money(0)), ("+$1.15".into(), "+$0.00".into()));
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
        let us = inventory_core::Country::parse("US").unwrap();
        let local = s.prices.get(us, inventory_core::NumberType::Local);
        assert_eq!((local, s.invoice_count), (Some(Cents(200)), None));
        assert_eq!(s.rules, Rules::sop_defaults());
        let everything = CategoryRule {
            category: "All".into(),
            test: RuleTest::Everything,
        };
        let csv = Rules::new(vec![everything]).unwrap().to_csv();
        assert_eq!(remembered_settings(day, None, Some(&csv)).rules.to_csv(), csv);
    }

    #[test]
    fn remembered_prices_win_over_the_old_two_prices() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let mut s = Settings::new(day);
        s.prices = prices_from_text("GB mobile 1.50; US local 1.00").unwrap();
        let text = settings_to_text(&s);
        assert!(text.contains("\nprices=GB mobile 1.50; US local 1.00\n"), "{text}");
        let old = "local_price=2.00\ntoll_free_price=3.00\n";
        assert_eq!(remembered_settings(day, Some(&format!("{old}{text}")), None), s);
        assert_eq!(remembered_settings(day, Some(&format!("{text}{old}")), None), s);
        let damaged = remembered_settings(day, Some(&format!("{old}prices=US local x\n")), None);
        assert_eq!(
            damaged.prices,
            prices_from_text("CA local 2.00; CA toll free 3.00; US local 2.00; US toll free 3.00").unwrap()
        );
    }

    #[test]
    fn a_field_keeps_what_is_typed_and_shows_what_a_file_sets() {
        let reads_as = |t: &str| {
            parse_count(t)
                .ok()
                .map(|c| c.map(|c| c.to_string()).unwrap_or_default())
        };
        let start = field_text(None, 0, "", String::new(), reads_as);
        assert_eq!(start.text, "");
        // Typing "1,2": the setting becomes 12, whichever the field hears of first.
        let typed = field_text(Some(&start), 1, "1,2", String::new(), reads_as);
        let applied = field_text(Some(&typed), 1, "1,2", "12".into(), reads_as);
        assert_eq!((typed.text.as_str(), applied.text.as_str()), ("1,2", "1,2"));
        let applied_first = field_text(Some(&start), 0, "", "12".into(), reads_as);
        assert_eq!(applied_first.text, "12", "a change with no edit comes from elsewhere");
        // Text that doesn't read stays, and so does the setting.
        let bad = field_text(Some(&applied), 2, "1,2x", "12".into(), reads_as);
        assert_eq!(bad.text, "1,2x");
        let unrelated = field_text(Some(&bad), 2, "1,2x", "12".into(), reads_as);
        assert_eq!(unrelated.text, "1,2x");
        // A file sets 6.
        let from_file = field_text(Some(&unrelated), 2, "1,2x", "6".into(), reads_as);
        assert_eq!(from_file.text, "6");
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

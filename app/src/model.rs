//! The page's state and decisions as plain Rust: no Leptos, no browser, so
//! every rule here can be read (and tested) on its own.

use chrono::{Datelike, NaiveDate};
use inventory_core::{
    CategoryRule, Cents, InputKind, Inputs, LoadedInput, Recommendation, Report, ReportRow, RuleTest, Rules, Settings,
    UsageStatus,
};

/// Rows read between two yields to the browser while a file loads.
pub const ROWS_PER_STEP: usize = 20_000;

/// Numbers derived between two pauses while a report is built (a few tens of ms).
pub const NUMBERS_PER_BUILD_STEP: usize = 10_000;
/// Rows of the inventory table per page.
pub const PAGE_SIZE: usize = 100;
/// Findings listed per group; the rest are counted.
pub const FINDINGS_SHOWN: usize = 50;

/// A loaded file as its chip shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChip {
    pub kind: InputKind,
    pub name: String,
    pub rows: u64,
    /// The encoding's name when it was not UTF-8.
    pub encoding: Option<&'static str>,
}

impl FileChip {
    pub fn of(loaded: &LoadedInput) -> FileChip {
        FileChip {
            kind: loaded.kind(),
            name: loaded.file.clone(),
            rows: loaded.rows_read,
            encoding: (!loaded.encoding.is_utf8()).then(|| loaded.encoding.name()),
        }
    }
}

/// The chips of the loaded inputs, in the inputs' order.
pub fn chips(inputs: &Inputs) -> Vec<FileChip> {
    InputKind::ALL.iter().filter_map(|k| inputs.get(*k)).map(FileChip::of).collect()
}

/// What is still missing, in words; empty when all three files are there.
pub fn missing(inputs: &Inputs) -> Vec<String> {
    let mut out = Vec::new();
    if inputs.get(InputKind::Numbers).is_none() {
        out.push(format!(
            "Required: the numbers export (the Twilio Console export, columns {}).",
            InputKind::Numbers.expected_columns()
        ));
    }
    for kind in [InputKind::MessageStats, InputKind::Assignments] {
        if inputs.get(kind).is_none() {
            out.push(format!("Optional: the {} (columns {}).", kind.label(), kind.expected_columns()));
        }
    }
    out
}

/// A file that is being read: bytes of text read so far and in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadProgress {
    pub id: u64,
    pub name: String,
    pub done: u64,
    pub total: u64,
}

impl LoadProgress {
    pub fn percent(&self) -> u64 {
        (self.done.min(self.total) * 100).checked_div(self.total).unwrap_or(0)
    }
}

/// A file that was refused, and the reason in the user's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub name: String,
    pub message: String,
}

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

/// `12,345`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An optional whole number typed by the user: empty is `None`.
pub fn parse_count(text: &str) -> Result<Option<u64>, String> {
    let t = text.trim().replace(',', "");
    if t.is_empty() {
        return Ok(None);
    }
    t.parse().map(Some).map_err(|_| format!("`{}` is not a whole number", text.trim()))
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

/// The prices and invoice figures as remembered (`key=value` lines). The
/// as-of date is not remembered: it is today each time the page opens.
pub fn settings_to_text(settings: &Settings) -> String {
    let opt = |v: Option<String>| v.unwrap_or_default();
    format!(
        "as_of={}\nlocal_price={}\ntoll_free_price={}\ninvoice_count={}\ninvoice_amount={}\n",
        iso_date(settings.as_of),
        settings.local_price,
        settings.toll_free_price,
        opt(settings.invoice_count.map(|c| c.to_string())),
        opt(settings.invoice_amount.map(|c| c.to_string())),
    )
}

/// Applies remembered values; anything unreadable keeps its default.
pub fn apply_saved_settings(settings: &mut Settings, text: &str) {
    for line in text.lines() {
        let Some((key, value)) = line.split_once('=') else { continue };
        match key {
            "as_of" => settings.as_of = parse_iso_date(value).unwrap_or(settings.as_of),
            "local_price" => settings.local_price = Cents::parse(value).unwrap_or(settings.local_price),
            "toll_free_price" => settings.toll_free_price = Cents::parse(value).unwrap_or(settings.toll_free_price),
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
        rules.push(CategoryRule { category: category.to_string(), test });
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

// ---- the inventory table ----

/// The table's filters; `None` shows every value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableFilter {
    pub category: Option<u16>,
    pub status: Option<UsageStatus>,
    pub recommendation: Option<Recommendation>,
    pub search: String,
    /// A column to sort by, and whether descending; `None` keeps the inventory order.
    pub sort: Option<(SortColumn, bool)>,
}

/// The table's columns, in display order, with their headings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortColumn {
    Phone,
    FriendlyName,
    Category,
    AssignedUser,
    Created,
    Monthly,
    Messages,
    LastActivity,
    Days,
    Status,
    InDb,
    Recommendation,
}

impl SortColumn {
    pub const ALL: [SortColumn; 12] = [
        SortColumn::Phone,
        SortColumn::FriendlyName,
        SortColumn::Category,
        SortColumn::AssignedUser,
        SortColumn::Created,
        SortColumn::Monthly,
        SortColumn::Messages,
        SortColumn::LastActivity,
        SortColumn::Days,
        SortColumn::Status,
        SortColumn::InDb,
        SortColumn::Recommendation,
    ];

    pub fn heading(self) -> &'static str {
        match self {
            SortColumn::Phone => "Phone",
            SortColumn::FriendlyName => "FriendlyName",
            SortColumn::Category => "Category",
            SortColumn::AssignedUser => "Assigned user",
            SortColumn::Created => "Created",
            SortColumn::Monthly => "Monthly",
            SortColumn::Messages => "Messages",
            SortColumn::LastActivity => "Last activity",
            SortColumn::Days => "Days",
            SortColumn::Status => "Usage status",
            SortColumn::InDb => "In DB",
            SortColumn::Recommendation => "Recommendation",
        }
    }

    pub fn is_number(self) -> bool {
        matches!(self, SortColumn::Monthly | SortColumn::Messages | SortColumn::Days)
    }

    /// A key that orders rows by this column: numbers and dates by value,
    /// text ignoring case, statuses in the assessment's order.
    fn key(self, report: &Report, row: &ReportRow) -> (i128, String) {
        let days = |d: Option<NaiveDate>| d.map_or(i128::MIN, |d| i128::from(d.num_days_from_ce()));
        match self {
            SortColumn::Phone => (0, row.phone.to_string()),
            SortColumn::FriendlyName => (0, row.friendly_name.to_lowercase()),
            SortColumn::Category => (i128::from(row.category), String::new()),
            SortColumn::AssignedUser => (0, row.assigned_user.to_lowercase()),
            SortColumn::Created => (days(row.date_created), String::new()),
            SortColumn::Monthly => (i128::from(row.monthly_cost.0), String::new()),
            SortColumn::Messages => (row.total_messages as i128, String::new()),
            SortColumn::LastActivity => (days(row.last_activity), String::new()),
            SortColumn::Days => (row.days_since_last_activity.map_or(i128::MAX, i128::from), String::new()),
            SortColumn::Status => (row.status as i128, String::new()),
            SortColumn::InDb => (i128::from(row.assigned_in_db), String::new()),
            SortColumn::Recommendation => (row.recommendation as i128, report.category_name(row).to_string()),
        }
    }
}

impl TableFilter {
    /// Indices of the report's rows (inventory order) that pass.
    pub fn rows(&self, report: &Report) -> Vec<usize> {
        let needle = self.search.trim().to_lowercase();
        let digits: String = needle.chars().filter(char::is_ascii_digit).collect();
        let mut rows = report
            .rows
            .iter()
            .enumerate()
            .filter(|(_, row)| {
                self.category.is_none_or(|c| row.category == c)
                    && self.status.is_none_or(|s| row.status == s)
                    && self.recommendation.is_none_or(|r| row.recommendation == r)
                    && (needle.is_empty()
                        || row.friendly_name.to_lowercase().contains(&needle)
                        || row.assigned_user.to_lowercase().contains(&needle)
                        || report.category_name(row).to_lowercase().contains(&needle)
                        || row.phone.display().contains(&needle)
                        || (digits.len() >= 3 && row.phone.digits().contains(&digits)))
            })
            .map(|(i, _)| i)
            .collect::<Vec<usize>>();
        // Stable: rows with equal keys keep the inventory order.
        if let Some((column, descending)) = self.sort {
            rows.sort_by_cached_key(|&i| column.key(report, &report.rows[i]));
            if descending {
                rows.reverse();
            }
        }
        rows
    }
}

/// Number of pages for `rows` rows (at least one).
pub fn page_count(rows: usize) -> usize {
    rows.div_ceil(PAGE_SIZE).max(1)
}

/// Finds a status by its label (for a `<select>`).
pub fn status_by_label(label: &str) -> Option<UsageStatus> {
    UsageStatus::ALL.into_iter().find(|s| s.label() == label)
}

pub fn recommendation_by_label(label: &str) -> Option<Recommendation> {
    Recommendation::ALL.into_iter().find(|r| r.label() == label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_sorts_by_a_column_and_keeps_ties_in_inventory_order() {
        let numbers = "PhoneNumber,FriendlyName,DateCreated\n+14155550102,b,2024-01-01\n\
                       +18005550100,toll free,2023-01-01\n+14155550101,A,2025-01-01\n";
        let mut inputs = Inputs::default();
        inputs.put(inventory_core::load("n.csv", numbers.as_bytes().to_vec()).unwrap());
        let report = Report::build(&inputs, &Settings::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())).unwrap();
        let names = |sort| {
            let filter = TableFilter { sort, ..TableFilter::default() };
            filter.rows(&report).iter().map(|&i| report.rows[i].friendly_name.clone()).collect::<Vec<_>>()
        };
        assert_eq!(names(None), ["A", "b", "toll free"]);
        assert_eq!(names(Some((SortColumn::Monthly, true))), ["toll free", "b", "A"]);
        assert_eq!(names(Some((SortColumn::FriendlyName, false))), ["A", "b", "toll free"]);
        assert_eq!(names(Some((SortColumn::Created, false))), ["toll free", "b", "A"]);
    }

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

//! The join: one row per distinct number of the numbers export, with its
//! category, user, cost, activity, status and recommendation.

use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;

use crate::builder::ReportBuilder;
use crate::checks::Check;
use crate::classify::UserMatcher;
use crate::findings::Finding;
use crate::input::{AssignmentRow, InputData, InputKind, LoadedInput, NumberRow, StatsRow};
use crate::money::Cents;
use crate::phone::E164;
use crate::rules::Rules;
use crate::status::{Recommendation, UsageStatus};
use crate::summary::Summary;

/// Everything a user can set. Same settings, same inputs: same bytes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    /// Ages are counted to this date.
    pub as_of: NaiveDate,
    pub local_price: Cents,
    pub toll_free_price: Cents,
    /// The invoice's phone-number count, for quality check 1.
    pub invoice_count: Option<u64>,
    /// The invoice's phone-number charges, for quality check 3.
    pub invoice_amount: Option<Cents>,
    pub rules: Rules,
}

impl Settings {
    /// SPEC.md's prices and the SOP's rules.
    pub fn new(as_of: NaiveDate) -> Settings {
        Settings {
            as_of,
            local_price: Cents(115),
            toll_free_price: Cents(215),
            invoice_count: None,
            invoice_amount: None,
            rules: Rules::sop_defaults(),
        }
    }
}

/// The inputs of one report: the numbers export and, optionally, the others.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    numbers: Option<LoadedInput>,
    message_stats: Option<LoadedInput>,
    assignments: Option<LoadedInput>,
    /// Built the first time a report needs it, and kept until the
    /// assignments change: a page rebuilds on every settings edit.
    user_matcher: OnceLock<Arc<UserMatcher>>,
}

impl Inputs {
    fn slot(&mut self, kind: InputKind) -> &mut Option<LoadedInput> {
        match kind {
            InputKind::Numbers => &mut self.numbers,
            InputKind::MessageStats => &mut self.message_stats,
            InputKind::Assignments => &mut self.assignments,
        }
    }

    pub fn get(&self, kind: InputKind) -> Option<&LoadedInput> {
        match kind {
            InputKind::Numbers => self.numbers.as_ref(),
            InputKind::MessageStats => self.message_stats.as_ref(),
            InputKind::Assignments => self.assignments.as_ref(),
        }
    }

    /// Puts `input` in its slot and returns the one it replaced.
    pub fn put(&mut self, input: LoadedInput) -> Option<LoadedInput> {
        if input.kind() == InputKind::Assignments {
            self.user_matcher = OnceLock::new();
        }
        self.slot(input.kind()).replace(input)
    }

    /// The matcher of every user name and email in the assignments (rule 4).
    pub(crate) fn user_matcher(&self) -> Arc<UserMatcher> {
        let build = || Arc::new(UserMatcher::new(self.assignment_rows()));
        Arc::clone(self.user_matcher.get_or_init(build))
    }

    pub(crate) fn number_rows(&self) -> &[NumberRow] {
        match self.numbers.as_ref().map(|i| &i.data) {
            Some(InputData::Numbers(rows)) => rows,
            _ => &[],
        }
    }

    pub(crate) fn stats_rows(&self) -> &[StatsRow] {
        match self.message_stats.as_ref().map(|i| &i.data) {
            Some(InputData::MessageStats(rows)) => rows,
            _ => &[],
        }
    }

    pub(crate) fn assignment_rows(&self) -> &[AssignmentRow] {
        match self.assignments.as_ref().map(|i| &i.data) {
            Some(InputData::Assignments(rows)) => rows,
            _ => &[],
        }
    }

    pub(crate) fn file_name(&self, kind: InputKind) -> &str {
        self.get(kind).map_or("", |i| i.file.as_str())
    }
}

/// One number of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRow {
    pub phone: E164,
    pub friendly_name: String,
    /// Index into [`Report::categories`].
    pub category: u16,
    pub assigned_user: String,
    pub date_created: Option<NaiveDate>,
    pub monthly_cost: Cents,
    pub total_messages: u128,
    pub last_activity: Option<NaiveDate>,
    pub days_since_last_activity: Option<i64>,
    pub status: UsageStatus,
    pub assigned_in_db: bool,
    pub assigned_to_enabled_user: bool,
    pub recommendation: Recommendation,
}

/// The report: rows in inventory order, the summary, checks and findings.
#[derive(Clone, Debug)]
pub struct Report {
    pub settings: Settings,
    pub categories: Vec<String>,
    /// Sorted by category in rule order, then E.164.
    pub rows: Vec<ReportRow>,
    /// Indices into `rows` in the usage assessment's order.
    pub assessment_order: Vec<usize>,
    pub summary: Summary,
    pub checks: Vec<Check>,
    /// Every finding of every input and of the join.
    pub findings: Vec<Finding>,
    /// What a missing optional input means for this report.
    pub notes: Vec<String>,
}

/// Why no report can be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportError {
    NoNumbersFile,
}

impl std::fmt::Display for ReportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReportError::NoNumbersFile => write!(
                f,
                "the numbers export is required: give the Twilio Console export of the account's numbers \
                 (columns {})",
                InputKind::Numbers.expected_columns()
            ),
        }
    }
}

impl std::error::Error for ReportError {}

impl Report {
    /// Joins the inputs under `settings`, in one go; see [`ReportBuilder`]
    /// for the same in steps.
    pub fn build(inputs: &Inputs, settings: &Settings) -> Result<Report, ReportError> {
        let mut builder = ReportBuilder::new(inputs, settings.clone())?;
        loop {
            if let Some(report) = builder.step(usize::MAX) {
                return Ok(report);
            }
        }
    }

    pub fn category_name(&self, row: &ReportRow) -> &str {
        self.categories
            .get(usize::from(row.category))
            .map_or("", String::as_str)
    }

    /// Rows in the usage assessment's order.
    pub fn assessment_rows(&self) -> impl Iterator<Item = &ReportRow> {
        self.assessment_order.iter().map(|&i| &self.rows[i])
    }
}

pub(crate) fn missing_input_notes(inputs: &Inputs) -> Vec<String> {
    let mut notes = Vec::new();
    if inputs.message_stats.is_none() {
        notes.push(
            "No message stats were given, so every number is NEVER USED: add twilio_message_stats.csv for real usage."
                .to_string(),
        );
    }
    if inputs.assignments.is_none() {
        notes.push(
            "No assignments were given, so nobody is assigned: add twilio_phone_assignments.csv to see who holds each number."
                .to_string(),
        );
    }
    notes
}

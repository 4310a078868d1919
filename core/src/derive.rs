//! Per number: category, user, cost, activity, status and recommendation,
//! from the joined runs. Big inputs are split in two halves (two threads
//! natively); the result is the same rows in the same order either way.

use std::ops::Range;

use crate::classify::{Classifier, DecidedBy};
use crate::date::format_mdy;
use crate::findings::{Finding, FindingKind, Source};
use crate::input::{AssignmentRow, NumberRow, Received, StatsRow};
use crate::join::{JoinedNumber, Sorted};
use crate::phone::E164;
use crate::place::place_of;
use crate::prefetch::{prefetch, prefetch_text, prefetch_whole};
use crate::prices::NumberType;
use crate::row::ReportRow;
use crate::settings::Settings;
use crate::status::{Recommendation, UsageStatus};

/// A number's category (an index into the categories) and what decided it.
pub(crate) type Class = (u16, DecidedBy);

/// How many numbers ahead of the one derived its rows are asked for
/// ([`prefetch`]): far enough to hide a wait on memory, near enough to be
/// cached still when read.
const AHEAD: usize = 16;

/// Numbers from which classifying or deriving a slice is split in two
/// halves, two threads natively: below it, a thread costs more than it saves.
const TWO_HALVES_FROM: usize = 50_000;

/// Each number's category, in the order of `numbers`.
pub(crate) fn classify_all(classifier: &Classifier, number_rows: &[NumberRow], numbers: &[JoinedNumber]) -> Vec<Class> {
    let chunk = |numbers: &[JoinedNumber]| {
        let mut lower = String::new();
        let mut classes = Vec::with_capacity(numbers.len());
        for (k, joined) in numbers.iter().enumerate() {
            // The row, then (once the row is there) its name's text.
            if let Some(ahead) = numbers.get(k + 2 * AHEAD) {
                prefetch(&number_rows[ahead.row()]);
            }
            if let Some(ahead) = numbers.get(k + AHEAD) {
                prefetch_text(&number_rows[ahead.row()].friendly_name);
            }
            classes.push(classifier.classify(&number_rows[joined.row()].friendly_name, &mut lower));
        }
        classes
    };
    if numbers.len() >= TWO_HALVES_FROM {
        let (first, second) = numbers.split_at(numbers.len() / 2);
        let (mut a, b) = crate::parallel::both(|| chunk(first), || chunk(second));
        a.extend(b);
        return a;
    }
    chunk(numbers)
}

/// The inventory's order (category in rule order, then number) as indices
/// into `classes`, which are in number order: a counting sort, as there are
/// few categories and a million numbers.
pub(crate) fn inventory_order(classes: &[Class]) -> Vec<u32> {
    let categories = classes.iter().map(|c| usize::from(c.0) + 1).max().unwrap_or(0);
    let mut next = vec![0usize; categories];
    for class in classes {
        next[usize::from(class.0)] += 1;
    }
    let mut start = 0;
    for slot in next.iter_mut() {
        (*slot, start) = (start, start + *slot);
    }
    let mut order = vec![0u32; classes.len()];
    for (i, class) in classes.iter().enumerate() {
        let at = &mut next[usize::from(class.0)];
        order[*at] = i as u32;
        *at += 1;
    }
    order
}

/// The first key of a run, if it has one.
fn prefetch_run(keys: &[(E164, u32)], run: Range<usize>) {
    if let Some(key) = keys.get(run.start).filter(|_| !run.is_empty()) {
        prefetch(key);
    }
}

/// Everything the derivation of one number reads.
pub(crate) struct Derive<'a> {
    pub settings: &'a Settings,
    pub number_rows: &'a [NumberRow],
    pub stats: &'a Sorted,
    pub stats_rows: &'a [StatsRow],
    pub assignments: &'a Sorted,
    pub assignment_rows: &'a [AssignmentRow],
    pub numbers_file: Source<'a>,
    pub stats_file: Source<'a>,
    /// Per recipient in number order, when a message log says who received.
    pub received: Option<&'a [Received]>,
}

impl Derive<'_> {
    /// Appends to `rows` the rows of `work`, in its order; returns their
    /// findings keyed by line. The first half goes straight into `rows`, so
    /// only the second is copied.
    pub fn all(&self, work: &[(JoinedNumber, Class)], rows: &mut Vec<ReportRow>) -> Vec<(u64, Finding)> {
        let chunk = |work: &[(JoinedNumber, Class)], rows: &mut Vec<ReportRow>| {
            let mut findings = Vec::new();
            for (k, (joined, class)) in work.iter().enumerate() {
                // Where the rows are found, then (once that is there) the rows.
                if let Some((ahead, _)) = work.get(k + 2 * AHEAD) {
                    prefetch_run(&self.stats.keys, ahead.stats());
                    prefetch_run(&self.assignments.keys, ahead.assignments());
                }
                if let Some((ahead, _)) = work.get(k + AHEAD) {
                    self.prefetch_rows(ahead);
                }
                rows.push(self.one(joined, *class, &mut findings));
            }
            findings
        };
        if work.len() < TWO_HALVES_FROM {
            return chunk(work, rows);
        }
        let (first, second) = work.split_at(work.len() / 2);
        let (mut findings, (more_rows, more)) = crate::parallel::both(
            || chunk(first, rows),
            || {
                let mut more_rows = Vec::with_capacity(second.len());
                let more = chunk(second, &mut more_rows);
                (more_rows, more)
            },
        );
        rows.extend(more_rows);
        findings.extend(more);
        findings
    }

    fn prefetch_rows(&self, joined: &JoinedNumber) {
        prefetch_whole(&self.number_rows[joined.row()]);
        if let Some(first) = self.stats.rows(joined.stats()).next() {
            prefetch_whole(&self.stats_rows[first]);
        }
        if let Some(first) = self.assignments.rows(joined.assignments()).next() {
            prefetch_whole(&self.assignment_rows[first]);
        }
    }

    fn one(&self, joined: &JoinedNumber, class: Class, findings: &mut Vec<(u64, Finding)>) -> ReportRow {
        let (settings, number) = (self.settings, &self.number_rows[joined.row()]);
        let (category, decided_by) = class;
        // No per-number collections: most numbers have at most one
        // assignment and one stats row, and a million of them are derived.
        let assigned = || {
            self.assignments
                .rows(joined.assignments())
                .map(|i| &self.assignment_rows[i])
        };
        let assigned_in_db = !joined.assignments().is_empty();
        let assigned_user = if joined.assignments().len() == 1 {
            assigned().next().map_or_else(String::new, shown_user)
        } else if assigned_in_db {
            let users = distinct_users(assigned());
            if users.len() > 1 {
                let message = format!(
                    "{} is assigned to {} users: {}.",
                    number.phone.display(),
                    users.len(),
                    users.join("; ")
                );
                let finding = self
                    .numbers_file
                    .finding(FindingKind::SeveralUsers, Some(number.line), message);
                findings.push((number.line, finding));
            }
            users.join("; ")
        } else {
            match decided_by {
                DecidedBy::User(i) => {
                    let user = &self.assignment_rows[i as usize];
                    first_non_empty(&[&user.user_name, &user.email])
                }
                DecidedBy::PersonName => number.friendly_name.trim().to_string(),
                DecidedBy::Text => String::new(),
            }
        };
        let (mut total_messages, mut last_activity, mut first_line) = (0u128, None, None);
        for stats in self.stats.rows(joined.stats()).map(|i| &self.stats_rows[i]) {
            total_messages += u128::from(stats.message_count);
            last_activity = last_activity.max(stats.last_date_sent);
            first_line = first_line.or(Some(stats.line));
        }
        let days = last_activity.map(|last| (settings.as_of - last).num_days());
        if let (Some(d), Some(last), Some(line)) = (days, last_activity, first_line) {
            if d < 0 {
                let message = format!(
                    "{} was last active on {}, {} day(s) after the as-of date {}; it counts as ACTIVE.",
                    number.phone.display(),
                    format_mdy(last),
                    -d,
                    format_mdy(settings.as_of)
                );
                findings.push((
                    line,
                    self.stats_file
                        .finding(FindingKind::FutureActivity, Some(line), message),
                ));
            }
        }
        let status = UsageStatus::from_days(days);
        let received = self.received.map(|all| {
            let found = all
                .binary_search_by_key(&number.phone, |r| r.phone)
                .ok()
                .map(|i| all[i]);
            found.map_or((0, None), |r| (r.messages, r.last))
        });
        if let Some((messages @ 1.., last)) = received {
            if total_messages == 0 {
                let message = format!(
                    "{} received {messages} message(s) (the last on {}) but sent none: it is in use, though the SOP \
                     calls it NEVER USED. Check it before releasing it.",
                    number.phone.display(),
                    last.map_or_else(|| "no date given".to_string(), format_mdy)
                );
                let finding = self
                    .numbers_file
                    .finding(FindingKind::ReceivedNotSent, Some(number.line), message);
                findings.push((number.line, finding));
            }
        }
        let enabled = assigned().any(|a| a.enabled);
        let place = place_of(number.phone);
        let country = place.map(|p| p.country);
        let number_type = number.number_type.unwrap_or_else(|| NumberType::inferred(number.phone));
        let price = country.and_then(|c| settings.prices.get(c, number_type));
        ReportRow {
            phone: number.phone,
            friendly_name: number.friendly_name.clone(),
            category,
            assigned_user,
            date_created: number.date_created,
            monthly_cost: price.unwrap_or_else(|| settings.prices.estimate(number.phone).1),
            number_type,
            type_inferred: number.number_type.is_none(),
            place,
            sid: number.sid,
            account_sid: number.account_sid,
            cost_estimated: price.is_none(),
            total_messages,
            last_activity,
            days_since_last_activity: days,
            status,
            assigned_in_db,
            assigned_to_enabled_user: enabled,
            recommendation: Recommendation::decide(status, enabled),
            received,
        }
    }
}

/// Each distinct user (by AspNetUserId, ignoring case) once, in file order, as [`shown_user`].
fn distinct_users<'a>(rows: impl Iterator<Item = &'a AssignmentRow>) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut names = Vec::new();
    for row in rows {
        let id = row.user_id.to_lowercase();
        if !ids.contains(&id) {
            ids.push(id);
            names.push(shown_user(row));
        }
    }
    names
}

/// How the Assigned_User column names an assigned user: UserName, else Email, else AspNetUserId.
fn shown_user(row: &AssignmentRow) -> String {
    first_non_empty(&[&row.user_name, &row.email, &row.user_id])
}

fn first_non_empty(candidates: &[&str]) -> String {
    candidates
        .iter()
        .find(|c| !c.is_empty())
        .map_or(String::new(), |c| c.to_string())
}

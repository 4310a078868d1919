//! Changes since an earlier inventory (docs/report-contract.md#changes):
//! numbers added and gone, numbers whose category, user or status changed,
//! and the monthly cost then and now with its difference split into added,
//! gone and re-priced.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use crate::cell::defuse_formula;
use crate::date::format_mdy;
use crate::input::PreviousRow;
use crate::money::{signed, thousands, Cents};
use crate::phone::E164;
use crate::status::UsageStatus;

pub const CHANGES_FILE: &str = "Twilio_Phone_Changes_v1.csv";

/// Where the previous inventory's date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreviousDate {
    /// Given (`--previous-as-of`, or on the page).
    Given(NaiveDate),
    /// Its latest LastActivity.
    LatestActivity(NaiveDate),
    /// Neither: "earlier".
    Unknown,
}

impl PreviousDate {
    /// `11-01-2026 (given)`, `10-30-2026 (its latest LastActivity)`, `earlier`.
    pub fn describe(self) -> String {
        match self {
            PreviousDate::Given(d) => format_mdy(d),
            PreviousDate::LatestActivity(d) => {
                format!("{} (the previous inventory's latest LastActivity)", format_mdy(d))
            }
            PreviousDate::Unknown => "earlier (the previous inventory gives no date)".into(),
        }
    }
}

/// What happened to one number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Added,
    Gone,
    Changed,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Gone => "gone",
            ChangeKind::Changed => "changed",
        }
    }
}

/// A number's fields the changes compare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub category: String,
    pub assigned_user: String,
    pub status: Option<UsageStatus>,
    pub monthly_cost: Cents,
}

/// One number that changed, with what it was and is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub phone: E164,
    pub kind: ChangeKind,
    pub before: Option<Snapshot>,
    pub after: Option<Snapshot>,
}

impl Change {
    /// `category, user`: the fields that changed, for a changed number.
    pub fn what(&self) -> String {
        let (Some(b), Some(a)) = (&self.before, &self.after) else {
            return self.kind.label().to_string();
        };
        let fields = [
            (b.category != a.category, "category"),
            (b.assigned_user != a.assigned_user, "user"),
            (b.status != a.status, "status"),
            (b.monthly_cost != a.monthly_cost, "price"),
        ];
        let changed: Vec<&str> = fields.iter().filter(|(c, _)| *c).map(|(_, name)| *name).collect();
        format!("changed: {}", changed.join(", "))
    }
}

/// The changes since the previous inventory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changes {
    pub previous_date: PreviousDate,
    /// In number order.
    pub rows: Vec<Change>,
    pub cost_before: Cents,
    pub cost_now: Cents,
    pub added: (u64, Cents),
    pub gone: (u64, Cents),
    pub changed: u64,
    /// The now-minus-before difference of the numbers in both, in cents.
    pub repriced: i64,
}

impl Changes {
    /// Compares `now` (each number and its snapshot) with the previous rows.
    pub(crate) fn between(previous: &[PreviousRow], now: Vec<(E164, Snapshot)>, given: Option<NaiveDate>) -> Changes {
        let mut before: FxHashMap<E164, &PreviousRow> = FxHashMap::default();
        for row in previous {
            before.entry(row.phone).or_insert(row);
        }
        let cost_before = before.values().map(|r| r.monthly_cost).sum();
        let cost_now = now.iter().map(|(_, s)| s.monthly_cost).sum();
        let mut rows = Vec::new();
        let (mut added, mut gone, mut changed, mut repriced) = ((0, Cents(0)), (0, Cents(0)), 0, 0i64);
        for (phone, after) in now {
            match before.remove(&phone) {
                None => {
                    added.0 += 1;
                    added.1 += after.monthly_cost;
                    rows.push(Change {
                        phone,
                        kind: ChangeKind::Added,
                        before: None,
                        after: Some(after),
                    });
                }
                Some(row) => {
                    let then = snapshot(row);
                    repriced += after.monthly_cost.0 as i64 - then.monthly_cost.0 as i64;
                    if then != after {
                        changed += 1;
                        rows.push(Change {
                            phone,
                            kind: ChangeKind::Changed,
                            before: Some(then),
                            after: Some(after),
                        });
                    }
                }
            }
        }
        for (phone, row) in before {
            gone.0 += 1;
            gone.1 += row.monthly_cost;
            rows.push(Change {
                phone,
                kind: ChangeKind::Gone,
                before: Some(snapshot(row)),
                after: None,
            });
        }
        rows.sort_by_key(|c| c.phone);
        let latest = previous.iter().filter_map(|r| r.last_activity).max();
        let previous_date = match (given, latest) {
            (Some(d), _) => PreviousDate::Given(d),
            (None, Some(d)) => PreviousDate::LatestActivity(d),
            (None, None) => PreviousDate::Unknown,
        };
        Changes {
            previous_date,
            rows,
            cost_before,
            cost_now,
            added,
            gone,
            changed,
            repriced,
        }
    }

    /// The changes in a few lines, for the printout and an email.
    pub fn to_text(&self) -> String {
        format!(
            "Changes since {}: {} added ({}), {} gone ({}), {} changed.\n\
             Monthly cost {} then, {} now ({}: {} added, {} gone, {} re-priced).\n",
            self.previous_date.describe(),
            thousands(self.added.0),
            signed(self.added.1 .0 as i64),
            thousands(self.gone.0),
            signed(-(self.gone.1 .0 as i64)),
            thousands(self.changed),
            self.cost_before,
            self.cost_now,
            signed(self.cost_now.0 as i64 - self.cost_before.0 as i64),
            signed(self.added.1 .0 as i64),
            signed(-(self.gone.1 .0 as i64)),
            signed(self.repriced),
        )
    }
}

/// The previous inventory's cells, as its writer wrote them (names defused
/// with a leading `'` are compared undefused).
fn snapshot(row: &PreviousRow) -> Snapshot {
    let undefuse = |s: &str| match s.strip_prefix('\'') {
        Some(rest) if defuse_formula(rest) == s => rest.to_string(),
        _ => s.to_string(),
    };
    Snapshot {
        category: undefuse(&row.category),
        assigned_user: undefuse(&row.assigned_user),
        status: row.status,
        monthly_cost: row.monthly_cost,
    }
}

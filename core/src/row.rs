//! One number of the report, as the join and the derivation make it.

use chrono::NaiveDate;

use crate::money::Cents;
use crate::phone::E164;
use crate::place::Place;
use crate::prices::NumberType;
use crate::sid::Sid;
use crate::status::{Recommendation, UsageStatus};

/// One number of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRow {
    pub phone: E164,
    pub friendly_name: String,
    /// Index into [`Report::categories`](crate::Report::categories).
    pub category: u16,
    pub assigned_user: String,
    pub date_created: Option<NaiveDate>,
    pub monthly_cost: Cents,
    /// The input's type, or the one inferred from the number (`type_inferred`).
    pub number_type: NumberType,
    pub type_inferred: bool,
    /// Its country and North American region; `None` for a country calling code no country has.
    pub place: Option<Place>,
    /// Twilio's sids, when the numbers input gave them (for the release plan).
    pub sid: Option<Sid>,
    pub account_sid: Option<Sid>,
    /// True when the price table has no row for the country and type, so the
    /// cost is the SOP's estimate.
    pub cost_estimated: bool,
    pub total_messages: u128,
    pub last_activity: Option<NaiveDate>,
    pub days_since_last_activity: Option<i64>,
    pub status: UsageStatus,
    pub assigned_in_db: bool,
    pub assigned_to_enabled_user: bool,
    pub recommendation: Recommendation,
    /// Messages received and the latest date, when a message log says who
    /// received (`None` without one: the inventory then has no such columns).
    pub received: Option<(u64, Option<NaiveDate>)>,
}

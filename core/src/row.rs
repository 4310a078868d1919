//! One number of the report, as the join and the derivation make it.

use chrono::NaiveDate;

use crate::money::Cents;
use crate::phone::E164;
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
    pub total_messages: u128,
    pub last_activity: Option<NaiveDate>,
    pub days_since_last_activity: Option<i64>,
    pub status: UsageStatus,
    pub assigned_in_db: bool,
    pub assigned_to_enabled_user: bool,
    pub recommendation: Recommendation,
}

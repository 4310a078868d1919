//! UsageStatus and Recommendation: the exact cell texts downstream
//! spreadsheets filter on.

use std::fmt;

/// How recently a number was used, relative to the as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum UsageStatus {
    // Declared in the assessment's sort order.
    NeverUsed,
    Dormant,
    Stale,
    Recent,
    Active,
}

impl UsageStatus {
    /// In the usage assessment's order: the orphans first.
    pub const ALL: [UsageStatus; 5] = [
        UsageStatus::NeverUsed,
        UsageStatus::Dormant,
        UsageStatus::Stale,
        UsageStatus::Recent,
        UsageStatus::Active,
    ];

    /// From whole days since the last activity; `None` for no activity at all.
    pub fn from_days(days: Option<i64>) -> UsageStatus {
        match days {
            None => UsageStatus::NeverUsed,
            Some(d) if d <= 30 => UsageStatus::Active,
            Some(d) if d <= 90 => UsageStatus::Recent,
            Some(d) if d <= 365 => UsageStatus::Stale,
            Some(_) => UsageStatus::Dormant,
        }
    }

    /// A status from its cell text, as this report writes it.
    pub fn from_label(text: &str) -> Option<UsageStatus> {
        UsageStatus::ALL.into_iter().find(|s| s.label() == text.trim())
    }

    /// The exact cell text.
    pub fn label(self) -> &'static str {
        match self {
            UsageStatus::Active => "ACTIVE (30 days)",
            UsageStatus::Recent => "RECENT (90 days)",
            UsageStatus::Stale => "STALE (1 year)",
            UsageStatus::Dormant => "DORMANT (>1 year)",
            UsageStatus::NeverUsed => "NEVER USED",
        }
    }
}

impl fmt::Display for UsageStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What to do with a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Recommendation {
    Release,
    Review,
    Keep,
}

impl Recommendation {
    pub const ALL: [Recommendation; 3] = [Recommendation::Release, Recommendation::Review, Recommendation::Keep];

    /// docs/report-contract.md#recommendations: release the unused numbers nobody enabled holds.
    pub fn decide(status: UsageStatus, assigned_to_enabled_user: bool) -> Recommendation {
        match status {
            UsageStatus::NeverUsed | UsageStatus::Dormant if !assigned_to_enabled_user => Recommendation::Release,
            UsageStatus::NeverUsed | UsageStatus::Dormant | UsageStatus::Stale => Recommendation::Review,
            UsageStatus::Recent | UsageStatus::Active => Recommendation::Keep,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Recommendation::Release => "RELEASE",
            Recommendation::Review => "REVIEW",
            Recommendation::Keep => "KEEP",
        }
    }
}

impl fmt::Display for Recommendation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        let s = |d| UsageStatus::from_days(Some(d));
        assert_eq!(s(-3), UsageStatus::Active);
        assert_eq!(s(30), UsageStatus::Active);
        assert_eq!(s(31), UsageStatus::Recent);
        assert_eq!(s(90), UsageStatus::Recent);
        assert_eq!(s(91), UsageStatus::Stale);
        assert_eq!(s(365), UsageStatus::Stale);
        assert_eq!(s(366), UsageStatus::Dormant);
        assert_eq!(UsageStatus::from_days(None), UsageStatus::NeverUsed);
    }

    #[test]
    fn recommendations() {
        use Recommendation::*;
        use UsageStatus::*;
        assert_eq!(Recommendation::decide(NeverUsed, false), Release);
        assert_eq!(Recommendation::decide(Dormant, false), Release);
        assert_eq!(Recommendation::decide(NeverUsed, true), Review);
        assert_eq!(Recommendation::decide(Dormant, true), Review);
        assert_eq!(Recommendation::decide(Stale, false), Review);
        assert_eq!(Recommendation::decide(Recent, false), Keep);
        assert_eq!(Recommendation::decide(Active, true), Keep);
    }
}

//! The release plan as the page's user picks it: which RELEASE rows are
//! ticked. Every row starts ticked; "untick all" flips the default, so the
//! page never needs the whole list of RELEASE numbers (the worker has it),
//! only the numbers ticked or unticked by hand.

use std::collections::BTreeSet;

use inventory_core::{Cents, Report, E164};
use serde::{Deserialize, Serialize};

/// The ticks of the release plan, sent to the worker with a download.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseSelection {
    /// Whether a row nobody clicked is ticked (true until "untick all").
    pub ticked_by_default: bool,
    /// The rows clicked away from the default.
    pub exceptions: BTreeSet<E164>,
}

impl Default for ReleaseSelection {
    fn default() -> ReleaseSelection {
        ReleaseSelection::all_ticked()
    }
}

impl ReleaseSelection {
    pub fn all_ticked() -> ReleaseSelection {
        ReleaseSelection {
            ticked_by_default: true,
            exceptions: BTreeSet::new(),
        }
    }

    pub fn none_ticked() -> ReleaseSelection {
        ReleaseSelection {
            ticked_by_default: false,
            exceptions: BTreeSet::new(),
        }
    }

    pub fn is_ticked(&self, phone: E164) -> bool {
        self.ticked_by_default != self.exceptions.contains(&phone)
    }

    /// Ticks or unticks one row.
    pub fn set(&mut self, phone: E164, ticked: bool) {
        if ticked == self.ticked_by_default {
            self.exceptions.remove(&phone);
        } else {
            self.exceptions.insert(phone);
        }
    }

    /// The RELEASE numbers of `report` left out of the plan: what core's
    /// `release_plan_csv`, `release_script` and `release_saving` take.
    pub fn left_out(&self, report: &Report) -> BTreeSet<E164> {
        if self.ticked_by_default {
            return self.exceptions.clone();
        }
        let none = BTreeSet::new();
        report
            .release_rows(&none)
            .map(|r| r.phone)
            .filter(|p| !self.exceptions.contains(p))
            .collect()
    }
}

/// What releasing the ticked rows saves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseSaving {
    /// The ticked RELEASE rows.
    pub numbers: u64,
    /// Their monthly cost: the saving a month.
    pub monthly: Cents,
}

impl ReleaseSaving {
    pub fn of(report: &Report, selection: &ReleaseSelection) -> ReleaseSaving {
        let (numbers, monthly) = report.release_saving(&selection.left_out(report));
        ReleaseSaving { numbers, monthly }
    }

    pub fn yearly(self) -> Cents {
        self.monthly.times(12)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use inventory_core::{Inputs, Recommendation, Settings};

    use super::*;

    fn report() -> Report {
        // Three numbers never used, none assigned: all three RELEASE.
        let numbers = "PhoneNumber,FriendlyName,DateCreated\n+14155550101,a,2024-01-01\n\
                       +14155550102,b,2024-01-01\n+18005550103,c,2024-01-01\n";
        let mut inputs = Inputs::default();
        inputs.put(inventory_core::load("n.csv", numbers.as_bytes().to_vec()).unwrap());
        Report::build(&inputs, &Settings::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())).unwrap()
    }

    #[test]
    fn unticked_rows_are_left_out_whichever_the_default() {
        let report = report();
        let release: Vec<E164> = report.release_rows(&BTreeSet::new()).map(|r| r.phone).collect();
        assert_eq!(release.len(), 3);
        assert!(report.rows.iter().all(|r| r.recommendation == Recommendation::Release));

        let mut selection = ReleaseSelection::default();
        assert!(selection.left_out(&report).is_empty());
        selection.set(release[1], false);
        assert!(!selection.is_ticked(release[1]) && selection.is_ticked(release[0]));
        assert_eq!(selection.left_out(&report), BTreeSet::from([release[1]]));
        selection.set(release[1], true);
        assert!(selection.exceptions.is_empty(), "ticked again: back to the default");

        let mut selection = ReleaseSelection::none_ticked();
        assert_eq!(selection.left_out(&report).len(), 3);
        let toll_free = inventory_core::normalise("+18005550103").unwrap();
        selection.set(toll_free, true);
        let others: BTreeSet<E164> = release.iter().copied().filter(|p| *p != toll_free).collect();
        assert_eq!(selection.left_out(&report), others);
        let saving = ReleaseSaving::of(&report, &selection);
        assert_eq!((saving.numbers, saving.monthly), (1, Cents(215)), "the toll-free one");
        assert_eq!(saving.yearly(), Cents(2580));
    }
}

//! What a user can set: the as-of date, the prices, the invoice's figures for
//! the quality checks, and the category rules.

use chrono::NaiveDate;

use crate::money::Cents;
use crate::rules::Rules;

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
    /// The contract's prices (docs/report-contract.md#costs) and the SOP's rules.
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

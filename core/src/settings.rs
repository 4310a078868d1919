//! What a user can set: the as-of date, the price table, the invoice's
//! figures for the quality checks, and the category rules.

use chrono::NaiveDate;

use crate::input::{InputData, InputKind, LoadedInput};
use crate::money::{thousands, Cents};
use crate::prices::PriceTable;
use crate::rules::Rules;

/// Everything a user can set. Same settings, same inputs: same bytes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    /// Ages are counted to this date.
    pub as_of: NaiveDate,
    pub prices: PriceTable,
    /// The invoice's phone-number count, for quality check 1.
    pub invoice_count: Option<u64>,
    /// The invoice's phone-number charges, for quality check 3.
    pub invoice_amount: Option<Cents>,
    pub rules: Rules,
    /// The previous inventory's as-of date, when the user knows it (the changes' "since").
    #[serde(default)]
    pub previous_as_of: Option<NaiveDate>,
}

impl Settings {
    /// The contract's prices (docs/report-contract.md#costs) and the SOP's rules.
    pub fn new(as_of: NaiveDate) -> Settings {
        Settings {
            as_of,
            prices: PriceTable::sop_defaults(),
            invoice_count: None,
            invoice_amount: None,
            rules: Rules::sop_defaults(),
            previous_as_of: None,
        }
    }
}

/// What a settings file changed, to tell the user.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SettingsChange {
    pub file: String,
    pub kind: InputKind,
    /// `3 prices (GB local, GB mobile, US local)` or `2026-10: 24 numbers, 27.60`.
    pub summary: String,
}

impl Settings {
    /// Applies a price table (its rows replace the same country and type) or
    /// invoice figures (the latest month's) read from a file; `None` for the
    /// report's own inputs, which are not settings.
    pub fn apply_file(&mut self, input: &LoadedInput) -> Option<SettingsChange> {
        let summary = match &input.data {
            InputData::Prices(prices) => {
                for price in prices {
                    self.prices.set(*price);
                }
                let shown: Vec<String> = prices
                    .iter()
                    .take(6)
                    .map(|p| format!("{} {} {}", p.country, p.number_type, p.monthly))
                    .collect();
                let more = if prices.len() > 6 { ", …" } else { "" };
                format!("{} price(s): {}{more}", prices.len(), shown.join(", "))
            }
            InputData::Invoice(rows) => {
                let latest = rows.iter().max_by(|a, b| a.month.cmp(&b.month))?;
                self.invoice_count = Some(latest.numbers);
                self.invoice_amount = Some(latest.charges);
                let month = if latest.month.is_empty() {
                    "the invoice"
                } else {
                    &latest.month
                };
                let others = match rows.len() {
                    1 => String::new(),
                    n => format!(" (the latest of {n} months)"),
                };
                format!(
                    "{month}{others}: {} numbers, charges {}",
                    thousands(latest.numbers),
                    latest.charges
                )
            }
            _ => return None,
        };
        Some(SettingsChange {
            file: input.file.clone(),
            kind: input.kind(),
            summary,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::load;

    #[test]
    fn settings_files_fill_in_prices_and_invoice_figures() {
        let mut settings = Settings::new(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        let prices = load(
            "p.csv",
            b"Country,NumberType,MonthlyPrice\nGB,mobile,4.50\nUS,local,1.00\n".to_vec(),
        )
        .unwrap();
        let change = settings.apply_file(&prices).unwrap();
        assert_eq!(change.summary, "2 price(s): GB mobile 4.50, US local 1.00");
        assert_eq!(settings.prices.rows().len(), 5);
        let invoice = load(
            "i.csv",
            b"Month,Numbers,Charges\n2026-09,20,23.00\n2026-10,24,27.60\n".to_vec(),
        )
        .unwrap();
        let change = settings.apply_file(&invoice).unwrap();
        assert_eq!(
            change.summary,
            "2026-10 (the latest of 2 months): 24 numbers, charges 27.60"
        );
        assert_eq!(
            (settings.invoice_count, settings.invoice_amount),
            (Some(24), Some(Cents(2760)))
        );
        let numbers = load("n.csv", b"PhoneNumber,FriendlyName,DateCreated\n".to_vec()).unwrap();
        assert_eq!(settings.apply_file(&numbers), None);
    }
}

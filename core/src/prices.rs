//! What a number costs a month: its type, and a price table keyed by country
//! and type (docs/report-contract.md#costs). A number whose country and type
//! have no row keeps the SOP's estimate, the US local or toll-free rate.

use std::fmt;

use crate::money::Cents;
use crate::phone::E164;
use crate::place::Country;

/// The kinds of number Twilio prices apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum NumberType {
    Local,
    Mobile,
    TollFree,
    National,
    ShortCode,
}

impl NumberType {
    pub const ALL: [NumberType; 5] = [
        NumberType::Local,
        NumberType::Mobile,
        NumberType::TollFree,
        NumberType::National,
        NumberType::ShortCode,
    ];

    /// The `NumberType` column's words, Twilio's Pricing API's own.
    pub fn label(self) -> &'static str {
        match self {
            NumberType::Local => "local",
            NumberType::Mobile => "mobile",
            NumberType::TollFree => "toll free",
            NumberType::National => "national",
            NumberType::ShortCode => "short code",
        }
    }

    /// Reads any spelling a file uses: `toll free`, `TollFree`, `toll-free`,
    /// `toll_free`; `None` for anything else (`other`, empty).
    pub fn parse(raw: &str) -> Option<NumberType> {
        let key: String = raw
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match key.as_str() {
            "local" => Some(NumberType::Local),
            "mobile" => Some(NumberType::Mobile),
            "tollfree" => Some(NumberType::TollFree),
            "national" => Some(NumberType::National),
            "shortcode" => Some(NumberType::ShortCode),
            _ => None,
        }
    }

    /// What a number's digits say when its input doesn't: toll free for a
    /// North American toll-free area code, local for the rest.
    pub fn inferred(phone: E164) -> NumberType {
        match phone.is_toll_free() {
            true => NumberType::TollFree,
            false => NumberType::Local,
        }
    }
}

impl fmt::Display for NumberType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One row of the price table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Price {
    pub country: Country,
    pub number_type: NumberType,
    pub monthly: Cents,
}

/// The SOP's prices: a local number 1.15 a month, a toll-free one 2.15.
const SOP_LOCAL: Cents = Cents(115);
const SOP_TOLL_FREE: Cents = Cents(215);

/// Monthly prices by country and number type, one row for each pair.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PriceTable {
    /// Sorted by country, then type; no pair twice.
    rows: Vec<Price>,
}

impl Default for PriceTable {
    fn default() -> Self {
        PriceTable::sop_defaults()
    }
}

impl PriceTable {
    /// The SOP's: US and CA local 1.15, toll free 2.15.
    pub fn sop_defaults() -> PriceTable {
        let mut table = PriceTable { rows: Vec::new() };
        table.set_north_american(Some(SOP_LOCAL), Some(SOP_TOLL_FREE));
        table
    }

    pub fn empty() -> PriceTable {
        PriceTable { rows: Vec::new() }
    }

    pub fn rows(&self) -> &[Price] {
        &self.rows
    }

    pub fn get(&self, country: Country, number_type: NumberType) -> Option<Cents> {
        self.rows
            .binary_search_by(|p| (p.country, p.number_type).cmp(&(country, number_type)))
            .ok()
            .map(|i| self.rows[i].monthly)
    }

    /// Adds a row, or replaces the row of the same country and type.
    pub fn set(&mut self, price: Price) {
        match self
            .rows
            .binary_search_by(|p| (p.country, p.number_type).cmp(&(price.country, price.number_type)))
        {
            Ok(i) => self.rows[i] = price,
            Err(i) => self.rows.insert(i, price),
        }
    }

    pub fn remove(&mut self, country: Country, number_type: NumberType) {
        self.rows
            .retain(|p| (p.country, p.number_type) != (country, number_type));
    }

    /// The shorthands `--local-price` and `--toll-free-price`: the US and CA rows.
    pub fn set_north_american(&mut self, local: Option<Cents>, toll_free: Option<Cents>) {
        for country in ["US", "CA"].into_iter().filter_map(Country::parse) {
            for (number_type, price) in [(NumberType::Local, local), (NumberType::TollFree, toll_free)] {
                if let Some(monthly) = price {
                    self.set(Price {
                        country,
                        number_type,
                        monthly,
                    });
                }
            }
        }
    }

    /// The SOP's estimate for a number with no row: the US toll-free rate for
    /// a North American toll-free area code, the US local rate for the rest
    /// (the SOP's own figures when the table has no US rows).
    pub fn estimate(&self, phone: E164) -> (NumberType, Cents) {
        let us = Country::parse("US");
        match phone.is_toll_free() {
            true => (
                NumberType::TollFree,
                us.and_then(|us| self.get(us, NumberType::TollFree))
                    .unwrap_or(SOP_TOLL_FREE),
            ),
            false => (
                NumberType::Local,
                us.and_then(|us| self.get(us, NumberType::Local)).unwrap_or(SOP_LOCAL),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phone::normalise;

    fn country(code: &str) -> Country {
        Country::parse(code).unwrap()
    }

    #[test]
    fn types_read_in_any_spelling() {
        for raw in ["toll free", "TollFree", "toll-free", "TOLL_FREE"] {
            assert_eq!(NumberType::parse(raw), Some(NumberType::TollFree), "{raw}");
        }
        assert_eq!(NumberType::parse("Short Code"), Some(NumberType::ShortCode));
        assert_eq!(NumberType::parse("other"), None);
        assert_eq!(NumberType::parse(""), None);
        for t in NumberType::ALL {
            assert_eq!(NumberType::parse(t.label()), Some(t));
        }
    }

    #[test]
    fn the_defaults_are_the_sops_and_rows_replace() {
        let mut table = PriceTable::sop_defaults();
        assert_eq!(table.rows().len(), 4);
        assert_eq!(table.get(country("CA"), NumberType::TollFree), Some(Cents(215)));
        assert_eq!(table.get(country("GB"), NumberType::Local), None);
        table.set(Price {
            country: country("GB"),
            number_type: NumberType::Mobile,
            monthly: Cents(450),
        });
        table.set_north_american(Some(Cents(100)), None);
        assert_eq!(table.get(country("US"), NumberType::Local), Some(Cents(100)));
        assert_eq!(table.get(country("US"), NumberType::TollFree), Some(Cents(215)));
        assert_eq!(table.get(country("GB"), NumberType::Mobile), Some(Cents(450)));
        let sorted: Vec<_> = table.rows().iter().map(|p| (p.country, p.number_type)).collect();
        let mut expected = sorted.clone();
        expected.sort();
        assert_eq!(sorted, expected);
        table.remove(country("GB"), NumberType::Mobile);
        assert_eq!(table.rows().len(), 4);
    }

    #[test]
    fn the_estimate_is_the_us_rate_by_area_code() {
        let table = PriceTable::sop_defaults();
        let local = normalise("+447700900123").unwrap();
        let toll_free = normalise("+18005550100").unwrap();
        assert_eq!(table.estimate(local), (NumberType::Local, Cents(115)));
        assert_eq!(table.estimate(toll_free), (NumberType::TollFree, Cents(215)));
        assert_eq!(PriceTable::empty().estimate(toll_free).1, Cents(215));
    }
}

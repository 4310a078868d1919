//! The price table editor's rows as plain Rust: one draft per price as typed,
//! each field checked on its own, the table the drafts make, and the table
//! as the browser remembers it. No Leptos, no browser.

use inventory_core::{Cents, Country, NumberType, Price, PriceTable};

/// One row of the price editor, as typed (it may not be a valid price yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceDraft {
    /// Stable while the row exists, so the editor keeps focus as rows change.
    pub id: u64,
    /// A two-letter country code, as typed.
    pub country: String,
    pub number_type: NumberType,
    /// The monthly price, as typed.
    pub monthly: String,
}

/// What is wrong with a row, field by field; all `None` for a good row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PriceProblems {
    pub country: Option<String>,
    /// The same country and type as an earlier row.
    pub number_type: Option<String>,
    pub monthly: Option<String>,
}

impl PriceProblems {
    pub fn is_empty(&self) -> bool {
        self == &PriceProblems::default()
    }

    /// The first problem, for a one-line summary.
    fn first(&self) -> Option<&String> {
        [&self.country, &self.number_type, &self.monthly]
            .into_iter()
            .flatten()
            .next()
    }
}

/// The editor's rows for `table`, numbered from `next_id`.
pub fn price_drafts_of(table: &PriceTable, next_id: &mut u64) -> Vec<PriceDraft> {
    table
        .rows()
        .iter()
        .map(|p| {
            *next_id += 1;
            PriceDraft {
                id: *next_id,
                country: p.country.code().to_string(),
                number_type: p.number_type,
                monthly: p.monthly.to_string(),
            }
        })
        .collect()
}

/// A new row for `id`: the first type `country` has no price for yet
/// (a country left empty for the user to type), no price.
pub fn new_price_draft(drafts: &[PriceDraft], id: u64) -> PriceDraft {
    let country = drafts.last().map(|d| d.country.clone()).unwrap_or_default();
    let taken = |t: NumberType| drafts.iter().any(|d| d.country == country && d.number_type == t);
    let free = NumberType::ALL.into_iter().find(|t| !taken(*t));
    PriceDraft {
        id,
        country: if free.is_some() { country } else { String::new() },
        number_type: free.unwrap_or(NumberType::Local),
        monthly: String::new(),
    }
}

/// What is wrong with row `index` of `drafts`, each field apart.
pub fn check_price_draft(drafts: &[PriceDraft], index: usize) -> PriceProblems {
    let Some(draft) = drafts.get(index) else {
        return PriceProblems::default();
    };
    let code = draft.country.trim();
    let country = Country::parse(code);
    let country_problem = match (code.is_empty(), country) {
        (true, _) => Some("enter a two-letter country code, such as GB".to_string()),
        (false, None) => Some(format!("`{code}` is not a country code: use two letters, such as GB")),
        (false, Some(_)) => None,
    };
    let monthly = match draft.monthly.trim() {
        "" => Some("enter the monthly price, such as 1.15".to_string()),
        text => Cents::parse(text).err(),
    };
    let earlier = country.and_then(|c| {
        drafts[..index]
            .iter()
            .position(|d| Country::parse(&d.country) == Some(c) && d.number_type == draft.number_type)
    });
    let number_type = earlier.zip(country).map(|(row, c)| {
        format!(
            "{} {} is already priced in row {}",
            c.code(),
            draft.number_type.label(),
            row + 1
        )
    });
    PriceProblems {
        country: country_problem,
        number_type,
        monthly,
    }
}

/// The country's name for a code being typed, once it is one.
pub fn country_name(code: &str) -> Option<&'static str> {
    Country::parse(code).map(|c| c.name())
}

/// The table the editor's rows make, or what is wrong with the first bad row.
/// No rows is a table too: every number then gets the SOP's estimate.
pub fn prices_of(drafts: &[PriceDraft]) -> Result<PriceTable, String> {
    let mut table = PriceTable::empty();
    for (index, draft) in drafts.iter().enumerate() {
        let problems = check_price_draft(drafts, index);
        match (
            problems.first(),
            Country::parse(&draft.country),
            Cents::parse(&draft.monthly),
        ) {
            (None, Some(country), Ok(monthly)) => table.set(Price {
                country,
                number_type: draft.number_type,
                monthly,
            }),
            (problem, _, _) => {
                let problem = problem.map_or("it does not read", String::as_str);
                return Err(format!("row {}: {problem}", index + 1));
            }
        }
    }
    Ok(table)
}

/// `US local 1.15; US toll free 2.15`, as the browser remembers the table.
pub fn prices_to_text(table: &PriceTable) -> String {
    let rows: Vec<String> = table
        .rows()
        .iter()
        .map(|p| format!("{} {} {}", p.country.code(), p.number_type.label(), p.monthly))
        .collect();
    rows.join("; ")
}

/// Reads [`prices_to_text`]; `None` when any row does not read, so a damaged
/// text leaves the prices as they were instead of dropping rows.
pub fn prices_from_text(text: &str) -> Option<PriceTable> {
    let mut table = PriceTable::empty();
    for row in text.split(';').map(str::trim).filter(|r| !r.is_empty()) {
        let (country, rest) = row.split_once(' ')?;
        let (number_type, monthly) = rest.rsplit_once(' ')?;
        table.set(Price {
            country: Country::parse(country)?,
            number_type: NumberType::parse(number_type)?,
            monthly: Cents::parse(monthly).ok()?,
        });
    }
    Some(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(id: u64, country: &str, number_type: NumberType, monthly: &str) -> PriceDraft {
        PriceDraft {
            id,
            country: country.into(),
            number_type,
            monthly: monthly.into(),
        }
    }

    #[test]
    fn drafts_of_the_sop_table_make_it_again() {
        let mut next = 0;
        let drafts = price_drafts_of(&PriceTable::sop_defaults(), &mut next);
        assert_eq!(drafts.len(), 4);
        assert_eq!(next, 4);
        assert_eq!(drafts[0], draft(1, "CA", NumberType::Local, "1.15"));
        assert_eq!(prices_of(&drafts), Ok(PriceTable::sop_defaults()));
        assert!((0..4).all(|i| check_price_draft(&drafts, i).is_empty()));
    }

    #[test]
    fn each_field_says_what_is_wrong() {
        let drafts = vec![
            draft(1, "gb", NumberType::Mobile, "$1,234.5"),
            draft(2, "", NumberType::Local, ""),
            draft(3, "XX", NumberType::Local, "-1"),
            draft(4, " GB ", NumberType::Mobile, "2"),
        ];
        assert!(check_price_draft(&drafts, 0).is_empty());
        let empty = check_price_draft(&drafts, 1);
        assert_eq!(
            empty.country.as_deref(),
            Some("enter a two-letter country code, such as GB")
        );
        assert_eq!(empty.monthly.as_deref(), Some("enter the monthly price, such as 1.15"));
        let bad = check_price_draft(&drafts, 2);
        assert_eq!(
            bad.country.as_deref(),
            Some("`XX` is not a country code: use two letters, such as GB")
        );
        assert!(bad.monthly.unwrap().contains("is not an amount"));
        let twice = check_price_draft(&drafts, 3);
        assert_eq!(
            twice.number_type.as_deref(),
            Some("GB mobile is already priced in row 1")
        );
        assert_eq!(
            prices_of(&drafts),
            Err("row 2: enter a two-letter country code, such as GB".into())
        );
        assert_eq!(
            prices_of(&drafts[3..]).map(|t| t.get(Country::parse("GB").unwrap(), NumberType::Mobile)),
            Ok(Some(Cents(200)))
        );
    }

    #[test]
    fn no_rows_is_an_empty_table() {
        assert_eq!(prices_of(&[]), Ok(PriceTable::empty()));
        assert_eq!(prices_from_text(""), Some(PriceTable::empty()));
    }

    #[test]
    fn a_new_row_takes_the_next_free_type_of_the_last_country() {
        let drafts = vec![draft(1, "GB", NumberType::Local, "1.00")];
        assert_eq!(new_price_draft(&drafts, 2), draft(2, "GB", NumberType::Mobile, ""));
        let full: Vec<_> = NumberType::ALL
            .into_iter()
            .enumerate()
            .map(|(i, t)| draft(i as u64, "GB", t, "1"))
            .collect();
        assert_eq!(new_price_draft(&full, 9), draft(9, "", NumberType::Local, ""));
        assert_eq!(new_price_draft(&[], 1), draft(1, "", NumberType::Local, ""));
    }

    #[test]
    fn the_remembered_text_reads_back() {
        let mut table = PriceTable::sop_defaults();
        table.set(Price {
            country: Country::parse("GB").unwrap(),
            number_type: NumberType::ShortCode,
            monthly: Cents(100_000),
        });
        let text = prices_to_text(&table);
        assert!(text.contains("GB short code 1000.00; US local 1.15"), "{text}");
        assert_eq!(prices_from_text(&text), Some(table));
        assert_eq!(prices_from_text("US local 1.15; ZZ local 1"), None);
        assert_eq!(prices_from_text("US local"), None);
        assert_eq!(country_name("gb"), Some("United Kingdom"));
        assert_eq!(country_name("g"), None);
    }
}

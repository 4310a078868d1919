//! One cell of an input as its file types it. CSV and TSV give text; JSON
//! gives text, numbers, booleans and nulls; a workbook adds dates. The row
//! readers take any of them, so each shape needs no reader of its own.

use std::borrow::Cow;

use chrono::NaiveDateTime;

/// A cell held by a table read whole (JSON, a workbook sheet).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A workbook date cell, as written: workbooks keep no time zone.
    Date(NaiveDateTime),
}

/// A cell lent to a row reader: trimmed text or a typed value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Bool(bool),
    Date(NaiveDateTime),
}

impl Value {
    pub fn cell(&self) -> Cell<'_> {
        match self {
            Value::Empty => Cell::Text(""),
            Value::Text(text) => Cell::Text(text.trim()),
            Value::Number(n) => Cell::Number(*n),
            Value::Bool(b) => Cell::Bool(*b),
            Value::Date(d) => Cell::Date(*d),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }
}

/// The largest whole number a float holds exactly, and one more: 2^53.
const EXACT_LIMIT: f64 = 9_007_199_254_740_992.0;

impl<'a> Cell<'a> {
    /// The cell as text, the way a spreadsheet shows it unformatted:
    /// `14155550134`, `1.5`, `TRUE`, `2025-12-09 20:07:57`.
    pub fn text(self) -> Cow<'a, str> {
        match self {
            Cell::Text(text) => Cow::Borrowed(text),
            Cell::Number(n) => Cow::Owned(match whole_number(n) {
                Some(whole) => whole.to_string(),
                None => n.to_string(),
            }),
            Cell::Bool(true) => Cow::Borrowed("TRUE"),
            Cell::Bool(false) => Cow::Borrowed("FALSE"),
            Cell::Date(d) => Cow::Owned(d.format("%Y-%m-%d %H:%M:%S").to_string()),
        }
    }

    pub fn is_empty(self) -> bool {
        matches!(self, Cell::Text(""))
    }
}

/// `n` as an integer when it is a whole number a float holds exactly
/// (below 2^53 in size); a phone number beyond that lost digits.
pub(crate) fn whole_number(n: f64) -> Option<i64> {
    (n.is_finite() && n.fract() == 0.0 && n.abs() < EXACT_LIMIT).then_some(n as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_as_a_spreadsheet_shows_them() {
        assert_eq!(Cell::Number(14155550134.0).text(), "14155550134");
        assert_eq!(Cell::Number(-3.0).text(), "-3");
        assert_eq!(Cell::Number(1.5).text(), "1.5");
        assert_eq!(Cell::Bool(true).text(), "TRUE");
        assert_eq!(Value::Text("  x ".into()).cell(), Cell::Text("x"));
        assert!(Value::Text("  ".into()).is_empty());
    }

    #[test]
    fn whole_numbers_are_exact_below_two_to_the_53() {
        assert_eq!(whole_number(9_007_199_254_740_991.0), Some(9_007_199_254_740_991));
        assert_eq!(whole_number(EXACT_LIMIT), None);
        assert_eq!(whole_number(1.4155550134e10), Some(14155550134));
        assert_eq!(whole_number(14155550134.5), None);
        assert_eq!(whole_number(f64::NAN), None);
        assert_eq!(whole_number(f64::INFINITY), None);
    }
}

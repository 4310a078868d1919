//! One cell of a CSV this crate writes (the reports, a rules file, the
//! samples): RFC 4180 quoting only where needed, and free text kept from
//! running as a spreadsheet formula.

use std::borrow::Cow;

/// Quotes a cell only when RFC 4180 needs it: a comma, a double quote, CR or LF.
pub(crate) fn quote(cell: &str) -> Cow<'_, str> {
    if needs_quotes(cell) {
        Cow::Owned(format!("\"{}\"", cell.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(cell)
    }
}

fn needs_quotes(cell: &str) -> bool {
    cell.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
}

fn runs_as_formula(cell: &str) -> bool {
    matches!(cell.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'))
}

/// A free-text cell that a spreadsheet would run as a formula gets a leading `'`.
pub(crate) fn defuse_formula(cell: &str) -> Cow<'_, str> {
    if runs_as_formula(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_only_where_needed() {
        assert_eq!(quote("plain text"), "plain text");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
        assert_eq!(quote("cr\r"), "\"cr\r\"");
        assert_eq!(quote(""), "");
    }

    #[test]
    fn formulas_are_defused() {
        for danger in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(defuse_formula(danger), format!("'{danger}"));
        }
        assert_eq!(defuse_formula("Jane = boss"), "Jane = boss");
        assert_eq!(
            quote(&defuse_formula("=HYPERLINK(\"x\",\"y\")")),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
    }
}

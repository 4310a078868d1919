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

/// Appends `cell` to `out` as [`quote`] would give it, without its `Cow`:
/// the report writers call this for every free-text cell.
pub(crate) fn write_quoted(out: &mut Vec<u8>, cell: &str) {
    if !needs_quotes(cell) {
        out.extend_from_slice(cell.as_bytes());
        return;
    }
    out.push(b'"');
    for (i, piece) in cell.split('"').enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\"\"");
        }
        out.extend_from_slice(piece.as_bytes());
    }
    out.push(b'"');
}

fn needs_quotes(cell: &str) -> bool {
    // Every byte looked at, no early exit: the loop vectorises, and cells are short.
    cell.bytes()
        .fold(false, |found, b| found | matches!(b, b',' | b'"' | b'\r' | b'\n'))
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
        for cell in [
            "plain text",
            "a,b",
            "say \"hi\"",
            "\"",
            "\"\"",
            "two\nlines",
            "cr\r",
            "",
            "é,\"",
        ] {
            let mut written = Vec::new();
            write_quoted(&mut written, cell);
            assert_eq!(written, quote(cell).as_bytes(), "{cell}");
        }
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

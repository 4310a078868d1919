//! How a CSV record ends: whether a quote left open swallows the rest of the
//! file. (Line numbers are counted as records are read, in `delimited`.)

/// Whether a record's bytes end inside a quoted cell, read as the CSV reader
/// reads them: a quote opens a cell only at its start, `""` inside is a quote.
/// Only the last record of a file can: the open quote swallows the rest.
pub(crate) fn ends_inside_quotes(record: &[u8], separator: u8) -> bool {
    let (mut quoted, mut cell_start, mut i) = (false, true, 0);
    while i < record.len() {
        let b = record[i];
        if quoted {
            if b == b'"' {
                if record.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == separator || b == b'\n' || b == b'\r' {
            cell_start = true;
            i += 1;
            continue;
        } else if b == b'"' && cell_start {
            quoted = true;
        }
        cell_start = false;
        i += 1;
    }
    quoted
}

#[cfg(test)]
mod tests {
    use super::ends_inside_quotes;

    #[test]
    fn open_quotes_at_the_end() {
        assert!(ends_inside_quotes(b"+1415,\"Farm 2", b','));
        assert!(ends_inside_quotes(b"a,\"b\"\"c,d\n", b','));
        assert!(!ends_inside_quotes(b"a,\"b\"\"c\",d\n", b','));
        assert!(!ends_inside_quotes(b"a,b\"c,d", b','));
        assert!(!ends_inside_quotes(b"a;\"b;c\"", b';'));
    }
}

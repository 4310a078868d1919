//! Line numbers as a text editor (and Excel) shows them: the CSV reader's own
//! drift over skipped blank lines, so they are counted here, each byte once.

/// 1-based line numbers by byte offset, counted forward only once.
#[derive(Default)]
pub(crate) struct LineCounter {
    pub offset: usize,
    pub line_ends: u64,
}

impl LineCounter {
    pub fn line_at(&mut self, text: &[u8], offset: usize) -> u64 {
        if offset > self.offset {
            self.line_ends += count_line_ends(&text[self.offset..offset]);
            self.offset = offset;
        }
        self.line_ends + 1
    }
}

/// LF, CRLF and a lone CR each end a line, as the CSV reader reads them.
pub(crate) fn count_line_ends(bytes: &[u8]) -> u64 {
    let lf = bytes.iter().filter(|&&b| b == b'\n').count();
    if !bytes.contains(&b'\r') {
        return lf as u64;
    }
    let lone_cr =
        bytes.windows(2).filter(|w| w[0] == b'\r' && w[1] != b'\n').count() + usize::from(bytes.last() == Some(&b'\r'));
    (lf + lone_cr) as u64
}

pub(crate) fn skip_line_ends(text: &[u8], mut at: usize) -> usize {
    while at < text.len() && matches!(text[at], b'\r' | b'\n') {
        at += 1;
    }
    at
}

pub(crate) fn trim_line_ends_back(text: &[u8], start: usize, mut end: usize) -> usize {
    end = end.min(text.len());
    while end > start && matches!(text[end - 1], b'\r' | b'\n') {
        end -= 1;
    }
    end
}

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

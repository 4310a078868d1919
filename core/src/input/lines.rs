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
    let lone_cr = bytes
        .windows(2)
        .filter(|w| w[0] == b'\r' && w[1] != b'\n')
        .count()
        + usize::from(bytes.last() == Some(&b'\r'));
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

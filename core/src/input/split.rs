//! Splitting one line of CSV into its cells without csv_core's state
//! machine, for the lines that make up nearly every export: cells bare or
//! wholly quoted, a doubled quote inside a quoted one. Anything else (a quote
//! inside a bare cell, text after a closing quote, a quoted cell that runs
//! on past the line) is left to csv_core, which reads every CSV.

use memchr::{memchr, memchr2};

/// Writes the cells of `line` (no line end in it) into `data` one after
/// another and where each ends into `ends`, as csv_core would; returns how
/// many there are, or `None` when the line is not of the plain kind.
pub(super) fn split_line(line: &[u8], separator: u8, data: &mut Vec<u8>, ends: &mut Vec<usize>) -> Option<usize> {
    // A cell's text is never longer than the line it comes from.
    if data.len() < line.len() {
        data.resize(line.len().next_power_of_two(), 0);
    }
    let (mut at, mut written, mut count) = (0, 0, 0);
    loop {
        if line.get(at) == Some(&b'"') {
            at += 1;
            loop {
                let quote = at + memchr(b'"', &line[at..])?;
                data[written..written + quote - at].copy_from_slice(&line[at..quote]);
                written += quote - at;
                at = quote + 1;
                if line.get(at) != Some(&b'"') {
                    break;
                }
                // `""` inside a quoted cell is one quote.
                data[written] = b'"';
                written += 1;
                at += 1;
            }
            if at < line.len() && line[at] != separator {
                return None;
            }
        } else {
            let rest = &line[at..];
            // The cell ends at the separator, unless a quote comes first.
            let stop = match memchr2(separator, b'"', rest) {
                Some(stop) if rest[stop] == b'"' => return None,
                Some(stop) => stop,
                None => rest.len(),
            };
            data[written..written + stop].copy_from_slice(&rest[..stop]);
            written += stop;
            at += stop;
        }
        if count == ends.len() {
            ends.resize((ends.len() * 2).max(16), 0);
        }
        ends[count] = written;
        count += 1;
        if at >= line.len() {
            return Some(count);
        }
        at += 1;
    }
}

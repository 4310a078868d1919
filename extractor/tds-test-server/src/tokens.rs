//! Writing TDS tokens into a response: the string encodings (UTF-16 with a
//! byte or u16 length), ENVCHANGE, ERROR and DONE.

/// UTF-16LE, as TDS sends text.
pub(crate) fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

/// B_VARCHAR: a length in characters (one byte), then the text.
pub(crate) fn b_varchar(out: &mut Vec<u8>, s: &str) {
    out.push(s.encode_utf16().count() as u8);
    out.extend(utf16(s));
}

/// US_VARCHAR: a length in characters (u16), then the text.
fn us_varchar(out: &mut Vec<u8>, s: &str) {
    out.extend((s.encode_utf16().count() as u16).to_le_bytes());
    out.extend(utf16(s));
}

/// ENVCHANGE: a setting (`ty`) changed from `old` to `new`.
pub(crate) fn env_change(out: &mut Vec<u8>, ty: u8, new: &str, old: &str) {
    let mut body = vec![ty];
    b_varchar(&mut body, new);
    b_varchar(&mut body, old);
    out.push(0xE3);
    out.extend((body.len() as u16).to_le_bytes());
    out.extend(body);
}

/// ERROR: SQL Server error `number` of severity `class`.
pub(crate) fn error_token(out: &mut Vec<u8>, number: u32, class: u8, message: &str) {
    let mut body = Vec::new();
    body.extend(number.to_le_bytes());
    body.push(1); // state
    body.push(class);
    us_varchar(&mut body, message);
    b_varchar(&mut body, "tds-test-server");
    b_varchar(&mut body, "");
    body.extend(1u32.to_le_bytes()); // line number
    out.push(0xAA);
    out.extend((body.len() as u16).to_le_bytes());
    out.extend(body);
}

pub(crate) const DONE_FINAL: u16 = 0x00;
pub(crate) const DONE_ERROR: u16 = 0x02;
pub(crate) const DONE_COUNT: u16 = 0x10;

/// DONE: the end of a statement's result, with its row count.
pub(crate) fn done(out: &mut Vec<u8>, status: u16, cur_cmd: u16, rows: u64) {
    out.push(0xFD);
    out.extend(status.to_le_bytes());
    out.extend(cur_cmd.to_le_bytes());
    out.extend(rows.to_le_bytes());
}

//! Text encodings of the inputs: UTF-8 (with or without BOM), UTF-16 LE/BE
//! with BOM, and Windows-1252 (Excel's "CSV" save). Everything becomes UTF-8.

/// The encoding a file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8WithBom,
    Utf16Le,
    Utf16Be,
    Windows1252,
    /// Not text: a workbook's cells, typed.
    Workbook,
}

impl Encoding {
    /// The name shown to users.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8WithBom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Workbook => "workbook",
        }
    }

    /// docs/report-contract.md#encodings: say which encoding was assumed when it was not UTF-8
    /// (a workbook's cells need no word).
    pub fn is_utf8(self) -> bool {
        matches!(self, Encoding::Utf8 | Encoding::Utf8WithBom | Encoding::Workbook)
    }
}

/// The UTF-8 text of `bytes`, its encoding, and how many bytes or code units
/// could not be decoded (each became U+FFFD).
pub(crate) fn decode(mut bytes: Vec<u8>) -> (Vec<u8>, Encoding, usize) {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
        return match String::from_utf8(bytes) {
            Ok(text) => (text.into_bytes(), Encoding::Utf8WithBom, 0),
            Err(e) => {
                let bytes = e.into_bytes();
                let (text, bad) = lossy_utf8(&bytes);
                (text, Encoding::Utf8WithBom, bad)
            }
        };
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return utf16(&bytes[2..], u16::from_le_bytes, Encoding::Utf16Le);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return utf16(&bytes[2..], u16::from_be_bytes, Encoding::Utf16Be);
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text.into_bytes(), Encoding::Utf8, 0),
        Err(e) => (windows_1252(e.as_bytes()), Encoding::Windows1252, 0),
    }
}

/// Decodes a file a chunk at a time, the encoding detected from its first
/// chunk (docs/report-contract.md#encodings): a BOM names UTF-8 or UTF-16;
/// without one, the first chunk is UTF-8 when it is valid UTF-8 (a character
/// cut at its end waits for the next chunk) and Windows-1252 otherwise. A
/// character or UTF-16 code unit split between two chunks decodes as if the
/// chunks were one. Bytes that are not valid in the encoding become U+FFFD
/// and are counted.
pub(crate) struct Decoder {
    encoding: Encoding,
    /// Bytes of a character (or code unit) cut at the end of the last chunk.
    pending: Vec<u8>,
    /// A UTF-16 high surrogate waiting for its low half.
    high_surrogate: Option<u16>,
    /// The BOM still to skip at the start (it may itself be split).
    skip: usize,
    undecodable: usize,
}

impl Decoder {
    /// Detects the encoding from `head`, the first bytes of the file (all of
    /// them when `whole`).
    pub fn detect(head: &[u8], whole: bool) -> Decoder {
        let (encoding, skip) = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            (Encoding::Utf8WithBom, 3)
        } else if head.starts_with(&[0xFF, 0xFE]) {
            (Encoding::Utf16Le, 2)
        } else if head.starts_with(&[0xFE, 0xFF]) {
            (Encoding::Utf16Be, 2)
        } else {
            let valid = match std::str::from_utf8(head) {
                Ok(_) => true,
                // A character cut by the end of the chunk is no evidence against UTF-8.
                Err(e) => !whole && e.error_len().is_none(),
            };
            (if valid { Encoding::Utf8 } else { Encoding::Windows1252 }, 0)
        };
        Decoder {
            encoding,
            pending: Vec::new(),
            high_surrogate: None,
            skip,
            undecodable: 0,
        }
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// A decoder for the same file from a later byte on, for another thread:
    /// for UTF-8 and Windows-1252, where a line end is never part of a
    /// character, so a cut after one cuts none. `None` for UTF-16, whose
    /// line ends are two bytes, and workbooks.
    pub fn fork(&self) -> Option<Decoder> {
        matches!(
            self.encoding,
            Encoding::Utf8 | Encoding::Utf8WithBom | Encoding::Windows1252
        )
        .then(|| Decoder {
            encoding: self.encoding,
            pending: Vec::new(),
            high_surrogate: None,
            skip: 0,
            undecodable: 0,
        })
    }

    /// No character is cut at the end of the bytes decoded so far.
    pub fn at_boundary(&self) -> bool {
        self.pending.is_empty() && self.high_surrogate.is_none() && self.skip == 0
    }

    /// Goes on as `later`, forked from this decoder and given the bytes
    /// from where this one stopped, counting the undecodable bytes of both.
    pub fn join(&mut self, later: Decoder) {
        let before = self.undecodable;
        *self = later;
        self.undecodable += before;
    }

    /// Byte sequences or code units that were not valid so far.
    pub fn undecodable(&self) -> usize {
        self.undecodable
    }

    /// Decodes the next chunk, appending UTF-8 to `out`.
    pub fn push(&mut self, mut bytes: &[u8], out: &mut Vec<u8>) {
        let skipped = self.skip.min(bytes.len());
        bytes = &bytes[skipped..];
        self.skip -= skipped;
        match self.encoding {
            Encoding::Utf8 | Encoding::Utf8WithBom | Encoding::Workbook => self.utf8(bytes, out),
            Encoding::Utf16Le => self.utf16(bytes, u16::from_le_bytes, out),
            Encoding::Utf16Be => self.utf16(bytes, u16::from_be_bytes, out),
            Encoding::Windows1252 => out.extend_from_slice(&windows_1252(bytes)),
        }
    }

    /// The end of the file: a character cut short there is undecodable, as
    /// [`decode`] counts it (a lone UTF-16 byte is counted, not shown).
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        if !self.pending.is_empty() {
            self.undecodable += 1;
            if !matches!(self.encoding, Encoding::Utf16Le | Encoding::Utf16Be) {
                out.extend_from_slice("\u{FFFD}".as_bytes());
            }
            self.pending.clear();
        }
        if self.high_surrogate.take().is_some() {
            self.undecodable += 1;
            out.extend_from_slice("\u{FFFD}".as_bytes());
        }
    }

    fn utf8(&mut self, mut bytes: &[u8], out: &mut Vec<u8>) {
        if !self.pending.is_empty() {
            // Complete the character cut at the end of the last chunk.
            let need = utf8_width(self.pending[0]).saturating_sub(self.pending.len());
            let take = need.min(bytes.len());
            self.pending.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if take < need {
                return;
            }
            let pending = std::mem::take(&mut self.pending);
            self.utf8_valid_prefix(&pending, out, true);
        }
        let rest = self.utf8_valid_prefix(bytes, out, false);
        self.pending.extend_from_slice(rest);
    }

    /// Appends `bytes` as UTF-8, each invalid sequence as U+FFFD; returns a
    /// character cut at the end (none when `complete`).
    fn utf8_valid_prefix<'b>(&mut self, bytes: &'b [u8], out: &mut Vec<u8>, complete: bool) -> &'b [u8] {
        if std::str::from_utf8(bytes).is_ok() {
            out.extend_from_slice(bytes);
            return &[];
        }
        let mut chunks = bytes.utf8_chunks().peekable();
        while let Some(chunk) = chunks.next() {
            out.extend_from_slice(chunk.valid().as_bytes());
            let invalid = chunk.invalid();
            if invalid.is_empty() {
                continue;
            }
            let last = chunks.peek().is_none();
            // The last invalid piece may be a character cut short by the chunk's end.
            if last && !complete && invalid.len() < utf8_width(invalid[0]) {
                return &bytes[bytes.len() - invalid.len()..];
            }
            self.undecodable += 1;
            out.extend_from_slice("\u{FFFD}".as_bytes());
        }
        &[]
    }

    fn utf16(&mut self, bytes: &[u8], unit: fn([u8; 2]) -> u16, out: &mut Vec<u8>) {
        let mut rest = bytes;
        if let Some(&first) = self.pending.first() {
            // The code unit cut at the end of the last chunk.
            let Some((&second, after)) = rest.split_first() else {
                return;
            };
            self.pending.clear();
            self.utf16_units(&[first, second], unit, out);
            rest = after;
        }
        let pairs = rest.len() / 2 * 2;
        self.utf16_units(&rest[..pairs], unit, out);
        self.pending.extend_from_slice(&rest[pairs..]);
    }

    fn utf16_units(&mut self, pairs: &[u8], unit: fn([u8; 2]) -> u16, out: &mut Vec<u8>) {
        let mut buf = [0u8; 4];
        for pair in pairs.chunks_exact(2) {
            let u = unit([pair[0], pair[1]]);
            let c = match (self.high_surrogate.take(), u) {
                (None, 0xD800..=0xDBFF) => {
                    self.high_surrogate = Some(u);
                    continue;
                }
                (Some(high), 0xDC00..=0xDFFF) => {
                    char::from_u32(0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(u) - 0xDC00))
                }
                (Some(_), 0xD800..=0xDBFF) => {
                    self.undecodable += 1;
                    out.extend_from_slice("\u{FFFD}".as_bytes());
                    self.high_surrogate = Some(u);
                    continue;
                }
                (Some(_), _) => {
                    self.undecodable += 1;
                    out.extend_from_slice("\u{FFFD}".as_bytes());
                    char::from_u32(u32::from(u))
                }
                (None, _) => char::from_u32(u32::from(u)),
            };
            let c = c.unwrap_or_else(|| {
                self.undecodable += 1;
                '\u{FFFD}'
            });
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
}

/// How many bytes a UTF-8 sequence starting with `first` has (1 for a byte that starts none).
fn utf8_width(first: u8) -> usize {
    match first {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 1,
    }
}

fn lossy_utf8(bytes: &[u8]) -> (Vec<u8>, usize) {
    let mut bad = 0;
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            bad += 1;
            out.push('\u{FFFD}');
        }
    }
    (out.into_bytes(), bad)
}

fn utf16(body: &[u8], unit: fn([u8; 2]) -> u16, encoding: Encoding) -> (Vec<u8>, Encoding, usize) {
    let units = body.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut bad = body.len() % 2;
    let mut out = String::with_capacity(body.len() / 2 * 3 / 2);
    for c in char::decode_utf16(units) {
        out.push(c.unwrap_or_else(|_| {
            bad += 1;
            '\u{FFFD}'
        }));
    }
    (out.into_bytes(), encoding, bad)
}

/// Windows-1252; its five unassigned bytes map to the C1 controls, as browsers do.
fn windows_1252(bytes: &[u8]) -> Vec<u8> {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for &b in bytes {
        out.push(match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        });
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_each_encoding() {
        assert_eq!(decode(b"a,b".to_vec()), (b"a,b".to_vec(), Encoding::Utf8, 0));
        assert_eq!(
            decode(b"\xEF\xBB\xBFa".to_vec()),
            (b"a".to_vec(), Encoding::Utf8WithBom, 0)
        );
        assert_eq!(
            decode(b"\xFF\xFEa\x00\xe9\x00".to_vec()),
            ("aé".as_bytes().to_vec(), Encoding::Utf16Le, 0)
        );
        assert_eq!(
            decode(b"\xFE\xFF\x00a\x00\xe9".to_vec()),
            ("aé".as_bytes().to_vec(), Encoding::Utf16Be, 0)
        );
        assert_eq!(
            decode(b"Jos\xe9 \x80".to_vec()),
            ("José €".as_bytes().to_vec(), Encoding::Windows1252, 0)
        );
    }

    #[test]
    fn damage_is_counted() {
        assert_eq!(
            decode(b"\xFF\xFEa\x00\x00\xD8b".to_vec()).2,
            2,
            "lone surrogate and odd byte"
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFa\xffb".to_vec()),
            ("a\u{FFFD}b".as_bytes().to_vec(), Encoding::Utf8WithBom, 1)
        );
    }
}

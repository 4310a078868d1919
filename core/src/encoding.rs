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

//! Before a file is read as CSV: is it text at all, and which separator does
//! its header use? Excel saves "CSV" with semicolons in some regions, and a
//! workbook or an image dropped by mistake deserves a plain answer.

/// What a file that is not text looks like, for the message; `None` for text.
pub(crate) fn not_text(bytes: &[u8]) -> Option<&'static str> {
    // Workbooks (ZIP, Compound File) are told apart before this is asked.
    const SIGNATURES: [(&[u8], &str); 4] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"%PDF", "a PDF document"),
        (b"GIF8", "a GIF image"),
    ];
    if let Some((_, what)) = SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(what);
    }
    // UTF-16 text is full of NULs; anything else with one near the start is binary.
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let head = &bytes[..bytes.len().min(4096)];
    (!utf16 && head.contains(&0)).then_some("a binary file")
}

/// The cell separator of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Separator {
    Comma,
    Semicolon,
    Tab,
}

impl Separator {
    pub fn byte(self) -> u8 {
        match self {
            Separator::Comma => b',',
            Separator::Semicolon => b';',
            Separator::Tab => b'\t',
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Separator::Comma => "commas",
            Separator::Semicolon => "semicolons",
            Separator::Tab => "tabs",
        }
    }
}

/// Commas, unless the first non-blank line has none and has semicolons or tabs.
pub(crate) fn separator(text: &[u8]) -> Separator {
    let first_line = text
        .split(|&b| b == b'\n' || b == b'\r')
        .find(|line| line.iter().any(|b| !b.is_ascii_whitespace()))
        .unwrap_or_default();
    let count = |c: u8| first_line.iter().filter(|&&b| b == c).count();
    match (count(b','), count(b';'), count(b'\t')) {
        (0, semicolons, tabs) if semicolons > tabs => Separator::Semicolon,
        (0, _, tabs) if tabs > 0 => Separator::Tab,
        _ => Separator::Comma,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_files_are_named() {
        assert_eq!(not_text(b"\x89PNG\r\n\x1a\n"), Some("a PNG image"));
        assert_eq!(not_text(b"a,b\n\0\0"), Some("a binary file"));
        assert_eq!(not_text(b"\xFF\xFEa\0,\0"), None);
        assert_eq!(not_text(b"PhoneNumber,FriendlyName\n"), None);
    }

    #[test]
    fn separators() {
        assert_eq!(
            separator(b"\n\nPhoneNumber;FriendlyName;DateCreated\r\n1;2;3"),
            Separator::Semicolon
        );
        assert_eq!(separator(b"From\tMessageCount\tLastDateSent\n"), Separator::Tab);
        assert_eq!(separator(b"From,MessageCount;x\n"), Separator::Comma);
        assert_eq!(separator(b"Number\n"), Separator::Comma);
        assert_eq!(separator(b""), Separator::Comma);
    }
}

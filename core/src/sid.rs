//! Twilio's sids (`PN…` for a number, `AC…` for an account): two letters and
//! 32 hexadecimal digits, held in 18 bytes rather than a 34-byte string, since
//! a report keeps one or two for each of a million numbers.

use std::fmt;

/// A Twilio sid; only a well-formed one can exist, so one is always safe to
/// put on a command line.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sid {
    prefix: [u8; 2],
    digits: [u8; 16],
}

impl Sid {
    /// `text` when it is `prefix` and 32 hexadecimal digits (either case).
    pub fn parse(text: &str, prefix: &str) -> Option<Sid> {
        let b = text.trim().as_bytes();
        if b.len() != 34 || !b.starts_with(prefix.as_bytes()) || prefix.len() != 2 {
            return None;
        }
        let mut digits = [0u8; 16];
        // Every digit is looked up, and one OR of them all says whether any was not hex.
        let mut not_hex = 0;
        for (digit, pair) in digits.iter_mut().zip(b[2..].chunks_exact(2)) {
            let (high, low) = (HEX[usize::from(pair[0])], HEX[usize::from(pair[1])]);
            not_hex |= high | low;
            *digit = high << 4 | (low & 0x0f);
        }
        if not_hex & NOT_HEX != 0 {
            return None;
        }
        Some(Sid {
            prefix: [b[0], b[1]],
            digits,
        })
    }
}

impl fmt::Display for Sid {
    /// The prefix and lower-case hex, as Twilio writes sids.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", char::from(self.prefix[0]), char::from(self.prefix[1]))?;
        self.digits.iter().try_for_each(|d| write!(f, "{d:02x}"))
    }
}

impl fmt::Debug for Sid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sid({self})")
    }
}

/// Marks a byte that is no hexadecimal digit in [`HEX`].
const NOT_HEX: u8 = 0x80;

/// Each byte's value as a hexadecimal digit, or [`NOT_HEX`].
const HEX: [u8; 256] = {
    let mut table = [NOT_HEX; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_sids_parse() {
        let sid = Sid::parse(" PN0123456789ABCDEF0123456789abcdef ", "PN").unwrap();
        assert_eq!(sid.to_string(), "PN0123456789abcdef0123456789abcdef");
        assert_eq!(Sid::parse("PN0123456789abcdef0123456789abcdef", "AC"), None);
        assert_eq!(Sid::parse("PN01", "PN"), None);
        assert_eq!(Sid::parse("PN0123456789abcdef0123456789abcdeg", "PN"), None);
        assert_eq!(Sid::parse("PN1; rm -rf /", "PN"), None);
        assert_eq!(Sid::parse("PNé123456789abcdef0123456789abcde", "PN"), None);
    }

    #[test]
    fn every_byte_reads_as_a_hex_digit_or_not() {
        for byte in 0..=u8::MAX {
            for at in [2, 33] {
                let mut text = *b"PN0123456789abcdef0123456789abcdef";
                text[at] = byte;
                let Ok(text) = std::str::from_utf8(&text) else {
                    continue;
                };
                let expected = char::from(byte).is_ascii_hexdigit();
                assert_eq!(Sid::parse(text, "PN").is_some(), expected, "{byte:#x} at {at}");
                if expected {
                    let shown = Sid::parse(text, "PN").unwrap().to_string();
                    assert_eq!(shown, text.to_ascii_lowercase().replacen("pn", "PN", 1));
                }
            }
        }
    }
}

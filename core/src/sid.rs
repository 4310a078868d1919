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
        let hex = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        };
        for (i, pair) in b[2..].chunks(2).enumerate() {
            digits[i] = hex(pair[0])? << 4 | hex(pair[1])?;
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
}

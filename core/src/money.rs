//! Money as whole cents, so sums never drift and never print `-0.00`; and
//! counts with thousands separators, as money and counts are shown.

use std::fmt;

/// An amount in cents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Cents(pub u64);

impl Cents {
    /// Reads `1.15`, `$1,234.5` or `12`: at most two decimals, no sign.
    pub fn parse(raw: &str) -> Result<Cents, String> {
        let text = raw.trim();
        let plain: String = text
            .strip_prefix('$')
            .unwrap_or(text)
            .chars()
            .filter(|c| *c != ',')
            .collect();
        let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
        let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() && fraction.is_empty()
            || !digits_only(whole)
            || !digits_only(fraction)
            || fraction.len() > 2
            || whole.len() > 15
        {
            return Err(format!(
                "`{raw}` is not an amount: write it like 1.15 (dollars and cents, no sign)"
            ));
        }
        let whole: u64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| format!("`{raw}` is too large"))?
        };
        let cents: u64 = format!("{fraction:0<2}").parse().unwrap_or(0);
        Ok(Cents(whole * 100 + cents))
    }

    /// Reads an amount as an API or a workbook gives it: more decimals than
    /// two are rounded half up (`27.6000`, `1.155`), a number cell is taken
    /// as dollars. Negative amounts are refused.
    pub fn parse_amount(raw: &str) -> Result<Cents, String> {
        let text = raw.trim();
        let Some((whole, fraction)) = text.split_once('.') else {
            return Cents::parse(text);
        };
        if fraction.len() <= 2 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Cents::parse(text);
        }
        let kept = Cents::parse(&format!("{whole}.{}", &fraction[..2]))?;
        let round_up = fraction.as_bytes()[2] >= b'5';
        Ok(Cents(kept.0 + u64::from(round_up)))
    }

    pub fn times(self, n: u64) -> Cents {
        Cents(self.0.saturating_mul(n))
    }
}

#[cfg(test)]
mod amount_tests {
    use super::Cents;

    #[test]
    fn amounts_round_to_cents() {
        assert_eq!(Cents::parse_amount("27.6000"), Ok(Cents(2760)));
        assert_eq!(Cents::parse_amount("1.155"), Ok(Cents(116)));
        assert_eq!(Cents::parse_amount("1.154"), Ok(Cents(115)));
        assert_eq!(Cents::parse_amount("$1,234.5"), Ok(Cents(123450)));
        assert!(Cents::parse_amount("-1.00").is_err());
        assert!(Cents::parse_amount("1.1x5").is_err());
    }
}

impl std::ops::Add for Cents {
    type Output = Cents;
    fn add(self, other: Cents) -> Cents {
        Cents(self.0.saturating_add(other.0))
    }
}

impl std::ops::AddAssign for Cents {
    fn add_assign(&mut self, other: Cents) {
        *self = *self + other;
    }
}

impl std::iter::Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        iter.fold(Cents(0), |a, b| a + b)
    }
}

impl fmt::Display for Cents {
    /// Two decimals, no currency sign: `1.15`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Vec::with_capacity(24);
        self.write_to(&mut out);
        // Only ASCII digits and a point were written.
        f.write_str(std::str::from_utf8(&out).unwrap_or_default())
    }
}

impl Cents {
    /// `1.15` appended to `out`, as `Display` shows it, without `fmt`'s machinery
    /// (the CSV writers call this a million times).
    pub(crate) fn write_to(self, out: &mut Vec<u8>) {
        write_integer(out, self.0 / 100);
        let cents = (self.0 % 100) as u8;
        out.extend_from_slice(&[b'.', b'0' + cents / 10, b'0' + cents % 10]);
    }
}

/// `n`'s decimal digits appended to `out`.
pub(crate) fn write_integer(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// A difference of cents with its sign: `+1.15`, `-2.30`, `+0.00`.
pub(crate) fn signed(cents: i64) -> String {
    let sign = if cents < 0 { '-' } else { '+' };
    format!("{sign}{}", Cents(cents.unsigned_abs()))
}

/// `n` with a comma between groups of three digits: `12,345`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_and_cents_are_written_as_display_writes_them() {
        for n in [0, 7, 10, 99, 100, 12_345, u64::MAX] {
            let mut out = Vec::new();
            write_integer(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
        }
        for cents in [0, 5, 50, 115, 100_000, u64::MAX] {
            assert_eq!(Cents(cents).to_string(), format!("{}.{:02}", cents / 100, cents % 100));
        }
    }

    #[test]
    fn parses_and_prints() {
        assert_eq!(Cents::parse("1.15"), Ok(Cents(115)));
        assert_eq!(Cents::parse(" $1,234.5 "), Ok(Cents(123450)));
        assert_eq!(Cents::parse("2"), Ok(Cents(200)));
        assert_eq!(Cents::parse(".5"), Ok(Cents(50)));
        assert!(Cents::parse("-1").is_err());
        assert!(Cents::parse("1.155").is_err());
        assert!(Cents::parse("").is_err());
        assert!(Cents::parse(".").is_err());
        assert_eq!(Cents(0).to_string(), "0.00");
        assert_eq!(Cents(123405).to_string(), "1234.05");
        assert_eq!(Vec::<Cents>::new().into_iter().sum::<Cents>().to_string(), "0.00");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(20_000), "20,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }
}

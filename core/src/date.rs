//! Dates: the formats docs/report-contract.md#dates accepts, reduced to a UTC calendar date, and the
//! one output form `MM-DD-YYYY`.
//!
//! Hand-written rather than chrono's format parsers: the accepted shapes are
//! few, the weekday must not be checked, and reading a million of them is on
//! the report's hot path.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

/// The calendar date (UTC) of any accepted date or date-time; `None` when the
/// value is not one of the contract's formats or names no real day.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let b = raw.as_bytes();
    plain_iso(b).or_else(|| api_form(b)).or_else(|| any_form(raw))
}

/// `Fri, 21 Mar 2025 16:53:10 +0000`, exactly: how Twilio's API writes
/// every date (RFC 2822, always UTC), so a numbers list from the API has one
/// per row. Gives the date only when [`any_form`] would give the same.
fn api_form(b: &[u8]) -> Option<NaiveDate> {
    let number = |at: usize, len: usize| -> Option<u32> {
        b[at..at + len]
            .iter()
            .try_fold(0u32, |n, &d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    if b.len() != 31
        || !b[..3].iter().all(u8::is_ascii_alphabetic)
        || &b[3..5] != b", "
        || b[7] != b' '
        || b[11] != b' '
        || b[16] != b' '
        || b[19] != b':'
        || b[22] != b':'
        || &b[25..] != b" +0000"
    {
        return None;
    }
    let date = ymd(number(12, 4)?, month_number(&b[8..11])?, number(5, 2)?)?;
    let (hour, minute, second) = (number(17, 2)?, number(20, 2)?, number(23, 2)?);
    (hour <= 23 && minute <= 59 && second <= 59).then_some(date)
}

/// `YYYY-MM-DD`, or that with ` HH:MM:SS[.fraction]` (or `T`) and no zone:
/// how SQL Server and most exports write a date, and every row of a
/// message log has one. Gives the date only when [`any_form`] would give the
/// same, and `None` for anything else, which `any_form` then reads.
fn plain_iso(b: &[u8]) -> Option<NaiveDate> {
    let number = |at: usize, len: usize| -> Option<u32> {
        b.get(at..at + len)?
            .iter()
            .try_fold(0u32, |n, &d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let date = ymd(number(0, 4)?, number(5, 2)?, number(8, 2)?)?;
    if b.len() == 10 {
        return Some(date);
    }
    if b.len() < 19 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (hour, minute, second) = (number(11, 2)?, number(14, 2)?, number(17, 2)?);
    let fraction = &b[19..];
    let fraction_read = fraction.is_empty()
        || (fraction[0] == b'.' && (2..=10).contains(&fraction.len()) && number(20, fraction.len() - 1).is_some());
    (hour <= 23 && minute <= 59 && second <= 59 && fraction_read).then_some(date)
}

/// Every form [`parse_date`] reads.
fn any_form(raw: &str) -> Option<NaiveDate> {
    let s = raw.trim();
    if s.is_empty() || !s.is_ascii() {
        return None;
    }
    let b = s.as_bytes();
    let mut scan = Scan { b, i: 0 };
    if b[0].is_ascii_alphabetic() && month_number(&b[..b.len().min(3)]).is_some() && b.get(3) == Some(&b' ') {
        javascript(&mut scan)
    } else if b.len() > 4 && b[3] == b' ' && month_number(&b[4..b.len().min(7)]).is_some() {
        // `Date.toString()` whole: the weekday, then the same form.
        scan.i = 4;
        javascript(&mut scan)
    } else if b[0].is_ascii_alphabetic() || b.get(1..3).is_some_and(|w| w.contains(&b' ')) {
        rfc2822(&mut scan)
    } else if b.len() >= 5 && b[4] == b'-' {
        iso(&mut scan)
    } else if b.contains(&b'/') {
        us_slash(&mut scan)
    } else {
        month_day_year_dashes(&mut scan)
    }
}

/// `MM-DD-YYYY`, the form of every date in the outputs.
pub fn format_mdy(date: NaiveDate) -> String {
    Mdy(date).to_string()
}

/// A date shown as `MM-DD-YYYY`, written without allocating.
pub(crate) struct Mdy(pub NaiveDate);

impl std::fmt::Display for Mdy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match mdy_bytes(self.0) {
            // Only ASCII digits and dashes.
            Some(bytes) => f.write_str(std::str::from_utf8(&bytes).unwrap_or_default()),
            None => write!(f, "{:02}-{:02}-{:04}", self.0.month(), self.0.day(), self.0.year()),
        }
    }
}

/// `MM-DD-YYYY` as bytes, for a year of four digits (0 to 9999); `None`
/// for any other year, which [`Mdy`] writes the slow way. The writers call
/// this for every date, so it avoids `fmt`.
pub(crate) fn mdy_bytes(date: NaiveDate) -> Option<[u8; 10]> {
    let year = u16::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
    let (month, day) = (date.month() as u8, date.day() as u8);
    let digit = |n: u16| b'0' + (n % 10) as u8;
    Some([
        b'0' + month / 10,
        b'0' + month % 10,
        b'-',
        b'0' + day / 10,
        b'0' + day % 10,
        b'-',
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
    ])
}

/// True when `cell` is exactly `MM-DD-YYYY` naming a real day (quality check 4).
pub fn is_mdy(cell: &str) -> bool {
    let b = cell.as_bytes();
    b.len() == 10 && b[2] == b'-' && b[5] == b'-' && month_day_year_dashes(&mut Scan { b, i: 0 }).is_some()
}

struct Scan<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scan<'_> {
    fn number(&mut self, min_len: usize, max_len: usize) -> Option<u32> {
        let start = self.i;
        while self.i < self.b.len() && self.i - start < max_len && self.b[self.i].is_ascii_digit() {
            self.i += 1;
        }
        let len = self.i - start;
        if len < min_len {
            return None;
        }
        Some(
            self.b[start..self.i]
                .iter()
                .fold(0, |n, d| n * 10 + u32::from(d - b'0')),
        )
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.b.get(self.i) == Some(&c);
        self.i += usize::from(hit);
        hit
    }

    fn eat_any(&mut self, set: &[u8]) -> Option<u8> {
        let c = *self.b.get(self.i)?;
        set.contains(&c).then(|| {
            self.i += 1;
            c
        })
    }

    fn spaces(&mut self) -> usize {
        let start = self.i;
        while self.b.get(self.i) == Some(&b' ') {
            self.i += 1;
        }
        self.i - start
    }

    fn word(&mut self) -> &[u8] {
        let start = self.i;
        while self.i < self.b.len() && self.b[self.i].is_ascii_alphabetic() {
            self.i += 1;
        }
        &self.b[start..self.i]
    }

    fn done(&self) -> bool {
        self.i == self.b.len()
    }

    /// `HH:MM[:SS[.fraction]]`, fraction of 1 to 9 digits when `fraction`.
    fn time(&mut self, fraction: bool) -> Option<NaiveTime> {
        let hour = self.number(1, 2)?;
        if !self.eat(b':') {
            return None;
        }
        let minute = self.number(2, 2)?;
        let mut second = 0;
        let mut nanos = 0;
        if self.eat(b':') {
            second = self.number(2, 2)?;
            if fraction && self.eat(b'.') {
                let start = self.i;
                let value = self.number(1, 9)?;
                nanos = value * 10u32.pow(9 - (self.i - start) as u32);
            }
        }
        NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
    }

    /// `Z`, `±HH`, `±HHMM` or `±HH:MM`, as seconds east of UTC.
    fn iso_offset(&mut self) -> Option<i32> {
        if self.eat_any(b"Zz").is_some() {
            return Some(0);
        }
        let sign = if self.eat_any(b"+-")? == b'-' { -1 } else { 1 };
        let hours = self.number(2, 2)?;
        let minutes = if self.done() {
            0
        } else {
            self.eat(b':');
            self.number(2, 2)?
        };
        offset_seconds(sign, hours, minutes)
    }
}

fn offset_seconds(sign: i32, hours: u32, minutes: u32) -> Option<i32> {
    (hours <= 23 && minutes <= 59).then(|| sign * (hours * 3600 + minutes * 60) as i32)
}

/// The UTC calendar date of a local date-time at `offset` seconds east:
/// the same day, or the one before or after (an offset is under a day).
/// Every date of every input comes through here, so no date-time arithmetic.
fn utc_date(date: NaiveDate, time: NaiveTime, offset: i32) -> Option<NaiveDate> {
    let seconds = i64::from(time.num_seconds_from_midnight()) - i64::from(offset);
    match seconds {
        ..0 => date.pred_opt(),
        86_400.. => date.succ_opt(),
        _ => Some(date),
    }
}

fn ymd(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// `[Www, ]D Mon YYYY HH:MM[:SS] [zone]`; the weekday is not checked.
fn rfc2822(s: &mut Scan) -> Option<NaiveDate> {
    if s.b[0].is_ascii_alphabetic() {
        if s.word().len() != 3 || !s.eat(b',') {
            return None;
        }
        s.spaces();
    }
    let day = s.number(1, 2)?;
    if s.spaces() == 0 {
        return None;
    }
    let month = month_number(s.word())?;
    if s.spaces() == 0 {
        return None;
    }
    let year = s.number(4, 4)?;
    time_and_zone(s, ymd(year, month, day)?, |s| match s.b[s.i] {
        b'+' | b'-' => signed_hhmm(s),
        _ => zone_name(s.word()),
    })
}

/// `Mon DD YYYY HH:MM:SS GMT±HHMM[ (zone name)]`: JavaScript's `Date.toString()`,
/// which twilio-cli's TSV prints cut to `Jul 30 2015 19:19:04 GMT-0400`, in the
/// zone of the machine that ran it.
fn javascript(s: &mut Scan) -> Option<NaiveDate> {
    let month = month_number(s.word())?;
    if s.spaces() == 0 {
        return None;
    }
    let day = s.number(1, 2)?;
    if s.spaces() == 0 {
        return None;
    }
    let year = s.number(4, 4)?;
    time_and_zone(s, ymd(year, month, day)?, |s| {
        if !s.word().eq_ignore_ascii_case(b"GMT") {
            return None;
        }
        let offset = signed_hhmm(s)?;
        s.spaces();
        // The zone's name in brackets, when the string was not cut.
        if s.eat(b'(') && s.b.last() == Some(&b')') {
            s.i = s.b.len();
        }
        Some(offset)
    })
}

/// What may follow the date in the RFC 2822 and JavaScript forms: nothing,
/// or spaces, `HH:MM[:SS]` and, after spaces, a zone that `zone` reads (as
/// seconds east of UTC; none is UTC). The UTC calendar date.
fn time_and_zone(s: &mut Scan, date: NaiveDate, zone: impl Fn(&mut Scan) -> Option<i32>) -> Option<NaiveDate> {
    if s.spaces() == 0 {
        return s.done().then_some(date);
    }
    let time = s.time(false)?;
    s.spaces();
    let offset = if s.done() { 0 } else { zone(s)? };
    s.spaces();
    if !s.done() {
        return None;
    }
    utc_date(date, time, offset)
}

/// `+HHMM` or `-HHMM`, as seconds east of UTC.
fn signed_hhmm(s: &mut Scan) -> Option<i32> {
    let sign = if s.eat_any(b"+-")? == b'-' { -1 } else { 1 };
    let hhmm = s.number(4, 4)?;
    offset_seconds(sign, hhmm / 100, hhmm % 100)
}

fn month_number(word: &[u8]) -> Option<u32> {
    const MONTHS: [&[u8]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec",
    ];
    if word.len() != 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(word))
        .map(|i| i as u32 + 1)
}

/// RFC 2822's named zones, obsolete US ones included.
fn zone_name(word: &[u8]) -> Option<i32> {
    const ZONES: [(&[u8], i32); 11] = [
        (b"UT", 0),
        (b"UTC", 0),
        (b"GMT", 0),
        (b"Z", 0),
        (b"EDT", -4),
        (b"EST", -5),
        (b"CDT", -5),
        (b"CST", -6),
        (b"MDT", -6),
        (b"MST", -7),
        (b"PDT", -7),
    ];
    if word.eq_ignore_ascii_case(b"PST") {
        return Some(-8 * 3600);
    }
    ZONES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|(_, hours)| hours * 3600)
}

/// `YYYY-MM-DD[(T| )HH:MM[:SS[.f]][ ][offset]]`.
fn iso(s: &mut Scan) -> Option<NaiveDate> {
    let year = s.number(4, 4)?;
    s.eat(b'-');
    let month = s.number(2, 2)?;
    if !s.eat(b'-') {
        return None;
    }
    let day = s.number(2, 2)?;
    let date = ymd(year, month, day)?;
    if s.done() {
        return Some(date);
    }
    s.eat_any(b"Tt ")?;
    let time = s.time(true)?;
    s.spaces();
    let offset = if s.done() { 0 } else { s.iso_offset()? };
    if !s.done() {
        return None;
    }
    utc_date(date, time, offset)
}

/// `M/D/YYYY[ H:MM[:SS][ AM|PM]]`, Excel's US form.
fn us_slash(s: &mut Scan) -> Option<NaiveDate> {
    let date = month_day_year(s, b'/')?;
    if s.done() {
        return Some(date);
    }
    if s.spaces() == 0 {
        return None;
    }
    let time = s.time(false)?;
    s.spaces();
    let marker = s.word().to_ascii_uppercase();
    if !s.done() {
        return None;
    }
    use chrono::Timelike;
    let hour = time.hour();
    let hour = match marker.as_slice() {
        b"" => hour,
        b"AM" if (1..=12).contains(&hour) => hour % 12,
        b"PM" if (1..=12).contains(&hour) => hour % 12 + 12,
        _ => return None,
    };
    time.with_hour(hour).map(|_| date)
}

/// `MM-DD-YYYY`, the outputs' own form read back.
fn month_day_year_dashes(s: &mut Scan) -> Option<NaiveDate> {
    let date = month_day_year(s, b'-')?;
    s.done().then_some(date)
}

/// `M<sep>D<sep>YYYY`, month and day of one or two digits.
fn month_day_year(s: &mut Scan, separator: u8) -> Option<NaiveDate> {
    let month = s.number(1, 2)?;
    if !s.eat(separator) {
        return None;
    }
    let day = s.number(1, 2)?;
    if !s.eat(separator) {
        return None;
    }
    ymd(s.number(4, 4)?, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_iso_shortcut_agrees_with_the_general_reader() {
        let years = ["2026", "0000", "9999", "2024", "2023", "20x6"];
        let rests = [
            "",
            " 00:00:00",
            "T23:59:59",
            "t12:30:45.1",
            " 12:30:45.123456789",
            " 12:30:45.1234567890",
            " 24:00:00",
            " 23:60:00",
            " 23:59:60",
            " 1:30:45",
            " 12:30",
            " 12:30:45.",
            " 12:30:45Z",
            " 12:30:45+02:00",
            "  12:30:45",
            " 12:30:45 ",
            "x12:30:45",
            " 12:30:4a",
        ];
        for year in years {
            for (month, day) in [
                ("01", "01"),
                ("02", "29"),
                ("02", "30"),
                ("12", "31"),
                ("13", "01"),
                ("1-", "01"),
            ] {
                for rest in rests {
                    let text = format!("{year}-{month}-{day}{rest}");
                    if let Some(date) = plain_iso(text.as_bytes()) {
                        assert_eq!(any_form(&text), Some(date), "{text}");
                    }
                    assert_eq!(parse_date(&text), any_form(&text), "{text}");
                }
            }
        }
        assert!(plain_iso(b"2026-11-24 13:05:00.000").is_some(), "the shortcut is taken");
    }

    #[test]
    fn the_api_form_shortcut_agrees_with_the_general_reader() {
        let days = ["01", "09", "29", "30", "31", "1 ", "x1"];
        let months = ["Jan", "feb", "DEC", "Foo", "Ja "];
        let rests = [
            " 00:00:00 +0000",
            " 23:59:59 +0000",
            " 24:00:00 +0000",
            " 23:60:00 +0000",
            " 23:59:60 +0000",
            " 20:07:57 -0500",
            " 20:07:57 +00000",
            " 20:07:5x +0000",
            " 20-07:57 +0000",
            " 20:07:57  +000",
        ];
        for weekday in ["Fri", "mon", "Xyz", "Fr1"] {
            for day in days {
                for month in months {
                    for year in ["2025", "2024", "0000", "20x5"] {
                        for rest in rests {
                            let text = format!("{weekday}, {day} {month} {year}{rest}");
                            if let Some(date) = api_form(text.as_bytes()) {
                                assert_eq!(any_form(&text), Some(date), "{text}");
                            }
                            assert_eq!(parse_date(&text), any_form(&text), "{text}");
                        }
                    }
                }
            }
        }
        assert!(
            api_form(b"Fri, 21 Mar 2025 16:53:10 +0000").is_some(),
            "the shortcut is taken"
        );
    }

    fn d(raw: &str) -> String {
        parse_date(raw)
            .map(format_mdy)
            .unwrap_or_else(|| format!("unreadable: {raw}"))
    }

    #[test]
    fn rfc2822_forms() {
        assert_eq!(d("Tue, 09 Dec 2025 20:07:57 +0000"), "12-09-2025");
        assert_eq!(
            d("Mon, 09 Dec 2025 20:07:57 +0000"),
            "12-09-2025",
            "weekday not checked"
        );
        assert_eq!(d("09 Dec 2025 20:07:57 +0000"), "12-09-2025");
        assert_eq!(d("9 dec 2025 20:07 GMT"), "12-09-2025");
        assert_eq!(d("Tue, 09 Dec 2025 20:07:57 -0500"), "12-10-2025", "crosses midnight");
        assert_eq!(
            d("Wed, 10 Dec 2025 02:00:00 +0300"),
            "12-09-2025",
            "back across midnight"
        );
        assert_eq!(d("Tue, 09 Dec 2025 22:00:00 PST"), "12-10-2025");
        assert_eq!(
            d("Tue, 31 Feb 2025 20:07:57 +0000"),
            "unreadable: Tue, 31 Feb 2025 20:07:57 +0000"
        );
    }

    #[test]
    fn twilio_cli_forms() {
        assert_eq!(d("Jul 30 2015 19:19:04 GMT-0400"), "07-30-2015");
        assert_eq!(
            d("Jul 30 2015 21:19:04 GMT-0400"),
            "07-31-2015",
            "crosses midnight forward"
        );
        assert_eq!(
            d("Jul 31 2015 01:19:04 GMT+0200"),
            "07-30-2015",
            "crosses midnight back"
        );
        assert_eq!(d("Dec 9 2025 20:07:57 GMT+0000"), "12-09-2025");
        assert_eq!(
            d("Thu Jul 30 2015 21:19:04 GMT-0400 (Eastern Daylight Time)"),
            "07-31-2015"
        );
        assert_eq!(d("Jul 30 2015"), "07-30-2015");
        assert_eq!(
            d("Jul 30 2015 19:19:04 EST-0400"),
            "unreadable: Jul 30 2015 19:19:04 EST-0400"
        );
        assert_eq!(
            d("Feb 30 2015 19:19:04 GMT-0400"),
            "unreadable: Feb 30 2015 19:19:04 GMT-0400"
        );
        assert_eq!(
            d("Jul 30 2015 19:19:04 GMT-2500"),
            "unreadable: Jul 30 2015 19:19:04 GMT-2500"
        );
    }

    #[test]
    fn iso_and_sql_forms() {
        assert_eq!(d("2025-12-09"), "12-09-2025");
        assert_eq!(d("2025-12-09T20:07:57Z"), "12-09-2025");
        assert_eq!(d("2025-12-09T23:30:00-02:00"), "12-10-2025");
        assert_eq!(d("2025-12-10T01:00:00+0200"), "12-09-2025");
        assert_eq!(d("2025-12-10T01:00+02"), "12-09-2025");
        assert_eq!(d("2025-12-09 20:07:57.1234567"), "12-09-2025");
        assert_eq!(d("2025-12-09 20:07:57.123"), "12-09-2025");
        assert_eq!(d("2025-12-09 23:07:57.123456789 -05:00"), "12-10-2025");
        assert_eq!(
            d("2025-12-09 20:07:57.1234567890"),
            "unreadable: 2025-12-09 20:07:57.1234567890"
        );
        assert_eq!(d("2025-13-09"), "unreadable: 2025-13-09");
        assert_eq!(d("2025-12-09 25:00:00"), "unreadable: 2025-12-09 25:00:00");
    }

    #[test]
    fn us_forms() {
        assert_eq!(d("12/9/2025"), "12-09-2025");
        assert_eq!(d("12/09/2025 8:07 PM"), "12-09-2025");
        assert_eq!(d("12/9/2025 12:30:00 AM"), "12-09-2025");
        assert_eq!(d("12/9/2025 20:07"), "12-09-2025");
        assert_eq!(d("12/9/2025 13:07 PM"), "unreadable: 12/9/2025 13:07 PM");
        assert_eq!(d("12-09-2025"), "12-09-2025");
        assert_eq!(d("2/29/2024"), "02-29-2024");
        assert_eq!(d("2/29/2025"), "unreadable: 2/29/2025");
    }

    #[test]
    fn nonsense_is_none() {
        for raw in [
            "",
            "NULL",
            "yesterday",
            "2025",
            "12/9/25",
            "1.4E+10",
            "Tue,",
            "٢٠٢٥-١٢-٠٩",
        ] {
            assert_eq!(parse_date(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn mdy_check() {
        assert!(is_mdy("12-09-2025"));
        assert!(!is_mdy("2025-12-09"));
        assert!(!is_mdy("2-9-2025"));
        assert!(!is_mdy("13-09-2025"));
    }
}

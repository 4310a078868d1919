//! Result column types: a SQL Server type for each SQLite column (declared,
//! or inferred from the values of an expression), its TYPE_INFO in
//! COLMETADATA, and each value encoded as that type in a ROW.

use rusqlite::types::ValueRef;

use crate::tokens::utf16;

/// The collation of SQL_Latin1_General_CP1_CI_AS.
const COLLATION: [u8; 5] = [0x09, 0x04, 0xD0, 0x00, 0x34];

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ColType {
    NVarChar,
    Int,
    BigInt,
    Bit,
    Float,
    DateTime2,
}

impl ColType {
    pub(crate) fn from_declared(decl: &str) -> Option<ColType> {
        let d = decl.to_ascii_uppercase();
        let base = d.split('(').next().unwrap_or("").trim();
        Some(match base {
            "INT" | "INTEGER" | "SMALLINT" | "TINYINT" => ColType::Int,
            "BIGINT" => ColType::BigInt,
            "BIT" => ColType::Bit,
            "FLOAT" | "REAL" => ColType::Float,
            "DATETIME2" | "DATETIME" | "SMALLDATETIME" => ColType::DateTime2,
            "NVARCHAR" | "VARCHAR" | "NCHAR" | "CHAR" | "TEXT" | "NTEXT" | "UNIQUEIDENTIFIER" => ColType::NVarChar,
            _ => return None,
        })
    }

    pub(crate) fn type_info(self, out: &mut Vec<u8>) {
        match self {
            ColType::NVarChar => {
                out.push(0xE7);
                out.extend(8000u16.to_le_bytes());
                out.extend(COLLATION);
            }
            ColType::Int => out.extend([0x26, 4]),
            ColType::BigInt => out.extend([0x26, 8]),
            ColType::Bit => out.extend([0x68, 1]),
            ColType::Float => out.extend([0x6D, 8]),
            ColType::DateTime2 => out.extend([0x2A, 7]),
        }
    }
}

/// Parses `YYYY-MM-DD[ HH:MM[:SS[.fffffff]]]` into (days since 0001-01-01, 100 ns since midnight).
fn parse_datetime(text: &str) -> Option<(u32, u64)> {
    let text = text.trim();
    let (date, time) = match text.find([' ', 'T']) {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    let mut d = date.split('-');
    let y: i64 = d.next()?.parse().ok()?;
    let m: i64 = d.next()?.parse().ok()?;
    let day: i64 = d.next()?.parse().ok()?;
    if d.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&day) || date.len() != 10 {
        return None;
    }
    // Days from civil (Howard Hinnant), then shift the epoch to 0001-01-01.
    let (yy, mm) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * mm + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days_since_1970 = era * 146_097 + doe - 719_468;
    let days = days_since_1970 + 719_162;
    let mut ticks = 0u64;
    if !time.is_empty() {
        let (hms, frac) = match time.split_once('.') {
            Some((a, b)) => (a, b),
            None => (time, ""),
        };
        let parts: Vec<u64> = hms.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
        let (h, mi, s) = match parts[..] {
            [h, mi] => (h, mi, 0),
            [h, mi, s] => (h, mi, s),
            _ => return None,
        };
        if frac.len() > 7 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let frac_ticks: u64 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<7}").parse().ok()?
        };
        ticks = ((h * 60 + mi) * 60 + s) * 10_000_000 + frac_ticks;
    }
    Some((u32::try_from(days).ok()?, ticks))
}

pub(crate) fn encode_value(out: &mut Vec<u8>, ty: ColType, value: ValueRef<'_>) -> Result<(), String> {
    if let ValueRef::Null = value {
        match ty {
            ColType::NVarChar => out.extend(0xFFFFu16.to_le_bytes()),
            _ => out.push(0),
        }
        return Ok(());
    }
    let as_text = |v: ValueRef<'_>| -> String {
        match v {
            ValueRef::Integer(i) => i.to_string(),
            ValueRef::Real(f) => f.to_string(),
            ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
            ValueRef::Null => String::new(),
        }
    };
    let as_int = |v: ValueRef<'_>| -> Result<i64, String> {
        match v {
            ValueRef::Integer(i) => Ok(i),
            ValueRef::Real(f) => Ok(f as i64),
            other => as_text(other)
                .trim()
                .parse()
                .map_err(|_| format!("not a number: {}", as_text(other))),
        }
    };
    match ty {
        ColType::NVarChar => {
            let bytes = utf16(&as_text(value));
            if bytes.len() > 8000 {
                return Err("a value is longer than nvarchar(4000)".into());
            }
            out.extend((bytes.len() as u16).to_le_bytes());
            out.extend(bytes);
        }
        ColType::Int => {
            let v = i32::try_from(as_int(value)?).map_err(|_| "int overflow".to_string())?;
            out.push(4);
            out.extend(v.to_le_bytes());
        }
        ColType::BigInt => {
            out.push(8);
            out.extend(as_int(value)?.to_le_bytes());
        }
        ColType::Bit => {
            out.push(1);
            out.push(u8::from(as_int(value)? != 0));
        }
        ColType::Float => {
            let v = match value {
                ValueRef::Real(f) => f,
                ValueRef::Integer(i) => i as f64,
                other => as_text(other).parse().map_err(|_| "not a float".to_string())?,
            };
            out.push(8);
            out.extend(v.to_le_bytes());
        }
        ColType::DateTime2 => {
            let text = as_text(value);
            let (days, ticks) = parse_datetime(&text).ok_or_else(|| format!("not a datetime2: {text}"))?;
            out.push(8);
            out.extend(&ticks.to_le_bytes()[..5]);
            out.extend(&days.to_le_bytes()[..3]);
        }
    }
    Ok(())
}

/// Infers an expression column's type from its values.
pub(crate) fn infer(values: &mut dyn Iterator<Item = ValueRef<'_>>) -> ColType {
    let mut seen: Option<ColType> = None;
    for v in values {
        let t = match v {
            ValueRef::Null => continue,
            ValueRef::Integer(i) if i32::try_from(i).is_ok() => ColType::Int,
            ValueRef::Integer(_) => ColType::BigInt,
            ValueRef::Real(_) => ColType::Float,
            ValueRef::Text(t) | ValueRef::Blob(t) => {
                if parse_datetime(&String::from_utf8_lossy(t)).is_some() && t.len() >= 19 {
                    ColType::DateTime2
                } else {
                    return ColType::NVarChar;
                }
            }
        };
        seen = Some(match (seen, t) {
            (None, t) => t,
            (Some(a), b) if a == b => a,
            (Some(ColType::Int), ColType::BigInt) | (Some(ColType::BigInt), ColType::Int) => ColType::BigInt,
            _ => return ColType::NVarChar,
        });
    }
    seen.unwrap_or(ColType::NVarChar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_parse_to_days_and_ticks() {
        assert_eq!(parse_datetime("0001-01-01"), Some((0, 0)));
        assert_eq!(parse_datetime("1970-01-01 00:00:00"), Some((719_162, 0)));
        assert_eq!(
            parse_datetime("2025-12-09 20:07:57.1234567"),
            Some((739_593, 724_771_234_567))
        );
        assert_eq!(
            parse_datetime("2025-12-09 20:07:57.5"),
            Some((739_593, 724_775_000_000))
        );
        assert_eq!(parse_datetime("whatsapp:+1"), None);
    }
}

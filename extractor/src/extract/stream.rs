//! One query's result into one CSV: rows streamed to the file as they arrive,
//! each value as text (NULL empty, bits 1/0, dates ISO 8601 with milliseconds).

use std::borrow::Cow;
use std::fs::File;
use std::io::BufWriter;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use futures_util::TryStreamExt;
use tiberius::{ColumnData, FromSql};

use super::connect::Connection;
use super::failure::{within, Problem};
use super::progress::Progress;

/// Runs `sql` and streams its rows into `out` as CSV; returns the row count.
pub(super) async fn stream_csv(
    client: &mut Connection,
    sql: &str,
    header: &[&str],
    out: File,
    limit: Duration,
    step: &'static str,
    progress: &Progress,
) -> Result<u64, Problem> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BufWriter::with_capacity(1 << 16, out));
    writer.write_record(header).map_err(|e| Problem::Write(e.to_string()))?;
    let stream = within(limit, step, client.simple_query(sql)).await?;
    let mut rows = stream.into_row_stream();
    let mut count = 0u64;
    let mut cells: Vec<String> = Vec::with_capacity(header.len());
    while let Some(row) = within(limit, step, rows.try_next()).await? {
        cells.clear();
        for value in row.cells().map(|(_, v)| v) {
            cells.push(cell(value).map_err(Problem::Value)?.into_owned());
        }
        if cells.len() != header.len() {
            return Err(Problem::Value(format!(
                "{} columns instead of {}",
                cells.len(),
                header.len()
            )));
        }
        writer.write_record(&cells).map_err(|e| Problem::Write(e.to_string()))?;
        count += 1;
        if count.is_multiple_of(1024) {
            progress.rows(count);
        }
    }
    let file = writer.into_inner().map_err(|e| Problem::Write(e.to_string()))?;
    file.into_inner()
        .map_err(|e| Problem::Write(e.to_string()))?
        .sync_all()?;
    Ok(count)
}

/// A cell's text: NULL is empty, bits are 1/0, dates ISO 8601 with milliseconds.
pub(super) fn cell<'a>(value: &'a ColumnData<'static>) -> Result<Cow<'a, str>, String> {
    fn iso(dt: NaiveDateTime) -> String {
        dt.format("%Y-%m-%dT%H:%M:%S%.3f").to_string()
    }
    let text: Cow<'a, str> = match value {
        ColumnData::String(Some(s)) => Cow::Borrowed(s.as_ref()),
        ColumnData::U8(Some(n)) => n.to_string().into(),
        ColumnData::I16(Some(n)) => n.to_string().into(),
        ColumnData::I32(Some(n)) => n.to_string().into(),
        ColumnData::I64(Some(n)) => n.to_string().into(),
        ColumnData::F32(Some(n)) => n.to_string().into(),
        ColumnData::F64(Some(n)) => n.to_string().into(),
        ColumnData::Bit(Some(b)) => Cow::Borrowed(if *b { "1" } else { "0" }),
        ColumnData::Guid(Some(g)) => g.to_string().to_uppercase().into(),
        ColumnData::Numeric(Some(n)) => n.to_string().into(),
        ColumnData::DateTime(Some(_)) | ColumnData::SmallDateTime(Some(_)) | ColumnData::DateTime2(Some(_)) => {
            let dt = NaiveDateTime::from_sql(value)
                .map_err(|e| e.to_string())?
                .ok_or("no date")?;
            iso(dt).into()
        }
        ColumnData::DateTimeOffset(Some(_)) => {
            let dt = DateTime::<Utc>::from_sql(value)
                .map_err(|e| e.to_string())?
                .ok_or("no date")?;
            format!("{}Z", iso(dt.naive_utc())).into()
        }
        ColumnData::Date(Some(_)) => {
            let d = chrono::NaiveDate::from_sql(value)
                .map_err(|e| e.to_string())?
                .ok_or("no date")?;
            d.format("%Y-%m-%d").to_string().into()
        }
        ColumnData::String(None)
        | ColumnData::U8(None)
        | ColumnData::I16(None)
        | ColumnData::I32(None)
        | ColumnData::I64(None)
        | ColumnData::F32(None)
        | ColumnData::F64(None)
        | ColumnData::Bit(None)
        | ColumnData::Guid(None)
        | ColumnData::Numeric(None)
        | ColumnData::DateTime(None)
        | ColumnData::SmallDateTime(None)
        | ColumnData::DateTime2(None)
        | ColumnData::DateTimeOffset(None)
        | ColumnData::Date(None)
        | ColumnData::Binary(None)
        | ColumnData::Xml(None)
        | ColumnData::Time(None) => Cow::Borrowed(""),
        other => {
            return Err(format!(
                "a column of an unexpected type ({:?})",
                std::mem::discriminant(other)
            ))
        }
    };
    Ok(text)
}

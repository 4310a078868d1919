//! The three report CSVs (inventory, usage assessment, summary), byte for
//! byte: UTF-8 with BOM, CRLF after every line, and each cell written by
//! `cell`'s rules.

use std::io::Write;

use crate::cell::{defuse_formula, write_quoted};
use crate::changes::Snapshot;
use crate::date::{format_mdy, mdy_bytes, Mdy};
use crate::money::{write_integer, Cents};
use crate::phone::E164;
use crate::prefetch::{prefetch_text, prefetch_whole};
use crate::report::Report;
use crate::row::ReportRow;
use crate::status::UsageStatus;
use crate::summary::Tally;

pub const INVENTORY_FILE: &str = "Twilio_Phone_Numbers_FULL_INVENTORY_v1.csv";
pub const ASSESSMENT_FILE: &str = "Twilio_Phone_Usage_Assessment_v1.csv";
pub const SUMMARY_FILE: &str = "Twilio_Phone_Summary_v1.csv";

const INVENTORY_COLUMNS: [&str; 13] = [
    "Phone",
    "FriendlyName",
    "Category",
    "Assigned_User",
    "DateCreated",
    "Monthly_Cost",
    "TotalMessages",
    "LastActivity",
    "UsageStatus",
    "IsAssignedInDB",
    "NumberType",
    "Country",
    "Location",
];
/// After all others, only when a message log says who received.
const RECEIVED_COLUMNS: [&str; 2] = ["MessagesReceived", "LastReceived"];
const ASSESSMENT_COLUMNS: [&str; 11] = [
    "Phone",
    "FriendlyName",
    "Category",
    "Assigned_User",
    "IsAssignedInDB",
    "TotalMessages",
    "LastActivity",
    "DaysSinceLastActivity",
    "UsageStatus",
    "Monthly_Cost",
    "Recommendation",
];
const SUMMARY_COLUMNS: [&str; 5] = ["AsOf", "Category", "UsageStatus", "Numbers", "Monthly_Cost"];

pub(crate) struct CsvOut {
    pub(crate) bytes: Vec<u8>,
    row_started: bool,
}

impl CsvOut {
    pub(crate) fn new(rows: usize, header: &[&str]) -> CsvOut {
        let mut out = CsvOut {
            bytes: Vec::with_capacity(64 + rows * 160),
            row_started: false,
        };
        out.bytes.extend_from_slice("\u{FEFF}".as_bytes());
        for name in header {
            out.cell(name);
        }
        out.end_row();
        out
    }

    fn separator(&mut self) {
        if self.row_started {
            self.bytes.push(b',');
        }
        self.row_started = true;
    }

    pub(crate) fn cell(&mut self, value: &str) {
        self.separator();
        write_quoted(&mut self.bytes, value);
    }

    pub(crate) fn free_text(&mut self, value: &str) {
        self.cell(&defuse_formula(value));
    }

    // Cells that never need quoting (numbers, dates, labels), written in
    // place without `fmt`: they run for every row of a million-number report.

    /// A label of this crate's that never needs quoting (`Yes`, `NEVER USED`).
    pub(crate) fn label(&mut self, label: &str) {
        self.separator();
        self.bytes.extend_from_slice(label.as_bytes());
    }

    pub(crate) fn phone(&mut self, phone: E164) {
        self.separator();
        phone.write_display_bytes(&mut self.bytes);
    }

    pub(crate) fn e164(&mut self, phone: E164) {
        self.separator();
        self.bytes.push(b'+');
        let (digits, len) = phone.digit_bytes();
        self.bytes.extend_from_slice(&digits[..len]);
    }

    pub(crate) fn cents(&mut self, cents: Cents) {
        self.separator();
        cents.write_to(&mut self.bytes);
    }

    fn count(&mut self, count: u128) {
        self.separator();
        match u64::try_from(count) {
            Ok(count) => write_integer(&mut self.bytes, count),
            Err(_) => {
                let _ = write!(self.bytes, "{count}");
            }
        }
    }

    fn days(&mut self, days: Option<i64>) {
        self.separator();
        if let Some(days) = days {
            if days < 0 {
                self.bytes.push(b'-');
            }
            write_integer(&mut self.bytes, days.unsigned_abs());
        }
    }

    fn date(&mut self, date: Option<chrono::NaiveDate>) {
        self.separator();
        if let Some(date) = date {
            match mdy_bytes(date) {
                Some(bytes) => self.bytes.extend_from_slice(&bytes),
                None => {
                    let _ = write!(self.bytes, "{}", Mdy(date));
                }
            }
        }
    }

    pub(crate) fn end_row(&mut self) {
        self.bytes.extend_from_slice(b"\r\n");
        self.row_started = false;
    }

    /// Hands the bytes so far to `sink` once there are `block` of them.
    fn hand_on<E>(&mut self, block: usize, sink: &mut CsvSink<'_, E>) -> Result<(), E> {
        if self.bytes.len() >= block {
            sink(&self.bytes)?;
            self.bytes.clear();
        }
        Ok(())
    }
}

/// Where a CSV written a block at a time goes.
pub type CsvSink<'a, E> = dyn FnMut(&[u8]) -> Result<(), E> + 'a;

/// The size of the blocks a CSV is handed on in.
const BLOCK: usize = 1 << 20;

/// A CSV written whole: the blocks are never handed on.
fn whole(
    write: impl FnOnce(usize, &mut CsvSink<'_, std::convert::Infallible>) -> Result<Vec<u8>, std::convert::Infallible>,
) -> Vec<u8> {
    match write(usize::MAX, &mut |_| Ok(())) {
        Ok(bytes) => bytes,
        Err(never) => match never {},
    }
}

/// A CSV handed on a block at a time, the last block included.
fn streamed<E>(
    sink: &mut CsvSink<'_, E>,
    write: impl FnOnce(usize, &mut CsvSink<'_, E>) -> Result<Vec<u8>, E>,
) -> Result<(), E> {
    let rest = write(BLOCK, sink)?;
    sink(&rest)
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "Yes"
    } else {
        "No"
    }
}

impl Report {
    /// The two CSVs of one row per number, `(inventory, assessment)`, written
    /// at once natively.
    pub fn outputs(&self) -> (Vec<u8>, Vec<u8>) {
        crate::parallel::both(|| self.inventory_csv(), || self.assessment_csv())
    }

    /// `Twilio_Phone_Numbers_FULL_INVENTORY_v1.csv`.
    pub fn inventory_csv(&self) -> Vec<u8> {
        whole(|block, sink| self.inventory_blocks(block, sink))
    }

    /// The bytes of [`Report::inventory_csv`] handed to `sink` about a
    /// megabyte at a time, so a caller writing a file never holds all of
    /// them; the first error `sink` returns ends it.
    pub fn write_inventory_csv<E>(&self, sink: &mut CsvSink<'_, E>) -> Result<(), E> {
        streamed(sink, |block, sink| self.inventory_blocks(block, sink))
    }

    /// `Twilio_Phone_Usage_Assessment_v1.csv`.
    pub fn assessment_csv(&self) -> Vec<u8> {
        whole(|block, sink| self.assessment_blocks(block, sink))
    }

    /// [`Report::assessment_csv`] as [`Report::write_inventory_csv`] writes the inventory.
    pub fn write_assessment_csv<E>(&self, sink: &mut CsvSink<'_, E>) -> Result<(), E> {
        streamed(sink, |block, sink| self.assessment_blocks(block, sink))
    }

    /// The inventory, handed to `sink` whenever `block` bytes are written;
    /// returns the bytes after the last block.
    fn inventory_blocks<E>(&self, block: usize, sink: &mut CsvSink<'_, E>) -> Result<Vec<u8>, E> {
        let mut header = INVENTORY_COLUMNS.to_vec();
        if self.received_columns {
            header.extend(RECEIVED_COLUMNS);
        }
        let mut out = CsvOut::new(self.rows.len().min(block / 128), &header);
        for row in &self.rows {
            self.common_cells(&mut out, row);
            out.date(row.date_created);
            out.cents(row.monthly_cost);
            out.count(row.total_messages);
            out.date(row.last_activity);
            out.label(row.status.label());
            out.label(yes_no(row.assigned_in_db));
            out.label(row.number_type.label());
            match row.place {
                Some(place) => {
                    out.label(place.country.code());
                    out.cell(place.location());
                }
                None => {
                    out.label("");
                    out.label("");
                }
            }
            if self.received_columns {
                let (messages, last) = row.received.unwrap_or_default();
                out.count(u128::from(messages));
                out.date(last);
            }
            out.end_row();
            out.hand_on(block, sink)?;
        }
        Ok(out.bytes)
    }

    fn assessment_blocks<E>(&self, block: usize, sink: &mut CsvSink<'_, E>) -> Result<Vec<u8>, E> {
        let mut out = CsvOut::new(self.rows.len().min(block / 128), &ASSESSMENT_COLUMNS);
        let order = &self.assessment_order;
        for (k, &i) in order.iter().enumerate() {
            // In this order the rows are read at random: each row, then (once
            // it is there) its texts, are asked for ahead.
            if let Some(&ahead) = order.get(k + 16) {
                prefetch_whole(&self.rows[ahead]);
            }
            if let Some(&ahead) = order.get(k + 8) {
                prefetch_text(&self.rows[ahead].friendly_name);
                prefetch_text(&self.rows[ahead].assigned_user);
            }
            let row = &self.rows[i];
            self.common_cells(&mut out, row);
            out.label(yes_no(row.assigned_in_db));
            out.count(row.total_messages);
            out.date(row.last_activity);
            out.days(row.days_since_last_activity);
            out.label(row.status.label());
            out.cents(row.monthly_cost);
            out.label(row.recommendation.label());
            out.end_row();
            out.hand_on(block, sink)?;
        }
        Ok(out.bytes)
    }

    fn common_cells(&self, out: &mut CsvOut, row: &ReportRow) {
        out.phone(row.phone);
        out.free_text(&row.friendly_name);
        out.free_text(self.category_name(row));
        out.free_text(&row.assigned_user);
    }

    /// The summary as a CSV: one row per Category × UsageStatus, each
    /// category's rows followed by its total; then each status's total, the
    /// grand total and the RELEASE rows.
    pub fn summary_csv(&self) -> Vec<u8> {
        let s = &self.summary;
        let as_of = format_mdy(s.as_of);
        let mut out = CsvOut::new(s.categories.len() * 6 + 8, &SUMMARY_COLUMNS);
        let mut line = |category: &str, status: &str, tally: &Tally| {
            out.cell(&as_of);
            out.free_text(category);
            out.cell(status);
            out.cell(&tally.numbers.to_string());
            out.cell(&tally.monthly_cost.to_string());
            out.end_row();
        };
        for (i, category) in s.categories.iter().enumerate() {
            for (status, tally) in UsageStatus::ALL.iter().zip(&s.cells[i]) {
                line(category, status.label(), tally);
            }
            line(category, "All", &s.category_totals[i]);
        }
        for (status, tally) in UsageStatus::ALL.iter().zip(&s.status_totals) {
            line("All", status.label(), tally);
        }
        line("All", "All", &s.total);
        line("All", "Recommended RELEASE", &s.release());
        out.bytes
    }
}

const CHANGE_COLUMNS: [&str; 10] = [
    "Phone",
    "Change",
    "Category_Before",
    "Category_After",
    "Assigned_User_Before",
    "Assigned_User_After",
    "UsageStatus_Before",
    "UsageStatus_After",
    "Monthly_Cost_Before",
    "Monthly_Cost_After",
];

impl Report {
    /// `Twilio_Phone_Changes_v1.csv`, one row per changed number; `None`
    /// without a previous inventory.
    pub fn changes_csv(&self) -> Option<Vec<u8>> {
        let changes = self.changes.as_ref()?;
        let mut out = CsvOut::new(changes.rows.len(), &CHANGE_COLUMNS);
        let text = |s: &Option<Snapshot>, f: fn(&Snapshot) -> String| s.as_ref().map(f).unwrap_or_default();
        for change in &changes.rows {
            out.phone(change.phone);
            out.cell(&change.what());
            for (f, free) in [
                (|s: &Snapshot| s.category.clone(), true),
                (|s: &Snapshot| s.assigned_user.clone(), true),
                (
                    |s: &Snapshot| s.status.map_or(String::new(), |x| x.label().to_string()),
                    false,
                ),
                (|s: &Snapshot| s.monthly_cost.to_string(), false),
            ] as [(fn(&Snapshot) -> String, bool); 4]
            {
                for side in [&change.before, &change.after] {
                    match free {
                        true => out.cell(&defuse_formula(&text(side, f))),
                        false => out.cell(&text(side, f)),
                    }
                }
            }
            out.end_row();
        }
        Some(out.bytes)
    }
}

/// FNV-1a of `bytes`: a short, platform-independent fingerprint that lets a
/// test compare big outputs of the native and wasm builds.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::input::{load, Inputs};
    use crate::{generate_sample, Report, Settings};

    fn report(numbers: usize) -> Report {
        let anchor = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let files = generate_sample(numbers, 3, anchor);
        let mut inputs = Inputs::default();
        for (name, bytes) in [
            ("n.csv", files.numbers),
            ("s.csv", files.message_stats),
            ("a.csv", files.assignments),
        ] {
            inputs.put(load(name, bytes).unwrap());
        }
        Report::build(&inputs, &Settings::new(anchor)).unwrap()
    }

    #[test]
    fn blocks_handed_on_make_the_whole_csv() {
        let report = report(300);
        let mut sizes = Vec::new();
        let mut blocks = Vec::new();
        let rest = report
            .inventory_blocks(1000, &mut |block: &[u8]| {
                sizes.push(block.len());
                blocks.extend_from_slice(block);
                Ok::<(), ()>(())
            })
            .unwrap();
        blocks.extend(rest);
        assert!(
            sizes.len() > 10 && sizes.iter().all(|&s| (1000..1400).contains(&s)),
            "{sizes:?}"
        );
        assert_eq!(blocks, report.inventory_csv());

        let mut streamed = Vec::new();
        report
            .write_assessment_csv(&mut |block: &[u8]| {
                streamed.extend_from_slice(block);
                Ok::<(), ()>(())
            })
            .unwrap();
        assert_eq!(streamed, report.assessment_csv());
    }

    #[test]
    fn the_first_error_of_the_sink_ends_the_writing() {
        let report = report(300);
        let mut calls = 0;
        let result = report.assessment_blocks(1000, &mut |_: &[u8]| {
            calls += 1;
            Err("disk full")
        });
        assert_eq!((result, calls), (Err("disk full"), 1));
    }
}

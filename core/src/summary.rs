//! The summary: numbers and monthly cost per Category × UsageStatus, the
//! total, and what releasing the RELEASE rows would save.

use chrono::NaiveDate;

use crate::date::format_mdy;
use crate::money::Cents;
use crate::row::ReportRow;
use crate::status::{Recommendation, UsageStatus};

/// A count of numbers and their monthly cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    pub numbers: u64,
    pub monthly_cost: Cents,
}

impl Tally {
    pub(crate) fn add(&mut self, cost: Cents) {
        self.numbers += 1;
        self.monthly_cost += cost;
    }

    pub fn yearly_cost(&self) -> Cents {
        self.monthly_cost.times(12)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub as_of: NaiveDate,
    pub categories: Vec<String>,
    /// Per category, per status in [`UsageStatus::ALL`] order.
    pub cells: Vec<[Tally; 5]>,
    pub category_totals: Vec<Tally>,
    pub status_totals: [Tally; 5],
    /// Per recommendation in [`Recommendation::ALL`] order.
    pub recommendations: [Tally; 3],
    pub total: Tally,
}

impl Summary {
    pub fn new(categories: &[String], rows: &[ReportRow], as_of: NaiveDate) -> Summary {
        let mut cells = vec![[Tally::default(); 5]; categories.len()];
        let mut category_totals = vec![Tally::default(); categories.len()];
        let mut status_totals = [Tally::default(); 5];
        let mut recommendations = [Tally::default(); 3];
        let mut total = Tally::default();
        for row in rows {
            let (c, s) = (usize::from(row.category), row.status as usize);
            cells[c][s].add(row.monthly_cost);
            category_totals[c].add(row.monthly_cost);
            status_totals[s].add(row.monthly_cost);
            recommendations[row.recommendation as usize].add(row.monthly_cost);
            total.add(row.monthly_cost);
        }
        Summary {
            as_of,
            categories: categories.to_vec(),
            cells,
            category_totals,
            status_totals,
            recommendations,
            total,
        }
    }

    /// The RELEASE rows: what releasing them would save.
    pub fn release(&self) -> Tally {
        self.recommendations[Recommendation::Release as usize]
    }

    /// The summary as a table for a terminal or an email (monospace).
    pub fn to_text(&self) -> String {
        let mut out = format!("Twilio phone numbers as of {}\n", format_mdy(self.as_of));
        out += &self.matrix("Numbers", |t| t.numbers.to_string());
        out += &self.matrix("Monthly cost", |t| t.monthly_cost.to_string());
        let (total, release) = (self.total, self.release());
        out += &format!(
            "\nTotal: {} numbers, {} a month ({} a year).\n\
             Release candidates: {} numbers; releasing them saves {} a month ({} a year).\n",
            total.numbers,
            total.monthly_cost,
            total.yearly_cost(),
            release.numbers,
            release.monthly_cost,
            release.yearly_cost()
        );
        out
    }

    /// The Category × UsageStatus matrix as cells: a header row (`title`,
    /// the statuses, Total), a row per category and the totals row.
    pub fn matrix_cells(&self, title: &str, cell: impl Fn(&Tally) -> String) -> Vec<Vec<String>> {
        let mut header = vec![title.to_string()];
        header.extend(UsageStatus::ALL.iter().map(|s| s.label().to_string()));
        header.push("Total".into());
        let mut table = vec![header];
        for (i, name) in self.categories.iter().enumerate() {
            let mut line = vec![name.clone()];
            line.extend(self.cells[i].iter().map(&cell));
            line.push(cell(&self.category_totals[i]));
            table.push(line);
        }
        let mut line = vec!["All categories".to_string()];
        line.extend(self.status_totals.iter().map(&cell));
        line.push(cell(&self.total));
        table.push(line);
        table
    }

    fn matrix(&self, title: &str, cell: impl Fn(&Tally) -> String) -> String {
        format!("\n{}", text_table(&self.matrix_cells(title, cell)))
    }
}

/// Rows of cells as a monospace table: the first column left-aligned, the
/// others right-aligned, two spaces between.
pub(crate) fn text_table(table: &[Vec<String>]) -> String {
    let columns = table.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| table.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in table {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, v)| {
                if c == 0 {
                    format!("{v:<w$}", w = widths[c])
                } else {
                    format!("{v:>w$}", w = widths[c])
                }
            })
            .collect();
        out += cells.join("  ").trim_end();
        out.push('\n');
    }
    out
}

//! The join on E.164 by sorting and merging. A million numbers in hash maps
//! cost a cache miss per lookup; sorted runs are read in order.

use std::ops::Range;

use crate::findings::{Finding, FindingKind, Source};
use crate::input::{AssignmentRow, InputKind, Inputs, StatsRow};
use crate::phone::E164;

/// The numbers file's distinct numbers, in number order, with the rows of
/// the other inputs sorted so each number's rows are one run.
pub(crate) struct Joined {
    /// In number order.
    pub numbers: Vec<JoinedNumber>,
    pub stats: Sorted,
    pub assignments: Sorted,
}

/// One distinct number of the numbers file: the work of deriving its row.
/// Held as `u32`s, as [`Sorted`] holds row indices: a million of these are
/// held while the rows are derived, at the report's peak memory.
#[derive(Clone)]
pub(crate) struct JoinedNumber {
    row: u32,
    stats: (u32, u32),
    assignments: (u32, u32),
}

impl JoinedNumber {
    fn new(row: usize, stats: Range<usize>, assignments: Range<usize>) -> JoinedNumber {
        let run = |r: Range<usize>| (r.start as u32, r.end as u32);
        JoinedNumber {
            row: row as u32,
            stats: run(stats),
            assignments: run(assignments),
        }
    }

    /// Its row in the numbers file: the first, if the number is there twice.
    pub fn row(&self) -> usize {
        self.row as usize
    }

    /// Its run in [`Joined::stats`] (maybe empty).
    pub fn stats(&self) -> Range<usize> {
        self.stats.0 as usize..self.stats.1 as usize
    }

    /// Its run in [`Joined::assignments`] (maybe empty).
    pub fn assignments(&self) -> Range<usize> {
        self.assignments.0 as usize..self.assignments.1 as usize
    }
}

/// The numbers file's distinct numbers, in number order, with the runs of
/// stats and assignments rows of each.
pub(crate) fn join(inputs: &Inputs, findings: &mut Vec<Finding>) -> Joined {
    let (number_rows, stats_rows, assignment_rows) =
        (inputs.number_rows(), inputs.stats_rows(), inputs.assignment_rows());
    let numbers_file = inputs.source(InputKind::Numbers);
    let stats_file = inputs.source(InputKind::MessageStats);
    let kept = distinct(
        &Sorted::new(number_rows.iter().map(|r| r.phone)),
        &|i| number_rows[i].line,
        numbers_file,
        findings,
    );
    let kept_phones: Vec<E164> = kept.iter().map(|&i| number_rows[i].phone).collect();
    let stats = Sorted::new(stats_rows.iter().map(|r| r.from));
    let (stats_runs, stats_absent) = stats.merge(&kept_phones);
    stats_not_in_account(&stats, stats_absent, stats_rows, stats_file, findings);
    let assignments = Sorted::new(assignment_rows.iter().map(|r| r.phone));
    let (assignment_runs, assignments_absent) = assignments.merge(&kept_phones);
    let assignments_file = inputs.source(InputKind::Assignments);
    assigned_not_in_account(
        &assignments,
        assignments_absent,
        assignment_rows,
        assignments_file,
        findings,
    );
    let numbers = (kept.into_iter().zip(stats_runs).zip(assignment_runs))
        .map(|((row, stats), assignments)| JoinedNumber::new(row, stats, assignments))
        .collect();

    Joined {
        numbers,
        stats,
        assignments,
    }
}

/// Row indices of one input, sorted by number and then by file order.
pub(crate) struct Sorted {
    pub keys: Vec<(E164, u32)>,
}

impl Sorted {
    pub fn new(phones: impl Iterator<Item = E164>) -> Sorted {
        let mut keys: Vec<(E164, u32)> = phones.enumerate().map(|(i, phone)| (phone, i as u32)).collect();
        keys.sort_unstable();
        Sorted { keys }
    }

    /// Row indices (file order) of the run `range`.
    pub fn rows(&self, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        self.keys[range].iter().map(|&(_, i)| i as usize)
    }

    /// Walks the runs alongside `numbers` (sorted, distinct): for each number
    /// the run with that number (maybe empty), and the runs of numbers absent
    /// from `numbers`.
    pub fn merge(&self, numbers: &[E164]) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
        let keys = &self.keys;
        let run_end = |start: usize| {
            let phone = keys[start].0;
            start + keys[start..].iter().take_while(|(p, _)| *p == phone).count()
        };
        let (mut matched, mut absent) = (Vec::with_capacity(numbers.len()), Vec::new());
        let mut at = 0;
        for &number in numbers {
            while at < keys.len() && keys[at].0 < number {
                let end = run_end(at);
                absent.push(at..end);
                at = end;
            }
            let start = at;
            if at < keys.len() && keys[at].0 == number {
                at = run_end(at);
            }
            matched.push(start..at);
        }
        while at < keys.len() {
            let end = run_end(at);
            absent.push(at..end);
            at = end;
        }
        (matched, absent)
    }
}

/// The first row of each number, in number order; later rows become findings.
fn distinct(sorted: &Sorted, lines: &dyn Fn(usize) -> u64, file: Source, findings: &mut Vec<Finding>) -> Vec<usize> {
    let mut kept = Vec::with_capacity(sorted.keys.len());
    let mut duplicates = Vec::new();
    for run in sorted.keys.chunk_by(|a, b| a.0 == b.0) {
        let first = run[0].1 as usize;
        kept.push(first);
        duplicates.extend(run[1..].iter().map(|&(phone, again)| (again as usize, first, phone)));
    }
    duplicates.sort_unstable_by_key(|d| d.0);
    for (again, first, phone) in duplicates {
        findings.push(file.finding(
            FindingKind::DuplicateNumber,
            Some(lines(again)),
            format!(
                "{} is also on {} {}; that first row is kept.",
                phone.display(),
                file.unit.word(),
                lines(first)
            ),
        ));
    }
    kept
}

/// Findings for stats runs of numbers not in the account, in file order.
fn stats_not_in_account(
    sorted: &Sorted,
    absent: Vec<Range<usize>>,
    rows: &[StatsRow],
    file: Source,
    findings: &mut Vec<Finding>,
) {
    let mut found: Vec<(u64, Finding)> = absent
        .into_iter()
        .map(|run| {
            let first = &rows[sorted.keys[run.start].1 as usize];
            let messages: u128 = sorted.rows(run).map(|i| u128::from(rows[i].message_count)).sum();
            let message = format!(
                "{} sent {messages} message(s) but is not in the Twilio account's numbers.",
                first.from.display()
            );
            (
                first.line,
                file.finding(FindingKind::MessagesNotInAccount, Some(first.line), message),
            )
        })
        .collect();
    found.sort_unstable_by_key(|f| f.0);
    findings.extend(found.into_iter().map(|f| f.1));
}

/// Findings for assignments of numbers not in the account, in file order.
fn assigned_not_in_account(
    sorted: &Sorted,
    absent: Vec<Range<usize>>,
    rows: &[AssignmentRow],
    file: Source,
    findings: &mut Vec<Finding>,
) {
    let mut firsts: Vec<&AssignmentRow> = absent
        .into_iter()
        .map(|run| &rows[sorted.keys[run.start].1 as usize])
        .collect();
    firsts.sort_unstable_by_key(|row| row.line);
    for row in firsts {
        findings.push(file.finding(
            FindingKind::AssignedNotInAccount,
            Some(row.line),
            format!(
                "{} is assigned in the database but is not in the Twilio account's numbers.",
                row.phone.display()
            ),
        ));
    }
}

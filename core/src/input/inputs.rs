//! The inputs of one report, each in its slot, with what is built from them
//! once and kept.

use std::sync::Arc;

use super::{
    AssignmentRow, InputData, InputKind, ListingPage, LoadedInput, NumberRow, PreviousRow, StatsRow, UserMatcher,
};
use crate::findings::{Finding, FindingKind, Source, Unit};

/// The inputs of one report: the numbers export and, optionally, the others.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    numbers: Option<LoadedInput>,
    message_stats: Option<LoadedInput>,
    message_log: Option<LoadedInput>,
    assignments: Option<LoadedInput>,
    previous: Option<LoadedInput>,
}

impl Inputs {
    fn slot(&mut self, kind: InputKind) -> Option<&mut Option<LoadedInput>> {
        match kind {
            InputKind::Numbers => Some(&mut self.numbers),
            InputKind::MessageStats => Some(&mut self.message_stats),
            InputKind::MessageLog => Some(&mut self.message_log),
            InputKind::Assignments => Some(&mut self.assignments),
            InputKind::PreviousInventory => Some(&mut self.previous),
            InputKind::Prices | InputKind::Invoice => None,
        }
    }

    pub fn get(&self, kind: InputKind) -> Option<&LoadedInput> {
        match kind {
            InputKind::Numbers => self.numbers.as_ref(),
            InputKind::MessageStats => self.message_stats.as_ref(),
            InputKind::MessageLog => self.message_log.as_ref(),
            InputKind::Assignments => self.assignments.as_ref(),
            InputKind::PreviousInventory => self.previous.as_ref(),
            InputKind::Prices | InputKind::Invoice => None,
        }
    }

    /// Why `input` can't join these inputs: a message log beside message
    /// stats (either way round) counts the same messages twice. The message
    /// says which file to drop.
    pub fn conflict(&self, input: &LoadedInput) -> Option<String> {
        let (log, stats) = match input.kind() {
            InputKind::MessageLog => (input, self.message_stats.as_ref()?),
            InputKind::MessageStats => (self.message_log.as_ref()?, input),
            _ => return None,
        };
        Some(format!(
            "{} is a message log and {} is the message stats: both count the same messages, so give one. \
             Drop {} to count usage from the log (it also tells who received), or drop {} to use the stats.",
            log.file, stats.file, stats.file, log.file
        ))
    }

    /// The sids of the message log held, for a log read after it to count
    /// each message once.
    pub fn log_sids(&self) -> Option<Arc<super::SidSet>> {
        match self.message_log.as_ref().map(|i| &i.data) {
            Some(InputData::MessageLog(log)) => Some(Arc::clone(&log.sids)),
            _ => None,
        }
    }

    /// Puts `input` in its slot and returns the one it replaced. Two pages of
    /// one API listing make one numbers input instead, and a second message
    /// log is added to the first (read with [`Inputs::log_sids`], its
    /// messages already in the first are left out). A price table or
    /// invoice figures are settings, not inputs of the report: they are
    /// handed straight back, for the caller to put in its settings.
    pub fn put(&mut self, input: LoadedInput) -> Option<LoadedInput> {
        let kind = input.kind();
        if let (Some(held), false) = (self.numbers.as_mut(), input.pages.is_empty()) {
            if kind == InputKind::Numbers && same_listing(&held.pages, &input.pages) {
                add_page(held, input);
                return None;
            }
        }
        if let (Some(held), InputKind::MessageLog) = (self.message_log.as_mut(), kind) {
            add_log(held, input);
            return None;
        }
        match self.slot(kind) {
            Some(slot) => slot.replace(input),
            None => Some(input),
        }
    }

    /// A finding for each page of an API listing that says another page
    /// follows or precedes it when that page was not given.
    pub(crate) fn listing_findings(&self) -> Vec<Finding> {
        let Some(numbers) = &self.numbers else {
            return Vec::new();
        };
        let pages = &numbers.pages;
        let given = |page: u64| pages.iter().any(|p| p.page == page);
        let mut missing: Vec<u64> = Vec::new();
        for page in pages {
            if page.next_page_uri.is_some() && !given(page.page + 1) {
                missing.push(page.page + 1);
            }
            if page.page > 0 && !given(page.page - 1) {
                missing.push(page.page - 1);
            }
        }
        missing.sort_unstable();
        missing.dedup();
        if missing.is_empty() {
            return Vec::new();
        }
        let listed: Vec<String> = missing.iter().map(u64::to_string).collect();
        let read: u64 = pages.iter().map(|p| p.items).sum();
        let message = format!(
            "is an incomplete listing: page(s) {} of it were not given, so the report has only the {read} \
             number(s) of the pages given. Get every page (`phone-inventory twilio fetch` does, or follow each \
             page's next_page_uri until it is null) and drop them all together.",
            listed.join(", ")
        );
        vec![numbers.source().finding(FindingKind::FileNote, None, message)]
    }

    /// The matcher of every user name and email in the assignments (rule 4).
    pub(crate) fn user_matcher(&self) -> Arc<UserMatcher> {
        match &self.assignments {
            Some(assignments) => assignments.user_matcher(),
            None => Arc::new(UserMatcher::new(&[])),
        }
    }

    pub(crate) fn number_rows(&self) -> &[NumberRow] {
        match self.numbers.as_ref().map(|i| &i.data) {
            Some(InputData::Numbers(rows)) => rows,
            _ => &[],
        }
    }

    /// The message stats' rows, or the message log's counts made the same.
    pub(crate) fn stats_rows(&self) -> &[StatsRow] {
        match self.usage().map(|i| &i.data) {
            Some(InputData::MessageStats(rows)) => rows,
            Some(InputData::MessageLog(log)) => &log.senders,
            _ => &[],
        }
    }

    /// The usage input: the message stats, or the message log.
    fn usage(&self) -> Option<&LoadedInput> {
        self.message_stats.as_ref().or(self.message_log.as_ref())
    }

    /// Per recipient, when a message log says who received.
    pub(crate) fn received(&self) -> Option<&[super::Received]> {
        match self.message_log.as_ref().map(|i| &i.data) {
            Some(InputData::MessageLog(log)) => log.received.as_deref(),
            _ => None,
        }
    }

    pub(crate) fn previous_rows(&self) -> Option<&[PreviousRow]> {
        match self.previous.as_ref().map(|i| &i.data) {
            Some(InputData::PreviousInventory(rows)) => Some(rows),
            _ => None,
        }
    }

    pub(crate) fn assignment_rows(&self) -> &[AssignmentRow] {
        match self.assignments.as_ref().map(|i| &i.data) {
            Some(InputData::Assignments(rows)) => rows,
            _ => &[],
        }
    }

    /// Where findings about the input of `kind` point (no file: an empty name).
    /// (The message stats' findings point at the message log when it stands in for them.)
    pub(crate) fn source(&self, kind: InputKind) -> Source<'_> {
        let input = match kind {
            InputKind::MessageStats => self.usage(),
            _ => self.get(kind),
        };
        input.map_or(
            Source {
                file: "",
                unit: Unit::Line,
            },
            LoadedInput::source,
        )
    }
}

/// True when two inputs are pages of one API listing (the same path).
fn same_listing(held: &[ListingPage], new: &[ListingPage]) -> bool {
    held.iter()
        .any(|h| new.iter().any(|n| n.listing == h.listing && n.page != h.page))
}

/// Adds a later message log to the one held.
fn add_log(held: &mut LoadedInput, later: LoadedInput) {
    if let (InputData::MessageLog(log), InputData::MessageLog(more)) = (&mut held.data, later.data) {
        if more.repeated > 0 {
            let message = format!(
                "has {} message(s) whose Sid {} has too: each is counted once.",
                more.repeated, held.file
            );
            let source = Source {
                file: &later.file,
                unit: later.unit,
            };
            held.findings.push(source.finding(FindingKind::FileNote, None, message));
        }
        log.add(more);
    }
    held.file = format!("{} + {}", held.file, later.file);
    held.rows_read += later.rows_read;
    held.blank_rows += later.blank_rows;
    held.findings.extend(later.findings);
}

/// Adds a page's numbers to the pages read before, in listing order.
fn add_page(held: &mut LoadedInput, page: LoadedInput) {
    if let (InputData::Numbers(rows), InputData::Numbers(more)) = (&mut held.data, page.data) {
        rows.extend(more);
        rows.sort_by_key(|r| r.line);
    }
    held.file = format!("{} + {}", held.file, page.file);
    held.rows_read += page.rows_read;
    held.blank_rows += page.blank_rows;
    held.findings.extend(page.findings);
    held.pages.extend(page.pages);
    held.pages.sort_by_key(|p| p.page);
}

//! The message log: one row per message (the SOP's `TwilioMessage` table,
//! the 2010 API's Messages CSV, Messages API JSON pages), counted while it
//! is read into what the message stats give per sender, so nothing
//! downstream changes; and, when the log says who received a message, the
//! same per recipient (docs/report-contract.md#the-message-log).

use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::columns::{LOG_DATE_SENT, LOG_DIRECTION, LOG_FROM, LOG_SID, LOG_TO};
use super::rows::{Cells, StatsRow};
use super::value::Cell;
use crate::findings::{Finding, FindingKind, Source};
use crate::phone::{normalise, E164};

/// Distinct unreadable addresses a log names one by one; the rest are counted.
const NAMED_UNREADABLE: usize = 100;
/// The same for a part of a log read apart ([`MessageLog::join`]).
const FORKED_NAMED_UNREADABLE: usize = 100 * NAMED_UNREADABLE;

/// The message sids a log has counted, as 64-bit fingerprints, sorted: 8
/// bytes a message. A sid is `SM`/`MM` and 32 hex digits (128 bits); its two
/// halves are folded into one 64-bit number, other text is hashed. Two
/// different sids share a fingerprint with a chance of about n²/2⁶⁵ (under
/// 1 in 10,000 for 50 million messages): then the later one is taken for the
/// earlier and not counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SidSet(Vec<u64>);

impl SidSet {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, fingerprint: u64) -> bool {
        self.0.binary_search(&fingerprint).is_ok()
    }

    /// This set and `more` (any order) together.
    fn with(&self, mut more: Vec<u64>) -> SidSet {
        more.extend_from_slice(&self.0);
        more.sort_unstable();
        more.dedup();
        more.shrink_to_fit();
        SidSet(more)
    }
}

/// A sid's fingerprint (see [`SidSet`]).
pub(crate) fn fingerprint(sid: &str) -> u64 {
    let hex = sid.get(2..).filter(|h| h.len() == 32);
    match hex.and_then(|h| u128::from_str_radix(h, 16).ok()) {
        Some(bits) => (bits as u64) ^ ((bits >> 64) as u64).rotate_left(17),
        None => crate::output::fingerprint(sid.as_bytes()),
    }
}

/// One number's messages in the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Tally {
    sent: u64,
    last_sent: Option<NaiveDate>,
    received: u64,
    last_received: Option<NaiveDate>,
    /// The first line (or item) that names it as the sender.
    line: u64,
}

/// Messages a number received, by the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Received {
    pub phone: E164,
    pub messages: u64,
    pub last: Option<NaiveDate>,
}

/// A message log, counted.
#[derive(Clone, Debug, Default)]
pub struct MessageLog {
    /// One row per sender, as the message stats would give it, in the order first seen.
    pub senders: Vec<StatsRow>,
    /// Per recipient, in number order; `None` when the log has no `To` column.
    pub received: Option<Vec<Received>>,
    /// Messages counted.
    pub messages: u64,
    /// Messages left out because an earlier log had their sid.
    pub repeated: u64,
    /// The sids counted, for a log added later (empty when not kept).
    pub sids: Arc<SidSet>,
    tallies: FxHashMap<E164, Tally>,
    new_sids: Vec<u64>,
    /// Per unreadable address: its messages, the line first naming it, and
    /// its place in the order first named (lines tie when From and To both are).
    unreadable: FxHashMap<String, (u64, u64, usize)>,
    unreadable_more: u64,
    /// Read from a record boundary on, to be joined to the log before it:
    /// names more unreadable addresses, so the join can name what reading
    /// in one piece would have.
    forked: bool,
}

/// How a log counts a message whose sid it has seen.
#[derive(Clone, Debug, Default)]
pub(crate) struct CountOnce {
    /// The sids of the logs read before this one.
    pub seen: Option<Arc<SidSet>>,
    /// Keep this log's sids, for a log read after it.
    pub remember: bool,
}

impl MessageLog {
    /// Counts one message.
    pub(crate) fn row(&mut self, cells: &Cells, once: &CountOnce, findings: &mut Vec<Finding>) {
        if cells.positions[LOG_SID].is_some() && (once.remember || once.seen.is_some()) {
            let sid = cells.text(LOG_SID);
            if !sid.is_empty() {
                let fingerprint = fingerprint(&sid);
                if once.seen.as_ref().is_some_and(|seen| seen.contains(fingerprint)) {
                    self.repeated += 1;
                    return;
                }
                if once.remember {
                    self.new_sids.push(fingerprint);
                }
            }
        }
        self.messages += 1;
        // SQL Server's NULL, as an export writes it, and an empty cell: the message counts, its date doesn't.
        let date = match cells.cell(LOG_DATE_SENT) {
            Cell::Text(raw) if raw.is_empty() || raw.eq_ignore_ascii_case("null") => None,
            _ => cells.date(findings, LOG_DATE_SENT, "the message counts, its date doesn't"),
        };
        let direction = cells.text(LOG_DIRECTION);
        // Bytes, not a str slice: the seventh byte may fall inside a character.
        let inbound = direction
            .as_bytes()
            .get(..7)
            .is_some_and(|head| head.eq_ignore_ascii_case(b"inbound"));
        let line = cells.line;
        // An inbound message's From is the other party: it counts only for who received it.
        if !inbound {
            if let Some(from) = self.address(cells, LOG_FROM) {
                let tally = self.tallies.entry(from).or_default();
                if tally.sent == 0 {
                    tally.line = line;
                }
                tally.sent += 1;
                tally.last_sent = tally.last_sent.max(date);
            }
        }
        let says_direction = cells.positions[LOG_DIRECTION].is_some() && !direction.is_empty();
        if cells.positions[LOG_TO].is_some() && (inbound || !says_direction) {
            if let Some(to) = self.address(cells, LOG_TO) {
                let tally = self.tallies.entry(to).or_default();
                tally.received += 1;
                tally.last_received = tally.last_received.max(date);
            }
        }
    }

    /// A sender or recipient as E.164; an address that is none is counted by
    /// its text, for one finding each at the end.
    fn address(&mut self, cells: &Cells, column: usize) -> Option<E164> {
        let raw = cells.text(column);
        match normalise(&raw) {
            Ok(phone) => Some(phone),
            Err(_) => {
                let key = format!("{}: `{raw}`", cells.names[cells.positions[column].unwrap_or(0)]);
                let named = self.unreadable.len();
                let cap = if self.forked {
                    FORKED_NAMED_UNREADABLE
                } else {
                    NAMED_UNREADABLE
                };
                match self.unreadable.get_mut(&key) {
                    Some((count, ..)) => *count += 1,
                    None if named < cap => {
                        self.unreadable.insert(key, (1, cells.line, named));
                    }
                    None => self.unreadable_more += 1,
                }
                None
            }
        }
    }

    /// Ends the counting: the senders as stats rows, the recipients, the
    /// sids kept, and a finding per unreadable address.
    pub(crate) fn finish(
        &mut self,
        says_received: bool,
        once: &CountOnce,
        source: Source,
        findings: &mut Vec<Finding>,
    ) {
        let tallies = std::mem::take(&mut self.tallies);
        let mut senders: Vec<StatsRow> = tallies
            .iter()
            .filter(|(_, t)| t.sent > 0)
            .map(|(&from, t)| StatsRow {
                line: t.line,
                from,
                message_count: t.sent,
                last_date_sent: t.last_sent,
            })
            .collect();
        senders.sort_unstable_by_key(|s| (s.line, s.from));
        self.senders = senders;
        self.received = says_received.then(|| {
            let mut received: Vec<Received> = tallies
                .iter()
                .filter(|(_, t)| t.received > 0)
                .map(|(&phone, t)| Received {
                    phone,
                    messages: t.received,
                    last: t.last_received,
                })
                .collect();
            received.sort_unstable_by_key(|r| r.phone);
            received
        });
        let new_sids = std::mem::take(&mut self.new_sids);
        self.sids = Arc::new(match &once.seen {
            Some(seen) if once.remember => seen.with(new_sids),
            _ if once.remember => SidSet::default().with(new_sids),
            _ => SidSet::default(),
        });
        let mut unreadable: Vec<(String, (u64, u64, usize))> =
            std::mem::take(&mut self.unreadable).into_iter().collect();
        unreadable.sort_unstable_by_key(|(_, (.., first))| *first);
        for (what, (count, line, _)) in unreadable {
            let message = format!(
                "{what} is not a phone number (a short code, an alphanumeric sender or a damaged cell); \
                 {count} message(s) name it and are left out of its counts."
            );
            findings.push(source.finding(FindingKind::Unreadable, Some(line), message));
        }
        if self.unreadable_more > 0 {
            let message = format!(
                "{} more message(s) name other addresses that are not phone numbers; they are left out of those counts.",
                self.unreadable_more
            );
            findings.push(source.finding(FindingKind::Unreadable, None, message));
        }
    }

    /// An empty log for the part of a file from a record boundary on.
    pub(crate) fn fork(&self) -> MessageLog {
        MessageLog {
            forked: true,
            ..MessageLog::default()
        }
    }

    /// Whether [`MessageLog::join`] gives what reading in one piece would:
    /// not when `later` named so many unreadable addresses that it counted
    /// some apart that this part names.
    pub(crate) fn can_join(&self, later: &MessageLog) -> bool {
        later.unreadable_more == 0 || self.unreadable.is_empty()
    }

    /// Takes in the counts of `later`, forked from this log and read from
    /// where this one stopped; its lines come `shift` after this one's.
    pub(crate) fn join(&mut self, later: MessageLog, shift: u64) {
        for (phone, t) in later.tallies {
            let tally = self.tallies.entry(phone).or_default();
            if tally.sent == 0 && t.sent > 0 {
                tally.line = t.line + shift;
            }
            tally.sent += t.sent;
            tally.last_sent = tally.last_sent.max(t.last_sent);
            tally.received += t.received;
            tally.last_received = tally.last_received.max(t.last_received);
        }
        // As one reading would: the addresses named stay named, new ones are
        // named in the order first seen while there is room.
        let mut unreadable: Vec<(String, (u64, u64, usize))> = later.unreadable.into_iter().collect();
        unreadable.sort_unstable_by_key(|(_, (.., first))| *first);
        for (key, (count, line, _)) in unreadable {
            let named = self.unreadable.len();
            match self.unreadable.get_mut(&key) {
                Some((held, ..)) => *held += count,
                None if named < NAMED_UNREADABLE => {
                    self.unreadable.insert(key, (count, line + shift, named));
                }
                None => self.unreadable_more += count,
            }
        }
        self.unreadable_more += later.unreadable_more;
        self.new_sids.extend(later.new_sids);
        self.messages += later.messages;
        self.repeated += later.repeated;
    }

    /// Adds a log read later (its repeated sids already left out).
    pub(crate) fn add(&mut self, later: MessageLog) {
        let mut senders: FxHashMap<E164, StatsRow> = FxHashMap::default();
        for row in std::mem::take(&mut self.senders).into_iter().chain(later.senders) {
            senders
                .entry(row.from)
                .and_modify(|held| {
                    held.message_count += row.message_count;
                    held.last_date_sent = held.last_date_sent.max(row.last_date_sent);
                })
                .or_insert(row);
        }
        self.senders = senders.into_values().collect();
        self.senders.sort_unstable_by_key(|s| (s.line, s.from));
        self.received = match (self.received.take(), later.received) {
            (None, None) => None,
            (a, b) => {
                let mut all: Vec<Received> = a.into_iter().chain(b).flatten().collect();
                all.sort_unstable_by_key(|r| r.phone);
                let mut merged: Vec<Received> = Vec::with_capacity(all.len());
                for r in all {
                    match merged.last_mut() {
                        Some(last) if last.phone == r.phone => {
                            last.messages += r.messages;
                            last.last = last.last.max(r.last);
                        }
                        _ => merged.push(r),
                    }
                }
                Some(merged)
            }
        };
        self.messages += later.messages;
        self.repeated += later.repeated;
        // The later log's set holds the earlier's too, when it was read after it.
        if later.sids.len() >= self.sids.len() {
            self.sids = later.sids;
        }
    }
}

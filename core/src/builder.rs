//! Building a report in steps, so a page can draw (and stay responsive)
//! between them: the join, then each number's category a slice at a time,
//! then the rows a slice at a time in inventory order (known from the
//! categories), then the assessment's order, the summary and the checks.
//! [`Report::build`] is the same steps without pauses. A rebuild of the
//! same inputs can skip the join, and the categories when the rules are
//! the same ([`Groundwork`]).

use std::borrow::Borrow;
use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::changes::{Changes, Snapshot};
use crate::checks::run_checks;
use crate::classify::Classifier;
use crate::derive::{classify_all, inventory_order, Class, Derive};
use crate::findings::Finding;
use crate::groundwork::Groundwork;
use crate::input::{InputKind, Inputs};
use crate::join::{self, Joined, JoinedNumber};
use crate::money::Cents;
use crate::notes::{estimate_findings, inference_notes, missing_input_notes};
use crate::report::Report;
use crate::row::ReportRow;
use crate::settings::Settings;
use crate::status::UsageStatus;
use crate::summary::Summary;

/// Why no report can be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportError {
    NoNumbersFile,
    /// A message log and the message stats together: which to drop.
    LogAndStats(String),
}

impl std::fmt::Display for ReportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReportError::NoNumbersFile => write!(
                f,
                "the numbers export is required: give the Twilio Console export of the account's numbers \
                 (columns {})",
                InputKind::Numbers.expected_columns()
            ),
            ReportError::LogAndStats(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ReportError {}

/// Numbers classified or derived in one step of [`Report::build`]. Each
/// step's second half is made apart and then copied after the first, so
/// steps of all the numbers would hold that half twice at the peak.
const NUMBERS_PER_STEP: usize = 1 << 16;

impl Report {
    /// Joins the inputs under `settings`, in one go; see [`ReportBuilder`]
    /// for the same in steps.
    pub fn build(inputs: &Inputs, settings: &Settings) -> Result<Report, ReportError> {
        let mut builder = ReportBuilder::new(inputs, settings.clone())?;
        loop {
            if let Some(report) = builder.step(NUMBERS_PER_STEP) {
                return Ok(report);
            }
        }
    }
}

/// A report under construction. `I` is `&Inputs` or a shared owner such as
/// `Arc<Inputs>`, for a caller that must keep it across its own pauses.
pub struct ReportBuilder<I> {
    inputs: I,
    settings: Settings,
    findings: Vec<Finding>,
    stage: Stage,
    /// What an earlier build of the same inputs worked out, then what this one has.
    groundwork: Option<Groundwork>,
    /// Whether to keep this build's groundwork (only a caller that rebuilds
    /// wants it: at a million numbers it holds some 30 MB past the join).
    keep_groundwork: bool,
    rows: Vec<ReportRow>,
    row_findings: Vec<(u64, Finding)>,
    /// Indices into `rows` in the assessment's order, once all are derived.
    assessment_order: Vec<usize>,
}

enum Stage {
    Start,
    /// The user matcher is built; the join is next.
    Join(Box<Classifier>),
    /// Each number's category is decided, a slice at a time, in number order.
    Classify(Box<Classifying>),
    /// The rows are derived in inventory order, a slice at a time: known
    /// from the categories, so no million rows are moved into it after.
    Derive(Box<Deriving>),
    /// Every row is derived; the assessment order, summary and checks are next.
    Summarise,
    Done,
}

struct Classifying {
    classifier: Classifier,
    joined: Arc<Joined>,
    /// The categories of the first `classes.len()` of `joined.numbers`.
    classes: Vec<Class>,
}

struct Deriving {
    joined: Arc<Joined>,
    /// Each number and its category, in inventory order.
    work: Vec<(JoinedNumber, Class)>,
    /// Each of `work`'s place in number order.
    order: Vec<u32>,
    /// How many of `work` are derived.
    next: usize,
    /// Whether this build decided the categories (half of its work), or
    /// took them from its groundwork.
    classified: bool,
}

fn classifying(classifier: Classifier, joined: Arc<Joined>) -> Stage {
    Stage::Classify(Box::new(Classifying {
        classes: Vec::with_capacity(joined.numbers.len()),
        classifier,
        joined,
    }))
}

/// The rows are next, in inventory order (known from `classes`, which are
/// in number order), read in that order rather than looked up at random;
/// `rows` gets room for all of them first.
fn deriving(rows: &mut Vec<ReportRow>, mut joined: Arc<Joined>, classes: &[Class], classified: bool) -> Stage {
    rows.reserve_exact(joined.numbers.len());
    let order = inventory_order(classes);
    let work = (order.iter())
        .map(|&i| (joined.numbers[i as usize].clone(), classes[i as usize]))
        .collect();
    // Unless groundwork keeps it, the join's list is done with: `work` holds
    // it now, at the report's peak memory.
    if let Some(joined) = Arc::get_mut(&mut joined) {
        joined.numbers = Vec::new();
    }
    Stage::Derive(Box::new(Deriving {
        joined,
        work,
        order,
        next: 0,
        classified,
    }))
}

impl<I: Borrow<Inputs>> ReportBuilder<I> {
    pub fn new(inputs: I, settings: Settings) -> Result<ReportBuilder<I>, ReportError> {
        if inputs.borrow().get(InputKind::Numbers).is_none() {
            return Err(ReportError::NoNumbersFile);
        }
        if let Some(log) = inputs.borrow().get(InputKind::MessageLog) {
            if let Some(message) = inputs.borrow().conflict(log) {
                return Err(ReportError::LogAndStats(message));
            }
        }
        let mut findings: Vec<Finding> = InputKind::ALL
            .iter()
            .filter_map(|k| inputs.borrow().get(*k))
            .flat_map(|i| i.findings.iter().cloned())
            .collect();
        findings.extend(inputs.borrow().listing_findings());
        Ok(ReportBuilder {
            inputs,
            settings,
            findings,
            stage: Stage::Start,
            groundwork: None,
            keep_groundwork: false,
            rows: Vec::new(),
            row_findings: Vec::new(),
            assessment_order: Vec::new(),
        })
    }

    /// Keeps this build's groundwork for a rebuild of the same inputs
    /// ([`ReportBuilder::groundwork`]), and starts from `earlier`, an earlier
    /// build's, if given: the join is not done again, nor the categories if
    /// the rules are the same. Groundwork of other inputs (by their row
    /// counts) is not used. Call it before the first step.
    pub fn on_groundwork(mut self, earlier: Option<Groundwork>) -> Self {
        if matches!(self.stage, Stage::Start) {
            self.keep_groundwork = true;
            self.groundwork = earlier.filter(|g| g.fits(self.inputs.borrow()));
        }
        self
    }

    /// What this build has worked out that a rebuild of the same inputs
    /// can start from, if asked to keep it ([`ReportBuilder::on_groundwork`]):
    /// once it has joined them, with the categories once they are decided.
    pub fn groundwork(&self) -> Option<Groundwork> {
        self.groundwork.clone()
    }

    /// Numbers derived so far, and in all (known after the first step).
    pub fn progress(&self) -> (usize, usize) {
        match &self.stage {
            Stage::Start | Stage::Join(_) => (0, 0),
            // Deciding categories is about half of the work per number.
            Stage::Classify(c) => (c.classes.len() / 2, c.joined.numbers.len()),
            Stage::Derive(d) if d.classified => (d.work.len() / 2 + d.next / 2, d.work.len()),
            Stage::Derive(d) => (d.next, d.work.len()),
            Stage::Summarise | Stage::Done => (self.rows.len(), self.rows.len()),
        }
    }

    /// Does one step, deriving at most `budget` numbers; returns the report
    /// after the last step (and `None` for ever after).
    pub fn step(&mut self, budget: usize) -> Option<Report> {
        let inputs = self.inputs.borrow();
        match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Start if self.groundwork.is_some() => {
                let groundwork = self.groundwork.as_mut().expect("just seen");
                self.findings.extend(groundwork.join_findings.iter().cloned());
                let joined = Arc::clone(&groundwork.joined);
                self.stage = match groundwork.classes_under(&self.settings.rules) {
                    Some(classes) => deriving(&mut self.rows, joined, &classes, false),
                    None => {
                        groundwork.classes = None;
                        // The matcher is kept with the inputs: built once.
                        let classifier = Classifier::new(&self.settings.rules, || inputs.user_matcher());
                        classifying(classifier, joined)
                    }
                };
                None
            }
            Stage::Start if cfg!(target_arch = "wasm32") => {
                // No threads: the matcher and the join are two pauses apart.
                self.stage = Stage::Join(Box::new(Classifier::new(&self.settings.rules, || {
                    inputs.user_matcher()
                })));
                None
            }
            Stage::Start => {
                let mut join_findings = Vec::new();
                // The user matcher takes a while to build for many users, and needs none of the join.
                let (classifier, joined) = crate::parallel::both(
                    || Classifier::new(&self.settings.rules, || inputs.user_matcher()),
                    || join::join(inputs, &mut join_findings),
                );
                let joined = self.keep_join(joined, join_findings);
                self.stage = classifying(classifier, joined);
                None
            }
            Stage::Join(classifier) => {
                let mut join_findings = Vec::new();
                let joined = join::join(inputs, &mut join_findings);
                let joined = self.keep_join(joined, join_findings);
                self.stage = classifying(*classifier, joined);
                None
            }
            Stage::Classify(mut c) => {
                let (next, numbers) = (c.classes.len(), &c.joined.numbers);
                let end = next.saturating_add(budget).min(numbers.len());
                let classes = classify_all(&c.classifier, inputs.number_rows(), &numbers[next..end]);
                c.classes.extend(classes);
                self.stage = if end < numbers.len() {
                    Stage::Classify(c)
                } else {
                    let Classifying { joined, classes, .. } = *c;
                    let stage = deriving(&mut self.rows, joined, &classes, true);
                    if let Some(groundwork) = &mut self.groundwork {
                        groundwork.classes = Some((self.settings.rules.clone(), Arc::new(classes)));
                    }
                    stage
                };
                None
            }
            Stage::Derive(mut d) => {
                let (joined, next) = (&d.joined, d.next);
                let end = next.saturating_add(budget).min(d.work.len());
                let derive = Derive {
                    settings: &self.settings,
                    number_rows: inputs.number_rows(),
                    stats: &joined.stats,
                    stats_rows: inputs.stats_rows(),
                    assignments: &joined.assignments,
                    assignment_rows: inputs.assignment_rows(),
                    numbers_file: inputs.source(InputKind::Numbers),
                    stats_file: inputs.source(InputKind::MessageStats),
                    received: inputs.received(),
                };
                let findings = derive.all(&d.work[next..end], &mut self.rows);
                self.row_findings.extend(findings);
                d.next = end;
                if end < d.work.len() {
                    self.stage = Stage::Derive(d);
                } else {
                    self.put_in_order(&d.order);
                    self.stage = Stage::Summarise;
                }
                None
            }
            Stage::Summarise => Some(self.summarise()),
            Stage::Done => None,
        }
    }

    /// Keeps the join and its findings, for this build and the next.
    fn keep_join(&mut self, joined: Joined, join_findings: Vec<Finding>) -> Arc<Joined> {
        if !self.keep_groundwork {
            self.findings.extend(join_findings);
            return Arc::new(joined);
        }
        self.findings.extend(join_findings.iter().cloned());
        let groundwork = Groundwork::new(self.inputs.borrow(), joined, join_findings);
        let joined = Arc::clone(&groundwork.joined);
        self.groundwork = Some(groundwork);
        joined
    }

    /// The assessment's order (status, cost from high to low, then number)
    /// of the rows, which are in inventory order (`order`), and the
    /// per-number findings after the others, each kind in file order.
    fn put_in_order(&mut self, order: &[u32]) {
        let mut row_findings = std::mem::take(&mut self.row_findings);
        row_findings.sort_by_key(|f| (f.1.kind, f.0));
        self.findings.extend(row_findings.into_iter().map(|f| f.1));
        // Rows of one status and cost keep number order: a counting sort
        // over the few (status, cost) groups, walked in number order.
        let mut groups: BTreeMap<(UsageStatus, Reverse<Cents>), u32> = BTreeMap::new();
        let mut group_of = vec![0u32; order.len()];
        let mut at = vec![0u32; order.len()];
        // `order` holds each row's place in number order.
        for (slot, (row, &number)) in self.rows.iter().zip(order).enumerate() {
            let next = groups.len() as u32;
            group_of[number as usize] = *groups.entry((row.status, Reverse(row.monthly_cost))).or_insert(next);
            at[number as usize] = slot as u32;
        }
        // Each group's first place in the assessment, by the groups' order.
        let mut sizes = vec![0usize; groups.len()];
        for &g in &group_of {
            sizes[g as usize] += 1;
        }
        let mut start = vec![0usize; groups.len()];
        let mut so_far = 0;
        for &g in groups.values() {
            start[g as usize] = so_far;
            so_far += sizes[g as usize];
        }
        let mut assessment = vec![0usize; order.len()];
        for (number, &g) in group_of.iter().enumerate() {
            assessment[start[g as usize]] = at[number] as usize;
            start[g as usize] += 1;
        }
        self.assessment_order = assessment;
    }

    fn summarise(&mut self) -> Report {
        let settings = &self.settings;
        let findings = std::mem::take(&mut self.findings);
        let rows = std::mem::take(&mut self.rows);
        let assessment_order = std::mem::take(&mut self.assessment_order);

        let categories = settings.rules.categories();
        let summary = Summary::new(&categories, &rows, settings.as_of);
        let checks = run_checks(&summary, &rows, settings);
        let inputs = self.inputs.borrow();
        let mut findings = findings;
        if let Some(numbers) = inputs.get(InputKind::Numbers) {
            findings.extend(estimate_findings(&rows, settings, numbers.source()));
        }
        let mut notes = missing_input_notes(inputs);
        notes.extend(inference_notes(&rows));
        let changes = inputs.previous_rows().map(|previous| {
            let now = rows
                .iter()
                .map(|r| {
                    let snapshot = Snapshot {
                        category: categories[usize::from(r.category)].clone(),
                        assigned_user: r.assigned_user.clone(),
                        status: Some(r.status),
                        monthly_cost: r.monthly_cost,
                    };
                    (r.phone, snapshot)
                })
                .collect();
            Changes::between(previous, now, settings.previous_as_of)
        });
        if let Some(changes) = &changes {
            notes.push(format!(
                "Changes are counted since {}.",
                changes.previous_date.describe()
            ));
        }
        Report {
            settings: settings.clone(),
            categories,
            received_columns: inputs.received().is_some(),
            rows,
            assessment_order,
            summary,
            checks,
            findings,
            notes,
            changes,
        }
    }
}

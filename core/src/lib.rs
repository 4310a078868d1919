//! The Twilio phone number inventory report, free of I/O.
//!
//! Reads the three inputs from bytes (the numbers export, the message stats,
//! the assignments), joins them on E.164, classifies, prices and ages every
//! number, runs the quality checks, and writes the three report CSVs (the
//! inventory, the usage assessment and the summary) byte for byte as `docs/report-contract.md`
//! says, and the whole report as one workbook. The web page (wasm32) and the command line (native) both call it, so
//! both give the same bytes.
//!
//! ```
//! use inventory_core::{load, Inputs, Report, Settings};
//! use chrono::NaiveDate;
//!
//! let numbers = b"PhoneNumber,FriendlyName,DateCreated\n+14155550134,Jane Doe,2025-12-09\n";
//! let mut inputs = Inputs::default();
//! inputs.put(load("numbers.csv", numbers.to_vec()).unwrap());
//! let settings = Settings::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
//! let report = Report::build(&inputs, &settings).unwrap();
//! assert_eq!(report.rows[0].status.label(), "NEVER USED");
//! assert!(report.inventory_csv().starts_with("\u{FEFF}Phone,".as_bytes()));
//! ```
//!
//! The modules are private; everything a caller uses is re-exported here. Each
//! module uses only modules before it in this order, so the crate reads
//! bottom-up, the way the pipeline runs:
//!
//! 1. Values, each on its own: `parallel` (two pieces of work at once),
//!    `prefetch` (asking for memory before it is read),
//!    `money` (cents, thousands separators), `date`, `phone` (E.164),
//!    `place` (a number's country and North American region), `prices`
//!    (number types and the price table), `sid` (Twilio's sids), `encoding`, `findings`, `status`
//!    (UsageStatus, Recommendation) and `cell` (quoting a CSV cell this crate
//!    writes).
//! 2. `rules`: the category rules, and a rules file.
//! 3. `input`: reading a file into typed rows, and `Inputs`, the inputs of one
//!    report, which keeps the assignments' user matcher.
//! 4. `settings`, and `row`: one number of the report.
//! 5. `classify`: a FriendlyName's category by the rules.
//! 6. `join`: the inputs joined on E.164, one work item per distinct number.
//! 7. `derive`: each work item made a row; `groundwork`: the join and the
//!    categories, kept by a caller that rebuilds the same inputs.
//! 8. `summary`, then `checks` (the SOP's quality checks, on the summary).
//! 9. `changes`: the changes since a previous inventory; `notes`: what a
//!    report says of itself besides its rows; `report`: the report, what the steps above make.
//! 10. `builder`: making the report, in steps or in one go (`Report::build`).
//! 11. `output`: the report as CSV bytes; `release`: the release plan (CSV and twilio-cli script);
//!     `workbook_out`: the report as one `.xlsx` workbook (rust_xlsxwriter), its sheets' cells typed.
//! 12. `sample`: generated inputs for the demo, tests and benchmarks.

mod builder;
mod cell;
mod changes;
mod checks;
mod classify;
mod date;
mod derive;
mod email;
mod encoding;
mod findings;
mod groundwork;
mod input;
mod join;
mod locations;
mod money;
mod notes;
mod output;
mod parallel;
mod phone;
mod place;
mod prefetch;
mod prices;
mod release;
mod report;
mod row;
mod rules;
mod sample;
mod settings;
mod sid;
mod status;
mod summary;
mod workbook_out;

pub use builder::{ReportBuilder, ReportError};
pub use changes::{Change, ChangeKind, Changes, PreviousDate, Snapshot, CHANGES_FILE};
pub use checks::{Check, CheckStatus};
pub use date::{format_mdy, is_mdy, parse_date};
pub use email::EmailSummary;
pub use encoding::Encoding;
pub use findings::{group_findings, Finding, FindingGroup, FindingKind, Source, Unit};
pub use groundwork::Groundwork;
pub use input::{
    human_size, load, load_all, read_rest, AssignmentRow, FileBytes, InputData, InputError, InputKind, InputProblem,
    InputReader, Inputs, InvoiceRow, ListingPage, LoadCounter, LoadedInput, MessageLog, NumberRow, Opened, PreviousRow,
    Received, SidSet, StatsRow, ASSIGNMENTS_FILE, HEAD_BYTES, NUMBERS_FILE, SPLIT_BYTES, STATS_FILE,
};
pub use locations::{AreaCodeTally, LocationTally, Locations, UNKNOWN_LOCATION};
pub use money::{thousands, Cents};
pub use output::{fingerprint, CsvSink, ASSESSMENT_FILE, INVENTORY_FILE, SUMMARY_FILE};
pub use phone::{normalise, PhoneError, E164};
pub use place::{place_of, Country, Place};
pub use prices::{NumberType, Price, PriceTable};
pub use release::{release_reason, RELEASE_PLAN_FILE, RELEASE_SCRIPT_FILE};
pub use report::Report;
pub use row::ReportRow;
pub use rules::{CategoryRule, RuleTest, Rules, RulesError};
pub use sample::{generate_sample, SampleFiles};
pub use settings::{Settings, SettingsChange};
pub use sid::Sid;
pub use status::{Recommendation, UsageStatus};
pub use summary::{Summary, Tally};
pub use workbook_out::WORKBOOK_FILE;

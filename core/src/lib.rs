//! The Twilio phone number inventory report, free of I/O.
//!
//! Reads the three inputs from bytes (the numbers export, the message stats,
//! the assignments), joins them on E.164, classifies, prices and ages every
//! number, runs the quality checks, and writes the two report CSVs byte for
//! byte as `SPEC.md` says. The web page (wasm32) and the command line (native)
//! both call it, so both give the same bytes.
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

mod builder;
pub mod checks;
mod classify;
pub mod date;
mod derive;
pub mod encoding;
pub mod findings;
pub mod input;
mod join;
pub mod money;
pub mod output;
mod parallel;
pub mod phone;
pub mod report;
pub mod rules;
pub mod sample;
pub mod status;
pub mod summary;

pub use builder::ReportBuilder;
pub use checks::{Check, CheckStatus};
pub use encoding::Encoding;
pub use findings::{Finding, FindingKind};
pub use input::{load, load_all, LoadProgress, InputError, InputKind, InputReader, LoadedInput};
pub use money::Cents;
pub use output::{ASSESSMENT_FILE, INVENTORY_FILE, SUMMARY_FILE};
pub use phone::{normalise, E164};
pub use report::{Inputs, Report, ReportError, ReportRow, Settings};
pub use rules::{CategoryRule, RuleTest, Rules};
pub use status::{Recommendation, UsageStatus};
pub use summary::{Summary, Tally};

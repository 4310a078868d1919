//! `phone-inventory sample`: writes realistic inputs of any size, the same
//! bytes for the same seed and anchor date. Its examples and exit codes are
//! [`HELP`], the end of `phone-inventory sample --help`.

use std::path::PathBuf;

use chrono::NaiveDate;
use inventory_core::{generate_sample, ASSIGNMENTS_FILE, NUMBERS_FILE, STATS_FILE};

use crate::files::write_all_or_nothing;
use crate::Failure;

/// The end of `phone-inventory sample --help` (and `phone-inventory help sample`).
pub(crate) const HELP: &str = "\
Examples:
  Inputs for a demo, dated up to today (UTC):
    phone-inventory sample --numbers 2000 --out-dir demo/inputs
    phone-inventory report demo/inputs/*.csv --out-dir demo

  A million numbers, the same bytes on every run and every machine:
    phone-inventory sample --numbers 1000000 --seed 7 --anchor-date 2026-11-24 --out-dir big

Writes phone_numbers_inventory.csv (in the Twilio export's shape), twilio_message_stats.csv and
twilio_phone_assignments.csv (in the extractor's), with what real files hold: farm pools, user names,
ADP lines, toll-free numbers, whatsapp: senders, NULL dates, mixed phone formats, disabled and
duplicate rows, numbers no longer in the account, a number with two users. The three are written
under temporary names and renamed into place together.

Exit codes:
   0  the three files were written
   2  a flag can't be used
   3  a file can't be written (the previous files are untouched)
";

/// Write generated sample inputs (for demos, tests and benchmarks).
#[derive(clap::Args)]
#[command(after_long_help = HELP)]
pub struct Args {
    /// How many numbers the numbers export holds (message stats ≈ as many rows, assignments ≈ half).
    #[arg(long, value_name = "N")]
    numbers: usize,
    /// The same seed gives the same files.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Activity and creation dates are generated relative to this date. Default: today, UTC.
    #[arg(long, value_name = "YYYY-MM-DD")]
    anchor_date: Option<NaiveDate>,
    /// Folder for the three CSVs.
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let anchor = args.anchor_date.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let files = generate_sample(args.numbers, args.seed, anchor);
    let written = write_all_or_nothing(
        &args.out_dir,
        &[
            (NUMBERS_FILE, &files.numbers),
            (STATS_FILE, &files.message_stats),
            (ASSIGNMENTS_FILE, &files.assignments),
        ],
    )?;
    println!(
        "Wrote sample inputs for {} numbers (seed {}, dates up to {anchor}):",
        args.numbers, args.seed
    );
    for path in written {
        println!("  {}", path.display());
    }
    Ok(())
}

//! `phone-inventory sample --numbers N [--seed S] [--anchor-date YYYY-MM-DD] --out-dir DIR`
//!
//! Writes realistic inputs of any size, the same bytes for the same seed and
//! anchor date: the numbers export, the message stats and the assignments.

use std::path::PathBuf;

use chrono::NaiveDate;
use inventory_core::{generate_sample, ASSIGNMENTS_FILE, NUMBERS_FILE, STATS_FILE};

use crate::files::write_all_or_nothing;
use crate::Failure;

/// Write generated sample inputs (for demos, tests and benchmarks).
#[derive(clap::Args)]
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
    println!("Wrote sample inputs for {} numbers (seed {}, dates up to {anchor}):", args.numbers, args.seed);
    for path in written {
        println!("  {}", path.display());
    }
    Ok(())
}

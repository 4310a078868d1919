//! `phone-inventory`: the native command. Thin glue: each subcommand lives in
//! its own file (`report.rs`, `sample.rs`, `extract/`) with its clap arguments
//! and its `HELP`, the examples and exit codes that end its `--help`; the
//! report itself is `inventory-core`.

mod extract;
mod files;
mod read_inputs;
mod report;
mod sample;
mod twilio;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The end of `phone-inventory --help`: the usual run, and where each command's details are.
const HELP: &str = "\
The usual run:
  On the database host, the two database inputs:
    export PHONE_INVENTORY_DB_PASSWORD=...
    phone-inventory extract --server db01,1433 --user inventory_reader --out-dir inputs
  Then the report, with the Twilio Console export of the account's numbers:
    phone-inventory report phone_numbers_inventory.csv inputs/*.csv --out-dir reports

  Or try it on generated inputs:
    phone-inventory sample --numbers 2000 --out-dir sample
    phone-inventory report sample/*.csv --out-dir sample

Each command's examples, details and exit codes: phone-inventory help <command>
(or phone-inventory <command> --help). A failure is one line on stderr and an exit code other
than 0: 2 (something given can't be used) and 3 (an output can't be written) in every command,
1 for a failed quality check under report --strict, 10 to 18 for extract's database errors.
";

/// The Twilio phone number inventory: what each number is for, who has it,
/// whether anyone still uses it, and what it costs.
#[derive(Parser)]
#[command(name = "phone-inventory", version, propagate_version = true, after_long_help = HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Report(report::Args),
    Sample(sample::Args),
    Extract(extract::Args),
    Twilio(twilio::Args),
}

/// A failure: a one-line reason and the exit code that goes with it.
pub struct Failure {
    pub code: u8,
    pub message: String,
}

/// Exit codes the subcommands share; each subcommand's `HELP` lists the ones
/// it uses, and `extract`'s own (10 and up) are in src/extract/failure.rs.
pub mod exit {
    /// A quality check failed under `--strict` (the report was written).
    pub const CHECK_FAILED: u8 = 1;
    /// An input or a setting can't be used.
    pub const BAD_INPUT: u8 = 2;
    /// An output could not be written.
    pub const WRITE_FAILED: u8 = 3;
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Report(args) => report::run(args),
        Command::Sample(args) => sample::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Twilio(args) => twilio::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("phone-inventory: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

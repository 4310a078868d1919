//! `phone-inventory`: the native command. Thin glue: each subcommand lives in
//! its own file with its usage text at the top; the report itself is `inventory-core`.

mod extract;
mod files;
mod report;
mod sample;
mod twilio;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The Twilio phone number inventory: what each number is for, who has it,
/// whether anyone still uses it, and what it costs.
#[derive(Parser)]
#[command(name = "phone-inventory", version, propagate_version = true)]
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

/// Exit codes, documented in README.md; `extract`'s own (10 and up) are
/// documented at the top of src/extract/mod.rs.
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

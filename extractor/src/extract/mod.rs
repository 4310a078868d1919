//! `phone-inventory extract`: reads the two database inputs of the report
//! from the FarmGenie SQL Server into two CSVs. What it does, its examples
//! and its exit codes are [`HELP`], the end of `phone-inventory extract --help`.
//!
//! This folder, one job per file: `connect` (the flags and connection string
//! made into a tiberius config, TLS and login, opening the connection),
//! `password`, `queries` (the SQL and the order it is sent in), `stream` (one
//! result into one CSV), `progress` (what the user sees meanwhile) and
//! `failure` (what went wrong, as a one-line message and an exit code).

mod connect;
mod failure;
mod password;
mod progress;
mod queries;
mod stream;

use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::Duration;

use inventory_core::{thousands, ASSIGNMENTS_FILE, STATS_FILE};

use crate::files::Staged;
use crate::Failure;

/// The end of `phone-inventory extract --help` (and `phone-inventory help extract`).
/// The exit codes are `failure::code` and `crate::exit`; a test checks each is listed.
pub(crate) const HELP: &str = "\
Examples:
  export PHONE_INVENTORY_DB_PASSWORD=...      # or leave it unset on a terminal to be asked
  phone-inventory extract --server db01,1433 --user inventory_reader --out-dir inputs
  phone-inventory extract --trust-server-certificate \\
      --connection-string \"Server=tcp:db01,1433;Database=FarmGenie;User ID=inventory_reader\"
  phone-inventory extract --server db01 --integrated          # Windows only

Writes, into --out-dir, twilio_message_stats.csv (From,MessageCount,LastDateSent) and
twilio_phone_assignments.csv (PhoneNumber,AspNetUserId,Enabled[,UserName,Email]), then prints the
`phone-inventory report` command to run next.

  Password   From PHONE_INVENTORY_DB_PASSWORD, or asked for without echo on a terminal. Never a flag,
             never printed. A connection string holding a password is refused.
  Login      SQL Server authentication as --user (or the connection string's User ID), or
             --integrated: Windows authentication as the current user, on Windows only.
  Encryption Required by default (--encrypt on); off encrypts the login only; strict is on and also
             refuses --trust-server-certificate (tiberius 0.12 has no TDS 8.0, so it is not ADO's
             Encrypt=Strict). A self-signed server certificate is accepted only with
             --trust-server-certificate. A connection string's Encrypt and TrustServerCertificate
             are used when no flag says otherwise; Encrypt=DANGER_PLAINTEXT turns TLS off entirely
             (for servers without it).
  Timeout    --timeout (default 120 s) bounds every wait for the server: connecting, logging in,
             and each pause in a query's result (so a server that aggregates for longer than that
             before its first row times out).
  Queries    SELECT [From], COUNT(*) AS MessageCount, MAX(DateSent) AS LastDateSent
               FROM TwilioMessage GROUP BY [From]
             then TwilioPhoneNumber's PhoneNumber, AspNetUserId and Enabled, with UserName and Email
             from AspNetUsers (LEFT JOIN on AspNetUserId = AspNetUsers.Id) when
             INFORMATION_SCHEMA.TABLES lists AspNetUsers, else the SOP's
             SELECT PhoneNumber, AspNetUserId, Enabled FROM TwilioPhoneNumber (and a note says so).
  Files      UTF-8 without BOM, CRLF line ends, cells quoted only where RFC 4180 needs it, dates as
             ISO 8601 with milliseconds (2025-12-09T20:07:57.123, truncated, never rounded into the
             next day; a datetimeoffset is converted to UTC and ends in Z), Enabled as 1/0, NULL as
             an empty cell. Rows are streamed to temporary files as they arrive; both files are
             renamed into place only after both queries finished, so a failure leaves the previous
             files untouched and no partial file behind.

Exit codes, and what to check:
   0  both files were written
   2  a flag or setting can't be used: no password, a password in the connection string,
      --integrated off Windows, ... (the message says which)
   3  an output can't be written: the folder (the previous files are untouched)
  10  host unreachable: the host name, port or instance in --server, the network, the firewall
  11  TLS failed: the server's certificate (--trust-server-certificate for a self-signed one),
      --encrypt
  12  login failed: --user and the password (PHONE_INVENTORY_DB_PASSWORD)
  13  database, table or column missing: --database, that this is the FarmGenie database
  14  permission denied: the login's SELECT rights on the tables
  15  timeout: the server's load, --timeout
  16  connection lost after the login, mid-stream included: the network, the server's log; run again
  17  the server refused a query for another reason: the message; the server's version
  18  the server's answer could not be understood: that it is SQL Server 2008 or later
";

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Encrypt {
    /// Everything encrypted (the default).
    On,
    /// Only the login is encrypted.
    Off,
    /// Everything encrypted, and the certificate is always checked.
    Strict,
}

/// Read the message stats and the number assignments from the database into two CSVs.
#[derive(clap::Args)]
#[command(after_long_help = HELP)]
#[command(group = clap::ArgGroup::new("target").required(true).args(["server", "connection_string"]))]
pub(crate) struct Args {
    /// The SQL Server: HOST, HOST,PORT or HOST\INSTANCE (port 1433 by default).
    #[arg(long, value_name = "HOST[,PORT]")]
    server: Option<String>,
    /// An ADO.NET connection string (Server=...;Database=...;User ID=...), without the password.
    #[arg(long, value_name = "ADO_STRING")]
    connection_string: Option<String>,
    /// The database. Default: the connection string's, else FarmGenie.
    #[arg(long, value_name = "NAME")]
    database: Option<String>,
    /// SQL Server login name. Default: the connection string's User ID. The password comes from
    /// PHONE_INVENTORY_DB_PASSWORD or a prompt.
    #[arg(long, value_name = "NAME", conflicts_with = "integrated")]
    user: Option<String>,
    /// Windows authentication as the current Windows user (Windows only).
    #[arg(long)]
    integrated: bool,
    /// Encryption: on, off (login only) or strict. Default: the connection string's Encrypt, else on.
    #[arg(long, value_enum, value_name = "MODE")]
    encrypt: Option<Encrypt>,
    /// Accept the server's certificate without checking it (a self-signed certificate).
    #[arg(long)]
    trust_server_certificate: bool,
    /// Longest wait for the server, in seconds, at any step.
    #[arg(long, value_name = "SECONDS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
    /// Folder for the two CSVs. Default: the current folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    out_dir: PathBuf,
}

fn shell_quote(path: &Path) -> String {
    let text = path.display().to_string();
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/\\._-:+".contains(c))
    {
        text
    } else if cfg!(windows) {
        format!("\"{text}\"")
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

pub(crate) fn run(args: Args) -> Result<(), Failure> {
    let target = connect::build_target(&args)?;
    let limit = Duration::from_secs(args.timeout);
    // Check the output folder before bothering the server.
    let (staged, files) = Staged::create(&args.out_dir, &[STATS_FILE, ASSIGNMENTS_FILE])?;
    let mut progress = progress::Progress::new();
    for note in &target.notes {
        eprintln!("Note: {note}.");
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(failure::no_runtime)?;
    // tiberius 0.12 panics on a few unexpected answers (an encryption level it
    // did not ask for, an unknown PRELOGIN option): make those an error too.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
        runtime.block_on(queries::read_both(&target, files, limit, &progress))
    }));
    std::panic::set_hook(previous_hook);
    progress.done();
    let elapsed = progress.elapsed();
    let outcome = match result {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(problem)) => return Err(failure::explain(problem, &target, args.timeout)),
        Err(panic) => return Err(failure::panicked(panic, &target)),
    };
    let written = staged.commit()?;
    let mut out = std::io::stdout().lock();
    if !outcome.with_users {
        let _ = writeln!(
            out,
            "Note: the database has no AspNetUsers table, so the assignments are the SOP's PhoneNumber, AspNetUserId, Enabled (no UserName or Email)."
        );
    }
    let _ = writeln!(
        out,
        "Wrote {} message stats rows and {} assignment rows from {} ({}) in {:.1} s:",
        thousands(outcome.stats_rows),
        thousands(outcome.assignment_rows),
        target.shown,
        target.database,
        elapsed.as_secs_f64()
    );
    for path in &written {
        let _ = writeln!(out, "  {}", path.display());
    }
    let _ = writeln!(out, "Next, with the Twilio numbers export:");
    let _ = writeln!(
        out,
        "  phone-inventory report phone_numbers_inventory.csv {} {}",
        shell_quote(&written[0]),
        shell_quote(&written[1])
    );
    Ok(())
}

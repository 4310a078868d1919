//! `phone-inventory report FILE... [--as-of YYYY-MM-DD] [--out-dir DIR] [--rules FILE]
//!     [--local-price 1.15] [--toll-free-price 2.15]
//!     [--invoice-count N] [--invoice-amount X] [--strict] [--all-findings]`
//!
//! Builds the report from one to three input files, given in any order and
//! recognised by their header, writes the two report CSVs into DIR, and
//! prints the summary, the quality checks and the findings.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;
use inventory_core::{
    format_mdy, group_findings, load_all, CheckStatus, Cents, InputKind, Inputs, LoadCounter, LoadedInput, Report, Rules,
    Settings, ASSESSMENT_FILE, INVENTORY_FILE,
};

use crate::files::{read, write_all_or_nothing};
use crate::{exit, Failure};

/// Build the inventory and usage assessment from the input CSVs.
#[derive(clap::Args)]
pub struct Args {
    /// The input CSVs, in any order: the numbers export (required), the
    /// message stats and the assignments (optional). Each is recognised by its header.
    #[arg(required = true, num_args = 1..=3, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Count ages to this date (YYYY-MM-DD). Default: today, UTC.
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<NaiveDate>,
    /// Folder for the two report CSVs. Default: the current folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    out_dir: PathBuf,
    /// Category rules, a CSV with the header `Category,Match,Text`. Default: the SOP's rules.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// Monthly price of a local number.
    #[arg(long, value_name = "PRICE", default_value = "1.15", value_parser = parse_cents)]
    local_price: Cents,
    /// Monthly price of a toll-free number.
    #[arg(long, value_name = "PRICE", default_value = "2.15", value_parser = parse_cents)]
    toll_free_price: Cents,
    /// The invoice's phone-number count (quality check 1).
    #[arg(long, value_name = "N")]
    invoice_count: Option<u64>,
    /// The invoice's phone-number charges (quality check 3).
    #[arg(long, value_name = "AMOUNT", value_parser = parse_cents)]
    invoice_amount: Option<Cents>,
    /// Exit with status 1 when a quality check fails (the report is still written).
    #[arg(long)]
    strict: bool,
    /// Print every finding instead of the first 10 of each kind.
    #[arg(long)]
    all_findings: bool,
}

fn parse_cents(raw: &str) -> Result<Cents, String> {
    Cents::parse(raw)
}

pub fn run(args: Args) -> Result<(), Failure> {
    let bad = |message: String| Failure { code: exit::BAD_INPUT, message };
    let (as_of, as_of_source) = match args.as_of {
        Some(date) => (date, "set with --as-of"),
        None => (chrono::Utc::now().date_naive(), "today, UTC"),
    };
    let mut settings = Settings::new(as_of);
    settings.local_price = args.local_price;
    settings.toll_free_price = args.toll_free_price;
    settings.invoice_count = args.invoice_count;
    settings.invoice_amount = args.invoice_amount;
    if let Some(path) = &args.rules {
        let text = String::from_utf8(read(path)?)
            .map_err(|_| bad(format!("{} is not UTF-8 text; save the rules file as CSV UTF-8", path.display())))?;
        settings.rules = Rules::from_csv(&text).map_err(|e| bad(format!("{}: {e}", path.display())))?;
    }

    let mut inputs = Inputs::default();
    for (path, input) in args.files.iter().zip(load_in_parallel(&args.files)?) {
        let kind = input.kind();
        if let Some(first) = inputs.get(kind) {
            return Err(bad(format!(
                "{} and {} are both the {kind}: give one file of each kind",
                first.file,
                path.display()
            )));
        }
        inputs.put(input);
    }
    let report = Report::build(&inputs, &settings).map_err(|e| bad(e.to_string()))?;
    let (inventory, assessment) = report.outputs();
    let written = write_all_or_nothing(&args.out_dir, &[(INVENTORY_FILE, &inventory), (ASSESSMENT_FILE, &assessment)])?;

    let mut out = std::io::stdout().lock();
    let _ = print_report(&mut out, &report, &inputs, as_of_source, args.all_findings);
    let _ = writeln!(out, "\nWrote {} numbers to:", report.rows.len());
    for path in written {
        let _ = writeln!(out, "  {}", path.display());
    }
    let failed = report.checks.iter().filter(|c| c.status == CheckStatus::Fail).count();
    if args.strict && failed > 0 {
        return Err(Failure {
            code: exit::CHECK_FAILED,
            message: format!("{failed} quality check(s) failed (--strict); the report was written"),
        });
    }
    Ok(())
}

/// Reads the inputs, one thread each, with a progress line on a terminal.
/// The first failure in the order given is the one reported.
fn load_in_parallel(paths: &[PathBuf]) -> Result<Vec<LoadedInput>, Failure> {
    let files = paths.iter().map(|p| Ok((p.display().to_string(), read(p)?))).collect::<Result<Vec<_>, Failure>>()?;
    let progress = LoadCounter::default();
    let show = std::io::stderr().is_terminal();
    let count = files.len();
    let results = std::thread::scope(|scope| {
        let reading = scope.spawn(|| load_all(files, &progress));
        while show && !reading.is_finished() {
            eprint!("\rreading {count} file(s): {}%", progress.percent());
            std::thread::sleep(Duration::from_millis(100));
        }
        if show {
            eprint!("\r\x1b[K");
        }
        reading.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    results.into_iter().collect::<Result<Vec<_>, _>>().map_err(|e| Failure { code: exit::BAD_INPUT, message: e.to_string() })
}

fn print_report(
    out: &mut impl Write,
    report: &Report,
    inputs: &Inputs,
    as_of_source: &str,
    all_findings: bool,
) -> std::io::Result<()> {
    let as_of = format_mdy(report.settings.as_of);
    writeln!(out, "As of {as_of} ({as_of_source}).")?;
    for input in InputKind::ALL.iter().filter_map(|k| inputs.get(*k)) {
        writeln!(out, "  {}: {} ({} rows, {})", input.kind(), input.file, input.rows_read, input.encoding.name())?;
    }
    for note in &report.notes {
        writeln!(out, "Note: {note}")?;
    }
    writeln!(out)?;
    write!(out, "{}", report.summary.to_text())?;
    writeln!(out, "\nQuality checks:")?;
    for check in &report.checks {
        writeln!(out, "  [{:^11}] {}: {}", check.status.label(), check.title, check.detail)?;
    }
    let groups = group_findings(&report.findings);
    if groups.is_empty() {
        writeln!(out, "\nNo data-quality findings.")?;
    }
    for g in groups {
        writeln!(out, "\n{} ({}):", g.kind.title(), g.findings.len())?;
        let shown = if all_findings { g.findings.len() } else { 10 };
        for finding in g.findings.iter().take(shown) {
            writeln!(out, "  {finding}")?;
        }
        if g.findings.len() > shown {
            writeln!(out, "  … and {} more (--all-findings lists them all)", g.findings.len() - shown)?;
        }
    }
    Ok(())
}

//! `phone-inventory report`: builds the report from its input files (CSV,
//! TSV, JSON or workbooks, given in any order and recognised by their header
//! or shape), writes the two report CSVs (and with `--xlsx` the workbook), and
//! prints the summary, the quality checks and the findings.
//! Its examples and exit codes are [`HELP`], the end of `phone-inventory report --help`.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use inventory_core::{
    format_mdy, group_findings, Cents, CheckStatus, InputKind, Inputs, Report, Rules, Settings, SettingsChange,
    ASSESSMENT_FILE, CHANGES_FILE, INVENTORY_FILE, RELEASE_PLAN_FILE, WORKBOOK_FILE,
};

use crate::files::{read, Staged};
use crate::read_inputs;
use crate::{exit, Failure};

/// The end of `phone-inventory report --help` (and `phone-inventory help report`).
pub(crate) const HELP: &str = "\
Examples:
  The report as of today (UTC), into the current folder:
    phone-inventory report phone_numbers_inventory.csv twilio_message_stats.csv twilio_phone_assignments.csv

  The month's run: what `extract` and `twilio fetch` wrote, invoice figures and prices included:
    phone-inventory report extracted/*.csv fetched/*.csv --as-of 2026-11-24 --out-dir reports

  As of a given day, with the invoice's figures typed in for quality checks 1 and 3:
    phone-inventory report numbers.xlsx inputs/*.csv --as-of 2026-11-24 \\
        --invoice-count 1200 --invoice-amount 1390.50

  The two CSVs and the whole report as one Excel workbook:
    phone-inventory report inputs/*.csv --as-of 2026-11-24 --out-dir reports --xlsx

  The summary for the finance email (as-of date, totals, the category × usage matrices, the release
  saving, the checks and the changes), printed alone so it can be pasted; the files are still written:
    phone-inventory report inputs/*.csv last-month/Twilio_Phone_Numbers_FULL_INVENTORY_v1.csv --email-summary

  Other prices and category rules; fail (exit code 1) when a quality check fails:
    phone-inventory report numbers.json --prices prices.csv --local-price 1.00 \\
        --rules rules.csv --strict

Inputs, each recognised by its header or shape (only the numbers are required):
  the numbers export  PhoneNumber, FriendlyName, DateCreated[, NumberType, Sid, AccountSid]: the 2010
                      API's .csv, twilio-cli's `-o tsv` or `-o json`, API pages of
                      IncomingPhoneNumbers.json (every page of one listing, together), or the output
                      of `phone-inventory twilio fetch`
  the message stats   From, MessageCount, LastDateSent (from `phone-inventory extract`)
  or a message log    one row per message: From, DateSent[, To, Sid, Direction] (the TwilioMessage
                      table as CSV, the API's Messages CSV or JSON pages, JSON Lines); several add
                      up, a Sid in two counted once; with To, two more inventory columns
  the assignments     PhoneNumber, AspNetUserId, Enabled[, UserName, Email] (likewise)
  a price table       Country, NumberType, MonthlyPrice, or a saved Pricing API answer (one a country)
  invoice figures     Month, Numbers, Charges, or a saved Usage Records answer (category phonenumbers)
  Each as CSV or TSV (UTF-8, UTF-16 with a byte-order mark, or Windows-1252, Excel's \"CSV\"), JSON,
  or a workbook (.xlsx, .xlsm, .ods: the first sheet whose first row is a header above).
  Each file is judged by its first 64 KB (a wrong one is refused before any is read in full);
  CSV, TSV and JSON Lines are then read in 1 MB chunks, workbooks and JSON documents whole.

Outputs, in --out-dir:
  Twilio_Phone_Numbers_FULL_INVENTORY_v1.csv and Twilio_Phone_Usage_Assessment_v1.csv, and with
  --xlsx Twilio_Phone_Inventory_v1.xlsx (sheets Summary, Inventory, Assessment, Changes when a previous
  inventory is given, Locations, Area codes, Findings, Checks: dates as date cells, money and counts as numbers), each written under a temporary name and then
  renamed into place; when any step fails, the previous files are put back and no temporary file is
  left. With --release-plan, also Twilio_Release_Plan_v1.csv: the RELEASE rows as
  `Sid,AccountSid,PhoneNumber,FriendlyName,Monthly_Cost,Reason`, what `phone-inventory twilio release`
  takes. Given a previous inventory (last month's Twilio_Phone_Numbers_FULL_INVENTORY_v1.csv,
  recognised by its header), also Twilio_Phone_Changes_v1.csv: numbers added, gone, or changed in
  category, user, status or price. Then it prints the as-of date, the files and their encodings, the summary (numbers and monthly
  cost per category and usage status, and what releasing the RELEASE rows saves), the ten locations
  with the most numbers (state or province in North America, else country), the four quality
  checks and the data-quality findings (10 of each kind, or all with --all-findings). What every cell
  means: docs/report-contract.md in the repository.

Rules file (--rules), one rule a row, the first that matches a FriendlyName decides its category:
  Category,Match,Text
  Delivery Farm Pool,contains,delivery farm
  User Assigned,user or person name,
  ADP System,whole word,ADP
  Other/System,everything,
  Match is `contains` or `whole word` (ignoring case), `user or person name` (a user of the
  assignments, or a name like Jane Doe) or `everything`. The default rules are the SOP's.

Exit codes:
   0  the report was written
   1  a quality check failed under --strict (the report was still written)
   2  an input, a flag or a setting can't be used (the one-line message names the file and what to do)
   3  an output can't be written (the previous outputs are untouched)
";

/// Build the inventory and usage assessment from the input CSVs.
#[derive(clap::Args)]
#[command(after_long_help = HELP)]
pub struct Args {
    /// The input files, in any order: the numbers (required; several pages
    /// of one API listing count as one), the message stats, the
    /// assignments, a price table, invoice figures. Each is recognised by its header.
    #[arg(required = true, num_args = 1.., value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Count ages to this date (YYYY-MM-DD). Default: today, UTC.
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<NaiveDate>,
    /// Folder for the two report CSVs (and the workbook). Default: the current folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    out_dir: PathBuf,
    /// Category rules, a CSV with the header `Category,Match,Text`. Default: the SOP's rules.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// A price table (`Country,NumberType,MonthlyPrice`, or a saved Pricing API
    /// answer); its rows replace the defaults' (US and CA: local 1.15, toll free 2.15). Repeatable.
    #[arg(long, value_name = "FILE")]
    prices: Vec<PathBuf>,
    /// Monthly price of a US or CA local number (a shorthand for those price rows).
    #[arg(long, value_name = "PRICE", value_parser = parse_cents)]
    local_price: Option<Cents>,
    /// Monthly price of a US or CA toll-free number (likewise).
    #[arg(long, value_name = "PRICE", value_parser = parse_cents)]
    toll_free_price: Option<Cents>,
    /// Invoice figures (`Month,Numbers,Charges`, or a saved Usage Records answer) for checks 1 and 3.
    #[arg(long, value_name = "FILE")]
    invoice: Option<PathBuf>,
    /// The invoice's phone-number count (quality check 1).
    #[arg(long, value_name = "N")]
    invoice_count: Option<u64>,
    /// The invoice's phone-number charges (quality check 3).
    #[arg(long, value_name = "AMOUNT", value_parser = parse_cents)]
    invoice_amount: Option<Cents>,
    /// Exit with status 1 when a quality check fails (the report is still written).
    #[arg(long)]
    strict: bool,
    /// The previous inventory's as-of date (YYYY-MM-DD), for "changes since".
    /// Default: its latest LastActivity.
    #[arg(long, value_name = "YYYY-MM-DD")]
    previous_as_of: Option<NaiveDate>,
    /// Also write Twilio_Release_Plan_v1.csv, every RELEASE row (for `phone-inventory twilio release`).
    #[arg(long)]
    release_plan: bool,
    /// Print only the summary for an email, ready to paste: the as-of date, the totals, the
    /// category × usage matrices, the release saving, the checks and the changes.
    #[arg(long)]
    email_summary: bool,
    /// Print every finding instead of the first 10 of each kind.
    #[arg(long)]
    all_findings: bool,
    /// Also write Twilio_Phone_Inventory_v1.xlsx: the summary, both tables, the findings and the
    /// checks as sheets of one Excel workbook, its cells typed.
    #[arg(long)]
    xlsx: bool,
}

fn parse_cents(raw: &str) -> Result<Cents, String> {
    Cents::parse(raw)
}

pub fn run(args: Args) -> Result<(), Failure> {
    let bad = |message: String| Failure {
        code: exit::BAD_INPUT,
        message,
    };
    let (as_of, as_of_source) = match args.as_of {
        Some(date) => (date, "set with --as-of"),
        None => (chrono::Utc::now().date_naive(), "today, UTC"),
    };
    let mut settings = Settings::new(as_of);
    settings.previous_as_of = args.previous_as_of;
    if let Some(path) = &args.rules {
        let text = String::from_utf8(read(path)?).map_err(|_| {
            bad(format!(
                "{} is not UTF-8 text; save the rules file as CSV UTF-8",
                path.display()
            ))
        })?;
        settings.rules = Rules::from_csv(&text).map_err(|e| bad(format!("{}: {e}", path.display())))?;
    }

    let mut files = args.files.clone();
    files.extend(args.prices.iter().cloned());
    files.extend(args.invoice.iter().cloned());
    let mut inputs = Inputs::default();
    let mut changes = Vec::new();
    for (i, input) in read_inputs::load_in_parallel(&files, settings.rules.tests_users())?
        .into_iter()
        .enumerate()
    {
        let kind = input.kind();
        // A file given with --prices or --invoice must be that.
        let flag = match i.checked_sub(args.files.len()) {
            Some(j) if j < args.prices.len() => Some(("--prices", InputKind::Prices)),
            Some(_) => Some(("--invoice", InputKind::Invoice)),
            None => None,
        };
        if let Some((flag, wanted)) = flag.filter(|(_, wanted)| *wanted != kind) {
            return Err(bad(format!(
                "{} (given with {flag}) is the {kind}, not the {wanted}: give it without {flag}",
                input.file
            )));
        }
        if let Some(change) = settings.apply_file(&input) {
            changes.push(change);
            continue;
        }
        if let Some(conflict) = inputs.conflict(&input) {
            return Err(bad(conflict));
        }
        let file = input.file.clone();
        if let Some(first) = inputs.put(input) {
            return Err(bad(format!(
                "{} and {file} are both the {kind}: give one file of each kind (pages of one API listing \
                 are read together)",
                first.file
            )));
        }
    }
    // The flags are said last, so they win over files.
    settings
        .prices
        .set_north_american(args.local_price, args.toll_free_price);
    if args.invoice_count.is_some() || args.invoice_amount.is_some() {
        settings.invoice_count = args.invoice_count.or(settings.invoice_count);
        settings.invoice_amount = args.invoice_amount.or(settings.invoice_amount);
    }
    let report = Report::build(&inputs, &settings).map_err(|e| bad(e.to_string()))?;
    let mut more = Vec::new();
    if let Some(changes) = report.changes_csv() {
        more.push((CHANGES_FILE, changes));
    }
    if args.release_plan {
        more.push((RELEASE_PLAN_FILE, report.release_plan_csv(&BTreeSet::new())));
    }
    if args.xlsx {
        more.push((WORKBOOK_FILE, report.workbook_xlsx()));
    }
    let written = write_outputs(&args.out_dir, &report, &more)?;

    let mut out = std::io::stdout().lock();
    if args.email_summary {
        // Only the email's text on stdout, so all of it can be pasted; the rest to stderr.
        let _ = write!(out, "{}", report.email_summary().text);
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "Wrote {} numbers to:", report.rows.len());
        for path in written {
            let _ = writeln!(err, "  {}", path.display());
        }
    } else {
        let _ = print_report(&mut out, &report, &inputs, &changes, as_of_source, args.all_findings);
        let _ = writeln!(out, "\nWrote {} numbers to:", report.rows.len());
        for path in written {
            let _ = writeln!(out, "  {}", path.display());
        }
    }
    let failed = report.checks.iter().filter(|c| c.status == CheckStatus::Fail).count();
    // The process ends here: freeing a million rows one by one would only
    // add to its time (2% of all its instructions at 100,000 numbers, by callgrind).
    std::mem::forget(report);
    std::mem::forget(inputs);
    if args.strict && failed > 0 {
        return Err(Failure {
            code: exit::CHECK_FAILED,
            message: format!("{failed} quality check(s) failed (--strict); the report was written"),
        });
    }
    Ok(())
}

/// Writes the inventory and the assessment both at once, each a block at a
/// time as it is made (a million numbers' CSVs are 225 MB that need never be
/// in memory), and `more` whole; all of them or none
/// ([`Staged`]), the previous outputs untouched on any failure.
fn write_outputs(dir: &Path, report: &Report, more: &[(&str, Vec<u8>)]) -> Result<Vec<PathBuf>, Failure> {
    let mut names = vec![INVENTORY_FILE, ASSESSMENT_FILE];
    names.extend(more.iter().map(|(name, _)| *name));
    let (staged, files) = Staged::create(dir, &names)?;
    let failed = |name: &str, e: std::io::Error| Failure {
        code: exit::WRITE_FAILED,
        message: format!(
            "can't write {}: {e}; check the disk has room (the previous file is untouched)",
            dir.join(name).display()
        ),
    };
    let mut files = files.into_iter();
    // Each file is closed at the end of its writing: Windows renames no open file.
    let (Some(mut inventory), Some(mut assessment)) = (files.next(), files.next()) else {
        unreachable!("Staged::create opens a file per name")
    };
    let (inventory_written, assessment_written) = std::thread::scope(|scope| {
        let other = scope.spawn(move || report.write_assessment_csv(&mut |block| assessment.write_all(block)));
        let mine = report.write_inventory_csv(&mut |block| inventory.write_all(block));
        drop(inventory);
        let theirs = other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (mine, theirs)
    });
    inventory_written.map_err(|e| failed(INVENTORY_FILE, e))?;
    assessment_written.map_err(|e| failed(ASSESSMENT_FILE, e))?;
    for ((name, bytes), mut file) in more.iter().zip(files) {
        file.write_all(bytes).map_err(|e| failed(name, e))?;
    }
    staged.commit()
}

fn print_report(
    out: &mut impl Write,
    report: &Report,
    inputs: &Inputs,
    changes: &[SettingsChange],
    as_of_source: &str,
    all_findings: bool,
) -> std::io::Result<()> {
    let as_of = format_mdy(report.settings.as_of);
    writeln!(out, "As of {as_of} ({as_of_source}).")?;
    for input in InputKind::ALL.iter().filter_map(|k| inputs.get(*k)) {
        writeln!(
            out,
            "  {}: {} ({} rows, {})",
            input.kind(),
            input.file,
            input.rows_read,
            input.encoding.name()
        )?;
    }
    for change in changes {
        writeln!(out, "  {}: {} ({})", change.kind, change.file, change.summary)?;
    }
    for note in &report.notes {
        writeln!(out, "Note: {note}")?;
    }
    writeln!(out)?;
    write!(out, "{}", report.summary.to_text())?;
    writeln!(out, "\nWhere the numbers are, most first:")?;
    write!(out, "{}", report.locations().to_text(10))?;
    if let Some(changes) = &report.changes {
        writeln!(out)?;
        write!(out, "{}", changes.to_text())?;
    }
    writeln!(out, "\nQuality checks:")?;
    for check in &report.checks {
        writeln!(out, "  {check}")?;
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
            writeln!(
                out,
                "  … and {} more (--all-findings lists them all)",
                g.findings.len() - shown
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::exit;

    #[test]
    fn the_help_lists_every_exit_code() {
        for code in [0, exit::CHECK_FAILED, exit::BAD_INPUT, exit::WRITE_FAILED] {
            assert!(super::HELP.contains(&format!("\n{code:>4}  ")), "exit code {code}");
        }
    }
}

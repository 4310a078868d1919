//! `phone-inventory twilio release`: release the numbers of a reviewed plan.
//! A dry run by default; `--apply` asks for the count to be typed back, then
//! checks each number again, releases it and logs it. Usage and exit codes
//! are in `AFTER_HELP` (`--help`).

use std::collections::HashSet;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use super::api::{list_all, query_value, IncomingNumber, PAGE_SIZE};
use super::failure::{bad, code, ApiFailure, FailureKind, EXIT_CODES};
use super::http::Client;
use super::outputs::cents_text;
use super::plan::{self, PlannedNumber};
use super::release_log::{self, Outcome, ReleaseLog};
use crate::Failure;

const AFTER_HELP: &str = "\
Usage: phone-inventory twilio release PLAN.csv [--apply [--yes]]

PLAN.csv: Sid,AccountSid,PhoneNumber,FriendlyName,Monthly_Cost,Reason (the report's RELEASE rows).
A row without a Sid is found by listing its PhoneNumber in its account.
Without --apply nothing changes: it prints each number it would release, the monthly and yearly
saving, and each number it would skip and why (gone, or its number or friendly name changed).
With --apply it asks for the count to be typed back (--yes instead when there is no terminal),
then for each number: fetches it again and skips it if it is gone or changed, DELETEs it, and
appends Time,Sid,PhoneNumber,Result,Message to PLAN.release-log.csv beside the plan as it goes.
It stops at the first authentication or permission error, and never releases a SID the log
shows as released already. Credentials and PHONE_INVENTORY_TWILIO_URL as for `twilio fetch`.

";

/// Release the numbers of a reviewed plan (a dry run unless --apply).
#[derive(clap::Args)]
#[command(after_long_help = format!("{AFTER_HELP}{EXIT_CODES}"))]
pub(crate) struct Args {
    /// The release plan CSV.
    #[arg(value_name = "PLAN.csv")]
    plan: PathBuf,
    /// Release the numbers (without it, only show what would happen).
    #[arg(long)]
    apply: bool,
    /// Don't ask for the count to be typed back (needed with --apply when there is no terminal).
    #[arg(long, requires = "apply")]
    yes: bool,
}

/// What to do with one planned number.
enum Decision {
    Release { sid: String, found_by_phone: bool },
    Skip(String),
}

/// Failures after which nothing more should be tried.
fn stops_the_run(kind: FailureKind) -> bool {
    !matches!(
        kind,
        FailureKind::Refused | FailureKind::NotUnderstood | FailureKind::NotFound
    )
}

pub(crate) fn run(args: Args) -> Result<(), Failure> {
    let planned = plan::read(&args.plan)?;
    let log_path = release_log::path_beside(&args.plan);
    let released_before = release_log::released_before(&log_path);
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if args.apply && !args.yes && !terminal {
        return Err(bad(
            "--apply asks for the count to be typed back on a terminal; with no terminal add --yes".into(),
        ));
    }
    let (client, credentials) = super::connect()?;
    let secret = credentials.secret().to_string();
    let fail = |failure: ApiFailure| failure.into_failure(&secret);

    let mut out = std::io::stdout().lock();
    let mut reviewed: Vec<(&PlannedNumber, Decision)> = Vec::new();
    let (mut count, mut skipped, mut saving) = (0, 0, 0u64);
    let _ = writeln!(out, "Plan {} ({} numbers):", args.plan.display(), planned.len());
    for entry in &planned {
        let decision = check(&client, entry, &released_before).map_err(fail)?;
        match &decision {
            Decision::Release { sid, found_by_phone } => {
                let found = if *found_by_phone {
                    " [Sid found by PhoneNumber]"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "  release {} {sid} in {} \"{}\", {} a month: {}{found}",
                    entry.phone_number,
                    entry.account_sid,
                    entry.friendly_name.as_deref().unwrap_or(""),
                    cents_text(entry.monthly_cents),
                    entry.reason
                );
                count += 1;
                saving += entry.monthly_cents;
            }
            Decision::Skip(why) => {
                skipped += 1;
                let _ = writeln!(out, "  skip    {} (line {}): {why}", entry.phone_number, entry.line);
            }
        }
        reviewed.push((entry, decision));
    }
    let _ = writeln!(
        out,
        "{count} to release, saving {} a month and {} a year; {skipped} skipped.",
        cents_text(saving),
        cents_text(saving * 12)
    );
    if !args.apply {
        let _ = writeln!(
            out,
            "Dry run: nothing was released. Add --apply to release these {count} numbers."
        );
        return Ok(());
    }
    if count == 0 {
        let _ = writeln!(out, "Nothing to release.");
        return Ok(());
    }
    drop(out);
    if !args.yes {
        confirm(count)?;
    }
    apply(&client, &reviewed, &log_path, &released_before, &secret)
}

fn confirm(count: usize) -> Result<(), Failure> {
    eprint!("Type {count} to release these {count} numbers (anything else stops): ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| bad(format!("could not read the answer: {e}")))?;
    if answer.trim() != count.to_string() {
        return Err(bad(format!("nothing was released: the count typed was not {count}")));
    }
    Ok(())
}

fn apply(
    client: &Client,
    reviewed: &[(&PlannedNumber, Decision)],
    log_path: &std::path::Path,
    released_before: &HashSet<String>,
    secret: &str,
) -> Result<(), Failure> {
    let mut log = ReleaseLog::open(log_path)?;
    let (mut released, mut skipped, mut refused) = (0, 0, 0);
    for (entry, review) in reviewed {
        let phone = &entry.phone_number;
        let sid = match review {
            Decision::Skip(why) => {
                skipped += 1;
                log.append(entry.sid.as_deref().unwrap_or(""), phone, Outcome::Skipped, why)?;
                continue;
            }
            Decision::Release { sid, .. } => sid,
        };
        let failed = |log: &mut ReleaseLog, failure: ApiFailure| -> Result<(), Failure> {
            log.append(sid, phone, Outcome::Failed, &failure.detail)?;
            println!("  failed   {phone} {sid}: {}", failure.detail);
            if stops_the_run(failure.kind) {
                return Err(failure.into_failure(secret));
            }
            Ok(())
        };
        // Fetched again: it may have changed since the review.
        let recheck = PlannedNumber {
            sid: Some(sid.clone()),
            ..(*entry).clone()
        };
        match check(client, &recheck, released_before) {
            Err(failure) => {
                refused += 1;
                failed(&mut log, failure)?;
            }
            Ok(Decision::Skip(why)) => {
                skipped += 1;
                log.append(sid, phone, Outcome::Skipped, &why)?;
                println!("  skipped  {phone} {sid}: {why}");
            }
            Ok(Decision::Release { .. }) => {
                let path = format!(
                    "/2010-04-01/Accounts/{}/IncomingPhoneNumbers/{sid}.json",
                    entry.account_sid
                );
                match client.delete(&client.endpoints.api(&path), &format!("releasing {phone} ({sid})")) {
                    Ok(answer) if answer.status == 404 => {
                        skipped += 1;
                        log.append(
                            sid,
                            phone,
                            Outcome::Skipped,
                            "gone before the DELETE (released elsewhere?)",
                        )?;
                        println!("  skipped  {phone} {sid}: gone before the DELETE");
                    }
                    Ok(_) => {
                        released += 1;
                        log.append(sid, phone, Outcome::Released, "released")?;
                        println!("  released {phone} {sid}");
                    }
                    Err(failure) => {
                        refused += 1;
                        failed(&mut log, failure)?;
                    }
                }
            }
        }
    }
    println!(
        "Released {released}, skipped {skipped}, failed {refused}; the log is {}.",
        log_path.display()
    );
    if refused > 0 {
        return Err(Failure {
            code: code::REFUSED,
            message: format!(
                "{refused} numbers were not released; see {} for Twilio's reasons",
                log_path.display()
            ),
        });
    }
    Ok(())
}

/// Finds the planned number at Twilio now and decides: release it, or skip it and why.
fn check(client: &Client, entry: &PlannedNumber, released_before: &HashSet<String>) -> Result<Decision, ApiFailure> {
    let account = &entry.account_sid;
    let base = format!("/2010-04-01/Accounts/{account}/IncomingPhoneNumbers");
    let (sid, found_by_phone) = match &entry.sid {
        Some(sid) => (sid.clone(), false),
        None => {
            let path = format!(
                "{base}.json?PhoneNumber={}&PageSize={PAGE_SIZE}",
                query_value(&entry.phone_number)
            );
            let during = format!("looking up {} in {account}", entry.phone_number);
            let found: Vec<IncomingNumber> = list_all(client, &path, "incoming_phone_numbers", &during, &|_| true)?;
            match found.as_slice() {
                [] => return Ok(Decision::Skip(format!("not in {account} any more (released already?)"))),
                [one] => (one.sid.clone(), true),
                many => {
                    return Ok(Decision::Skip(format!(
                        "listed {} times in {account}; give its Sid",
                        many.len()
                    )))
                }
            }
        }
    };
    if released_before.contains(&sid) {
        return Ok(Decision::Skip(
            "released by an earlier run (see the release log)".into(),
        ));
    }
    let during = format!("fetching {} ({sid})", entry.phone_number);
    let number: IncomingNumber = match client.get_json(&client.endpoints.api(&format!("{base}/{sid}.json")), &during) {
        Err(failure) if failure.kind == FailureKind::NotFound => {
            return Ok(Decision::Skip(format!(
                "gone: {sid} is not in {account} (released already?)"
            )))
        }
        other => other?,
    };
    if number.phone_number != entry.phone_number {
        return Ok(Decision::Skip(format!(
            "{sid} is now {}, not {} as planned",
            number.phone_number, entry.phone_number
        )));
    }
    if let Some(planned_name) = &entry.friendly_name {
        let now = number.friendly_name.as_deref().unwrap_or("").trim();
        if now != planned_name {
            return Ok(Decision::Skip(format!(
                "its friendly name is now \"{now}\", not \"{planned_name}\" as planned"
            )));
        }
    }
    Ok(Decision::Release { sid, found_by_phone })
}

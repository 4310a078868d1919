//! `phone-inventory twilio fetch`: the account's numbers, last month's
//! phone-number charges and the prices, from Twilio's API into three files,
//! all or none. Usage and exit codes are in `AFTER_HELP` (`--help`).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use chrono::{Datelike, Months, NaiveDate, Utc};

use super::api::{list_all, query_value, CountryPrices, UsageRecord, PAGE_SIZE};
use super::failure::{bad, ApiFailure, FailureKind, EXIT_CODES};
use super::outputs::{self, Invoice, PriceRow, INVOICE_FILE, NUMBERS_FILE, PRICES_FILE};
use super::progress::Progress;
use super::{connect, inventory};
use crate::files::write_all_or_nothing;
use crate::Failure;
use inventory_core::{normalise, place_of};

const AFTER_HELP: &str = "\
Usage: phone-inventory twilio fetch --out-dir DIR [--month YYYY-MM] [--no-subaccounts]

Credentials (never a flag, never printed): TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN, or with
TWILIO_API_KEY and TWILIO_API_SECRET (preferred when both are set). A missing secret is asked for,
hidden, on a terminal. PHONE_INVENTORY_TWILIO_URL replaces https://api.twilio.com and
https://pricing.twilio.com (paths kept): a regional edge or a proxy; plain http only on loopback.

Lists the account and, unless --no-subaccounts, every subaccount that is not closed; in each, the
Local, Mobile and TollFree sub-lists and then the whole list (PageSize=1000, next_page_uri
followed). Writes into DIR, each file under a temporary name renamed only when all succeeded:
  twilio_numbers.csv  Sid,AccountSid,PhoneNumber,FriendlyName,DateCreated,NumberType,Voice,Sms,Mms,Fax,Status
                      NumberType: local, mobile, toll free (the sub-list) or other (in none)
  twilio_invoice.csv  Month,Numbers,Charges: Usage Records, category phonenumbers, of --month
                      (default: the last full calendar month, UTC), subaccounts included
  twilio_prices.csv   Country,NumberType,MonthlyPrice: the Pricing API's current_price for every
                      country with numbers (ISO code from the number's calling and area code)
A 429 is retried after its Retry-After, a 5xx, a timeout or a dropped connection with backoff;
every request has a timeout (PHONE_INVENTORY_TWILIO_TIMEOUT_MS, default 30000).

";

/// Fetch the account's numbers, a month's phone-number charges and the prices from Twilio.
#[derive(clap::Args)]
#[command(after_long_help = const_format_help())]
pub(crate) struct Args {
    /// Folder for the three CSVs.
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
    /// The invoice month (YYYY-MM). Default: the last full calendar month.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    month: Option<NaiveDate>,
    /// Only the main account, none of its subaccounts.
    #[arg(long)]
    no_subaccounts: bool,
}

fn const_format_help() -> String {
    format!("{AFTER_HELP}{EXIT_CODES}")
}

/// The first day of a `YYYY-MM` month.
fn parse_month(raw: &str) -> Result<NaiveDate, String> {
    let text = raw.trim();
    let valid = text.len() == 7 && text.as_bytes()[4] == b'-';
    valid
        .then(|| NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| format!("`{raw}` is not a month: write it like 2026-10"))
}

/// The first day of the last full calendar month before `today`.
fn last_full_month(today: NaiveDate) -> NaiveDate {
    let this_month = today.with_day(1).unwrap_or(today);
    this_month.checked_sub_months(Months::new(1)).unwrap_or(this_month)
}

pub(crate) fn run(args: Args) -> Result<(), Failure> {
    let today = Utc::now().date_naive();
    let month = args.month.unwrap_or_else(|| last_full_month(today));
    if month > today {
        return Err(bad(format!(
            "--month {} has not begun yet; give a past month",
            month.format("%Y-%m")
        )));
    }
    let progress = Progress::new();
    let (client, credentials) = connect()?;
    let secret = credentials.secret().to_string();
    let result = fetch(&client, &credentials.account_sid, &args, month, &progress);
    progress.done();
    let fetched = result.map_err(|failure| failure.into_failure(&secret))?;
    let outputs: [(&str, &[u8]); 3] = [
        (NUMBERS_FILE, &fetched.numbers_csv),
        (INVOICE_FILE, &fetched.invoice_csv),
        (PRICES_FILE, &fetched.prices_csv),
    ];
    let written = write_all_or_nothing(&args.out_dir, &outputs)?;
    let mut out = std::io::stdout().lock();
    for line in fetched.summary(progress.seconds()) {
        let _ = writeln!(out, "{line}");
    }
    for path in &written {
        let _ = writeln!(out, "  {}", path.display());
    }
    Ok(())
}

/// What was fetched, as file bytes, and what to say about it.
struct Fetched {
    numbers_csv: Vec<u8>,
    invoice_csv: Vec<u8>,
    prices_csv: Vec<u8>,
    accounts: usize,
    closed_skipped: usize,
    numbers: usize,
    invoice: Invoice,
    countries: Vec<&'static str>,
    unpriced: usize,
}

impl Fetched {
    fn summary(&self, seconds: f64) -> Vec<String> {
        let mut lines = vec![format!(
            "Fetched {} numbers from {} account{} in {seconds:.1} s{}.",
            self.numbers,
            self.accounts,
            if self.accounts == 1 { "" } else { "s" },
            match self.closed_skipped {
                0 => String::new(),
                n => format!(" ({n} closed subaccount{} skipped)", if n == 1 { "" } else { "s" }),
            }
        )];
        lines.push(format!(
            "Invoice {}: {} numbers, {} charged.",
            self.invoice.month, self.invoice.numbers, self.invoice.charges
        ));
        lines.push(format!(
            "Prices for: {}.",
            if self.countries.is_empty() {
                "none".into()
            } else {
                self.countries.join(", ")
            }
        ));
        if self.unpriced > 0 {
            lines.push(format!(
                "Note: {} numbers have a calling code with no known country, so no price row.",
                self.unpriced
            ));
        }
        lines.push("Wrote:".into());
        lines
    }
}

fn fetch(
    client: &super::http::Client,
    main_sid: &str,
    args: &Args,
    month: NaiveDate,
    progress: &Progress,
) -> Result<Fetched, ApiFailure> {
    progress.step("listing the accounts");
    let accounts = inventory::accounts(client, main_sid, !args.no_subaccounts)?;
    if accounts.closed_skipped > 0 {
        progress.note(&format!("Skipping {} closed subaccount(s).", accounts.closed_skipped));
    }
    progress.step("listing the numbers");
    let numbers = inventory::numbers(client, &accounts.listed, progress)?;
    progress.step(&format!("reading the {} usage records", month.format("%Y-%m")));
    let invoice = invoice(client, main_sid, month, !args.no_subaccounts, progress)?;
    let mut countries = BTreeSet::new();
    let mut unpriced = 0;
    for owned in &numbers {
        // The Pricing API is keyed by ISO country; a number carries none.
        let place = normalise(&owned.number.phone_number).ok().and_then(place_of);
        match place.map(|p| p.country.code()) {
            Some(iso) => {
                countries.insert(iso);
            }
            None => unpriced += 1,
        }
    }
    let mut prices = Vec::new();
    for iso in &countries {
        progress.step(&format!("reading the prices of {iso}"));
        prices.extend(country_prices(client, iso, progress)?);
    }
    prices.sort();
    Ok(Fetched {
        numbers_csv: outputs::numbers_csv(&numbers),
        invoice_csv: outputs::invoice_csv(&invoice),
        prices_csv: outputs::prices_csv(&prices),
        accounts: accounts.listed.len(),
        closed_skipped: accounts.closed_skipped,
        numbers: numbers.len(),
        invoice,
        countries: countries.into_iter().collect(),
        unpriced,
    })
}

/// The month's `phonenumbers` Usage Records of the main account, subaccounts included.
fn invoice(
    client: &super::http::Client,
    main_sid: &str,
    month: NaiveDate,
    with_subaccounts: bool,
    progress: &Progress,
) -> Result<Invoice, ApiFailure> {
    let last_day = month
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(month);
    let path = format!(
        "/2010-04-01/Accounts/{main_sid}/Usage/Records.json?Category=phonenumbers&StartDate={}&EndDate={}\
         &IncludeSubaccounts={with_subaccounts}&PageSize={PAGE_SIZE}",
        month.format("%Y-%m-%d"),
        last_day.format("%Y-%m-%d"),
    );
    let during = format!("reading the {} phone-number usage records", month.format("%Y-%m"));
    let records: Vec<UsageRecord> = list_all(client, &path, "usage_records", &during, &|_| true)?;
    let not_understood = |what: String| ApiFailure::new(FailureKind::NotUnderstood, &during, what);
    let (mut numbers, mut cents) = (0u64, 0u64);
    for record in records.iter().filter(|r| r.category == "phonenumbers") {
        let count = record.count.as_deref().unwrap_or("0");
        numbers += outputs::whole_count(count)
            .ok_or_else(|| not_understood(format!("count `{count}` is not a whole number")))?;
        let price = record.price.as_deref().unwrap_or("0");
        cents += outputs::cents(price).ok_or_else(|| not_understood(format!("price `{price}` is not an amount")))?;
        if let Some(unit) = record.price_unit.as_deref().filter(|u| !u.eq_ignore_ascii_case("usd")) {
            progress.note(&format!("Note: the usage records are priced in {unit}, not USD."));
        }
    }
    Ok(Invoice {
        month: month.format("%Y-%m").to_string(),
        numbers,
        charges: outputs::cents_text(cents),
    })
}

/// One country's prices; a country Twilio has no prices for (404) gets none, with a note.
fn country_prices(client: &super::http::Client, iso: &str, progress: &Progress) -> Result<Vec<PriceRow>, ApiFailure> {
    let url = client
        .endpoints
        .pricing(&format!("/v1/PhoneNumbers/Countries/{}", query_value(iso)));
    let during = format!("reading the phone-number prices of {iso}");
    let answer: CountryPrices = match client.get_json(&url, &during) {
        Err(failure) if failure.kind == FailureKind::NotFound => {
            progress.note(&format!(
                "Note: Twilio has no phone-number prices for {iso}; its numbers get no price row."
            ));
            return Ok(Vec::new());
        }
        other => other?,
    };
    if let Some(unit) = answer.price_unit.as_deref().filter(|u| !u.eq_ignore_ascii_case("usd")) {
        progress.note(&format!("Note: the prices of {iso} are in {unit}, not USD."));
    }
    let mut rows = Vec::new();
    for price in answer.phone_number_prices {
        let Some(raw) = price.current_price.as_deref() else {
            continue;
        };
        let monthly_price = outputs::price_text(raw).ok_or_else(|| {
            ApiFailure::new(
                FailureKind::NotUnderstood,
                &during,
                format!("current_price `{raw}` is not an amount"),
            )
        })?;
        let country = if answer.iso_country.is_empty() {
            iso.to_string()
        } else {
            answer.iso_country.clone()
        };
        rows.push(PriceRow {
            country,
            number_type: price.number_type.trim().to_lowercase(),
            monthly_price,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_and_default_to_the_last_full_one() {
        assert_eq!(
            parse_month("2026-10"),
            Ok(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap())
        );
        assert!(parse_month("2026-13").is_err() && parse_month("2026-1").is_err() && parse_month("oct").is_err());
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(last_full_month(day(2026, 11, 24)), day(2026, 10, 1));
        assert_eq!(last_full_month(day(2026, 1, 1)), day(2025, 12, 1));
    }
}

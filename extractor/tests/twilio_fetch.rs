//! `phone-inventory twilio fetch` against `twilio-test-server`, the strict
//! loopback stand-in for Twilio's API (see extractor/README.md for what that
//! proves and what only the live API can). Every run goes through `run`,
//! which checks that neither the auth token nor the API secret appears in
//! stdout, stderr or any file left in the output folder.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use twilio_test_server::{standard, Fault, FaultKind, TestServer, CLOSED_SID, MAIN_SID, SUB_SID};

mod common;
mod twilio_support;
use common::{listing, temp_dir, text};
use twilio_support::{command, run_in, token, Auth};

const NUMBERS: &str = "twilio_numbers.csv";
const INVOICE: &str = "twilio_invoice.csv";
const PRICES: &str = "twilio_prices.csv";

fn fetch(server: &TestServer, auth: &Auth, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["fetch", "--out-dir", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    run_in(&mut command(&server.url(), auth, &args), auth, out)
}

fn read(dir: &Path, name: &str) -> String {
    String::from_utf8(std::fs::read(dir.join(name)).unwrap()).expect("UTF-8")
}

const EXPECTED_INVOICE: &str = "Month,Numbers,Charges\r\n2026-10,316,367.50\r\n";
const EXPECTED_PRICES: &str = "Country,NumberType,MonthlyPrice\r\n\
CA,local,1.15\r\nCA,toll free,2.15\r\n\
GB,local,1.00\r\nGB,mobile,1.10\r\nGB,national,1.15\r\nGB,toll free,2.00\r\n\
US,local,1.15\r\nUS,toll free,2.15\r\n";

fn row(index: usize, account: &str, phone: &str, name: &str, date: &str, kind: &str, caps: &str) -> String {
    format!("PN{index:032x},{account},{phone},{name},{date},{kind},{caps},in-use\r\n")
}

#[test]
fn writes_the_three_files_exactly() {
    let server = TestServer::start(standard());
    let out = temp_dir("exact");
    let result = fetch(&server, &token(&standard()), &out, &["--month", "2026-10"]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert_eq!(
        listing(&out),
        [INVOICE, NUMBERS, PRICES],
        "three files, no temporary one"
    );
    assert_eq!(read(&out, INVOICE), EXPECTED_INVOICE);
    assert_eq!(read(&out, PRICES), EXPECTED_PRICES);

    let numbers = read(&out, NUMBERS);
    let lines: Vec<&str> = numbers.split_inclusive("\r\n").collect();
    assert_eq!(
        lines[0],
        "Sid,AccountSid,PhoneNumber,FriendlyName,DateCreated,NumberType,Voice,Sms,Mms,Fax,Status\r\n"
    );
    let (jan, jul, may) = (
        "\"Tue, 02 Jan 2024 10:00:00 +0000\"",
        "\"Thu, 30 Jul 2015 23:19:04 +0000\"",
        "\"Fri, 06 May 2022 08:30:00 +0000\"",
    );
    assert_eq!(
        lines[1],
        row(
            1,
            MAIN_SID,
            "+14155550000",
            "\"Support, \"\"Main\"\" line\"",
            jul,
            "local",
            "true,false,false,false"
        )
    );
    assert_eq!(
        lines[2],
        row(
            2,
            MAIN_SID,
            "+14155550001",
            "Café Zürich",
            may,
            "local",
            "true,true,false,false"
        )
    );
    assert_eq!(
        lines[3],
        row(
            3,
            MAIN_SID,
            "+14155550002",
            "\"Sales\nsecond line\"",
            jan,
            "local",
            "true,false,true,false"
        )
    );
    assert_eq!(
        lines[4],
        row(
            4,
            MAIN_SID,
            "+14155550003",
            "=cmd|' /C calc'!A0",
            jul,
            "local",
            "true,true,false,false"
        )
    );
    assert_eq!(
        lines[5],
        row(
            5,
            MAIN_SID,
            "+14155550004",
            "(415) 555-0004",
            may,
            "local",
            "true,false,false,false"
        )
    );
    assert_eq!(
        lines[182],
        row(
            182,
            MAIN_SID,
            "+447700900000",
            "+447700900000",
            may,
            "mobile",
            "true,true,false,false"
        )
    );
    assert_eq!(
        lines[207],
        row(
            207,
            MAIN_SID,
            "+18005550000",
            "(800) 555-0000",
            jan,
            "toll free",
            "true,false,true,false"
        )
    );
    assert_eq!(
        lines[247],
        row(
            247,
            MAIN_SID,
            "+12125550000",
            "(212) 555-0000",
            jul,
            "other",
            "true,false,false,false"
        )
    );
    assert_eq!(
        lines[252],
        row(
            252,
            SUB_SID,
            "+16465550000",
            "(646) 555-0000",
            jan,
            "local",
            "true,true,true,false"
        )
    );
    assert_eq!(lines.len(), 1 + 316, "every number of the open accounts once");
    let count = |kind: &str| lines.iter().filter(|l| l.contains(&format!(",{kind},true,"))).count();
    assert_eq!(
        (count("local"), count("mobile"), count("toll free"), count("other")),
        (241, 30, 40, 5)
    );
    assert!(!numbers.contains(CLOSED_SID), "the closed subaccount is skipped");

    // Strict paging: every list asked with PageSize=1000, later pages by their token, closed account untouched.
    let seen = server.seen();
    assert!(seen.iter().all(|s| !s.target.contains(CLOSED_SID)), "{seen:?}");
    for s in seen.iter().filter(|s| s.target.starts_with("/2010-04-01")) {
        assert!(s.target.contains("PageSize=1000"), "{s:?}");
    }
    let whole_list = format!("/2010-04-01/Accounts/{MAIN_SID}/IncomingPhoneNumbers.json?PageSize=1000");
    assert_eq!(
        seen.iter().filter(|s| s.target.starts_with(&whole_list)).count(),
        3,
        "251 numbers in pages of 100"
    );
    assert!(seen
        .iter()
        .any(|s| s.target == format!("{whole_list}&Page=2&PageToken=PA2")));
    assert!(seen.iter().any(|s| s.target.contains(
        "/Usage/Records.json?Category=phonenumbers&StartDate=2026-10-01&EndDate=2026-10-31&IncludeSubaccounts=true"
    )));
    for iso in ["US", "CA", "GB"] {
        assert!(
            seen.iter()
                .any(|s| s.target == format!("/v1/PhoneNumbers/Countries/{iso}")),
            "{iso}"
        );
    }
    let stdout = text(&result.stdout);
    assert!(
        stdout.contains("Fetched 316 numbers from 2 accounts") && stdout.contains("(1 closed subaccount skipped)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Invoice 2026-10: 316 numbers, 367.50 charged."),
        "{stdout}"
    );
    assert!(
        text(&result.stderr).contains("pages,"),
        "plain progress lines off a terminal"
    );
}

#[test]
fn an_api_key_is_preferred_and_only_the_main_account_with_no_subaccounts() {
    let server = TestServer::start(standard());
    let config = standard();
    let out = temp_dir("key");
    let auth = Auth::Key(config.api_key.clone(), config.api_secret.clone());
    let mut cmd = command(
        &server.url(),
        &auth,
        &["fetch", "--out-dir", out.to_str().unwrap(), "--month", "2026-10"],
    );
    // A wrong token beside the key: the key and its secret win.
    cmd.env("TWILIO_AUTH_TOKEN", "not-the-token");
    let result = run_in(&mut cmd, &auth, &out);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));

    let out = temp_dir("main-only");
    let result = fetch(&server, &auth, &out, &["--month", "2026-10", "--no-subaccounts"]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert_eq!(
        read(&out, NUMBERS)
            .split("\r\n")
            .filter(|l| l.starts_with("PN"))
            .count(),
        251
    );
    assert!(!read(&out, NUMBERS).contains(SUB_SID));
    assert!(server
        .seen()
        .iter()
        .any(|s| s.target.contains("IncludeSubaccounts=false")));
}

#[test]
fn the_default_month_is_the_last_full_one() {
    use chrono::{Datelike, Months, Utc};
    let server = TestServer::start(standard());
    let out = temp_dir("default-month");
    let result = fetch(&server, &token(&standard()), &out, &[]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let first = Utc::now()
        .date_naive()
        .with_day(1)
        .unwrap()
        .checked_sub_months(Months::new(1))
        .unwrap();
    let month = first.format("%Y-%m").to_string();
    assert!(server
        .seen()
        .iter()
        .any(|s| s.target.contains(&format!("StartDate={month}-01&"))));
    // The stand-in has usage for 2026-10 only; another month has no records.
    if month != "2026-10" {
        assert_eq!(
            read(&out, INVOICE),
            format!("Month,Numbers,Charges\r\n{month},0,0.00\r\n")
        );
    }
}

/// A fault, and the exit code and words of the one line it must give.
struct Case {
    fault: Option<Fault>,
    auth: Option<Auth>,
    url: Option<String>,
    code: i32,
    words: &'static [&'static str],
}

#[test]
fn every_failure_has_its_line_and_code_and_keeps_the_earlier_files() {
    let server = TestServer::start(standard());
    let free_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let always = usize::MAX;
    let fault = |path: &str, kind| Some(Fault::new("GET", path, always, kind));
    let cases = [
        Case {
            fault: None,
            auth: Some(Auth::Token("wrong-token-5e2b".into())),
            url: None,
            code: 22,
            words: &[
                "listing the accounts",
                "HTTP 401, Twilio error 20003: Authenticate (https://www.twilio.com/docs/errors/20003)",
                "TWILIO_AUTH_TOKEN",
            ],
        },
        Case {
            fault: fault("Mobile.json", FaultKind::Status(403, 20403, "Permission denied".into())),
            auth: None,
            url: None,
            code: 23,
            words: &[
                "listing the Mobile numbers of AC",
                "Twilio error 20403: Permission denied",
            ],
        },
        Case {
            fault: fault("TollFree.json", FaultKind::Status(404, 20404, "Not found".into())),
            auth: None,
            url: None,
            code: 24,
            words: &[
                "listing the TollFree numbers",
                "HTTP 404",
                "(https://www.twilio.com/docs/errors/20404)",
            ],
        },
        Case {
            fault: fault("Usage/Records", FaultKind::TooManyRequests(0)),
            auth: None,
            url: None,
            code: 25,
            words: &["usage records", "HTTP 429", "(3 attempts)"],
        },
        Case {
            fault: fault(
                "Countries/GB",
                FaultKind::Status(503, 20500, "Service unavailable".into()),
            ),
            auth: None,
            url: None,
            code: 26,
            words: &["prices of GB", "HTTP 503", "(3 attempts)"],
        },
        Case {
            fault: fault("Local.json", FaultKind::Slow(Duration::from_millis(2500))),
            auth: None,
            url: None,
            code: 27,
            words: &["Local numbers", "no answer in time", "(3 attempts)"],
        },
        Case {
            fault: fault("IncomingPhoneNumbers.json", FaultKind::DropMidAnswer),
            auth: None,
            url: None,
            code: 27,
            words: &["listing the numbers of AC", "dropped", "(3 attempts)"],
        },
        Case {
            fault: fault("Local.json?PageSize=1000&Page=1", FaultKind::Malformed),
            auth: None,
            url: None,
            code: 28,
            words: &["Local numbers", "not the JSON expected"],
        },
        Case {
            fault: fault(
                "Accounts.json",
                FaultKind::Status(400, 20001, "Invalid parameter".into()),
            ),
            auth: None,
            url: None,
            code: 29,
            words: &["HTTP 400, Twilio error 20001: Invalid parameter"],
        },
        Case {
            fault: None,
            auth: None,
            url: Some(format!("http://127.0.0.1:{free_port}")),
            code: 20,
            words: &["listing the accounts", "refused"],
        },
        Case {
            fault: None,
            auth: None,
            url: Some(format!("https://127.0.0.1:{}", server.port)),
            code: 21,
            words: &["TLS failed"],
        },
    ];
    let out = temp_dir("failures");
    for name in [NUMBERS, INVOICE, PRICES] {
        std::fs::write(out.join(name), format!("earlier {name}")).unwrap();
    }
    for case in cases {
        server.change(|config| config.faults = case.fault.iter().cloned().collect());
        let auth = case.auth.unwrap_or_else(|| token(&standard()));
        let url = case.url.unwrap_or_else(|| server.url());
        let args = ["fetch", "--out-dir", out.to_str().unwrap(), "--month", "2026-10"];
        let result = run_in(&mut command(&url, &auth, &args), &auth, &out);
        let stderr = text(&result.stderr);
        assert_eq!(result.status.code(), Some(case.code), "{:?}\n{stderr}", case.words);
        let failures: Vec<&str> = stderr.lines().filter(|l| l.starts_with("phone-inventory:")).collect();
        assert_eq!(failures.len(), 1, "{stderr}");
        for word in case.words {
            assert!(failures[0].contains(word), "`{word}` not in: {}", failures[0]);
        }
        assert_eq!(
            listing(&out),
            [INVOICE, NUMBERS, PRICES],
            "no partial or temporary file"
        );
        for name in [NUMBERS, INVOICE, PRICES] {
            assert_eq!(read(&out, name), format!("earlier {name}"));
        }
    }
}

#[test]
fn passing_faults_are_retried_and_the_files_are_the_same() {
    let clean = TestServer::start(standard());
    let baseline = temp_dir("retry-baseline");
    assert_eq!(
        fetch(&clean, &token(&standard()), &baseline, &["--month", "2026-10"])
            .status
            .code(),
        Some(0)
    );
    let mut config = standard();
    config.faults = vec![
        Fault::new("GET", "Accounts.json", 1, FaultKind::TooManyRequests(1)),
        Fault::new(
            "GET",
            "Local.json?PageSize=1000&Page=1",
            1,
            FaultKind::Status(500, 20500, "Internal error".into()),
        ),
        Fault::new("GET", "Mobile.json", 1, FaultKind::Slow(Duration::from_millis(2500))),
        Fault::new(
            "GET",
            "IncomingPhoneNumbers.json?PageSize=1000&Page=2",
            1,
            FaultKind::DropMidAnswer,
        ),
    ];
    let server = TestServer::start(config);
    let out = temp_dir("retry");
    let started = Instant::now();
    let result = fetch(&server, &token(&standard()), &out, &["--month", "2026-10"]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert!(started.elapsed() >= Duration::from_secs(1), "Retry-After: 1 was obeyed");
    for name in [NUMBERS, INVOICE, PRICES] {
        assert_eq!(read(&out, name), read(&baseline, name), "{name}");
    }
    let stderr = text(&result.stderr);
    for said in [
        "HTTP 429, Twilio error 20429",
        "HTTP 500",
        "no answer in time",
        "dropped",
    ] {
        assert!(
            stderr.contains(said) && stderr.contains("trying again"),
            "{said}: {stderr}"
        );
    }
}

#[test]
fn bad_settings_are_refused_before_any_request() {
    let server = TestServer::start(standard());
    let out = temp_dir("settings");
    let auth = token(&standard());
    let check = |mut cmd: Command, words: &str| {
        let result = run_in(&mut cmd, &auth, &out);
        assert_eq!(result.status.code(), Some(2), "{}", text(&result.stderr));
        assert!(
            text(&result.stderr).contains(words),
            "`{words}` not in {}",
            text(&result.stderr)
        );
    };
    let args = ["fetch", "--out-dir", out.to_str().unwrap()];
    let mut cmd = command(&server.url(), &auth, &args);
    cmd.env_remove("TWILIO_ACCOUNT_SID");
    check(cmd, "set TWILIO_ACCOUNT_SID");
    let mut cmd = command(&server.url(), &auth, &args);
    cmd.env("TWILIO_ACCOUNT_SID", "AC123");
    check(cmd, "is not an account SID");
    let mut cmd = command(&server.url(), &auth, &args);
    cmd.env_remove("TWILIO_AUTH_TOKEN");
    check(cmd, "no secret: set TWILIO_AUTH_TOKEN");
    check(command("http://api.example.com", &auth, &args), "plain HTTP");
    check(
        command(
            &server.url(),
            &auth,
            &["fetch", "--out-dir", out.to_str().unwrap(), "--month", "2026-13"],
        ),
        "not a month",
    );
    check(
        command(
            &server.url(),
            &auth,
            &["fetch", "--out-dir", out.to_str().unwrap(), "--month", "2999-01"],
        ),
        "has not begun",
    );
    assert!(server.seen().is_empty(), "{:?}", server.seen());
    assert_eq!(listing(&out), Vec::<String>::new());
}

#[test]
fn the_long_help_lists_the_exit_codes() {
    let output = Command::new(env!("CARGO_BIN_EXE_phone-inventory"))
        .args(["twilio", "fetch", "--help"])
        .output()
        .unwrap();
    let help = text(&output.stdout);
    for code in [
        "20  Twilio unreachable",
        "22  authentication failed",
        "25  throttled",
        "28  Twilio's answer could not",
    ] {
        assert!(help.contains(code), "{code}: {help}");
    }
}

/// The monthly run: `twilio fetch`, then `report` on what it wrote. The
/// numbers carry their type, the invoice figures run checks 1 and 3 with
/// nothing typed, and the UK numbers are priced at the UK rates fetched.
#[test]
fn fetch_then_report_runs_the_checks_and_prices_each_country() {
    let server = TestServer::start(standard());
    let out = temp_dir("fetch-report");
    let result = fetch(&server, &token(&standard()), &out, &["--month", "2026-10"]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let reports = out.join("report");
    let report = Command::new(env!("CARGO_BIN_EXE_phone-inventory"))
        .arg("report")
        .args([NUMBERS, INVOICE, PRICES].map(|name| out.join(name)))
        .args(["--as-of", "2026-11-24", "--all-findings", "--out-dir"])
        .arg(&reports)
        .output()
        .expect("the command runs");
    let stdout = text(&report.stdout);
    assert_eq!(report.status.code(), Some(0), "{}{stdout}", text(&report.stderr));
    assert!(stdout.contains("invoice figures: "), "{stdout}");
    assert!(stdout.contains("(2026-10: 316 numbers, charges 367.50)"), "{stdout}");
    assert!(stdout.contains("price table: "), "{stdout}");
    assert!(
        !stdout.contains("[not checked]"),
        "checks 1 and 3 run from the fetched invoice: {stdout}"
    );
    let inventory = read(&reports, "Twilio_Phone_Numbers_FULL_INVENTORY_v1.csv");
    let uk: Vec<&str> = inventory.lines().filter(|l| l.contains(",mobile,GB")).collect();
    assert_eq!(uk.len(), 30, "25 in the main account, 5 in the active subaccount");
    assert!(uk.iter().all(|l| l.contains(",1.10,")), "{uk:?}");
    assert!(inventory.lines().any(|l| l.ends_with(",toll free,US,United States")));
    assert!(inventory.lines().any(|l| l.contains(",local,CA,")));
    // Only the numbers in no sub-list have their type inferred.
    assert!(
        stdout.contains("Note: NumberType was inferred for 5 number(s)"),
        "{stdout}"
    );
    assert!(!stdout.contains("priced at the US"), "{stdout}");
}

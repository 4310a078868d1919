//! Opt-in: `twilio fetch` and a `release` dry run against the live Twilio API,
//! with a test account's credentials in the usual variables. Skipped (with a
//! note) unless `PHONE_INVENTORY_TEST_TWILIO=1`. Read only: nothing is released.

use std::process::Command;

mod common;
use common::{listing, temp_dir, text};

#[test]
fn fetch_and_a_dry_run_against_the_live_api() {
    if std::env::var("PHONE_INVENTORY_TEST_TWILIO").as_deref() != Ok("1") {
        eprintln!(
            "note: PHONE_INVENTORY_TEST_TWILIO is not 1, so the live Twilio test was skipped (see extractor/README.md)"
        );
        return;
    }
    let secrets: Vec<String> = ["TWILIO_AUTH_TOKEN", "TWILIO_API_SECRET"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .filter(|s| !s.is_empty())
        .collect();
    assert!(
        !secrets.is_empty(),
        "set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET)"
    );
    let out = temp_dir("live");
    let no_leak = |output: &std::process::Output| {
        for secret in &secrets {
            assert!(
                !text(&output.stdout).contains(secret) && !text(&output.stderr).contains(secret),
                "the secret leaked"
            );
            for name in listing(&out) {
                assert!(
                    !text(&std::fs::read(out.join(&name)).unwrap()).contains(secret),
                    "the secret leaked into {name}"
                );
            }
        }
    };
    let fetch = Command::new(env!("CARGO_BIN_EXE_phone-inventory"))
        .args(["twilio", "fetch", "--out-dir", out.to_str().unwrap()])
        .env_remove("PHONE_INVENTORY_TWILIO_URL")
        .output()
        .unwrap();
    no_leak(&fetch);
    assert_eq!(fetch.status.code(), Some(0), "{}", text(&fetch.stderr));
    let numbers = std::fs::read_to_string(out.join("twilio_numbers.csv")).unwrap();
    assert!(numbers.starts_with("Sid,AccountSid,PhoneNumber,FriendlyName,DateCreated,NumberType,"));
    assert!(std::fs::read_to_string(out.join("twilio_invoice.csv"))
        .unwrap()
        .starts_with("Month,Numbers,Charges\r\n"));
    assert!(std::fs::read_to_string(out.join("twilio_prices.csv"))
        .unwrap()
        .starts_with("Country,NumberType,MonthlyPrice\r\n"));
    eprintln!("{}", text(&fetch.stdout));

    // A dry run of the first number: looked up again, nothing released.
    let Some(first) = numbers.lines().nth(1) else { return };
    let cells: Vec<&str> = first.split(',').collect();
    let plan = out.join("plan.csv");
    std::fs::write(
        &plan,
        format!(
            "Sid,AccountSid,PhoneNumber,Monthly_Cost,Reason\r\n{},{},{},1.15,live test\r\n",
            cells[0], cells[1], cells[2]
        ),
    )
    .unwrap();
    let dry = Command::new(env!("CARGO_BIN_EXE_phone-inventory"))
        .args(["twilio", "release", plan.to_str().unwrap()])
        .env_remove("PHONE_INVENTORY_TWILIO_URL")
        .output()
        .unwrap();
    no_leak(&dry);
    assert_eq!(dry.status.code(), Some(0), "{}", text(&dry.stderr));
    assert!(text(&dry.stdout).contains("Dry run: nothing was released."));
}

//! Message logs through `phone-inventory report`: every shape (the SOP's
//! TwilioMessage table, the 2010 API's Messages CSV, a Messages API JSON
//! page), small and hand-made in tests/fixtures/logs, counted into the same
//! TotalMessages and LastActivity the stats give, with MessagesReceived and
//! LastReceived after the other columns; a log beside the stats refused; two
//! logs added with a repeated Sid counted once. The page's engine reads the
//! same files in `app/tests`.

use std::path::PathBuf;
use std::process::{Command, Output};

use inventory_core::INVENTORY_FILE;
use inventory_tests::fixture;
use inventory_tests::web::native_binary;

fn report(files: &[PathBuf]) -> (Output, Option<String>, tempfile::TempDir) {
    let out = tempfile::Builder::new().prefix("logs").tempdir().expect("a temp dir");
    let output = Command::new(native_binary())
        .arg("report")
        .arg(fixture("golden").join("numbers.csv"))
        .args(files)
        .args(["--as-of", "2026-11-24", "--all-findings", "--out-dir"])
        .arg(out.path())
        .output()
        .expect("phone-inventory runs");
    let inventory = std::fs::read_to_string(out.path().join(INVENTORY_FILE)).ok();
    (output, inventory, out)
}

fn log(name: &str) -> PathBuf {
    fixture("logs").join(name)
}

/// The inventory row of a number, by its shown form.
fn row<'a>(inventory: &'a str, phone: &str) -> Vec<&'a str> {
    let line = inventory
        .lines()
        .find(|l| l.starts_with(phone))
        .unwrap_or_else(|| panic!("{phone} in the inventory"));
    line.split(',').collect()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_sops_message_table_counts_senders_and_receivers() {
    let (output, inventory, _dir) = report(&[log("twilio_message_table.csv")]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let inventory = inventory.expect("the inventory");
    let header = inventory.lines().next().expect("a header");
    assert!(
        header.ends_with(",Country,Location,MessagesReceived,LastReceived"),
        "{header}"
    );
    // Phone, FriendlyName, Category, User, DateCreated, Cost, TotalMessages, LastActivity, …, MessagesReceived, LastReceived
    let sender = row(&inventory, "+1 (415) 555-0100");
    assert_eq!((sender[6], sender[7]), ("2", "11-20-2026"));
    assert_eq!((sender[13], sender[14]), ("0", ""));
    let receiver = row(&inventory, "+1 (415) 555-0101");
    assert_eq!((receiver[6], receiver[7], receiver[8]), ("0", "", "NEVER USED"));
    assert_eq!((receiver[13], receiver[14]), ("1", "10-25-2026"));
    let printed = stdout(&output);
    assert!(printed.contains("message log: "), "{printed}");
    assert!(
        printed.contains("+1 (415) 555-0101 received 1 message(s) (the last on 10-25-2026) but sent none"),
        "{printed}"
    );
    assert!(printed.contains("From: `MyBrand` is not a phone number"), "{printed}");
    // The WhatsApp sender with a NULL date: its message counts, its date doesn't.
    let whatsapp = row(&inventory, "+1 (415) 555-0130");
    assert_eq!((whatsapp[6], whatsapp[7]), ("1", ""));
    // No direction in this shape: a sender outside the account is one, as in the stats.
    assert!(
        printed.contains("+1 (500) 555-0009 sent 1 message(s) but is not in the Twilio account"),
        "{printed}"
    );
}

#[test]
fn the_2010_api_csv_and_a_json_page_count_alike() {
    for name in ["messages_2010.csv", "messages_page.json", "messages.jsonl"] {
        let (output, inventory, _dir) = report(&[log(name)]);
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let inventory = inventory.expect("the inventory");
        let sender = row(&inventory, "+1 (415) 555-0100");
        assert_eq!((sender[6], sender[7]), ("1", "11-20-2026"), "{name}");
        // Inbound: its From is the other party, its To received.
        let receiver = row(&inventory, "+1 (415) 555-0101");
        assert_eq!(
            (receiver[6], receiver[13], receiver[14]),
            ("0", "1", "10-25-2026"),
            "{name}"
        );
        let printed = stdout(&output);
        assert!(
            !printed.contains("+1 (500) 555-0009"),
            "{name}: an inbound From is no sender: {printed}"
        );
        // Queued, no DateSent: counted, undated.
        let queued = row(&inventory, "+1 (415) 555-0131");
        assert_eq!((queued[6], queued[7]), ("1", ""), "{name}");
    }
}

#[test]
fn a_log_beside_the_stats_is_refused_saying_which_to_drop() {
    let (output, inventory, _dir) = report(&[
        fixture("golden").join("message_stats.csv"),
        log("twilio_message_table.csv"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("twilio_message_table.csv is a message log and")
            && stderr.contains("message_stats.csv is the message stats")
            && stderr.contains("to count usage from the log"),
        "{stderr}"
    );
    assert!(inventory.is_none(), "nothing written");
}

#[test]
fn two_logs_add_up_and_a_repeated_sid_counts_once() {
    let (output, inventory, _dir) = report(&[log("twilio_message_table.csv"), log("twilio_message_table_next.csv")]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let inventory = inventory.expect("the inventory");
    let sender = row(&inventory, "+1 (415) 555-0100");
    // 2 in the first, 2 in the second of which one (…0002) repeats: 3, the latest 11-21.
    assert_eq!((sender[6], sender[7]), ("3", "11-21-2026"));
    let printed = stdout(&output);
    assert!(printed.contains("has 1 message(s) whose Sid"), "{printed}");
}

#[test]
fn without_a_log_the_inventory_has_no_received_columns() {
    let (output, inventory, _dir) = report(&[fixture("golden").join("message_stats.csv")]);
    assert!(output.status.success());
    let inventory = inventory.expect("the inventory");
    assert!(inventory
        .lines()
        .next()
        .expect("a header")
        .ends_with(",Country,Location"));
}

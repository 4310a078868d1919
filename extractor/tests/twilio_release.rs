//! `phone-inventory twilio release PLAN.csv` against `twilio-test-server`.
//! Every run also checks that no secret is in its output or in the plan's
//! folder (the release log included).

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use twilio_test_server::{standard, Fault, FaultKind, Number, TestServer, MAIN_SID};

mod common;
mod twilio_support;
use common::{temp_dir, text};
use twilio_support::{command, run_in, token};

const HEADER: &str = "Sid,AccountSid,PhoneNumber,FriendlyName,Monthly_Cost,Reason\r\n";

fn sid(index: usize) -> String {
    format!("PN{index:032x}")
}

/// A plan of the standard fixture's numbers at these indexes (1-based), as the report would write it;
/// indexes in `without_sid` leave the Sid empty.
fn plan(dir: &Path, indexes: &[usize], without_sid: &[usize]) -> PathBuf {
    let numbers = standard().numbers;
    let mut text = String::from("Sid,AccountSid,PhoneNumber,FriendlyName,Monthly_Cost,Reason\r\n");
    for &i in indexes {
        let n: &Number = &numbers[i - 1];
        let sid = if without_sid.contains(&i) {
            String::new()
        } else {
            n.sid.clone()
        };
        text.push_str(&format!(
            "{sid},{},{},{},1.15,NEVER USED\r\n",
            n.account_sid, n.phone_number, n.friendly_name
        ));
    }
    let path = dir.join("plan.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn release(server: &TestServer, plan: &Path, extra: &[&str]) -> Output {
    let auth = token(&standard());
    let mut args = vec!["release", plan.to_str().unwrap()];
    args.extend_from_slice(extra);
    run_in(&mut command(&server.url(), &auth, &args), &auth, plan.parent().unwrap())
}

fn deletes(server: &TestServer) -> Vec<String> {
    server
        .seen()
        .into_iter()
        .filter(|s| s.method == "DELETE")
        .map(|s| s.target)
        .collect()
}

/// The log's lines without their time: `Sid,PhoneNumber,Result,Message`.
fn log_lines(dir: &Path) -> Vec<String> {
    let log = std::fs::read_to_string(dir.join("plan.release-log.csv")).unwrap_or_default();
    log.lines()
        .skip(1)
        .map(|l| l.split_once(',').unwrap().1.to_string())
        .collect()
}

fn remaining(server: &TestServer) -> Vec<String> {
    server.numbers().into_iter().map(|n| n.sid).collect()
}

#[test]
fn the_dry_run_changes_nothing_and_apply_releases_exactly_the_plan() {
    let server = TestServer::start(standard());
    let dir = temp_dir("apply");
    // 7 is found by its phone number; 8 is renamed and 9 released since the plan was made; 252 is in the subaccount.
    let plan = plan(&dir, &[5, 6, 7, 8, 9, 10, 252], &[7]);
    server.change(|config| {
        config.numbers.retain(|n| n.sid != sid(9));
        config
            .numbers
            .iter_mut()
            .filter(|n| n.sid == sid(8))
            .for_each(|n| n.friendly_name = "Renamed by ops".into());
    });
    let before = remaining(&server);

    let result = release(&server, &plan, &[]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let stdout = text(&result.stdout);
    let found = format!(
        "  release +14155550006 {} in {MAIN_SID} \"(415) 555-0006\", 1.15 a month: NEVER USED",
        sid(7)
    );
    assert!(
        stdout.contains(&format!("{found} [Sid found by PhoneNumber]")),
        "{stdout}"
    );
    let renamed = "its friendly name is now \"Renamed by ops\", not \"(415) 555-0007\" as planned";
    assert!(
        stdout.contains(&format!("  skip    +14155550007 (line 5): {renamed}")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "  skip    +14155550008 (line 6): gone: {} is not in {MAIN_SID}",
            sid(9)
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("5 to release, saving 5.75 a month and 69.00 a year; 2 skipped."),
        "{stdout}"
    );
    assert!(stdout.contains("Dry run: nothing was released."), "{stdout}");
    assert!(server.seen().iter().any(|s| s
        .target
        .contains("IncomingPhoneNumbers.json?PhoneNumber=%2B14155550006&PageSize=1000")));
    assert_eq!(remaining(&server), before);
    assert!(deletes(&server).is_empty());
    assert!(!dir.join("plan.release-log.csv").exists(), "a dry run writes no log");

    // No terminal to type the count on, and no --yes: refused before anything happens.
    let result = release(&server, &plan, &["--apply"]);
    assert_eq!(result.status.code(), Some(2), "{}", text(&result.stderr));
    assert!(text(&result.stderr).contains("add --yes"));
    assert!(deletes(&server).is_empty());

    let result = release(&server, &plan, &["--apply", "--yes"]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let released: Vec<String> = [5, 6, 7, 10, 252].iter().map(|&i| sid(i)).collect();
    let mut expected_deletes: Vec<String> = [5, 6, 7, 10]
        .iter()
        .map(|&i| format!("/2010-04-01/Accounts/{MAIN_SID}/IncomingPhoneNumbers/{}.json", sid(i)))
        .collect();
    expected_deletes.push(format!(
        "/2010-04-01/Accounts/{}/IncomingPhoneNumbers/{}.json",
        twilio_test_server::SUB_SID,
        sid(252)
    ));
    assert_eq!(deletes(&server), expected_deletes, "exactly the plan, in its order");
    let after = remaining(&server);
    assert_eq!(after.len(), before.len() - 5);
    assert!(released.iter().all(|s| !after.contains(s)) && after.contains(&sid(8)));
    assert_eq!(
        log_lines(&dir),
        [
            format!("{},+14155550004,released,released", sid(5)),
            format!("{},+14155550005,released,released", sid(6)),
            format!("{},+14155550006,released,released", sid(7)),
            format!("{},+14155550007,skipped,\"{}\"", sid(8), renamed.replace('"', "\"\"")),
            format!(
                "{},+14155550008,skipped,gone: {} is not in {MAIN_SID} (released already?)",
                sid(9),
                sid(9)
            ),
            format!("{},+14155550009,released,released", sid(10)),
            format!("{},+16465550000,released,released", sid(252)),
        ]
    );

    // Run again: the plan is finished, nothing is released twice.
    let result = release(&server, &plan, &["--apply", "--yes"]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert!(text(&result.stdout).contains("0 to release") && text(&result.stdout).contains("Nothing to release."));
    assert_eq!(deletes(&server).len(), 5);
}

#[test]
fn it_stops_at_a_401_and_a_rerun_releases_the_rest_once() {
    let mut config = standard();
    config.faults = vec![Fault::new(
        "DELETE",
        &sid(22),
        1,
        FaultKind::Status(401, 20003, "Authenticate".into()),
    )];
    let server = TestServer::start(config);
    let dir = temp_dir("stop");
    let plan = plan(&dir, &[20, 21, 22, 23, 24], &[]);
    let result = release(&server, &plan, &["--apply", "--yes"]);
    assert_eq!(result.status.code(), Some(22), "{}", text(&result.stderr));
    let stderr = text(&result.stderr);
    let last = stderr.lines().last().unwrap();
    assert!(
        last.starts_with(&format!(
            "phone-inventory: releasing +14155550021 ({}): HTTP 401, Twilio error 20003",
            sid(22)
        )),
        "{stderr}"
    );
    assert_eq!(deletes(&server).len(), 3, "nothing after the 401");
    let said = "HTTP 401, Twilio error 20003: Authenticate (https://www.twilio.com/docs/errors/20003)";
    assert_eq!(
        log_lines(&dir)[2],
        format!("{},+14155550021,failed,\"{said}\"", sid(22))
    );

    let result = release(&server, &plan, &["--apply", "--yes"]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let deleted = deletes(&server);
    for i in [20, 21, 22, 23, 24] {
        let expected = if i == 22 { 2 } else { 1 };
        assert_eq!(
            deleted.iter().filter(|d| d.contains(&sid(i))).count(),
            expected,
            "{i}: {deleted:?}"
        );
    }
    let log = log_lines(&dir);
    assert_eq!(log.len(), 3 + 5, "{log:?}");
    assert!(
        log[3].starts_with(&format!("{},+14155550019,skipped,released by an earlier run", sid(20))),
        "{log:?}"
    );
    assert_eq!(log[5], format!("{},+14155550021,released,released", sid(22)));
}

#[test]
fn an_interrupted_run_logs_the_truth_and_a_rerun_does_not_release_twice() {
    let mut config = standard();
    config.faults = vec![Fault::new(
        "DELETE",
        &sid(32),
        1,
        FaultKind::Slow(Duration::from_secs(1)),
    )];
    let server = TestServer::start(config);
    let dir = temp_dir("interrupted");
    let plan = plan(&dir, &[30, 31, 32, 33], &[]);
    let auth = token(&standard());
    let mut child = command(
        &server.url(),
        &auth,
        &["release", plan.to_str().unwrap(), "--apply", "--yes"],
    )
    .env("PHONE_INVENTORY_TWILIO_TIMEOUT_MS", "10000")
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null())
    .spawn()
    .unwrap();
    let started = Instant::now();
    while !deletes(&server).iter().any(|d| d.contains(&sid(32))) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the DELETE of 32 never came"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    let _ = child.wait();
    // The stand-in finishes that DELETE: the number is gone though the log never heard.
    while remaining(&server).contains(&sid(32)) {
        assert!(started.elapsed() < Duration::from_secs(30));
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        log_lines(&dir),
        [
            format!("{},+14155550029,released,released", sid(30)),
            format!("{},+14155550030,released,released", sid(31))
        ]
    );

    let result = release(&server, &plan, &["--apply", "--yes"]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let log = log_lines(&dir);
    assert_eq!(log.len(), 2 + 4, "{log:?}");
    assert!(
        log[2].contains("skipped,released by an earlier run") && log[3].contains("skipped,released by an earlier run"),
        "{log:?}"
    );
    assert!(
        log[4].starts_with(&format!("{},+14155550031,skipped,gone", sid(32))),
        "{log:?}"
    );
    assert_eq!(log[5], format!("{},+14155550032,released,released", sid(33)));
    let deleted = deletes(&server);
    for i in [30, 31, 32, 33] {
        assert_eq!(
            deleted.iter().filter(|d| d.contains(&sid(i))).count(),
            1,
            "{i}: {deleted:?}"
        );
    }
}

#[test]
fn a_bad_plan_is_refused_with_its_line_and_nothing_is_asked_of_twilio() {
    let server = TestServer::start(standard());
    let dir = temp_dir("bad-plan");
    let path = dir.join("plan.csv");
    let cases = [
        (
            "AccountSid,FriendlyName,Monthly_Cost\r\nx,y,1\r\n".to_string(),
            "has no PhoneNumber column",
        ),
        (
            format!("{HEADER},AC1,+14155550000,x,1.15,r\r\n"),
            "line 2: AccountSid `AC1`",
        ),
        (
            format!("{HEADER},AC00000000000000000000000000000001,4155550000,x,1.15,r\r\n"),
            "line 2: PhoneNumber `4155550000` is not in E.164 form",
        ),
        (
            format!("{HEADER},AC00000000000000000000000000000001,+14155550000,x,cheap,r\r\n"),
            "line 2: Monthly_Cost `cheap` is not an amount",
        ),
    ];
    for (content, words) in cases {
        std::fs::write(&path, content).unwrap();
        let result = release(&server, &path, &["--apply", "--yes"]);
        assert_eq!(result.status.code(), Some(2), "{}", text(&result.stderr));
        assert!(
            text(&result.stderr).contains(words),
            "`{words}` not in {}",
            text(&result.stderr)
        );
    }
    let result = release(&server, &dir.join("missing.csv"), &[]);
    assert_eq!(result.status.code(), Some(2));
    assert!(server.seen().is_empty());
}

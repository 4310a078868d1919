//! The Windows build, `phone-inventory.exe` (release, `x86_64-pc-windows-gnu`),
//! run under Wine (see `wine/mod.rs`) and compared with the Linux build of
//! the same source: the same output bytes for every golden fixture and for
//! `extract` against the test TDS server, Windows paths (backslashes, spaces,
//! the drive letter `Z:`), the atomic replace of earlier outputs under
//! Windows' rules (a second run; a file held open), a wrong password,
//! non-ASCII text through the printout, and `twilio fetch` against the
//! loopback stand-in for Twilio's API (the same files; a wrong token).
//!
//! scripts/test builds the .exe, installs Wine and sets
//! `PHONE_INVENTORY_REQUIRE_WINE=1`; without them these tests print why and pass.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use inventory_core::{ASSESSMENT_FILE, INVENTORY_FILE};
use tds_test_server::{Config, TestServer};

mod common;
mod twilio_support;
mod wine;
use common::{listing, temp_dir, text};
use twilio_support::{run_in, token, with_twilio_env, Auth};
use wine::{windows_path, wine_and_exe};

const LINUX: &str = env!("CARGO_BIN_EXE_phone-inventory");
const AS_OF: [&str; 2] = ["--as-of", "2026-11-24"];
const GOLDEN: [&str; 5] = [
    "numbers.csv",
    "numbers_cp1252.csv",
    "numbers_utf16.csv",
    "message_stats.csv",
    "assignments.csv",
];

/// Copies the golden inputs (those that exist) into `dir`.
fn copy_golden(dir: &Path) {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/golden");
    std::fs::create_dir_all(dir).unwrap();
    for name in GOLDEN {
        if golden.join(name).is_file() {
            std::fs::copy(golden.join(name), dir.join(name)).unwrap();
        }
    }
}

fn expected(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/golden/expected")
            .join(name),
    )
    .unwrap()
}

fn outputs(dir: &Path) -> (Vec<u8>, Vec<u8>) {
    (
        std::fs::read(dir.join(INVENTORY_FILE)).unwrap(),
        std::fs::read(dir.join(ASSESSMENT_FILE)).unwrap(),
    )
}

fn ok(output: Output, what: &str) -> Output {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{what}: {}\n{}",
        text(&output.stderr),
        text(&output.stdout)
    );
    output
}

/// The printout up to its "Wrote … to:" lines, which hold the output paths.
fn before_paths(stdout: &[u8]) -> &[u8] {
    let at = stdout
        .windows(7)
        .position(|w| w == b"\nWrote ")
        .expect("a `Wrote … to:` line");
    &stdout[..at]
}

#[test]
fn report_on_every_golden_fixture_gives_the_linux_bytes_with_windows_paths() {
    let Some((wine, exe)) = wine_and_exe() else { return };
    let dir = temp_dir("golden");
    let inputs = dir.join("golden inputs");
    copy_golden(&inputs);
    for numbers in ["numbers.csv", "numbers_cp1252.csv", "numbers_utf16.csv"] {
        let files = [numbers, "message_stats.csv", "assignments.csv"];
        let linux_out = dir.join(format!("linux {numbers}"));
        let linux = Command::new(LINUX)
            .current_dir(&inputs)
            .arg("report")
            .args(files)
            .args(AS_OF)
            .arg("--out-dir")
            .arg(&linux_out)
            .output()
            .unwrap();
        let linux = ok(linux, "the Linux build");

        // Relative paths with backslashes and a space, from the inputs' folder.
        let windows = wine
            .command(&exe)
            .current_dir(&inputs)
            .arg("report")
            .args(files)
            .args(AS_OF)
            .arg("--out-dir")
            .arg(format!("..\\windows {numbers}"))
            .output()
            .unwrap();
        let windows = ok(windows, "the .exe, relative paths");
        let windows_out = dir.join(format!("windows {numbers}"));
        assert_eq!(
            outputs(&windows_out),
            outputs(&linux_out),
            "{numbers}: the .exe's outputs vs the Linux build's"
        );
        assert_eq!(
            text(before_paths(&windows.stdout)),
            text(before_paths(&linux.stdout)),
            "{numbers}: the printout"
        );
        let wrote = text(&windows.stdout);
        assert!(
            wrote.contains(&format!("  ..\\windows {numbers}\\{INVENTORY_FILE}\n")),
            "{wrote}"
        );

        // Absolute paths through the drive letter Z:, backslashes throughout.
        let absolute_out = dir.join(format!("windows absolute {numbers}"));
        let mut command = wine.command(&exe);
        command.arg("report");
        for file in files {
            command.arg(windows_path(&inputs.join(file)));
        }
        let windows = command
            .args(AS_OF)
            .arg("--out-dir")
            .arg(windows_path(&absolute_out))
            .output()
            .unwrap();
        ok(windows, "the .exe, Z: paths");
        assert_eq!(outputs(&absolute_out), outputs(&linux_out), "{numbers}: Z: paths");
        assert_eq!(
            listing(&absolute_out),
            [INVENTORY_FILE, ASSESSMENT_FILE],
            "no temporary file left"
        );
    }
    let (inventory, assessment) = outputs(&dir.join("windows numbers.csv"));
    assert!(
        inventory == expected(INVENTORY_FILE) && assessment == expected(ASSESSMENT_FILE),
        "golden expected/"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs the .exe's `report` on the golden inputs in `inputs` into `out` with `extra` flags.
fn windows_report(inputs: &Path, out: &Path, extra: &[&str]) -> Output {
    let (wine, exe) = wine_and_exe().expect("checked by the caller");
    let files = ["numbers.csv", "message_stats.csv", "assignments.csv"].map(|f| windows_path(&inputs.join(f)));
    wine.command(&exe)
        .arg("report")
        .args(files)
        .args(AS_OF)
        .args(extra)
        .arg("--out-dir")
        .arg(windows_path(out))
        .output()
        .unwrap()
}

fn linux_report(inputs: &Path, out: &Path, extra: &[&str]) -> (Vec<u8>, Vec<u8>) {
    let files = ["numbers.csv", "message_stats.csv", "assignments.csv"].map(|f| inputs.join(f));
    let run = Command::new(LINUX)
        .arg("report")
        .args(files)
        .args(AS_OF)
        .args(extra)
        .arg("--out-dir")
        .arg(out)
        .output();
    ok(run.unwrap(), "the Linux build");
    outputs(out)
}

#[test]
fn out_dir_replaces_earlier_outputs_under_windows_rules() {
    let Some((wine, _)) = wine_and_exe() else { return };
    let dir = temp_dir("replace");
    let inputs = dir.join("inputs");
    copy_golden(&inputs);
    let out = dir.join("reports");
    let prices = ["--local-price", "2.00", "--toll-free-price", "3.00"];

    // A first run, then a second over it (other prices, so other bytes), then the same again.
    ok(windows_report(&inputs, &out, &[]), "the first run");
    let first = outputs(&out);
    assert_eq!(first, linux_report(&inputs, &dir.join("linux default"), &[]));
    ok(windows_report(&inputs, &out, &prices), "a second run over the first");
    let second = outputs(&out);
    assert_ne!(second, first, "the second run's prices are in its outputs");
    assert_eq!(second, linux_report(&inputs, &dir.join("linux prices"), &prices));
    ok(windows_report(&inputs, &out, &prices), "a third run");
    assert_eq!(outputs(&out), second);
    assert_eq!(
        listing(&out),
        [INVENTORY_FILE, ASSESSMENT_FILE],
        "no temporary or backup file left"
    );

    // The assessment held open as a spreadsheet holds it: Windows refuses to
    // rename it, so the run fails with exit 3 and both earlier files stay
    // (the inventory, already replaced, is put back).
    let mut holder = wine
        .command(&wine.holder)
        .arg(windows_path(&out.join(ASSESSMENT_FILE)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(holder.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "holding", "hold_open.exe has the file open");
    let refused = windows_report(&inputs, &out, &[]);
    drop(holder.stdin.take());
    assert!(holder.wait().unwrap().success());
    let stderr = text(&refused.stderr);
    assert_eq!(refused.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("close it if a spreadsheet has it open"), "{stderr}");
    assert_eq!(outputs(&out), second, "the earlier outputs are untouched");
    assert_eq!(
        listing(&out),
        [INVENTORY_FILE, ASSESSMENT_FILE],
        "no temporary or backup file left"
    );
    // Closed, the next run replaces them.
    ok(windows_report(&inputs, &out, &[]), "the run after the file is closed");
    assert_eq!(outputs(&out), first);
    let _ = std::fs::remove_dir_all(&dir);
}

const PASSWORD: &str = "correct horse";
const FIXTURE: &str = "
CREATE TABLE TwilioMessage (Id INT NOT NULL, [From] NVARCHAR(50) NOT NULL, [To] NVARCHAR(50) NULL,
 DateSent DATETIME2 NULL);
INSERT INTO TwilioMessage (Id, [From], [To], DateSent) VALUES
 (1, '+14155550101', '+15550000001', '2026-11-20 09:15:00.1234567'),
 (2, '+14155550101', '+15550000002', '2026-11-23 20:07:57.9999999'),
 (3, 'whatsapp:+14155550101', '+15550000003', '2026-10-01 08:00:00'),
 (4, '+14155550102', '+15550000004', NULL);
CREATE TABLE TwilioPhoneNumber (Id INT NOT NULL, PhoneNumber NVARCHAR(20) NOT NULL, AspNetUserId NVARCHAR(450) NULL,
 Enabled BIT NOT NULL);
INSERT INTO TwilioPhoneNumber (Id, PhoneNumber, AspNetUserId, Enabled) VALUES
 (1, '+14155550101', 'u-1', 1),
 (2, '+14155550102', 'u-2', 0),
 (3, '+14155550103', NULL, 1);
CREATE TABLE AspNetUsers (Id NVARCHAR(450) NOT NULL, UserName NVARCHAR(256) NULL, Email NVARCHAR(256) NULL);
INSERT INTO AspNetUsers (Id, UserName, Email) VALUES
 ('u-1', 'José \"Pepe\" Martínez', 'jose@example.com'),
 ('u-2', 'Zoë Ørsted-Łukasz 山田', 'zoe@example.com');
";

/// `extract` with `password` in the environment (never in the arguments),
/// checking the password is in none of the output.
fn extract(command: &mut Command, args: &[String], password: &str) -> Output {
    let output = command
        .arg("extract")
        .args(args)
        .env("PHONE_INVENTORY_DB_PASSWORD", password)
        .output()
        .unwrap();
    let all = format!("{}{}", text(&output.stdout), text(&output.stderr));
    assert!(!all.contains(password), "the password leaked:\n{all}");
    output
}

fn tls_args(server: &TestServer, out: String) -> Vec<String> {
    let server = format!("127.0.0.1,{}", server.port);
    [
        "--server",
        &server,
        "--user",
        "extractor",
        "--trust-server-certificate",
        "--out-dir",
        &out,
    ]
    .map(String::from)
    .to_vec()
}

fn plaintext_args(server: &TestServer, out: String) -> Vec<String> {
    let ado = format!(
        "Server=tcp:127.0.0.1,{};Database=FarmGenie;User ID=extractor;Encrypt=DANGER_PLAINTEXT",
        server.port
    );
    vec!["--connection-string".into(), ado, "--out-dir".into(), out]
}

#[test]
fn extract_gives_the_linux_bytes_and_a_wrong_password_fails_clean() {
    let Some((wine, exe)) = wine_and_exe() else { return };
    const STATS: &str = "twilio_message_stats.csv";
    const ASSIGNMENTS: &str = "twilio_phone_assignments.csv";
    let server = TestServer::start(Config::new(FIXTURE));
    let dir = temp_dir("extract");
    let read = |out: &Path| {
        (
            std::fs::read(out.join(STATS)).unwrap(),
            std::fs::read(out.join(ASSIGNMENTS)).unwrap(),
        )
    };
    type Args = fn(&TestServer, String) -> Vec<String>;
    for (how, args) in [("tls", tls_args as Args), ("plaintext", plaintext_args as Args)] {
        let linux_out = dir.join(format!("linux {how}"));
        let linux = extract(
            &mut Command::new(LINUX),
            &args(&server, linux_out.display().to_string()),
            PASSWORD,
        );
        ok(linux, "the Linux build");
        let windows_out = dir.join(format!("windows {how}"));
        let windows = extract(
            &mut wine.command(&exe),
            &args(&server, windows_path(&windows_out)),
            PASSWORD,
        );
        ok(windows, "the .exe");
        assert_eq!(
            read(&windows_out),
            read(&linux_out),
            "{how}: the .exe's CSVs vs the Linux build's"
        );
        // A second extract over the first replaces both files.
        let again = extract(
            &mut wine.command(&exe),
            &args(&server, windows_path(&windows_out)),
            PASSWORD,
        );
        ok(again, "the .exe, a second run");
        assert_eq!(read(&windows_out), read(&linux_out));
        assert_eq!(listing(&windows_out), [STATS, ASSIGNMENTS], "no temporary file left");
    }
    let assignments = String::from_utf8(read(&dir.join("windows tls")).1).unwrap();
    assert!(assignments.contains("Zoë Ørsted-Łukasz 山田"), "{assignments}");

    // A wrong password: exit 12, a one-line message, the password nowhere, the old file kept.
    let secret = "Wr0ng-Pa55word-7731";
    let out = dir.join("wrong password");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(STATS), "previous good file").unwrap();
    for args in [
        tls_args(&server, windows_path(&out)),
        plaintext_args(&server, windows_path(&out)),
    ] {
        let failed = extract(&mut wine.command(&exe), &args, secret);
        let stderr = text(&failed.stderr);
        assert_eq!(failed.status.code(), Some(12), "{stderr}");
        let last = stderr.lines().last().unwrap();
        assert!(
            last.starts_with("phone-inventory: login failed on 127.0.0.1:"),
            "{stderr}"
        );
        assert!(last.contains("PHONE_INVENTORY_DB_PASSWORD"), "{last}");
    }
    assert_eq!(listing(&out), [STATS]);
    assert_eq!(std::fs::read_to_string(out.join(STATS)).unwrap(), "previous good file");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Non-ASCII in a folder and a file name, through the command line and the
/// printout. Written to a pipe or a file, the .exe's output is UTF-8 bytes,
/// the same as Linux's; on a console, Rust's standard library writes UTF-16
/// (WriteConsoleW), so the console's code page does not matter.
#[test]
fn non_ascii_names_read_right_through_the_printout() {
    let Some((wine, exe)) = wine_and_exe() else { return };
    let dir = temp_dir("non-ascii");
    let inputs = dir.join("Müller Ω");
    copy_golden(&inputs);
    let name = "números José 山田.csv";
    std::fs::rename(inputs.join("numbers.csv"), inputs.join(name)).unwrap();
    let files = [name, "message_stats.csv", "assignments.csv"];
    let run = |command: &mut Command, out: &str| {
        ok(
            command
                .current_dir(&inputs)
                .arg("report")
                .args(files)
                .args(AS_OF)
                .args(["--out-dir", out])
                .output()
                .unwrap(),
            out,
        )
    };
    let linux = run(&mut Command::new(LINUX), "linux");
    let windows = run(&mut wine.command(&exe), "windows");
    let printout = String::from_utf8(windows.stdout.clone()).expect("the .exe's printout is UTF-8");
    assert!(printout.contains(&format!("numbers export: {name} (")), "{printout}");
    assert!(printout.contains(&format!("{name}, line 15: ")), "{printout}");
    assert_eq!(
        before_paths(&windows.stdout),
        before_paths(&linux.stdout),
        "the same printout bytes"
    );
    // On a console (a terminal, through Wine's console): the standard library
    // writes UTF-16 there, and the terminal shows the same text.
    let mut args = vec!["report", name, "message_stats.csv", "assignments.csv"];
    args.extend(AS_OF);
    args.extend(["--out-dir", "console"]);
    let console = ok(
        wine.console_command(&exe, &args).current_dir(&inputs).output().unwrap(),
        "on a console",
    );
    let shown = strip_terminal_codes(&text(&console.stdout));
    assert!(
        shown.contains(&format!("  numbers export: {name} (35 rows, UTF-8)\n")),
        "{shown}"
    );
    assert_eq!(outputs(&inputs.join("console")), outputs(&inputs.join("linux")));
    // The absolute path, with its non-ASCII folder, through Z:.
    let absolute: Vec<String> = files.iter().map(|f| windows_path(&inputs.join(f))).collect();
    let out = windows_path(&dir.join("Ausgabe ü"));
    let windows = wine
        .command(&exe)
        .arg("report")
        .args(&absolute)
        .args(AS_OF)
        .args(["--out-dir", &out])
        .output()
        .unwrap();
    let printout = text(&ok(windows, "Z: paths").stdout);
    assert!(printout.contains(&format!("{out}\\{INVENTORY_FILE}")), "{printout}");
    assert_eq!(outputs(&dir.join("Ausgabe ü")), outputs(&inputs.join("linux")));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A terminal's output as plain text: no escape sequences, `\n` line ends.
fn strip_terminal_codes(shown: &str) -> String {
    let mut plain = String::new();
    let mut chars = shown.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                // CSI: ESC [ parameters, then one final letter (or ~).
                if chars.peek() == Some(&'[') {
                    chars.next();
                    for p in chars.by_ref() {
                        if p.is_ascii_alphabetic() || p == '~' {
                            break;
                        }
                    }
                }
            }
            '\r' => {}
            c => plain.push(c),
        }
    }
    plain
}

const TWILIO_FILES: [&str; 3] = ["twilio_invoice.csv", "twilio_numbers.csv", "twilio_prices.csv"];

/// `twilio fetch` through the .exe against the loopback stand-in for Twilio,
/// beside the Linux build against the same stand-in: the same three files,
/// byte for byte; a wrong token fails with the same line and exit code and
/// keeps the earlier files. Every run goes through `run_in`, so no secret
/// (the token, the API secret, the wrong token) is in any stdout, stderr or
/// file left in the output folder.
#[test]
fn twilio_fetch_gives_the_linux_bytes_and_a_wrong_token_fails_the_same() {
    let Some((wine, exe)) = wine_and_exe() else { return };
    let config = twilio_test_server::standard();
    let server = twilio_test_server::TestServer::start(config.clone());
    let dir = temp_dir("twilio");
    let fetch = |program: Command, out: &Path, out_arg: String, auth: &Auth| {
        let args = ["fetch", "--out-dir", &out_arg, "--month", "2026-10"];
        let mut command = with_twilio_env(program, &server.url(), auth, &args);
        // No fault is injected here, and a first Wine start beside the other
        // tests has taken longer than the fault tests' 1.5 s per request.
        command.env("PHONE_INVENTORY_TWILIO_TIMEOUT_MS", "20000");
        run_in(&mut command, auth, out)
    };
    let read = |out: &Path| TWILIO_FILES.map(|name| std::fs::read(out.join(name)).unwrap());

    let good = token(&config);
    let linux_out = dir.join("linux");
    ok(
        fetch(Command::new(LINUX), &linux_out, linux_out.display().to_string(), &good),
        "the Linux build",
    );
    let windows_out = dir.join("windows twilio");
    ok(
        fetch(wine.command(&exe), &windows_out, windows_path(&windows_out), &good),
        "the .exe",
    );
    assert_eq!(listing(&windows_out), TWILIO_FILES, "three files, no temporary one");
    let linux_files = read(&linux_out);
    for (name, (windows, linux)) in TWILIO_FILES.iter().zip(read(&windows_out).iter().zip(&linux_files)) {
        assert!(
            windows == linux,
            "{name}: the .exe's\n{}\nvs the Linux build's\n{}",
            text(windows),
            text(linux)
        );
    }

    // A wrong token over the earlier files: the same one line and exit code on both, the files kept.
    let wrong = Auth::Token("wrong-token-5e2b".into());
    let linux = fetch(Command::new(LINUX), &linux_out, linux_out.display().to_string(), &wrong);
    let windows = fetch(wine.command(&exe), &windows_out, windows_path(&windows_out), &wrong);
    let failures = |output: &Output| -> Vec<String> {
        text(&output.stderr)
            .lines()
            .filter(|l| l.starts_with("phone-inventory:"))
            .map(String::from)
            .collect()
    };
    assert_eq!(linux.status.code(), Some(22), "{}", text(&linux.stderr));
    assert_eq!(windows.status.code(), linux.status.code(), "{}", text(&windows.stderr));
    assert_eq!(failures(&linux).len(), 1, "{}", text(&linux.stderr));
    assert_eq!(
        failures(&windows),
        failures(&linux),
        "the .exe's failure line vs the Linux build's"
    );
    assert!(
        failures(&windows)[0].contains("TWILIO_AUTH_TOKEN"),
        "{}",
        text(&windows.stderr)
    );
    for out in [&windows_out, &linux_out] {
        assert_eq!(listing(out), TWILIO_FILES, "no partial or temporary file");
        assert!(
            read(out) == linux_files,
            "{}: the earlier files are untouched",
            out.display()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

//! `phone-inventory extract` against a TDS server: by default the test-only
//! one in `tds-test-server` (SQLite behind the SQL Server protocol, see its
//! doc and extractor/README.md for what that proves and what it can't); with
//! `PHONE_INVENTORY_TEST_MSSQL` set to an ADO connection string (and the
//! password in `PHONE_INVENTORY_DB_PASSWORD`), the tests that don't need the
//! fake server's knobs also run against that real SQL Server, in a scratch
//! database they create and drop (the login needs CREATE DATABASE).

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use tds_test_server::{Config, TestServer};

mod common;
use common::{listing, temp_dir, text};

const STATS: &str = "twilio_message_stats.csv";
const ASSIGNMENTS: &str = "twilio_phone_assignments.csv";
const PASSWORD: &str = "correct horse";
const REAL_SERVER: &str = "PHONE_INVENTORY_TEST_MSSQL";

/// Fixture tables with SQL Server types; valid T-SQL and SQLite both.
const MESSAGES: &str = "
CREATE TABLE TwilioMessage (Id INT NOT NULL, [From] NVARCHAR(50) NOT NULL, [To] NVARCHAR(50) NULL, DateSent DATETIME2 NULL);
INSERT INTO TwilioMessage (Id, [From], [To], DateSent) VALUES
 (1, '+14155550101', '+15550000001', '2026-11-20 09:15:00.1234567'),
 (2, '+14155550101', '+15550000002', '2026-11-23 20:07:57.9999999'),
 (3, 'whatsapp:+14155550101', '+15550000003', '2026-10-01 08:00:00'),
 (4, '+14155550102', '+15550000004', NULL),
 (5, '+14155550102', '+15550000005', NULL),
 (6, '+18005550199', '+15550000006', '2024-01-15 12:00:00.5'),
 (7, 'whatsapp:+447700900123', '+15550000007', '2026-09-01 00:00:00'),
 (8, '+14155550103', '+15550000008', '2025-06-30 23:59:59.9995');
";

const NUMBERS: &str = "
CREATE TABLE TwilioPhoneNumber (Id INT NOT NULL, PhoneNumber NVARCHAR(20) NOT NULL, AspNetUserId NVARCHAR(450) NULL, Enabled BIT NOT NULL);
INSERT INTO TwilioPhoneNumber (Id, PhoneNumber, AspNetUserId, Enabled) VALUES
 (1, '+14155550101', 'u-1', 1),
 (2, '+14155550102', 'u-2', 0),
 (3, '+14155550103', 'u-3', 1),
 (4, '+14155550104', 'u-4', 1),
 (5, '+14155550105', NULL, 1);
";

const USERS: &str = "
CREATE TABLE AspNetUsers (Id NVARCHAR(450) NOT NULL, UserName NVARCHAR(256) NULL, Email NVARCHAR(256) NULL);
INSERT INTO AspNetUsers (Id, UserName, Email) VALUES
 ('u-1', 'jane.doe', 'jane.doe@example.com'),
 ('u-2', 'José \"Pepe\" Martínez', 'jose.martinez@example.com'),
 ('u-4', 'Ops, Night Shift', 'ops@example.com');
";

const EXPECTED_STATS: &str = "From,MessageCount,LastDateSent\r\n\
+14155550101,2,2026-11-23T20:07:57.999\r\n\
+14155550102,2,\r\n\
+14155550103,1,2025-06-30T23:59:59.999\r\n\
+18005550199,1,2024-01-15T12:00:00.500\r\n\
whatsapp:+14155550101,1,2026-10-01T08:00:00.000\r\n\
whatsapp:+447700900123,1,2026-09-01T00:00:00.000\r\n";

const EXPECTED_JOINED: &str = "PhoneNumber,AspNetUserId,Enabled,UserName,Email\r\n\
+14155550101,u-1,1,jane.doe,jane.doe@example.com\r\n\
+14155550102,u-2,0,\"José \"\"Pepe\"\" Martínez\",jose.martinez@example.com\r\n\
+14155550103,u-3,1,,\r\n\
+14155550104,u-4,1,\"Ops, Night Shift\",ops@example.com\r\n\
+14155550105,,1,,\r\n";

const EXPECTED_PLAIN: &str = "PhoneNumber,AspNetUserId,Enabled\r\n\
+14155550101,u-1,1\r\n\
+14155550102,u-2,0\r\n\
+14155550103,u-3,1\r\n\
+14155550104,u-4,1\r\n\
+14155550105,,1\r\n";

fn command(args: &[String], password: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_phone-inventory"));
    command
        .arg("extract")
        .args(args)
        .env("PHONE_INVENTORY_DB_PASSWORD", password)
        .stdin(Stdio::null());
    command
}

/// Runs the command; whatever happens, its password is in none of its output
/// (so every success and failure path below is also a password test).
fn run(args: &[String], password: &str) -> Output {
    let output = command(args, password).output().expect("the command runs");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert!(
        password.is_empty() || (!stdout.contains(password) && !stderr.contains(password)),
        "the password leaked:\n{stdout}\n{stderr}"
    );
    output
}

/// Arguments for the fake server: TLS with flags, or no TLS at all with a connection string.
fn via_flags(server: &TestServer, out: &Path) -> Vec<String> {
    let port = server.port.to_string();
    [
        "--server",
        &format!("127.0.0.1,{port}"),
        "--user",
        "extractor",
        "--trust-server-certificate",
        "--out-dir",
        out.to_str().unwrap(),
    ]
    .map(String::from)
    .to_vec()
}

fn via_plaintext_string(server: &TestServer, out: &Path) -> Vec<String> {
    vec![
        "--connection-string".into(),
        format!(
            "Server=tcp:127.0.0.1,{};Database=FarmGenie;User ID=extractor;Encrypt=DANGER_PLAINTEXT",
            server.port
        ),
        "--out-dir".into(),
        out.to_str().unwrap().into(),
    ]
}

fn read(dir: &Path, name: &str) -> String {
    String::from_utf8(std::fs::read(dir.join(name)).unwrap()).expect("UTF-8")
}

// ------------------------------------------------------------ a real server

/// A scratch database on the real server named by PHONE_INVENTORY_TEST_MSSQL, dropped on drop.
struct RealDatabase {
    ado: String,
    name: String,
}

fn real_password() -> String {
    std::env::var("PHONE_INVENTORY_DB_PASSWORD").expect("PHONE_INVENTORY_DB_PASSWORD holds the real server's password")
}

async fn real_batch(ado: &str, database: &str, sql: &str) {
    use tokio_util::compat::TokioAsyncWriteCompatExt;
    let mut config = tiberius::Config::from_ado_string(ado).unwrap();
    config.database(database);
    let user = ado
        .split(';')
        .find_map(|p| {
            p.split_once('=')
                .filter(|(k, _)| k.trim().eq_ignore_ascii_case("user id"))
                .map(|(_, v)| v.trim().to_string())
        })
        .expect("User ID in PHONE_INVENTORY_TEST_MSSQL");
    config.authentication(tiberius::AuthMethod::sql_server(user, real_password()));
    let tcp = tokio::net::TcpStream::connect(config.get_addr()).await.unwrap();
    let mut client = tiberius::Client::connect(config, tcp.compat_write()).await.unwrap();
    client.simple_query(sql).await.unwrap().into_results().await.unwrap();
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

impl RealDatabase {
    fn create(fixture: &[&str]) -> Option<RealDatabase> {
        let ado = std::env::var(REAL_SERVER).ok()?;
        let name = format!("phone_inventory_test_{}_{}", std::process::id(), fixture.len());
        block_on(async {
            real_batch(&ado, "master", &format!("CREATE DATABASE [{name}]")).await;
            for sql in fixture {
                real_batch(&ado, &name, sql).await;
            }
        });
        Some(RealDatabase { ado, name })
    }

    fn args(&self, out: &Path) -> Vec<String> {
        vec![
            "--connection-string".into(),
            format!("{};Database={}", self.ado.trim_end_matches(';'), self.name),
            "--out-dir".into(),
            out.to_str().unwrap().into(),
        ]
    }
}

impl Drop for RealDatabase {
    fn drop(&mut self) {
        let sql = format!(
            "ALTER DATABASE [{0}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{0}]",
            self.name
        );
        block_on(real_batch(&self.ado, "master", &sql));
    }
}

fn skip_note() {
    eprintln!(
        "note: {REAL_SERVER} is not set, so this test ran against the test TDS server only (see extractor/README.md)"
    );
}

/// A real server orders GROUP BY results its own way: compare the header and the sorted rows.
fn same_rows(actual: &str, expected: &str) {
    fn sorted(s: &str) -> Vec<&str> {
        let mut lines: Vec<&str> = s.split_inclusive("\r\n").collect();
        lines[1..].sort();
        lines
    }
    assert_eq!(sorted(actual), sorted(expected));
}

// ------------------------------------------------------------------ tests

#[test]
fn writes_both_files_exactly_with_the_users_join() {
    let server = TestServer::start(Config::new(&[MESSAGES, NUMBERS, USERS].concat()));
    let out = temp_dir("join");
    let result = run(&via_plaintext_string(&server, &out), PASSWORD);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert_eq!(read(&out, STATS), EXPECTED_STATS);
    assert_eq!(read(&out, ASSIGNMENTS), EXPECTED_JOINED);
    assert_eq!(listing(&out), [STATS, ASSIGNMENTS], "no temporary file left");
    // The exact SQL, as SQL batches.
    let queries = server.queries();
    assert_eq!(queries.len(), 3, "{queries:?}");
    assert!(queries[0].contains("INFORMATION_SCHEMA.TABLES") && queries[0].contains("'AspNetUsers'"));
    assert_eq!(
        queries[1],
        "SELECT [From], COUNT(*) AS MessageCount, MAX(DateSent) AS LastDateSent FROM TwilioMessage GROUP BY [From]"
    );
    assert!(queries[2].contains("LEFT JOIN AspNetUsers ON TwilioPhoneNumber.AspNetUserId = AspNetUsers.Id"));
    let printed = text(&result.stdout);
    assert!(
        printed.contains("Wrote 6 message stats rows and 5 assignment rows from 127.0.0.1:"),
        "{printed}"
    );
    assert!(printed.contains(&out.join(STATS).display().to_string()));
    assert!(printed.contains(&format!(
        "phone-inventory report phone_numbers_inventory.csv {}",
        out.join(STATS).display()
    )));
    assert!(
        text(&result.stderr).contains("Encrypt=DANGER_PLAINTEXT"),
        "the plaintext mode is said out loud"
    );

    let Some(real) = RealDatabase::create(&[MESSAGES, NUMBERS, USERS]) else {
        return skip_note();
    };
    let out = temp_dir("join-real");
    let result = run(&real.args(&out), &real_password());
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    same_rows(&read(&out, STATS), EXPECTED_STATS);
    same_rows(&read(&out, ASSIGNMENTS), EXPECTED_JOINED);
}

#[test]
fn without_aspnetusers_runs_the_sops_plain_query_and_says_so() {
    let server = TestServer::start(Config::new(&[MESSAGES, NUMBERS].concat()));
    let out = temp_dir("plain");
    let result = run(&via_flags(&server, &out), PASSWORD);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert_eq!(read(&out, STATS), EXPECTED_STATS);
    assert_eq!(read(&out, ASSIGNMENTS), EXPECTED_PLAIN);
    assert_eq!(
        server.queries()[2],
        "SELECT PhoneNumber, AspNetUserId, Enabled FROM TwilioPhoneNumber"
    );
    assert!(
        text(&result.stdout).contains("the database has no AspNetUsers table"),
        "{}",
        text(&result.stdout)
    );

    let Some(real) = RealDatabase::create(&[MESSAGES, NUMBERS]) else {
        return skip_note();
    };
    let out = temp_dir("plain-real");
    let result = run(&real.args(&out), &real_password());
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    same_rows(&read(&out, ASSIGNMENTS), EXPECTED_PLAIN);
}

#[test]
fn tls_full_and_login_only_work_and_an_untrusted_certificate_is_refused() {
    let server = TestServer::start(Config::new(&[MESSAGES, NUMBERS, USERS].concat()));
    assert!(server
        .cert_pem
        .as_deref()
        .is_some_and(|pem| pem.starts_with("-----BEGIN CERTIFICATE-----")));
    // Encrypted throughout (the default) with the self-signed certificate trusted explicitly.
    let out = temp_dir("tls");
    let result = run(&via_flags(&server, &out), PASSWORD);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert_eq!(read(&out, STATS), EXPECTED_STATS);
    assert_eq!(read(&out, ASSIGNMENTS), EXPECTED_JOINED);
    assert!(text(&result.stderr).contains("accepted without being checked"));
    // Only the login encrypted.
    let out = temp_dir("tls-login-only");
    let mut args = via_flags(&server, &out);
    args.extend(["--encrypt".into(), "off".into()]);
    let result = run(&args, PASSWORD);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert_eq!(read(&out, ASSIGNMENTS), EXPECTED_JOINED);
    // Without --trust-server-certificate the self-signed certificate is refused.
    let out = temp_dir("tls-untrusted");
    let args: Vec<String> = via_flags(&server, &out)
        .into_iter()
        .filter(|a| a != "--trust-server-certificate")
        .collect();
    let result = run(&args, PASSWORD);
    assert_eq!(result.status.code(), Some(11), "{}", text(&result.stderr));
    let err = text(&result.stderr);
    let last = err.lines().last().unwrap();
    assert!(
        last.starts_with("phone-inventory: ") && last.contains("--trust-server-certificate"),
        "{err}"
    );
    assert_eq!(listing(&out), Vec::<String>::new());
    // strict refuses to skip the check.
    let mut args = via_flags(&server, &out);
    args.extend(["--encrypt".into(), "strict".into()]);
    assert_eq!(run(&args, PASSWORD).status.code(), Some(2));
}

#[test]
fn a_wrong_password_is_a_login_failure_and_is_never_shown() {
    let secret = "Wr0ng-Pa55word-7731";
    let server = TestServer::start(Config::new(&[MESSAGES, NUMBERS].concat()));
    let out = temp_dir("login");
    std::fs::write(out.join(STATS), "previous good file").unwrap();
    for args in [via_flags(&server, &out), via_plaintext_string(&server, &out)] {
        let result = run(&args, secret);
        assert_eq!(result.status.code(), Some(12), "{}", text(&result.stderr));
        let (stdout, stderr) = (text(&result.stdout), text(&result.stderr));
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "the password leaked:\n{stdout}\n{stderr}"
        );
        let last = stderr.lines().last().unwrap();
        assert!(
            last.starts_with("phone-inventory: login failed on 127.0.0.1:"),
            "{stderr}"
        );
        assert!(
            last.contains("Login failed for user 'extractor'.") && last.contains("PHONE_INVENTORY_DB_PASSWORD"),
            "{last}"
        );
    }
    assert_eq!(listing(&out), [STATS]);
    assert_eq!(read(&out, STATS), "previous good file");
    // A password in the connection string is refused without being echoed.
    let args = vec![
        "--connection-string".into(),
        format!("Server=127.0.0.1;User ID=x;Password={secret}"),
    ];
    let result = run(&args, PASSWORD);
    assert_eq!(result.status.code(), Some(2));
    assert!(!text(&result.stderr).contains(secret));
    // No password anywhere and no terminal: a clear refusal.
    let result = command(&via_flags(&server, &out), "")
        .env_remove("PHONE_INVENTORY_DB_PASSWORD")
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(2));
    assert!(text(&result.stderr).contains("set PHONE_INVENTORY_DB_PASSWORD"));

    let Some(real) = RealDatabase::create(&[MESSAGES, NUMBERS]) else {
        return skip_note();
    };
    let result = run(&real.args(&out), secret);
    assert_eq!(result.status.code(), Some(12), "{}", text(&result.stderr));
    assert!(!text(&result.stderr).contains(secret));
}

#[test]
fn missing_database_table_and_permission_have_their_own_codes() {
    let out = temp_dir("missing");
    std::fs::write(out.join(STATS), "old stats").unwrap();
    std::fs::write(out.join(ASSIGNMENTS), "old assignments").unwrap();
    let check = |result: Output, code: i32, needle: &str| {
        assert_eq!(result.status.code(), Some(code), "{}", text(&result.stderr));
        let err = text(&result.stderr);
        assert_eq!(
            err.lines().filter(|l| l.starts_with("phone-inventory:")).count(),
            1,
            "{err}"
        );
        assert!(err.lines().last().unwrap().contains(needle), "{err}");
        assert_eq!(read(&out, STATS), "old stats");
        assert_eq!(read(&out, ASSIGNMENTS), "old assignments");
        assert_eq!(listing(&out), [STATS, ASSIGNMENTS]);
    };
    // No TwilioPhoneNumber: the stats were already streamed, and are thrown away.
    let server = TestServer::start(Config::new(MESSAGES));
    check(
        run(&via_plaintext_string(&server, &out), PASSWORD),
        13,
        "Invalid object name 'TwilioPhoneNumber'. (error 208)",
    );
    let server = TestServer::start(Config::new(
        &[NUMBERS, "CREATE TABLE TwilioMessage ([From] NVARCHAR(50));"].concat(),
    ));
    check(
        run(&via_plaintext_string(&server, &out), PASSWORD),
        13,
        "Invalid column name 'DateSent'. (error 207)",
    );
    let mut args = via_flags(&server, &out);
    args.extend(["--database".into(), "FarmGenieOld".into()]);
    check(run(&args, PASSWORD), 13, "Cannot open database \"FarmGenieOld\"");
    let mut config = Config::new(&[MESSAGES, NUMBERS].concat());
    config.denied_tables = vec!["TwilioMessage".into()];
    let server = TestServer::start(config);
    check(
        run(&via_flags(&server, &out), PASSWORD),
        14,
        "The SELECT permission was denied on the object 'TwilioMessage'",
    );

    let Some(real) = RealDatabase::create(&[MESSAGES]) else {
        return skip_note();
    };
    check(
        run(&real.args(&out), &real_password()),
        13,
        "Invalid object name 'TwilioPhoneNumber'.",
    );
}

#[test]
fn host_unreachable_and_timeout_have_their_own_codes() {
    let out = temp_dir("unreachable");
    // A port nothing listens on: bind one, then free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let args = [
        "--server",
        &format!("127.0.0.1,{port}"),
        "--user",
        "u",
        "--out-dir",
        out.to_str().unwrap(),
    ]
    .map(String::from);
    let result = run(&args, PASSWORD);
    assert_eq!(result.status.code(), Some(10), "{}", text(&result.stderr));
    assert!(text(&result.stderr).contains(&format!("can't reach 127.0.0.1:{port}")));

    let mut config = Config::new(&[MESSAGES, NUMBERS].concat());
    config.stall = Some(Duration::from_secs(3));
    let server = TestServer::start(config);
    let mut args = via_flags(&server, &out);
    args.extend(["--timeout".into(), "1".into()]);
    let result = run(&args, PASSWORD);
    assert_eq!(result.status.code(), Some(15), "{}", text(&result.stderr));
    assert!(
        text(&result.stderr).contains("timed out after 1 s while looking for AspNetUsers"),
        "{}",
        text(&result.stderr)
    );
    assert_eq!(listing(&out), Vec::<String>::new());
}

#[test]
fn the_server_closing_mid_stream_leaves_the_old_files_and_no_partial_file() {
    // 3,000 senders; the server hangs up after 1,500 rows of the stats.
    let many = "CREATE TABLE TwilioMessage ([From] NVARCHAR(50) NOT NULL, DateSent DATETIME2 NULL);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
        INSERT INTO TwilioMessage SELECT printf('+1415%07d', i), '2026-01-02 03:04:05' FROM n;";
    let mut config = Config::new(&[many, NUMBERS].concat());
    config.close_after_rows = Some(1500);
    let server = TestServer::start(config);
    let out = temp_dir("midstream");
    std::fs::write(out.join(STATS), "old stats").unwrap();
    std::fs::write(out.join(ASSIGNMENTS), "old assignments").unwrap();
    for args in [via_flags(&server, &out), via_plaintext_string(&server, &out)] {
        let result = run(&args, PASSWORD);
        assert_eq!(result.status.code(), Some(16), "{}", text(&result.stderr));
        let err = text(&result.stderr);
        assert!(
            err.lines()
                .last()
                .unwrap()
                .contains("was lost while reading the message stats"),
            "{err}"
        );
        assert_eq!(read(&out, STATS), "old stats");
        assert_eq!(read(&out, ASSIGNMENTS), "old assignments");
        assert_eq!(listing(&out), [STATS, ASSIGNMENTS]);
    }
}

/// Peak resident memory of a running process, in KiB (Linux).
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[test]
fn twenty_thousand_rows_stream_to_disk_with_bounded_memory() {
    // 20,000 senders of ~1,000 characters: ~20 MB of text if held in memory.
    let rows = 20_000;
    let fixture = format!(
        "CREATE TABLE TwilioMessage ([From] NVARCHAR(4000) NOT NULL, DateSent DATETIME2 NULL);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
         INSERT INTO TwilioMessage SELECT printf('+1415%07d', i) || substr(hex(zeroblob(500)), 1, 988), '2026-01-02 03:04:05.678' FROM n;
         {NUMBERS}"
    );
    let mut config = Config::new(&fixture);
    config.hold_before_done_after_rows = Some(rows);
    let server = TestServer::start(config);
    let out = temp_dir("streaming");
    let started = Instant::now();
    let mut child = command(&via_flags(&server, &out), PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while !server.is_holding() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the server never reached the end of the result"
        );
        assert!(child.try_wait().unwrap().is_none(), "the command ended early");
        std::thread::sleep(Duration::from_millis(10));
    }
    // Every row but the last packet's is on the wire: it must be on disk already, not in memory.
    std::thread::sleep(Duration::from_millis(300));
    let temporary = out.join(format!(".{STATS}.{}.tmp", child.id()));
    let on_disk = std::fs::metadata(&temporary).map(|m| m.len()).unwrap_or(0);
    let peak = peak_kib(child.id());
    server.release();
    let result = child.wait_with_output().unwrap();
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let final_size = std::fs::metadata(out.join(STATS)).unwrap().len();
    assert!(
        on_disk * 10 >= final_size * 9,
        "only {on_disk} of {final_size} bytes were written while the result was open"
    );
    let stats = read(&out, STATS);
    assert_eq!(stats.lines().count(), rows + 1);
    assert!(stats.starts_with("From,MessageCount,LastDateSent\r\n+14150000001000"));
    assert!(stats.ends_with(&format!(
        "+14150020000{},1,2026-01-02T03:04:05.678\r\n",
        "0".repeat(988)
    )));
    if let Some(peak) = peak {
        eprintln!("peak resident memory while streaming {rows} rows ({final_size} bytes): {peak} KiB");
        assert!(
            peak < 16 * 1024,
            "peak memory {peak} KiB: rows are being held in memory"
        );
    }
}

#[test]
fn the_extract_feeds_the_report() {
    let server = TestServer::start(Config::new(&[MESSAGES, NUMBERS, USERS].concat()));
    let out = temp_dir("e2e");
    let result = run(&via_flags(&server, &out), PASSWORD);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let numbers = out.join("phone_numbers_inventory.csv");
    std::fs::write(
        &numbers,
        "PhoneNumber,FriendlyName,DateCreated\n\
         +14155550101,Support line,2024-01-02\n\
         +14155550102,Spare line,2024-01-02\n\
         +14155550103,Sales line,2024-01-02\n\
         +18005550199,Main toll-free,2021-05-06\n\
         +447700900123,UK desk,2023-03-04\n\
         +14155550109,Unused line,2022-01-01\n",
    )
    .unwrap();
    let report = Command::new(env!("CARGO_BIN_EXE_phone-inventory"))
        .args([
            "report",
            numbers.to_str().unwrap(),
            out.join(STATS).to_str().unwrap(),
            out.join(ASSIGNMENTS).to_str().unwrap(),
        ])
        .args(["--as-of", "2026-11-24", "--out-dir", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(report.status.code(), Some(0), "{}", text(&report.stderr));
    let inventory = read(&out, "Twilio_Phone_Numbers_FULL_INVENTORY_v1.csv");
    for line in [
        // +1 and whatsapp:+1 count together: 2 + 1 messages, the latest date wins.
        "+1 (415) 555-0101,Support line,Other/System,jane.doe,01-02-2024,1.15,3,11-23-2026,ACTIVE (30 days),Yes,local,US,California\r\n",
        // Two messages, both with a NULL DateSent: counted, never used.
        "+1 (415) 555-0102,Spare line,Other/System,\"José \"\"Pepe\"\" Martínez\",01-02-2024,1.15,2,,NEVER USED,Yes,local,US,California\r\n",
        "+1 (415) 555-0103,Sales line,Other/System,u-3,01-02-2024,1.15,1,06-30-2025,DORMANT (>1 year),Yes,local,US,California\r\n",
        "+1 (800) 555-0199,Main toll-free,Other/System,,05-06-2021,2.15,1,01-15-2024,DORMANT (>1 year),No,toll free,US,United States\r\n",
        "+44 7700900123,UK desk,Other/System,,03-04-2023,1.15,1,09-01-2026,RECENT (90 days),No,local,GB,United Kingdom\r\n",
        "+1 (415) 555-0109,Unused line,Other/System,,01-01-2022,1.15,0,,NEVER USED,No,local,US,California\r\n",
    ] {
        assert!(inventory.contains(line), "{line}\n{inventory}");
    }
    let assessment = read(&out, "Twilio_Phone_Usage_Assessment_v1.csv");
    // Assigned to a disabled user and never used: released; the enabled unused one is reviewed.
    assert!(assessment.contains("+1 (415) 555-0102,Spare line,Other/System,\"José \"\"Pepe\"\" Martínez\",Yes,2,,,NEVER USED,1.15,RELEASE\r\n"), "{assessment}");
    let printed = text(&report.stdout);
    assert!(printed.contains("Assigned in the database but not"), "{printed}");
}

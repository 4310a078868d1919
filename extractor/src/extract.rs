//! `phone-inventory extract (--server HOST[,PORT] | --connection-string ADO_STRING)
//!     [--database FarmGenie] [--user NAME] [--integrated]
//!     [--encrypt (on|off|strict)] [--trust-server-certificate]
//!     [--timeout SECONDS] [--out-dir DIR]`
//!
//! Reads the two database inputs of the report from the FarmGenie SQL Server
//! and writes them as `twilio_message_stats.csv` (`From,MessageCount,LastDateSent`)
//! and `twilio_phone_assignments.csv` (`PhoneNumber,AspNetUserId,Enabled[,UserName,Email]`)
//! into DIR (default: the current folder).
//!
//! - Password: from the environment variable `PHONE_INVENTORY_DB_PASSWORD`, or
//!   asked for without echo when run on a terminal. Never a flag, never printed.
//!   A connection string holding a password is refused.
//! - `--integrated`: Windows authentication, on Windows only.
//! - Encryption is required by default (`--encrypt on`); `off` encrypts the
//!   login only; `strict` is `on` and also refuses `--trust-server-certificate`
//!   (tiberius 0.12 has no TDS 8.0, so it is not ADO's `Encrypt=Strict`).
//!   A self-signed server certificate is accepted only with
//!   `--trust-server-certificate`. A connection string's `Encrypt` and
//!   `TrustServerCertificate` keys are used when no flag says otherwise;
//!   `Encrypt=DANGER_PLAINTEXT` turns TLS off entirely (for servers without it).
//! - `--timeout` (default 120 s) bounds every wait for the server: connecting,
//!   logging in, and each pause in a query's result (so a server that spends
//!   longer than that aggregating before its first row times out).
//! - The stats are `SELECT [From], COUNT(*) AS MessageCount, MAX(DateSent) AS
//!   LastDateSent FROM TwilioMessage GROUP BY [From]`; the assignments add
//!   `UserName` and `Email` from `AspNetUsers` (LEFT JOIN on
//!   `AspNetUserId = AspNetUsers.Id`) when `INFORMATION_SCHEMA.TABLES` lists it,
//!   else the SOP's `SELECT PhoneNumber, AspNetUserId, Enabled FROM TwilioPhoneNumber`.
//! - Output: UTF-8 without BOM, CRLF line ends, cells quoted only where RFC 4180
//!   needs it, dates as ISO 8601 with milliseconds (`2025-12-09T20:07:57.123`,
//!   truncated, never rounded into the next day; a `datetimeoffset` is
//!   converted to UTC and ends in `Z`), `Enabled` as `1`/`0`, NULL as an empty cell.
//!   Rows are streamed to temporary files as they arrive; both are renamed
//!   into place only after both queries finished, so a failure leaves the
//!   previous files untouched and no partial file behind.
//!
//! Exit codes (besides `2`, a flag or setting that can't be used, and `3`, an
//! output that can't be written):
//!
//! | code | meaning | what to check |
//! |---|---|---|
//! | 10 | host unreachable | the host name, port or instance in `--server`, the network, the firewall |
//! | 11 | TLS failed | the server's certificate (`--trust-server-certificate` for a self-signed one), `--encrypt` |
//! | 12 | login failed | `--user` and the password (`PHONE_INVENTORY_DB_PASSWORD`) |
//! | 13 | database, table or column missing | `--database`, that this is the FarmGenie database |
//! | 14 | permission denied | the login's SELECT rights on the tables |
//! | 15 | timeout | the server's load, `--timeout` |
//! | 16 | connection lost after the login (mid-stream included) | the network, the server's log; run again |
//! | 17 | the server refused a query for another reason | the message; the server's version |
//! | 18 | the server's answer could not be understood | the server is SQL Server 2008 or later |

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDateTime, Utc};
use futures_util::TryStreamExt;
use tiberius::{AuthMethod, Client, ColumnData, Config, EncryptionLevel, FromSql, SqlBrowser};
use tokio::net::TcpStream;
use tokio_util::compat::{Compat, TokioAsyncWriteCompatExt};

use crate::files::Staged;
use crate::{exit, Failure};

pub const STATS_FILE: &str = "twilio_message_stats.csv";
pub const ASSIGNMENTS_FILE: &str = "twilio_phone_assignments.csv";
pub const PASSWORD_VARIABLE: &str = "PHONE_INVENTORY_DB_PASSWORD";

pub const STATS_SQL: &str =
    "SELECT [From], COUNT(*) AS MessageCount, MAX(DateSent) AS LastDateSent FROM TwilioMessage GROUP BY [From]";
pub const HAS_USERS_SQL: &str =
    "SELECT COUNT(*) AS Found FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'AspNetUsers'";
pub const ASSIGNMENTS_SQL: &str = "SELECT PhoneNumber, AspNetUserId, Enabled FROM TwilioPhoneNumber";
pub const ASSIGNMENTS_WITH_USERS_SQL: &str = "SELECT TwilioPhoneNumber.PhoneNumber, TwilioPhoneNumber.AspNetUserId, \
     TwilioPhoneNumber.Enabled, AspNetUsers.UserName, AspNetUsers.Email FROM TwilioPhoneNumber \
     LEFT JOIN AspNetUsers ON TwilioPhoneNumber.AspNetUserId = AspNetUsers.Id";

/// Exit codes of `extract`, documented at the top of this file.
pub mod code {
    pub const HOST_UNREACHABLE: u8 = 10;
    pub const TLS_FAILED: u8 = 11;
    pub const LOGIN_FAILED: u8 = 12;
    pub const MISSING: u8 = 13;
    pub const PERMISSION_DENIED: u8 = 14;
    pub const TIMEOUT: u8 = 15;
    pub const CONNECTION_LOST: u8 = 16;
    pub const QUERY_FAILED: u8 = 17;
    pub const PROTOCOL: u8 = 18;
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Encrypt {
    /// Everything encrypted (the default).
    On,
    /// Only the login is encrypted.
    Off,
    /// Everything encrypted, and the certificate is always checked.
    Strict,
}

/// Read the message stats and the number assignments from the database into two CSVs.
#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("target").required(true).args(["server", "connection_string"]))]
pub struct Args {
    /// The SQL Server: HOST, HOST,PORT or HOST\INSTANCE (port 1433 by default).
    #[arg(long, value_name = "HOST[,PORT]")]
    server: Option<String>,
    /// An ADO.NET connection string (Server=...;Database=...;User ID=...), without the password.
    #[arg(long, value_name = "ADO_STRING")]
    connection_string: Option<String>,
    /// The database. Default: the connection string's, else FarmGenie.
    #[arg(long, value_name = "NAME")]
    database: Option<String>,
    /// SQL Server login name (the password comes from PHONE_INVENTORY_DB_PASSWORD or a prompt).
    #[arg(long, value_name = "NAME", conflicts_with = "integrated")]
    user: Option<String>,
    /// Windows authentication as the current Windows user (Windows only).
    #[arg(long)]
    integrated: bool,
    /// Encryption: on (default), off (login only), strict.
    #[arg(long, value_enum, value_name = "MODE")]
    encrypt: Option<Encrypt>,
    /// Accept the server's certificate without checking it (a self-signed certificate).
    #[arg(long)]
    trust_server_certificate: bool,
    /// Longest wait for the server, in seconds, at any step.
    #[arg(long, value_name = "SECONDS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
    /// Folder for the two CSVs. Default: the current folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    out_dir: PathBuf,
}

fn bad(message: String) -> Failure {
    Failure { code: exit::BAD_INPUT, message }
}

fn fail(code: u8, message: String) -> Failure {
    // One line, whatever the server said.
    Failure { code, message: message.replace(['\r', '\n'], " ") }
}

/// The keys of an ADO.NET connection string, lower-cased, with their values.
/// Values may be quoted with '…', "…" or {…}.
fn ado_pairs(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let Some(eq) = rest.find('=') else { break };
        let key = rest[..eq].trim().trim_start_matches(';').trim().to_ascii_lowercase();
        let after = rest[eq + 1..].trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('\'' | '"' | '{')) => {
                let close = if q == '{' { '}' } else { q };
                match after[1..].find(close) {
                    Some(end) => (after[1..1 + end].to_string(), &after[2 + end..]),
                    None => (after[1..].to_string(), ""),
                }
            }
            _ => match after.find(';') {
                Some(end) => (after[..end].trim().to_string(), &after[end..]),
                None => (after.trim().to_string(), ""),
            },
        };
        pairs.push((key, value));
        rest = next.trim_start_matches(|c: char| c == ';' || c.is_whitespace());
    }
    pairs
}

struct Target {
    config: Config,
    /// HOST:PORT (or HOST\INSTANCE) for messages.
    shown: String,
    user: String,
    database: String,
    notes: Vec<String>,
}

fn build_target(args: &Args) -> Result<Target, Failure> {
    let mut notes = Vec::new();
    let mut user = args.user.clone();
    let mut database = args.database.clone();
    let mut from_string_encrypt = None;
    let mut from_string_trust = false;
    let mut config = match (&args.server, &args.connection_string) {
        (Some(server), _) => {
            let mut config = Config::new();
            let (host, port) = match server.rsplit_once(',') {
                Some((host, port)) => {
                    let port: u16 = port.trim().parse().map_err(|_| {
                        bad(format!("--server {server}: `{port}` is not a port number; use HOST or HOST,PORT"))
                    })?;
                    (host.trim(), Some(port))
                }
                None => (server.trim(), None),
            };
            let host = host.strip_prefix("tcp:").unwrap_or(host);
            match host.split_once('\\') {
                Some((h, instance)) => {
                    config.host(h);
                    config.instance_name(instance);
                }
                None => config.host(host),
            }
            if let Some(port) = port {
                config.port(port);
            }
            config
        }
        (None, Some(text)) => {
            let pairs = ado_pairs(text);
            let get = |keys: &[&str]| pairs.iter().rev().find(|(k, _)| keys.contains(&k.as_str())).map(|(_, v)| v.clone());
            if get(&["password", "pwd"]).is_some() {
                return Err(bad(format!(
                    "the connection string holds a password: remove it and set {PASSWORD_VARIABLE} instead (the string is not shown)"
                )));
            }
            let config = Config::from_ado_string(text).map_err(|e| {
                bad(format!("--connection-string can't be read: {e}; it looks like Server=tcp:HOST,1433;Database=FarmGenie;User ID=NAME"))
            })?;
            user = user.or_else(|| get(&["user id", "uid", "user", "username"]));
            database = database.or_else(|| get(&["database", "initial catalog"]));
            from_string_encrypt = get(&["encrypt"]);
            from_string_trust = get(&["trustservercertificate", "trust server certificate"])
                .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "yes" | "1"));
            if get(&["integrated security", "trusted_connection"])
                .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "yes" | "sspi"))
                && !args.integrated
            {
                return Err(bad("the connection string asks for Integrated Security: add --integrated (Windows only) or give User ID".into()));
            }
            config
        }
        (None, None) => return Err(bad("give --server HOST[,PORT] or --connection-string".into())),
    };
    let database = database.unwrap_or_else(|| "FarmGenie".into());
    config.database(&database);
    config.application_name("phone-inventory");

    let encryption = match (args.encrypt, from_string_encrypt.as_deref()) {
        (Some(Encrypt::On | Encrypt::Strict), _) => EncryptionLevel::Required,
        (Some(Encrypt::Off), _) => EncryptionLevel::Off,
        (None, Some("DANGER_PLAINTEXT")) => {
            notes.push("Encrypt=DANGER_PLAINTEXT: nothing is encrypted, not even the login".into());
            EncryptionLevel::NotSupported
        }
        (None, Some(v)) if matches!(v.to_ascii_lowercase().as_str(), "false" | "no" | "optional" | "0") => EncryptionLevel::Off,
        (None, Some(v)) if matches!(v.to_ascii_lowercase().as_str(), "strict") => {
            if args.trust_server_certificate || from_string_trust {
                return Err(bad("Encrypt=Strict checks the certificate: drop TrustServerCertificate / --trust-server-certificate".into()));
            }
            EncryptionLevel::Required
        }
        (None, _) => EncryptionLevel::Required,
    };
    if args.encrypt == Some(Encrypt::Strict) && (args.trust_server_certificate || from_string_trust) {
        return Err(bad("--encrypt strict checks the server's certificate: drop --trust-server-certificate".into()));
    }
    config.encryption(encryption);
    if args.trust_server_certificate || from_string_trust {
        config.trust_cert();
        notes.push("the server's certificate is accepted without being checked (--trust-server-certificate)".into());
    }
    if encryption == EncryptionLevel::Off {
        notes.push("only the login is encrypted (--encrypt off)".into());
    }

    let user = if args.integrated {
        integrated(&mut config)?
    } else {
        let user = user.ok_or_else(|| bad("give --user NAME (the SQL Server login), or --integrated on Windows".into()))?;
        let password = password(&user, &config)?;
        config.authentication(AuthMethod::sql_server(&user, &password));
        user
    };
    let shown = config.get_addr();
    Ok(Target { config, shown, user, database, notes })
}

#[cfg(windows)]
fn integrated(config: &mut Config) -> Result<String, Failure> {
    config.authentication(AuthMethod::Integrated);
    Ok(std::env::var("USERNAME").unwrap_or_else(|_| "the current Windows user".into()))
}

#[cfg(not(windows))]
fn integrated(_: &mut Config) -> Result<String, Failure> {
    Err(bad(format!(
        "--integrated (Windows authentication) works only on Windows; here use --user NAME with {PASSWORD_VARIABLE}"
    )))
}

fn password(user: &str, config: &Config) -> Result<String, Failure> {
    if let Some(value) = std::env::var_os(PASSWORD_VARIABLE) {
        return value.into_string().map_err(|_| bad(format!("{PASSWORD_VARIABLE} is not valid Unicode")));
    }
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        return rpassword::prompt_password(format!("Password for {user} on {}: ", config.get_addr()))
            .map_err(|e| bad(format!("could not read the password from the terminal: {e}")));
    }
    Err(bad(format!("no password: set {PASSWORD_VARIABLE}, or run on a terminal to be asked for it")))
}

// ---------------------------------------------------------------- progress

/// A spinner with the elapsed time on a terminal; plain lines otherwise.
struct Progress {
    started: Instant,
    terminal: bool,
    state: Arc<(Mutex<String>, AtomicU64, AtomicBool)>,
    spinner: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn new() -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let state = Arc::new((Mutex::new(String::new()), AtomicU64::new(0), AtomicBool::new(false)));
        let started = Instant::now();
        let spinner = terminal.then(|| {
            let state = state.clone();
            std::thread::spawn(move || {
                let frames = ['|', '/', '-', '\\'];
                let mut i = 0;
                while !state.2.load(Ordering::SeqCst) {
                    let phase = state.0.lock().unwrap().clone();
                    let rows = state.1.load(Ordering::Relaxed);
                    let rows = if rows > 0 { format!(", {} rows", thousands(rows)) } else { String::new() };
                    eprint!("\r\x1b[K{} {phase} ({:.1} s{rows})", frames[i % 4], started.elapsed().as_secs_f64());
                    let _ = std::io::stderr().flush();
                    i += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
                eprint!("\r\x1b[K");
            })
        });
        Progress { started, terminal, state, spinner }
    }

    fn phase(&self, text: &str) {
        *self.state.0.lock().unwrap() = text.to_string();
        self.state.1.store(0, Ordering::Relaxed);
        if !self.terminal {
            eprintln!("{text} ({:.1} s)", self.started.elapsed().as_secs_f64());
        }
    }

    fn rows(&self, n: u64) {
        self.state.1.store(n, Ordering::Relaxed);
    }

    fn done(&mut self) {
        self.state.2.store(true, Ordering::SeqCst);
        if let Some(handle) = self.spinner.take() {
            let _ = handle.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done();
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

// ---------------------------------------------------------------- values

/// A cell's text: NULL is empty, bits are 1/0, dates ISO 8601 with milliseconds.
fn cell<'a>(value: &'a ColumnData<'static>) -> Result<Cow<'a, str>, String> {
    fn iso(dt: NaiveDateTime) -> String {
        dt.format("%Y-%m-%dT%H:%M:%S%.3f").to_string()
    }
    let text: Cow<'a, str> = match value {
        ColumnData::String(Some(s)) => Cow::Borrowed(s.as_ref()),
        ColumnData::U8(Some(n)) => n.to_string().into(),
        ColumnData::I16(Some(n)) => n.to_string().into(),
        ColumnData::I32(Some(n)) => n.to_string().into(),
        ColumnData::I64(Some(n)) => n.to_string().into(),
        ColumnData::F32(Some(n)) => n.to_string().into(),
        ColumnData::F64(Some(n)) => n.to_string().into(),
        ColumnData::Bit(Some(b)) => Cow::Borrowed(if *b { "1" } else { "0" }),
        ColumnData::Guid(Some(g)) => g.to_string().to_uppercase().into(),
        ColumnData::Numeric(Some(n)) => n.to_string().into(),
        ColumnData::DateTime(Some(_)) | ColumnData::SmallDateTime(Some(_)) | ColumnData::DateTime2(Some(_)) => {
            let dt = NaiveDateTime::from_sql(value).map_err(|e| e.to_string())?.ok_or("no date")?;
            iso(dt).into()
        }
        ColumnData::DateTimeOffset(Some(_)) => {
            let dt = DateTime::<Utc>::from_sql(value).map_err(|e| e.to_string())?.ok_or("no date")?;
            format!("{}Z", iso(dt.naive_utc())).into()
        }
        ColumnData::Date(Some(_)) => {
            let d = chrono::NaiveDate::from_sql(value).map_err(|e| e.to_string())?.ok_or("no date")?;
            d.format("%Y-%m-%d").to_string().into()
        }
        ColumnData::String(None)
        | ColumnData::U8(None)
        | ColumnData::I16(None)
        | ColumnData::I32(None)
        | ColumnData::I64(None)
        | ColumnData::F32(None)
        | ColumnData::F64(None)
        | ColumnData::Bit(None)
        | ColumnData::Guid(None)
        | ColumnData::Numeric(None)
        | ColumnData::DateTime(None)
        | ColumnData::SmallDateTime(None)
        | ColumnData::DateTime2(None)
        | ColumnData::DateTimeOffset(None)
        | ColumnData::Date(None)
        | ColumnData::Binary(None)
        | ColumnData::Xml(None)
        | ColumnData::Time(None) => Cow::Borrowed(""),
        other => return Err(format!("a column of an unexpected type ({:?})", std::mem::discriminant(other))),
    };
    Ok(text)
}

// ---------------------------------------------------------------- running

type Connection = Client<Compat<TcpStream>>;

/// SQL Server's error -2 (a timeout), as tiberius reads it.
const SERVER_TIMEOUT: u32 = u32::MAX - 1;

/// What went wrong, before it becomes a one-line message.
enum Problem {
    Timeout(&'static str),
    Tiberius(tiberius::error::Error, &'static str),
    Write(String),
    Value(String),
}

impl From<std::io::Error> for Problem {
    fn from(e: std::io::Error) -> Self {
        Problem::Write(e.to_string())
    }
}

async fn within<T>(
    limit: Duration,
    step: &'static str,
    future: impl std::future::Future<Output = tiberius::Result<T>>,
) -> Result<T, Problem> {
    match tokio::time::timeout(limit, future).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(Problem::Tiberius(e, step)),
        Err(_) => Err(Problem::Timeout(step)),
    }
}

async fn connect(config: &Config, limit: Duration) -> Result<Connection, Problem> {
    let mut config = config.clone();
    for _ in 0..3 {
        let tcp = within(limit, "connecting", TcpStream::connect_named(&config)).await?;
        let _ = tcp.set_nodelay(true);
        match within(limit, "logging in", Client::connect(config.clone(), tcp.compat_write())).await {
            // Azure SQL may send the client on to another node.
            Err(Problem::Tiberius(tiberius::error::Error::Routing { host, port }, _)) => {
                config.host(host);
                config.port(port);
            }
            other => return other,
        }
    }
    Err(Problem::Tiberius(tiberius::error::Error::Protocol("too many redirections".into()), "logging in"))
}

/// Runs `sql` and streams its rows into `out` as CSV; returns the row count.
async fn stream_csv(
    client: &mut Connection,
    sql: &str,
    header: &[&str],
    out: File,
    limit: Duration,
    step: &'static str,
    progress: &Progress,
) -> Result<u64, Problem> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(BufWriter::with_capacity(1 << 16, out));
    writer.write_record(header).map_err(|e| Problem::Write(e.to_string()))?;
    let stream = within(limit, step, client.simple_query(sql)).await?;
    let mut rows = stream.into_row_stream();
    let mut count = 0u64;
    let mut cells: Vec<String> = Vec::with_capacity(header.len());
    while let Some(row) = within(limit, step, rows.try_next()).await? {
        cells.clear();
        for value in row.cells().map(|(_, v)| v) {
            cells.push(cell(value).map_err(Problem::Value)?.into_owned());
        }
        if cells.len() != header.len() {
            return Err(Problem::Value(format!("{} columns instead of {}", cells.len(), header.len())));
        }
        writer.write_record(&cells).map_err(|e| Problem::Write(e.to_string()))?;
        count += 1;
        if count.is_multiple_of(1024) {
            progress.rows(count);
        }
    }
    let file = writer.into_inner().map_err(|e| Problem::Write(e.to_string()))?;
    file.into_inner().map_err(|e| Problem::Write(e.to_string()))?.sync_all()?;
    Ok(count)
}

struct Outcome {
    stats_rows: u64,
    assignment_rows: u64,
    with_users: bool,
}

async fn extract(target: &Target, files: Vec<File>, limit: Duration, progress: &Progress) -> Result<Outcome, Problem> {
    progress.phase(&format!("connecting to {} as {}", target.shown, target.user));
    let mut client = connect(&target.config, limit).await?;
    progress.phase("looking for AspNetUsers");
    let found = within(limit, "looking for AspNetUsers", async { client.simple_query(HAS_USERS_SQL).await?.into_row().await }).await?;
    let with_users = found.and_then(|row| cell(row.cells().next()?.1).ok().map(|c| c != "0")).unwrap_or(false);
    let mut files = files.into_iter();
    let (stats_file, assignments_file) = (files.next().unwrap(), files.next().unwrap());
    progress.phase("the server is counting messages per sender (TwilioMessage)");
    let stats_rows =
        stream_csv(&mut client, STATS_SQL, &["From", "MessageCount", "LastDateSent"], stats_file, limit, "reading the message stats", progress)
            .await?;
    progress.phase("reading the number assignments (TwilioPhoneNumber)");
    let assignment_rows = if with_users {
        let header = ["PhoneNumber", "AspNetUserId", "Enabled", "UserName", "Email"];
        stream_csv(&mut client, ASSIGNMENTS_WITH_USERS_SQL, &header, assignments_file, limit, "reading the assignments", progress).await?
    } else {
        let header = ["PhoneNumber", "AspNetUserId", "Enabled"];
        stream_csv(&mut client, ASSIGNMENTS_SQL, &header, assignments_file, limit, "reading the assignments", progress).await?
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), client.close()).await;
    Ok(Outcome { stats_rows, assignment_rows, with_users })
}

fn explain(problem: Problem, target: &Target, timeout: u64) -> Failure {
    use tiberius::error::{Error, IoErrorKind};
    let server = &target.shown;
    match problem {
        Problem::Timeout(step) => fail(
            code::TIMEOUT,
            format!("timed out after {timeout} s while {step} ({server}); check the server is up and not overloaded, or raise --timeout"),
        ),
        Problem::Write(e) => fail(exit::WRITE_FAILED, format!("can't write the output: {e}; the previous files are untouched")),
        Problem::Value(e) => fail(
            code::PROTOCOL,
            format!("the server sent {e}; check this is the FarmGenie database (no files were changed)"),
        ),
        Problem::Tiberius(error, step) => match error {
            Error::Server(token) => {
                let message = format!("{} (error {})", token.message().trim(), token.code());
                match token.code() {
                    18456 | 18452 | 18470 | 18486 | 18487 | 18488 => fail(
                        code::LOGIN_FAILED,
                        format!("login failed on {server}: {message}; check --user and {PASSWORD_VARIABLE}, and that the login uses SQL Server authentication"),
                    ),
                    4060 | 4064 | 911 => fail(
                        code::MISSING,
                        format!("{message}; check --database (now {}) and that the login may open it", target.database),
                    ),
                    208 | 207 => fail(
                        code::MISSING,
                        format!("{step}: {message}; check --database (now {}) is the FarmGenie database, which has TwilioMessage and TwilioPhoneNumber", target.database),
                    ),
                    229 | 230 | 262 | 297 | 300 | 916 | 15247 => fail(
                        code::PERMISSION_DENIED,
                        format!("{step}: {message}; ask the DBA to grant SELECT on TwilioMessage, TwilioPhoneNumber and AspNetUsers to {}", target.user),
                    ),
                    SERVER_TIMEOUT | 1222 => fail(code::TIMEOUT, format!("{step}: {message}; the server timed out, try again when it is less busy")),
                    _ => fail(code::QUERY_FAILED, format!("{step}: the server refused it: {message}; no files were changed")),
                }
            }
            Error::Tls(e) => fail(
                code::TLS_FAILED,
                format!("the TLS handshake with {server} failed: {e}; if the server has a self-signed certificate add --trust-server-certificate, else check its certificate and --encrypt"),
            ),
            Error::Io { kind, message } if step == "connecting" => {
                let hint = match kind {
                    IoErrorKind::ConnectionRefused => "nothing listens there: check the port (default 1433) and that TCP/IP is enabled on the server",
                    _ => "check the host name, port or instance, the network and the firewall",
                };
                fail(code::HOST_UNREACHABLE, format!("can't reach {server}: {message}; {hint}"))
            }
            Error::Io { kind, message }
                if step == "logging in"
                    && (kind == IoErrorKind::InvalidData
                        || ["certificate", "handshake", "alert", "tls"].iter().any(|w| message.to_ascii_lowercase().contains(w))) =>
            {
                fail(
                    code::TLS_FAILED,
                    format!("the TLS handshake with {server} failed ({message}); if the server has a self-signed certificate add --trust-server-certificate, else check its certificate and --encrypt"),
                )
            }
            Error::Io { message, .. } if step == "logging in" => fail(
                code::CONNECTION_LOST,
                format!("{server} closed the connection while logging in ({message}); check --encrypt (a server without TLS needs Encrypt=DANGER_PLAINTEXT in --connection-string) and the server's log"),
            ),
            Error::Io { message, .. } => fail(
                code::CONNECTION_LOST,
                format!("the connection to {server} was lost while {step} ({message}); no files were changed, run again"),
            ),
            Error::Routing { host, port } => fail(code::PROTOCOL, format!("{server} redirected to {host},{port} too many times")),
            other => fail(
                code::PROTOCOL,
                format!("the answer from {server} while {step} could not be understood ({other}); check it is SQL Server 2008 or later"),
            ),
        },
    }
}

fn shell_quote(path: &Path) -> String {
    let text = path.display().to_string();
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "/\\._-:+".contains(c)) {
        text
    } else if cfg!(windows) {
        format!("\"{text}\"")
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

pub fn run(args: Args) -> Result<(), Failure> {
    let target = build_target(&args)?;
    let limit = Duration::from_secs(args.timeout);
    // Check the output folder before bothering the server.
    let (staged, files) = Staged::create(&args.out_dir, &[STATS_FILE, ASSIGNMENTS_FILE])?;
    let mut progress = Progress::new();
    for note in &target.notes {
        eprintln!("Note: {note}.");
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(code::PROTOCOL, format!("can't start the network runtime: {e}")))?;
    // tiberius 0.12 panics on a few unexpected answers (an encryption level it
    // did not ask for, an unknown PRELOGIN option): make those an error too.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| runtime.block_on(extract(&target, files, limit, &progress))));
    std::panic::set_hook(previous_hook);
    progress.done();
    let elapsed = progress.started.elapsed();
    let outcome = match result {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(problem)) => return Err(explain(problem, &target, args.timeout)),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            return Err(fail(
                code::PROTOCOL,
                format!("the answer from {} could not be handled ({what}); check --encrypt and that it is SQL Server 2008 or later", target.shown),
            ));
        }
    };
    let written = staged.commit()?;
    let mut out = std::io::stdout().lock();
    if !outcome.with_users {
        let _ = writeln!(
            out,
            "Note: the database has no AspNetUsers table, so the assignments are the SOP's PhoneNumber, AspNetUserId, Enabled (no UserName or Email)."
        );
    }
    let _ = writeln!(
        out,
        "Wrote {} message stats rows and {} assignment rows from {} ({}) in {:.1} s:",
        thousands(outcome.stats_rows),
        thousands(outcome.assignment_rows),
        target.shown,
        target.database,
        elapsed.as_secs_f64()
    );
    for path in &written {
        let _ = writeln!(out, "  {}", path.display());
    }
    let _ = writeln!(out, "Next, with the Twilio numbers export:");
    let _ = writeln!(
        out,
        "  phone-inventory report phone_numbers_inventory.csv {} {}",
        shell_quote(&written[0]),
        shell_quote(&written[1])
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_strings_are_split_with_quotes() {
        let pairs = ado_pairs("Server=tcp:db,1433; Database='Farm;Genie';User ID={a;b}; Encrypt=true");
        assert_eq!(
            pairs,
            [
                ("server".into(), "tcp:db,1433".into()),
                ("database".into(), "Farm;Genie".into()),
                ("user id".into(), "a;b".into()),
                ("encrypt".into(), "true".into()),
            ]
        );
    }

    #[test]
    fn big_numbers_get_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(20_000), "20,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}

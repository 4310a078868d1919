//! Test support: a small TDS server (the SQL Server wire protocol) that runs
//! the SQL it receives on an embedded SQLite, so the extractor's real
//! connection code and real SQL can be tested without a SQL Server.
//!
//! It speaks just enough TDS 7.4 for tiberius 0.12: PRELOGIN (with the TLS
//! handshake carried inside PRELOGIN packets), full TLS or TLS around the login
//! only, LOGIN7 with SQL Server authentication, SQL batches (`simple_query`),
//! and results with nvarchar, int, bigint, bit, float and datetime2 columns,
//! NULLs included. RPC requests (`query()` with parameters) are answered with an
//! error: the extractor sends batches only.
//!
//! Fixture tables are declared with SQL Server type names (`NVARCHAR(50)`,
//! `DATETIME2`, `BIT`); a result column's TDS type comes from the declared
//! type of the column it reads, or, for an expression such as `COUNT(*)` or
//! `MAX(DateSent)`, from the values it holds (integers → int, date-time text →
//! datetime2, other text → nvarchar). `INFORMATION_SCHEMA.TABLES` lists the
//! fixture's tables. SQLite errors come back as SQL Server's: `no such table`
//! is error 208, `no such column` 207, and a denied table 229.
//!
//! One thread per connection; every connection gets a fresh in-memory SQLite
//! built from the fixture SQL. Knobs make it fail the ways a real server does:
//! wrong password (18456), unknown database (4060), closing the socket in the
//! middle of a result, stalling before answering, or holding the last DONE
//! until the test releases it.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use rusqlite::types::ValueRef;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// How the server behaves.
#[derive(Clone)]
pub struct Config {
    /// SQL run on every connection's fresh SQLite before anything else.
    pub fixture_sql: String,
    pub user: String,
    pub password: String,
    /// The only database the login may ask for (an empty request means this one).
    pub database: String,
    /// Offer TLS (a self-signed certificate generated with rcgen at start).
    pub tls: bool,
    /// Close the socket after sending this many rows of a result.
    pub close_after_rows: Option<usize>,
    /// Answer any statement mentioning one of these tables with error 229.
    pub denied_tables: Vec<String>,
    /// Sleep this long before answering a statement.
    pub stall: Option<Duration>,
    /// Before the final DONE of a result with at least this many rows, wait
    /// until [`TestServer::release`] is called.
    pub hold_before_done_after_rows: Option<usize>,
}

impl Config {
    pub fn new(fixture_sql: &str) -> Self {
        Config {
            fixture_sql: fixture_sql.to_string(),
            user: "extractor".into(),
            password: "correct horse".into(),
            database: "FarmGenie".into(),
            tls: true,
            close_after_rows: None,
            denied_tables: Vec::new(),
            stall: None,
            hold_before_done_after_rows: None,
        }
    }
}

#[derive(Default)]
struct Shared {
    queries: Mutex<Vec<String>>,
    holding: AtomicBool,
    released: Mutex<bool>,
    release_signal: Condvar,
    connections: AtomicUsize,
}

/// A running server on 127.0.0.1; it stops accepting when dropped.
pub struct TestServer {
    pub port: u16,
    /// The self-signed certificate (PEM) when TLS is on.
    pub cert_pem: Option<String>,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
}

impl TestServer {
    pub fn start(config: Config) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let (tls, cert_pem) = if config.tls {
            let cert = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
            let pem = cert.cert.pem();
            let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(cert.key_pair.serialize_der()));
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let mut server_config = rustls::ServerConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(vec![CertificateDer::from(cert.cert.der().to_vec())], key)
                .unwrap();
            // Tickets after the handshake would reach a login-only client as raw bytes.
            server_config.send_tls13_tickets = 0;
            (Some(Arc::new(server_config)), Some(pem))
        } else {
            (None, None)
        };
        let shared = Arc::new(Shared::default());
        let stop = Arc::new(AtomicBool::new(false));
        {
            let (shared, stop) = (shared.clone(), stop.clone());
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    shared.connections.fetch_add(1, Ordering::SeqCst);
                    let (config, tls, shared) = (config.clone(), tls.clone(), shared.clone());
                    thread::spawn(move || {
                        let _ = Session::serve(stream, &config, tls, &shared);
                    });
                }
            });
        }
        TestServer { port, cert_pem, shared, stop }
    }

    /// Every SQL text received, in order, over all connections.
    pub fn queries(&self) -> Vec<String> {
        self.shared.queries.lock().unwrap().clone()
    }

    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// True while a result is held before its final DONE.
    pub fn is_holding(&self) -> bool {
        self.shared.holding.load(Ordering::SeqCst)
    }

    /// Lets a held result finish.
    pub fn release(&self) {
        *self.shared.released.lock().unwrap() = true;
        self.shared.release_signal.notify_all();
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.release();
        let _ = TcpStream::connect(("127.0.0.1", self.port)); // wake the accept loop
    }
}

// ---------------------------------------------------------------- packets

const PACKET_SQL_BATCH: u8 = 0x01;
const PACKET_TABULAR: u8 = 0x04;
const PACKET_RPC: u8 = 0x03;
const PACKET_LOGIN7: u8 = 0x10;
const PACKET_PRELOGIN: u8 = 0x12;
const PACKET_ATTENTION: u8 = 0x06;

const ENCRYPT_OFF: u8 = 0;
const ENCRYPT_ON: u8 = 1;
const ENCRYPT_NOT_SUP: u8 = 2;

const PACKET_SIZE: usize = 4096;

enum Transport {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>),
}

impl Read for Transport {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Transport::Plain(s) => s.read(buf),
            Transport::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Transport {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Transport::Plain(s) => s.write(buf),
            Transport::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Transport::Plain(s) => s.flush(),
            Transport::Tls(s) => s.flush(),
        }
    }
}

impl Transport {
    fn tcp(&self) -> &TcpStream {
        match self {
            Transport::Plain(s) => s,
            Transport::Tls(s) => s.get_ref(),
        }
    }
}

/// Reads one packet: (type, end of message, payload).
fn read_packet(r: &mut impl Read) -> io::Result<(u8, bool, Vec<u8>)> {
    let mut header = [0u8; 8];
    r.read_exact(&mut header)?;
    let length = u16::from_be_bytes([header[2], header[3]]) as usize;
    if length < 8 {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "bad packet length"));
    }
    let mut payload = vec![0u8; length - 8];
    r.read_exact(&mut payload)?;
    Ok((header[0], header[1] & 0x01 != 0, payload))
}

/// Reads a whole message (packets until end of message).
fn read_message(r: &mut impl Read) -> io::Result<(u8, Vec<u8>)> {
    let (ty, mut last, mut payload) = read_packet(r)?;
    while !last {
        let (_, l, more) = read_packet(r)?;
        payload.extend(more);
        last = l;
    }
    Ok((ty, payload))
}

/// Writes `payload` as packets of at most PACKET_SIZE bytes.
fn write_message(w: &mut impl Write, ty: u8, payload: &[u8], end: bool) -> io::Result<()> {
    let chunk = PACKET_SIZE - 8;
    let mut chunks = payload.chunks(chunk).peekable();
    if payload.is_empty() {
        w.write_all(&[ty, u8::from(end), 0, 8, 0, 0, 1, 0])?;
    }
    let mut id = 1u8;
    while let Some(part) = chunks.next() {
        let last = chunks.peek().is_none() && end;
        let len = (part.len() + 8) as u16;
        let header = [ty, u8::from(last), (len >> 8) as u8, len as u8, 0, 0, id, 0];
        w.write_all(&header)?;
        w.write_all(part)?;
        id = id.wrapping_add(1);
    }
    w.flush()
}

// ---------------------------------------------------------------- tokens

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn b_varchar(out: &mut Vec<u8>, s: &str) {
    out.push(s.encode_utf16().count() as u8);
    out.extend(utf16(s));
}

fn us_varchar(out: &mut Vec<u8>, s: &str) {
    out.extend((s.encode_utf16().count() as u16).to_le_bytes());
    out.extend(utf16(s));
}

fn env_change(out: &mut Vec<u8>, ty: u8, new: &str, old: &str) {
    let mut body = vec![ty];
    b_varchar(&mut body, new);
    b_varchar(&mut body, old);
    out.push(0xE3);
    out.extend((body.len() as u16).to_le_bytes());
    out.extend(body);
}

fn error_token(out: &mut Vec<u8>, number: u32, class: u8, message: &str) {
    let mut body = Vec::new();
    body.extend(number.to_le_bytes());
    body.push(1); // state
    body.push(class);
    us_varchar(&mut body, message);
    b_varchar(&mut body, "tds-test-server");
    b_varchar(&mut body, "");
    body.extend(1u32.to_le_bytes()); // line number
    out.push(0xAA);
    out.extend((body.len() as u16).to_le_bytes());
    out.extend(body);
}

const DONE_FINAL: u16 = 0x00;
const DONE_ERROR: u16 = 0x02;
const DONE_COUNT: u16 = 0x10;

fn done(out: &mut Vec<u8>, status: u16, cur_cmd: u16, rows: u64) {
    out.push(0xFD);
    out.extend(status.to_le_bytes());
    out.extend(cur_cmd.to_le_bytes());
    out.extend(rows.to_le_bytes());
}

/// The collation of SQL_Latin1_General_CP1_CI_AS.
const COLLATION: [u8; 5] = [0x09, 0x04, 0xD0, 0x00, 0x34];

#[derive(Clone, Copy, Debug, PartialEq)]
enum ColType {
    NVarChar,
    Int,
    BigInt,
    Bit,
    Float,
    DateTime2,
}

impl ColType {
    fn from_declared(decl: &str) -> Option<ColType> {
        let d = decl.to_ascii_uppercase();
        let base = d.split('(').next().unwrap_or("").trim();
        Some(match base {
            "INT" | "INTEGER" | "SMALLINT" | "TINYINT" => ColType::Int,
            "BIGINT" => ColType::BigInt,
            "BIT" => ColType::Bit,
            "FLOAT" | "REAL" => ColType::Float,
            "DATETIME2" | "DATETIME" | "SMALLDATETIME" => ColType::DateTime2,
            "NVARCHAR" | "VARCHAR" | "NCHAR" | "CHAR" | "TEXT" | "NTEXT" | "UNIQUEIDENTIFIER" => ColType::NVarChar,
            _ => return None,
        })
    }

    fn type_info(self, out: &mut Vec<u8>) {
        match self {
            ColType::NVarChar => {
                out.push(0xE7);
                out.extend(8000u16.to_le_bytes());
                out.extend(COLLATION);
            }
            ColType::Int => out.extend([0x26, 4]),
            ColType::BigInt => out.extend([0x26, 8]),
            ColType::Bit => out.extend([0x68, 1]),
            ColType::Float => out.extend([0x6D, 8]),
            ColType::DateTime2 => out.extend([0x2A, 7]),
        }
    }
}

/// Parses `YYYY-MM-DD[ HH:MM[:SS[.fffffff]]]` into (days since 0001-01-01, 100 ns since midnight).
fn parse_datetime(text: &str) -> Option<(u32, u64)> {
    let text = text.trim();
    let (date, time) = match text.find([' ', 'T']) {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    let mut d = date.split('-');
    let y: i64 = d.next()?.parse().ok()?;
    let m: i64 = d.next()?.parse().ok()?;
    let day: i64 = d.next()?.parse().ok()?;
    if d.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&day) || date.len() != 10 {
        return None;
    }
    // Days from civil (Howard Hinnant), then shift the epoch to 0001-01-01.
    let (yy, mm) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * mm + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days_since_1970 = era * 146_097 + doe - 719_468;
    let days = days_since_1970 + 719_162;
    let mut ticks = 0u64;
    if !time.is_empty() {
        let (hms, frac) = match time.split_once('.') {
            Some((a, b)) => (a, b),
            None => (time, ""),
        };
        let parts: Vec<u64> = hms.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
        let (h, mi, s) = match parts[..] {
            [h, mi] => (h, mi, 0),
            [h, mi, s] => (h, mi, s),
            _ => return None,
        };
        if frac.len() > 7 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let frac_ticks: u64 = if frac.is_empty() { 0 } else { format!("{frac:0<7}").parse().ok()? };
        ticks = ((h * 60 + mi) * 60 + s) * 10_000_000 + frac_ticks;
    }
    Some((u32::try_from(days).ok()?, ticks))
}

fn encode_value(out: &mut Vec<u8>, ty: ColType, value: ValueRef<'_>) -> Result<(), String> {
    if let ValueRef::Null = value {
        match ty {
            ColType::NVarChar => out.extend(0xFFFFu16.to_le_bytes()),
            _ => out.push(0),
        }
        return Ok(());
    }
    let as_text = |v: ValueRef<'_>| -> String {
        match v {
            ValueRef::Integer(i) => i.to_string(),
            ValueRef::Real(f) => f.to_string(),
            ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
            ValueRef::Null => String::new(),
        }
    };
    let as_int = |v: ValueRef<'_>| -> Result<i64, String> {
        match v {
            ValueRef::Integer(i) => Ok(i),
            ValueRef::Real(f) => Ok(f as i64),
            other => as_text(other).trim().parse().map_err(|_| format!("not a number: {}", as_text(other))),
        }
    };
    match ty {
        ColType::NVarChar => {
            let bytes = utf16(&as_text(value));
            if bytes.len() > 8000 {
                return Err("a value is longer than nvarchar(4000)".into());
            }
            out.extend((bytes.len() as u16).to_le_bytes());
            out.extend(bytes);
        }
        ColType::Int => {
            let v = i32::try_from(as_int(value)?).map_err(|_| "int overflow".to_string())?;
            out.push(4);
            out.extend(v.to_le_bytes());
        }
        ColType::BigInt => {
            out.push(8);
            out.extend(as_int(value)?.to_le_bytes());
        }
        ColType::Bit => {
            out.push(1);
            out.push(u8::from(as_int(value)? != 0));
        }
        ColType::Float => {
            let v = match value {
                ValueRef::Real(f) => f,
                ValueRef::Integer(i) => i as f64,
                other => as_text(other).parse().map_err(|_| "not a float".to_string())?,
            };
            out.push(8);
            out.extend(v.to_le_bytes());
        }
        ColType::DateTime2 => {
            let text = as_text(value);
            let (days, ticks) = parse_datetime(&text).ok_or_else(|| format!("not a datetime2: {text}"))?;
            out.push(8);
            out.extend(&ticks.to_le_bytes()[..5]);
            out.extend(&days.to_le_bytes()[..3]);
        }
    }
    Ok(())
}

/// Infers an expression column's type from its values.
fn infer(values: &mut dyn Iterator<Item = ValueRef<'_>>) -> ColType {
    let mut seen: Option<ColType> = None;
    for v in values {
        let t = match v {
            ValueRef::Null => continue,
            ValueRef::Integer(i) if i32::try_from(i).is_ok() => ColType::Int,
            ValueRef::Integer(_) => ColType::BigInt,
            ValueRef::Real(_) => ColType::Float,
            ValueRef::Text(t) | ValueRef::Blob(t) => {
                if parse_datetime(&String::from_utf8_lossy(t)).is_some() && t.len() >= 19 {
                    ColType::DateTime2
                } else {
                    return ColType::NVarChar;
                }
            }
        };
        seen = Some(match (seen, t) {
            (None, t) => t,
            (Some(a), b) if a == b => a,
            (Some(ColType::Int), ColType::BigInt) | (Some(ColType::BigInt), ColType::Int) => ColType::BigInt,
            _ => return ColType::NVarChar,
        });
    }
    seen.unwrap_or(ColType::NVarChar)
}

// ---------------------------------------------------------------- session

struct Session;

/// A TLS handshake whose records travel inside PRELOGIN packets.
fn prelogin_handshake(stream: &mut TcpStream, config: Arc<rustls::ServerConfig>) -> io::Result<rustls::ServerConnection> {
    let mut conn = rustls::ServerConnection::new(config).map_err(io::Error::other)?;
    while conn.is_handshaking() {
        let (ty, _, payload) = read_packet(stream)?;
        if ty != PACKET_PRELOGIN {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "expected a PRELOGIN packet during the handshake"));
        }
        let mut cursor = &payload[..];
        while !cursor.is_empty() {
            conn.read_tls(&mut cursor)?;
            conn.process_new_packets().map_err(io::Error::other)?;
        }
        if conn.wants_write() {
            let mut out = Vec::new();
            while conn.wants_write() {
                conn.write_tls(&mut out)?;
            }
            write_message(stream, PACKET_PRELOGIN, &out, true)?;
        }
    }
    Ok(conn)
}

fn u16_at(b: &[u8], at: usize) -> usize {
    u16::from_le_bytes([b[at], b[at + 1]]) as usize
}

fn login_field(login: &[u8], at: usize, password: bool) -> String {
    let (offset, chars) = (u16_at(login, at), u16_at(login, at + 2));
    let mut bytes = login.get(offset..offset + chars * 2).unwrap_or(&[]).to_vec();
    if password {
        for b in bytes.iter_mut() {
            let x = *b ^ 0xA5;
            *b = x.rotate_left(4);
        }
    }
    let units: Vec<u16> = bytes.chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    String::from_utf16_lossy(&units)
}

impl Session {
    fn serve(mut tcp: TcpStream, config: &Config, tls: Option<Arc<rustls::ServerConfig>>, shared: &Shared) -> io::Result<()> {
        tcp.set_nodelay(true)?;
        // PRELOGIN
        let (ty, request) = read_message(&mut tcp)?;
        if ty != PACKET_PRELOGIN {
            return Ok(());
        }
        let mut client_encrypt = ENCRYPT_OFF;
        let mut i = 0;
        while i + 5 <= request.len() && request[i] != 0xFF {
            let (token, offset, len) = (request[i], u16::from_be_bytes([request[i + 1], request[i + 2]]) as usize, u16::from_be_bytes([request[i + 3], request[i + 4]]));
            if token == 1 && len >= 1 {
                client_encrypt = request[offset];
            }
            i += 5;
        }
        let answer = match (&tls, client_encrypt) {
            (None, _) => ENCRYPT_NOT_SUP,
            (Some(_), ENCRYPT_NOT_SUP) => ENCRYPT_NOT_SUP,
            (Some(_), ENCRYPT_OFF) => ENCRYPT_OFF,
            (Some(_), _) => ENCRYPT_ON,
        };
        // VERSION, ENCRYPTION, INSTOPT, THREADID (empty), MARS, terminator.
        let options: [(u8, Vec<u8>); 5] = [
            (0, vec![16, 0, 0x10, 0x00, 0, 0]),
            (1, vec![answer]),
            (2, vec![0]),
            (3, vec![]),
            (4, vec![0]),
        ];
        let mut body = Vec::new();
        let mut data: Vec<u8> = Vec::new();
        let table_len = options.len() * 5 + 1;
        for (token, value) in &options {
            body.push(*token);
            body.extend(((table_len + data.len()) as u16).to_be_bytes());
            body.extend((value.len() as u16).to_be_bytes());
            data.extend(value);
        }
        body.push(0xFF);
        body.extend(data);
        write_message(&mut tcp, PACKET_TABULAR, &body, true)?;

        // TLS, then LOGIN7 (over TLS unless encryption is not supported).
        let (mut transport, login) = match (tls, answer) {
            (Some(tls), ENCRYPT_ON) => {
                let conn = prelogin_handshake(&mut tcp, tls)?;
                let mut transport = Transport::Tls(Box::new(rustls::StreamOwned::new(conn, tcp)));
                let (_, login) = read_message(&mut transport)?;
                (transport, login)
            }
            (Some(tls), ENCRYPT_OFF) => {
                // Login only: the LOGIN7 packet is encrypted, everything after it is not.
                let conn = prelogin_handshake(&mut tcp, tls)?;
                let mut stream = rustls::StreamOwned::new(conn, tcp);
                let (_, login) = read_message(&mut stream)?;
                (Transport::Plain(stream.sock), login)
            }
            _ => {
                let (ty, login) = read_message(&mut tcp)?;
                if ty != PACKET_LOGIN7 {
                    return Ok(());
                }
                (Transport::Plain(tcp), login)
            }
        };
        if login.len() < 94 {
            return Ok(());
        }
        let user = login_field(&login, 40, false);
        let password = login_field(&login, 44, true);
        let database = login_field(&login, 68, false);
        let mut out = Vec::new();
        if user != config.user || password != config.password {
            error_token(&mut out, 18456, 14, &format!("Login failed for user '{user}'."));
            done(&mut out, DONE_ERROR, 0, 0);
            write_message(&mut transport, PACKET_TABULAR, &out, true)?;
            let _ = transport.tcp().shutdown(Shutdown::Both);
            return Ok(());
        }
        if !database.is_empty() && !database.eq_ignore_ascii_case(&config.database) {
            error_token(&mut out, 4060, 11, &format!("Cannot open database \"{database}\" requested by the login. The login failed."));
            error_token(&mut out, 18456, 14, &format!("Login failed for user '{user}'."));
            done(&mut out, DONE_ERROR, 0, 0);
            write_message(&mut transport, PACKET_TABULAR, &out, true)?;
            let _ = transport.tcp().shutdown(Shutdown::Both);
            return Ok(());
        }
        env_change(&mut out, 1, &config.database, "master");
        env_change(&mut out, 4, &PACKET_SIZE.to_string(), &PACKET_SIZE.to_string());
        // LOGINACK
        let mut ack = vec![1u8];
        ack.extend(0x7400_0004u32.to_be_bytes());
        b_varchar(&mut ack, "Microsoft SQL Server");
        ack.extend([16, 0, 0x10, 0x00]);
        out.push(0xAD);
        out.extend((ack.len() as u16).to_le_bytes());
        out.extend(ack);
        done(&mut out, DONE_FINAL, 0, 0);
        write_message(&mut transport, PACKET_TABULAR, &out, true)?;

        let db = rusqlite::Connection::open_in_memory().map_err(io::Error::other)?;
        if let Err(e) = db.execute_batch(&config.fixture_sql) {
            eprintln!("tds-test-server: the fixture SQL failed: {e}");
            return Err(io::Error::other(e));
        }
        db.execute_batch(
            "ATTACH ':memory:' AS INFORMATION_SCHEMA;
             CREATE TABLE INFORMATION_SCHEMA.TABLES (TABLE_CATALOG TEXT, TABLE_SCHEMA TEXT, TABLE_NAME TEXT, TABLE_TYPE TEXT);",
        )
        .map_err(io::Error::other)?;
        db.execute(
            "INSERT INTO INFORMATION_SCHEMA.TABLES SELECT ?1, 'dbo', name, CASE type WHEN 'view' THEN 'VIEW' ELSE 'BASE TABLE' END
             FROM main.sqlite_master WHERE type IN ('table', 'view')",
            [&config.database],
        )
        .map_err(io::Error::other)?;

        loop {
            let (ty, request) = match read_message(&mut transport) {
                Ok(m) => m,
                Err(_) => return Ok(()),
            };
            match ty {
                PACKET_SQL_BATCH => {
                    let headers = u32::from_le_bytes([request[0], request[1], request[2], request[3]]) as usize;
                    let units: Vec<u16> =
                        request[headers..].chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
                    let sql = String::from_utf16_lossy(&units);
                    shared.queries.lock().unwrap().push(sql.clone());
                    if let Some(stall) = config.stall {
                        thread::sleep(stall);
                    }
                    if !run_batch(&mut transport, &db, &sql, config, shared)? {
                        return Ok(());
                    }
                }
                PACKET_RPC => {
                    let mut out = Vec::new();
                    error_token(&mut out, 2812, 16, "tds-test-server: RPC requests are not supported; send SQL batches");
                    done(&mut out, DONE_ERROR, 0, 0);
                    write_message(&mut transport, PACKET_TABULAR, &out, true)?;
                }
                PACKET_ATTENTION => {
                    let mut out = Vec::new();
                    done(&mut out, 0x20, 0, 0);
                    write_message(&mut transport, PACKET_TABULAR, &out, true)?;
                }
                _ => return Ok(()),
            }
        }
    }
}

/// The SQL Server error for a SQLite error.
fn sql_server_error(e: &rusqlite::Error) -> (u32, u8, String) {
    let text = e.to_string();
    if let Some(name) = text.split("no such table: ").nth(1) {
        let name = name.split_whitespace().next().unwrap_or(name);
        let name = name.rsplit('.').next().unwrap_or(name);
        return (208, 16, format!("Invalid object name '{name}'."));
    }
    if let Some(name) = text.split("no such column: ").nth(1) {
        let name = name.split_whitespace().next().unwrap_or(name);
        let name = name.rsplit('.').next().unwrap_or(name);
        return (207, 16, format!("Invalid column name '{name}'."));
    }
    (102, 15, format!("Incorrect syntax (SQLite said: {text})."))
}

/// Runs one batch (a single statement) and streams its result. Returns false
/// when the connection was closed on purpose.
fn run_batch(w: &mut Transport, db: &rusqlite::Connection, sql: &str, config: &Config, shared: &Shared) -> io::Result<bool> {
    let fail = |w: &mut Transport, number: u32, class: u8, message: &str| -> io::Result<bool> {
        let mut out = Vec::new();
        error_token(&mut out, number, class, message);
        done(&mut out, DONE_ERROR, 0xC1, 0);
        write_message(w, PACKET_TABULAR, &out, true)?;
        Ok(true)
    };
    let lower = sql.to_ascii_lowercase();
    for table in &config.denied_tables {
        if lower.contains(&table.to_ascii_lowercase()) {
            let message = format!("The SELECT permission was denied on the object '{table}', database '{}', schema 'dbo'.", config.database);
            return fail(w, 229, 14, &message);
        }
    }
    let mut statement = match db.prepare(sql) {
        Ok(s) => s,
        Err(e) => {
            let (n, class, message) = sql_server_error(&e);
            return fail(w, n, class, &message);
        }
    };
    let count = statement.column_count();
    if count == 0 {
        let mut out = Vec::new();
        if let Err(e) = statement.raw_execute() {
            let (n, class, message) = sql_server_error(&e);
            return fail(w, n, class, &message);
        }
        done(&mut out, DONE_FINAL, 0, 0);
        write_message(w, PACKET_TABULAR, &out, true)?;
        return Ok(true);
    }
    let names: Vec<String> = statement.column_names().iter().map(|s| s.to_string()).collect();
    let declared: Vec<Option<ColType>> = statement.columns().iter().map(|c| c.decl_type().and_then(ColType::from_declared)).collect();
    // Expression columns: a first pass over the result decides their type.
    let mut types: Vec<ColType> = declared.iter().map(|d| d.unwrap_or(ColType::NVarChar)).collect();
    let unknown: Vec<usize> = (0..count).filter(|&i| declared[i].is_none()).collect();
    if !unknown.is_empty() {
        let mut values: Vec<Vec<rusqlite::types::Value>> = vec![Vec::new(); count];
        let mut rows = statement.raw_query();
        loop {
            match rows.next() {
                Ok(Some(row)) => {
                    for &i in &unknown {
                        let v: rusqlite::types::Value = row.get_ref(i).unwrap().into();
                        if !matches!(v, rusqlite::types::Value::Null) && values[i].len() < 1000 {
                            values[i].push(v);
                        }
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    let (n, class, message) = sql_server_error(&e);
                    drop(rows);
                    return fail(w, n, class, &message);
                }
            }
        }
        for &i in &unknown {
            types[i] = infer(&mut values[i].iter().map(ValueRef::from));
        }
    }
    // COLMETADATA
    let mut out = Vec::with_capacity(PACKET_SIZE * 2);
    out.push(0x81);
    out.extend((count as u16).to_le_bytes());
    for (name, ty) in names.iter().zip(&types) {
        out.extend(0u32.to_le_bytes()); // user type
        out.extend(0x0009u16.to_le_bytes()); // nullable, updateable unknown bits as SQL Server sends
        ty.type_info(&mut out);
        b_varchar(&mut out, name);
    }
    let mut sent = 0usize;
    let mut rows = statement.raw_query();
    let mut packet_id = 1u8;
    let mut flush_full = |w: &mut Transport, out: &mut Vec<u8>| -> io::Result<()> {
        // Send complete packets while more than one packet's worth is buffered.
        while out.len() > PACKET_SIZE - 8 {
            let part: Vec<u8> = out.drain(..PACKET_SIZE - 8).collect();
            let len = PACKET_SIZE as u16;
            w.write_all(&[PACKET_TABULAR, 0, (len >> 8) as u8, len as u8, 0, 0, packet_id, 0])?;
            w.write_all(&part)?;
            packet_id = packet_id.wrapping_add(1);
        }
        Ok(())
    };
    loop {
        let row = match rows.next() {
            Ok(Some(row)) => row,
            Ok(None) => break,
            Err(e) => {
                let (n, class, message) = sql_server_error(&e);
                error_token(&mut out, n, class, &message);
                done(&mut out, DONE_ERROR, 0xC1, 0);
                write_message(w, PACKET_TABULAR, &out, true)?;
                return Ok(true);
            }
        };
        out.push(0xD1);
        for (i, ty) in types.iter().enumerate() {
            if let Err(message) = encode_value(&mut out, *ty, row.get_ref(i).unwrap()) {
                error_token(&mut out, 241, 16, &message);
                done(&mut out, DONE_ERROR, 0xC1, 0);
                write_message(w, PACKET_TABULAR, &out, true)?;
                return Ok(true);
            }
        }
        sent += 1;
        flush_full(w, &mut out)?;
        if config.close_after_rows == Some(sent) {
            w.flush()?;
            thread::sleep(Duration::from_millis(50));
            let _ = w.tcp().shutdown(Shutdown::Both);
            return Ok(false);
        }
    }
    if config.hold_before_done_after_rows.is_some_and(|n| sent >= n) {
        // Everything but the last packet is on the wire; wait for the test.
        w.flush()?;
        shared.holding.store(true, Ordering::SeqCst);
        let mut released = shared.released.lock().unwrap();
        while !*released {
            released = shared.release_signal.wait(released).unwrap();
        }
        drop(released);
        shared.holding.store(false, Ordering::SeqCst);
    }
    done(&mut out, DONE_COUNT, 0xC1, sent as u64);
    // The last packet; its id continues the sequence (tiberius does not check it).
    write_message(w, PACKET_TABULAR, &out, true)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_parse_to_days_and_ticks() {
        assert_eq!(parse_datetime("0001-01-01"), Some((0, 0)));
        assert_eq!(parse_datetime("1970-01-01 00:00:00"), Some((719_162, 0)));
        assert_eq!(parse_datetime("2025-12-09 20:07:57.1234567"), Some((739_593, 724_771_234_567)));
        assert_eq!(parse_datetime("2025-12-09 20:07:57.5"), Some((739_593, 724_775_000_000)));
        assert_eq!(parse_datetime("whatsapp:+1"), None);
    }
}

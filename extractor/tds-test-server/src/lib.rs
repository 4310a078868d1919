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
//!
//! This crate, one job per file: `packet` (TDS packet framing), `prelogin`
//! (encryption agreed, TLS inside PRELOGIN, receiving LOGIN7), `login`
//! (checking LOGIN7, LOGINACK), `session` (one connection's requests), `sql`
//! (running a batch on SQLite and streaming its result), `types` (result
//! column types and value encoding) and `tokens` (the other TDS tokens).

mod login;
mod packet;
mod prelogin;
mod session;
mod sql;
mod tokens;
mod types;

use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

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

/// What the connections share with the test.
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
        let (tls, cert_pem) = config.tls.then(prelogin::self_signed).unzip();
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
                        let _ = session::serve(stream, &config, tls, &shared);
                    });
                }
            });
        }
        TestServer {
            port,
            cert_pem,
            shared,
            stop,
        }
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

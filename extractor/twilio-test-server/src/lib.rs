//! Test support: a strict stand-in for the parts of Twilio's REST API (2010)
//! and Pricing API (v1) that `phone-inventory twilio` uses, served over plain
//! HTTP on loopback. Built from Twilio's documented shapes (see
//! extractor/README.md for what it proves and what only the live API can):
//!
//! - HTTP Basic auth on every request: the main account SID with its auth
//!   token, or an API key SID (`SK…`) with its secret; anything else is a 401
//!   with Twilio's error 20003 body.
//! - `GET /2010-04-01/Accounts.json`, `…/Accounts/{AC}/IncomingPhoneNumbers.json`
//!   and its `Local`, `Mobile`, `TollFree` sub-lists (with an optional
//!   `PhoneNumber` filter), `GET`/`DELETE …/IncomingPhoneNumbers/{PN}.json`,
//!   `…/Usage/Records.json`, and `GET /v1/PhoneNumbers/Countries/{ISO}`.
//!   Lists must be asked for with `PageSize=1000`; the stand-in answers at
//!   most [`Config::page_limit`] items a page (so a few hundred numbers make
//!   real paging), and a later page must be asked for with the `Page` and
//!   `PageToken` of the `next_page_uri` it gave. Any other path, method or
//!   query is refused (404, 405 or 400, with Twilio's error shape).
//! - Injected [`Fault`]s: a status with Twilio's error body, a 429 with
//!   `Retry-After`, a slow answer, malformed JSON, and the connection dropped
//!   in the middle of an answer.
//!
//! One thread per connection, `Connection: close` on every answer. This
//! crate, one job per file: `wire` (reading requests, writing answers),
//! `routes` (the API's behaviour) and `fixture` (the standard account).

mod fixture;
mod routes;
mod wire;

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use fixture::{standard, CLOSED_SID, MAIN_SID, SUB_SID};

/// One number the stand-in holds.
#[derive(Clone, Debug)]
pub struct Number {
    pub sid: String,
    pub account_sid: String,
    pub phone_number: String,
    pub friendly_name: String,
    pub date_created: String,
    /// `Local`, `Mobile`, `TollFree`, or `None` when in no sub-list.
    pub sub_list: Option<&'static str>,
    /// voice, sms, mms, fax
    pub capabilities: [bool; 4],
}

#[derive(Clone, Debug)]
pub struct Account {
    pub sid: String,
    pub friendly_name: String,
    /// active, suspended, closed
    pub status: String,
}

/// A Usage Record for `phonenumbers`, returned for its `StartDate`.
#[derive(Clone, Debug)]
pub struct Usage {
    pub start_date: String,
    pub end_date: String,
    pub count: String,
    pub price: String,
}

/// One country's Pricing API answer: (number_type, base_price, current_price).
#[derive(Clone, Debug)]
pub struct CountryPrices {
    pub iso: String,
    pub country: String,
    pub prices: Vec<(String, String, String)>,
}

/// What goes wrong, on purpose.
#[derive(Clone, Debug)]
pub enum FaultKind {
    /// This status with Twilio's error body (`code`, `message`, `more_info`).
    Status(u16, u64, String),
    /// 429 with `Retry-After: seconds`.
    TooManyRequests(u64),
    /// Wait this long, then answer normally.
    Slow(Duration),
    /// 200 with JSON cut short.
    Malformed,
    /// Send the headers and half the body, then close.
    DropMidAnswer,
}

#[derive(Clone, Debug)]
pub struct Fault {
    /// `GET`, `DELETE`, or `*` for both.
    pub method: &'static str,
    /// Applies to requests whose path and query contain this text.
    pub path_contains: String,
    /// How many requests it applies to (`usize::MAX`: all).
    pub times: usize,
    pub kind: FaultKind,
}

impl Fault {
    pub fn new(method: &'static str, path_contains: &str, times: usize, kind: FaultKind) -> Fault {
        Fault {
            method,
            path_contains: path_contains.to_string(),
            times,
            kind,
        }
    }
}

/// How the stand-in behaves.
#[derive(Clone, Debug)]
pub struct Config {
    pub main_sid: String,
    pub auth_token: String,
    pub api_key: String,
    pub api_secret: String,
    /// The main account first, then its subaccounts.
    pub accounts: Vec<Account>,
    pub numbers: Vec<Number>,
    pub usage: Vec<Usage>,
    pub prices: Vec<CountryPrices>,
    /// The most items in one page, whatever `PageSize` asked for.
    pub page_limit: usize,
    pub faults: Vec<Fault>,
}

/// A request as received: method and path with query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    pub method: String,
    pub target: String,
}

pub(crate) struct State {
    pub(crate) config: Config,
    pub(crate) seen: Vec<Seen>,
}

pub struct TestServer {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl TestServer {
    pub fn start(config: Config) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().expect("its address").port();
        let state = Arc::new(Mutex::new(State {
            config,
            seen: Vec::new(),
        }));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || wire::serve(stream, &state));
            }
        });
        TestServer { port, state }
    }

    /// The base URL for `PHONE_INVENTORY_TWILIO_URL`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every request so far, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    /// The numbers it holds now.
    pub fn numbers(&self) -> Vec<Number> {
        self.state.lock().unwrap().config.numbers.clone()
    }

    /// Changes the stand-in between runs (rename or remove a number, add a fault).
    pub fn change(&self, edit: impl FnOnce(&mut Config)) {
        edit(&mut self.state.lock().unwrap().config);
    }
}

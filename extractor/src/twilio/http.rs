//! The HTTP client for Twilio: Basic auth on every request, a timeout on
//! every request, a 429 retried after its `Retry-After`, a 5xx, a timeout or a
//! dropped connection retried with bounded exponential backoff, and every
//! other answer made into an [`ApiFailure`] of the right kind.
//!
//! Hidden settings (for slow networks and for fast tests):
//! `PHONE_INVENTORY_TWILIO_TIMEOUT_MS` (default 30000, per request),
//! `PHONE_INVENTORY_TWILIO_RETRIES` (default 4), `PHONE_INVENTORY_TWILIO_BACKOFF_MS`
//! (default 500; doubled per retry, at most 8 s). A `Retry-After` is obeyed up to 60 s.

use std::time::Duration;

use serde::de::DeserializeOwned;

use super::credentials::Credentials;
use super::endpoints::Endpoints;
use super::failure::{bad, ApiFailure, FailureKind, TwilioError};
use crate::Failure;

const RETRY_AFTER_CAP: Duration = Duration::from_secs(60);
const BACKOFF_CAP: Duration = Duration::from_secs(8);
/// The largest answer read: a page of 1,000 numbers is about 1.5 MB.
const BODY_LIMIT: u64 = 64 << 20;

/// Timeouts and retries.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    pub(crate) timeout: Duration,
    pub(crate) retries: u32,
    pub(crate) backoff: Duration,
}

impl Settings {
    pub(crate) fn from_env() -> Result<Settings, Failure> {
        fn number(name: &str, default: u64) -> Result<u64, Failure> {
            match std::env::var(name) {
                Err(_) => Ok(default),
                Ok(text) => text
                    .trim()
                    .parse()
                    .map_err(|_| bad(format!("{name} `{text}` is not a whole number"))),
            }
        }
        let timeout = number("PHONE_INVENTORY_TWILIO_TIMEOUT_MS", 30_000)?.max(1);
        let retries = number("PHONE_INVENTORY_TWILIO_RETRIES", 4)?.min(20) as u32;
        let backoff = number("PHONE_INVENTORY_TWILIO_BACKOFF_MS", 500)?;
        Ok(Settings {
            timeout: Duration::from_millis(timeout),
            retries,
            backoff: Duration::from_millis(backoff),
        })
    }
}

/// A successful answer.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: String,
}

#[derive(Clone, Copy)]
enum Method {
    Get,
    Delete,
}

/// One attempt's outcome when it is worth another try.
struct Transient {
    kind: FailureKind,
    detail: String,
    wait: Option<Duration>,
}

pub(crate) struct Client {
    agent: ureq::Agent,
    authorization: String,
    pub(crate) endpoints: Endpoints,
    settings: Settings,
    /// Where retry notes go (the progress display).
    say: Box<dyn Fn(&str) + Send + Sync>,
}

impl Client {
    pub(crate) fn new(
        credentials: &Credentials,
        endpoints: Endpoints,
        settings: Settings,
        say: Box<dyn Fn(&str) + Send + Sync>,
    ) -> Client {
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(settings.timeout))
            // Never follow a redirect: it could carry the Authorization header elsewhere.
            .max_redirects(0)
            .user_agent(concat!("phone-inventory/", env!("CARGO_PKG_VERSION")));
        if endpoints.is_loopback() {
            config = config.proxy(None);
        }
        Client {
            agent: config.build().into(),
            authorization: credentials.authorization(),
            endpoints,
            settings,
            say,
        }
    }

    /// GETs `url` and reads its JSON; `during` names the step in messages.
    pub(crate) fn get_json<T: DeserializeOwned>(&self, url: &str, during: &str) -> Result<T, ApiFailure> {
        let answer = self.send(Method::Get, url, during)?;
        serde_json::from_str(&answer.body).map_err(|e| {
            ApiFailure::new(
                FailureKind::NotUnderstood,
                during,
                format!("the answer is not the JSON expected ({e})"),
            )
        })
    }

    /// DELETEs `url`; a 404 is an answer here (the caller decides what it means).
    pub(crate) fn delete(&self, url: &str, during: &str) -> Result<Answer, ApiFailure> {
        match self.send(Method::Delete, url, during) {
            Err(failure) if failure.kind == FailureKind::NotFound => Ok(Answer {
                status: 404,
                body: failure.detail,
            }),
            other => other,
        }
    }

    fn send(&self, method: Method, url: &str, during: &str) -> Result<Answer, ApiFailure> {
        let mut attempt = 0;
        loop {
            let transient = match self.attempt(method, url, during)? {
                Ok(answer) => return Ok(answer),
                Err(transient) => transient,
            };
            if attempt >= self.settings.retries {
                let tries = attempt + 1;
                let detail = format!("{} ({tries} attempts)", transient.detail);
                return Err(ApiFailure::new(transient.kind, during, detail));
            }
            let backoff = self
                .settings
                .backoff
                .saturating_mul(1 << attempt.min(16))
                .min(BACKOFF_CAP);
            let wait = transient.wait.map_or(backoff, |w| w.min(RETRY_AFTER_CAP));
            (self.say)(&format!(
                "{during}: {}; trying again in {:.1} s",
                transient.detail,
                wait.as_secs_f64()
            ));
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    /// One request: an answer, a failure to give up on, or one worth retrying.
    fn attempt(&self, method: Method, url: &str, during: &str) -> Result<Result<Answer, Transient>, ApiFailure> {
        let request = match method {
            Method::Get => self.agent.get(url),
            Method::Delete => self.agent.delete(url),
        };
        let result = request
            .header("Authorization", &self.authorization)
            .header("Accept", "application/json")
            .call();
        let mut response = match result {
            Ok(response) => response,
            Err(error) => return transport(error, during).map(Err),
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = match response.body_mut().with_config().limit(BODY_LIMIT).read_to_string() {
            Ok(body) => body,
            Err(error) => return transport(error, during).map(Err),
        };
        let said = TwilioError::from_body(&body).describe();
        let detail = if said.is_empty() {
            format!("HTTP {status}")
        } else {
            format!("HTTP {status}, {said}")
        };
        let kind = match status {
            200..=299 => return Ok(Ok(Answer { status, body })),
            429 => {
                return Ok(Err(Transient {
                    kind: FailureKind::Throttled,
                    detail,
                    wait: retry_after.or(Some(BACKOFF_CAP)),
                }))
            }
            500..=599 => {
                return Ok(Err(Transient {
                    kind: FailureKind::ServerError,
                    detail,
                    wait: None,
                }))
            }
            401 => FailureKind::Authentication,
            403 => FailureKind::Permission,
            404 => FailureKind::NotFound,
            300..=399 => FailureKind::NotUnderstood,
            _ => FailureKind::Refused,
        };
        Err(ApiFailure::new(kind, during, detail))
    }
}

/// A failure below HTTP: retried when it may pass (timeouts, dropped connections).
fn transport(error: ureq::Error, during: &str) -> Result<Transient, ApiFailure> {
    use std::io::ErrorKind;
    let transient = |kind, detail: String| {
        Ok(Transient {
            kind,
            detail,
            wait: None,
        })
    };
    match error {
        ureq::Error::Timeout(what) => transient(FailureKind::TimedOut, format!("no answer in time ({what})")),
        ureq::Error::Io(e) if e.kind() == ErrorKind::TimedOut || e.kind() == ErrorKind::WouldBlock => {
            transient(FailureKind::TimedOut, format!("no answer in time ({e})"))
        }
        ureq::Error::Io(e) if e.kind() == ErrorKind::ConnectionRefused => Err(ApiFailure::new(
            FailureKind::Unreachable,
            during,
            format!("the connection was refused ({e})"),
        )),
        // rustls reports a failed handshake or a non-TLS answer as invalid data.
        ureq::Error::Io(e) if e.kind() == ErrorKind::InvalidData => {
            Err(ApiFailure::new(FailureKind::Tls, during, format!("TLS failed ({e})")))
        }
        ureq::Error::Io(e) => transient(FailureKind::TimedOut, format!("the connection dropped ({e})")),
        ureq::Error::Protocol(e) => transient(
            FailureKind::TimedOut,
            format!("the connection dropped mid-answer ({e})"),
        ),
        ureq::Error::BodyStalled => transient(FailureKind::TimedOut, "the answer stalled".into()),
        ureq::Error::HostNotFound => Err(ApiFailure::new(
            FailureKind::Unreachable,
            during,
            "the host name was not found",
        )),
        ureq::Error::ConnectionFailed => Err(ApiFailure::new(
            FailureKind::Unreachable,
            during,
            "the connection failed",
        )),
        ureq::Error::ConnectProxyFailed(e) => Err(ApiFailure::new(
            FailureKind::Unreachable,
            during,
            format!("the proxy refused ({e})"),
        )),
        ureq::Error::Tls(e) => Err(ApiFailure::new(FailureKind::Tls, during, format!("TLS failed ({e})"))),
        ureq::Error::Rustls(e) => Err(ApiFailure::new(FailureKind::Tls, during, format!("TLS failed ({e})"))),
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => Err(ApiFailure::new(
            FailureKind::NotUnderstood,
            during,
            "the answer was a redirect, which is not followed",
        )),
        ureq::Error::BodyExceedsLimit(limit) => Err(ApiFailure::new(
            FailureKind::NotUnderstood,
            during,
            format!("the answer is larger than {limit} bytes"),
        )),
        other => Err(ApiFailure::new(
            FailureKind::NotUnderstood,
            during,
            format!("the request failed ({other})"),
        )),
    }
}

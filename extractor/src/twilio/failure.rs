//! What can go wrong talking to Twilio, and what each becomes: one line with
//! Twilio's error code, message and `more_info` link where it gave them, and
//! the exit code listed in each twilio subcommand's long help.

use crate::{exit, Failure};

/// Exit codes of `twilio fetch` and `twilio release` (after extract's 10–18).
pub(crate) mod code {
    pub(crate) const UNREACHABLE: u8 = 20;
    pub(crate) const TLS: u8 = 21;
    pub(crate) const AUTHENTICATION: u8 = 22;
    pub(crate) const PERMISSION: u8 = 23;
    pub(crate) const NOT_FOUND: u8 = 24;
    pub(crate) const THROTTLED: u8 = 25;
    pub(crate) const SERVER_ERROR: u8 = 26;
    pub(crate) const TIMED_OUT: u8 = 27;
    pub(crate) const NOT_UNDERSTOOD: u8 = 28;
    pub(crate) const REFUSED: u8 = 29;
}

/// The exit-code table both subcommands show in their long help.
pub(crate) const EXIT_CODES: &str = "\
Exit codes:
  0   done
  2   a flag, setting or input file can't be used (no credentials, a bad --month, a plain-HTTP base URL, ...)
  3   an output can't be written (the previous files are untouched)
  20  Twilio unreachable (DNS, refused connection, proxy)
  21  TLS failed (certificate, handshake)
  22  authentication failed (HTTP 401): TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN, or TWILIO_API_KEY/TWILIO_API_SECRET
  23  permission denied (HTTP 403): the key or subaccount may not do this
  24  not found (HTTP 404): the account SID, or a resource named in the request
  25  throttled (HTTP 429) past the retries
  26  Twilio's server failed (HTTP 5xx) past the retries
  27  timed out, or the connection dropped, past the retries
  28  Twilio's answer could not be understood (not the JSON documented)
  29  Twilio refused a request for another reason (release: some numbers were not released; see the log)
(extract uses 10-18; see `phone-inventory extract --help`.)";

/// The kinds of failure, each with its exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FailureKind {
    Unreachable,
    Tls,
    Authentication,
    Permission,
    NotFound,
    Throttled,
    ServerError,
    TimedOut,
    NotUnderstood,
    Refused,
}

impl FailureKind {
    pub(crate) fn exit_code(self) -> u8 {
        match self {
            FailureKind::Unreachable => code::UNREACHABLE,
            FailureKind::Tls => code::TLS,
            FailureKind::Authentication => code::AUTHENTICATION,
            FailureKind::Permission => code::PERMISSION,
            FailureKind::NotFound => code::NOT_FOUND,
            FailureKind::Throttled => code::THROTTLED,
            FailureKind::ServerError => code::SERVER_ERROR,
            FailureKind::TimedOut => code::TIMED_OUT,
            FailureKind::NotUnderstood => code::NOT_UNDERSTOOD,
            FailureKind::Refused => code::REFUSED,
        }
    }

    /// What the user should check.
    fn hint(self) -> &'static str {
        match self {
            FailureKind::Unreachable => "check the network, proxy settings and PHONE_INVENTORY_TWILIO_URL if set",
            FailureKind::Tls => "check the clock, any TLS-inspecting proxy, and PHONE_INVENTORY_TWILIO_URL if set",
            FailureKind::Authentication => {
                "check TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN, or TWILIO_API_KEY with TWILIO_API_SECRET"
            }
            FailureKind::Permission => "use the main account's credentials or a key allowed to do this",
            FailureKind::NotFound => "check TWILIO_ACCOUNT_SID and the SIDs in the request",
            FailureKind::Throttled => "Twilio kept asking to slow down; run again later",
            FailureKind::ServerError => "Twilio's side failed repeatedly; run again later",
            FailureKind::TimedOut => "run again; raise PHONE_INVENTORY_TWILIO_TIMEOUT_MS on a slow network",
            FailureKind::NotUnderstood => "the API may have changed; report it with this line",
            FailureKind::Refused => "see Twilio's message",
        }
    }
}

/// Twilio's JSON error body: `{"code": 20003, "message": "Authenticate", "more_info": "…", "status": 401}`.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(crate) struct TwilioError {
    pub(crate) code: Option<u64>,
    pub(crate) message: Option<String>,
    pub(crate) more_info: Option<String>,
}

impl TwilioError {
    /// Reads an error body; anything else (HTML from a proxy, nothing) gives an empty one.
    pub(crate) fn from_body(body: &str) -> TwilioError {
        serde_json::from_str(body).unwrap_or_default()
    }

    /// `Twilio error 20003: Authenticate (https://www.twilio.com/docs/errors/20003)`, or empty.
    pub(crate) fn describe(&self) -> String {
        let mut text = match (&self.code, &self.message) {
            (Some(code), Some(message)) => format!("Twilio error {code}: {message}"),
            (Some(code), None) => format!("Twilio error {code}"),
            (None, Some(message)) => format!("Twilio said: {message}"),
            (None, None) => String::new(),
        };
        if let Some(link) = self.more_info.as_deref().filter(|l| !l.is_empty()) {
            text.push_str(&format!(" ({link})"));
        }
        text
    }
}

/// A failed request: what kind, what we were doing, and what Twilio or the network said.
#[derive(Debug, Clone)]
pub(crate) struct ApiFailure {
    pub(crate) kind: FailureKind,
    /// "listing the Local numbers of AC…"
    pub(crate) during: String,
    /// "HTTP 401, Twilio error 20003: Authenticate (https://…)"
    pub(crate) detail: String,
}

impl ApiFailure {
    pub(crate) fn new(kind: FailureKind, during: &str, detail: impl Into<String>) -> ApiFailure {
        ApiFailure {
            kind,
            during: during.to_string(),
            detail: detail.into(),
        }
    }

    /// The one line and exit code; `secret` is masked wherever it might appear.
    pub(crate) fn into_failure(self, secret: &str) -> Failure {
        let message = format!("{}: {}; {}", self.during, self.detail, self.kind.hint());
        Failure {
            code: self.kind.exit_code(),
            message: one_line(&message, secret),
        }
    }
}

/// A flag, setting or input that can't be used.
pub(crate) fn bad(message: String) -> Failure {
    Failure {
        code: exit::BAD_INPUT,
        message,
    }
}

/// `text` on one line, with `secret` masked (a defence in depth: nothing we
/// print is built from the secret, but an echoing proxy could send it back).
pub(crate) fn one_line(text: &str, secret: &str) -> String {
    let flat = text.replace(['\r', '\n'], " ");
    if secret.is_empty() {
        flat
    } else {
        flat.replace(secret, "[secret]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twilio_errors_read_and_print_with_their_link() {
        let body = r#"{"code": 20003, "message": "Authenticate",
            "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}"#;
        let error = TwilioError::from_body(body);
        assert_eq!(
            error.describe(),
            "Twilio error 20003: Authenticate (https://www.twilio.com/docs/errors/20003)"
        );
        assert_eq!(TwilioError::from_body("<html>").describe(), "");
    }

    #[test]
    fn messages_are_one_line_without_the_secret() {
        let failure =
            ApiFailure::new(FailureKind::Authentication, "listing", "said s3cret\nback").into_failure("s3cret");
        assert_eq!(failure.code, 22);
        assert!(
            !failure.message.contains("s3cret") && !failure.message.contains('\n'),
            "{}",
            failure.message
        );
    }
}

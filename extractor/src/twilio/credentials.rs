//! Twilio credentials, under the names Twilio's SDKs and CLI read:
//! `TWILIO_ACCOUNT_SID` with `TWILIO_AUTH_TOKEN`, or with `TWILIO_API_KEY` and
//! `TWILIO_API_SECRET` (preferred when both pairs are set). A missing secret
//! is asked for without echo on a terminal. Never a flag, never printed: the
//! secret lives only in this struct and the `Authorization` header built from it.

use std::fmt;
use std::io::IsTerminal;

use super::failure::bad;
use crate::Failure;

pub(crate) const ACCOUNT_SID: &str = "TWILIO_ACCOUNT_SID";
pub(crate) const AUTH_TOKEN: &str = "TWILIO_AUTH_TOKEN";
pub(crate) const API_KEY: &str = "TWILIO_API_KEY";
pub(crate) const API_SECRET: &str = "TWILIO_API_SECRET";

pub(crate) struct Credentials {
    /// The main account (`AC…`), whose numbers and subaccounts are listed.
    pub(crate) account_sid: String,
    /// The Basic-auth user: the account SID, or the API key SID (`SK…`).
    pub(crate) username: String,
    secret: String,
}

/// Never shows the secret, even in a debug print.
impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Credentials {{ account_sid: {}, username: {}, secret: [hidden] }}",
            self.account_sid, self.username
        )
    }
}

/// An environment variable's value, `None` when unset or empty.
fn variable(name: &str) -> Result<Option<String>, Failure> {
    match std::env::var_os(name) {
        None => Ok(None),
        Some(value) => {
            let value = value
                .into_string()
                .map_err(|_| bad(format!("{name} is not valid Unicode")))?;
            Ok(Some(value.trim().to_string()).filter(|v| !v.is_empty()))
        }
    }
}

/// `AC` or `SK` and 32 hexadecimal digits, as Twilio's SIDs are.
pub(crate) fn is_sid(text: &str, prefix: &str) -> bool {
    text.len() == 34 && text.starts_with(prefix) && text[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

impl Credentials {
    pub(crate) fn from_env() -> Result<Credentials, Failure> {
        let account_sid = variable(ACCOUNT_SID)?.ok_or_else(|| {
            bad(format!(
                "set {ACCOUNT_SID} to the main account's SID (AC followed by 32 hex digits)"
            ))
        })?;
        if !is_sid(&account_sid, "AC") {
            return Err(bad(format!(
                "{ACCOUNT_SID} `{account_sid}` is not an account SID: AC and 32 hex digits (Console: Account Info)"
            )));
        }
        let key = variable(API_KEY)?;
        let api_secret = variable(API_SECRET)?;
        let token = variable(AUTH_TOKEN)?;
        let use_key = key.is_some() && (api_secret.is_some() || token.is_none());
        let (username, secret) = if use_key {
            let key = key.unwrap_or_default();
            if !is_sid(&key, "SK") {
                return Err(bad(format!(
                    "{API_KEY} `{key}` is not an API key SID: it is SK followed by 32 hex digits"
                )));
            }
            let secret = match api_secret {
                Some(secret) => secret,
                None => prompt(&format!("API secret for {key}: "), API_SECRET)?,
            };
            (key, secret)
        } else {
            let secret = match token {
                Some(token) => token,
                None => prompt(&format!("Auth token for {account_sid}: "), AUTH_TOKEN)?,
            };
            (account_sid.clone(), secret)
        };
        Ok(Credentials {
            account_sid,
            username,
            secret,
        })
    }

    /// The secret, only so that messages can be checked for it.
    pub(crate) fn secret(&self) -> &str {
        &self.secret
    }

    /// The value of the `Authorization` header.
    pub(crate) fn authorization(&self) -> String {
        format!(
            "Basic {}",
            base64(format!("{}:{}", self.username, self.secret).as_bytes())
        )
    }
}

fn prompt(question: &str, variable: &str) -> Result<String, Failure> {
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        let answer = rpassword::prompt_password(question)
            .map_err(|e| bad(format!("could not read the secret from the terminal: {e}")))?;
        if !answer.trim().is_empty() {
            return Ok(answer.trim().to_string());
        }
    }
    Err(bad(format!(
        "no secret: set {variable} ({AUTH_TOKEN}, or {API_KEY} with {API_SECRET}), or run on a terminal to be asked"
    )))
}

/// Standard base64 with padding (RFC 4648), for the Basic-auth header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn sids_are_checked_by_shape() {
        assert!(is_sid(&format!("AC{}", "0a".repeat(16)), "AC"));
        assert!(!is_sid("AC123", "AC"));
        assert!(!is_sid(&format!("SK{}", "0a".repeat(16)), "AC"));
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let credentials = Credentials {
            account_sid: "AC1".into(),
            username: "AC1".into(),
            secret: "hunter2".into(),
        };
        assert!(!format!("{credentials:?}").contains("hunter2"));
    }
}

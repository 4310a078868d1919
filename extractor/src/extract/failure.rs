//! What can go wrong while extracting, and what each becomes: a one-line
//! message saying what to check, and an exit code, each listed in `HELP` in
//! `mod.rs` (`phone-inventory help extract`).

use std::any::Any;
use std::time::Duration;

use super::connect::Target;
use super::password::PASSWORD_VARIABLE;
use crate::{exit, Failure};

/// Exit codes of `extract`, listed with what to check in `HELP` in `mod.rs`.
mod code {
    pub(super) const HOST_UNREACHABLE: u8 = 10;
    pub(super) const TLS_FAILED: u8 = 11;
    pub(super) const LOGIN_FAILED: u8 = 12;
    pub(super) const MISSING: u8 = 13;
    pub(super) const PERMISSION_DENIED: u8 = 14;
    pub(super) const TIMEOUT: u8 = 15;
    pub(super) const CONNECTION_LOST: u8 = 16;
    pub(super) const QUERY_FAILED: u8 = 17;
    pub(super) const PROTOCOL: u8 = 18;
}

/// A flag or setting that can't be used.
pub(super) fn bad(message: String) -> Failure {
    Failure {
        code: exit::BAD_INPUT,
        message,
    }
}

fn fail(code: u8, message: String) -> Failure {
    // One line, whatever the server said.
    Failure {
        code,
        message: message.replace(['\r', '\n'], " "),
    }
}

/// SQL Server's error -2 (a timeout), as tiberius reads it.
const SERVER_TIMEOUT: u32 = u32::MAX - 1;

/// What went wrong, before it becomes a one-line message.
pub(super) enum Problem {
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

/// Awaits one step of talking to the server, for at most `limit`.
pub(super) async fn within<T>(
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

/// The message and exit code for `problem`.
pub(super) fn explain(problem: Problem, target: &Target, timeout: u64) -> Failure {
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

/// The async runtime could not start.
pub(super) fn no_runtime(e: std::io::Error) -> Failure {
    fail(code::PROTOCOL, format!("can't start the network runtime: {e}"))
}

/// tiberius panicked on an answer it did not expect.
pub(super) fn panicked(panic: Box<dyn Any + Send>, target: &Target) -> Failure {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown".into());
    fail(
        code::PROTOCOL,
        format!(
            "the answer from {} could not be handled ({what}); check --encrypt and that it is SQL Server 2008 or later",
            target.shown
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::code::*;
    use crate::exit;

    #[test]
    fn the_help_lists_every_exit_code() {
        let codes = [
            0,
            exit::BAD_INPUT,
            exit::WRITE_FAILED,
            HOST_UNREACHABLE,
            TLS_FAILED,
            LOGIN_FAILED,
            MISSING,
            PERMISSION_DENIED,
            TIMEOUT,
            CONNECTION_LOST,
            QUERY_FAILED,
            PROTOCOL,
        ];
        for code in codes {
            assert!(
                super::super::HELP.contains(&format!("\n{code:>4}  ")),
                "exit code {code}"
            );
        }
    }
}

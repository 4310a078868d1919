//! What the twilio test files (and tests/windows.rs) share: the command with
//! its environment, and the run that checks no secret leaks on any path.
#![allow(dead_code)] // each test file uses its own part

use std::path::Path;
use std::process::{Command, Output, Stdio};

use twilio_test_server::{standard, Config, MAIN_SID};

use crate::common::{listing, text};

/// How the command authenticates in a run.
pub enum Auth {
    Token(String),
    Key(String, String),
}

pub fn token(config: &Config) -> Auth {
    Auth::Token(config.auth_token.clone())
}

pub fn command(server_url: &str, auth: &Auth, args: &[&str]) -> Command {
    with_twilio_env(
        Command::new(env!("CARGO_BIN_EXE_phone-inventory")),
        server_url,
        auth,
        args,
    )
}

/// `program` (the Linux binary, or the .exe under Wine in tests/windows.rs)
/// given `twilio` `args` and the environment a run against `server_url` needs.
pub fn with_twilio_env(mut command: Command, server_url: &str, auth: &Auth, args: &[&str]) -> Command {
    command.arg("twilio").args(args).stdin(Stdio::null());
    for name in [
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_API_KEY",
        "TWILIO_API_SECRET",
    ] {
        command.env_remove(name);
    }
    command
        .env("TWILIO_ACCOUNT_SID", MAIN_SID)
        .env("PHONE_INVENTORY_TWILIO_URL", server_url)
        .env("PHONE_INVENTORY_TWILIO_TIMEOUT_MS", "1500")
        .env("PHONE_INVENTORY_TWILIO_RETRIES", "2")
        .env("PHONE_INVENTORY_TWILIO_BACKOFF_MS", "10");
    match auth {
        Auth::Token(token) => command.env("TWILIO_AUTH_TOKEN", token),
        Auth::Key(key, secret) => command.env("TWILIO_API_KEY", key).env("TWILIO_API_SECRET", secret),
    };
    command
}

/// Every secret the stand-ins know, and the one a run used.
fn secrets(auth: &Auth) -> Vec<String> {
    let config = standard();
    let mut all = vec![config.auth_token, config.api_secret];
    match auth {
        Auth::Token(t) => all.push(t.clone()),
        Auth::Key(_, s) => all.push(s.clone()),
    }
    all
}

/// Runs the command; whatever happens, no secret is in its output or its folder.
pub fn run_in(command: &mut Command, auth: &Auth, out: &Path) -> Output {
    let output = command.output().expect("the command runs");
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    for secret in secrets(auth) {
        assert!(
            !stdout.contains(&secret) && !stderr.contains(&secret),
            "a secret leaked:\n{stdout}\n{stderr}"
        );
        for name in listing(out) {
            let bytes = std::fs::read(out.join(&name)).unwrap_or_default();
            assert!(!text(&bytes).contains(&secret), "a secret leaked into {name}");
        }
    }
    output
}

//! The SQL Server login's password: from the environment variable
//! `PHONE_INVENTORY_DB_PASSWORD`, or asked for without echo when run on a
//! terminal. Never a flag, never printed.

use std::io::IsTerminal;

use tiberius::Config;

use super::failure::bad;
use crate::Failure;

pub(super) const PASSWORD_VARIABLE: &str = "PHONE_INVENTORY_DB_PASSWORD";

/// The password for `user`, to log in to the server `config` points at.
pub(super) fn read(user: &str, config: &Config) -> Result<String, Failure> {
    if let Some(value) = std::env::var_os(PASSWORD_VARIABLE) {
        return value
            .into_string()
            .map_err(|_| bad(format!("{PASSWORD_VARIABLE} is not valid Unicode")));
    }
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        return rpassword::prompt_password(format!("Password for {user} on {}: ", config.get_addr()))
            .map_err(|e| bad(format!("could not read the password from the terminal: {e}")));
    }
    Err(bad(format!(
        "no password: set {PASSWORD_VARIABLE}, or run on a terminal to be asked for it"
    )))
}

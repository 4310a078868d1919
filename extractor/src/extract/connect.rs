//! From the flags and the connection string to a tiberius `Config`: server
//! and instance, database, encryption and certificate checks, SQL Server or
//! Windows login; then opening the connection with it (following Azure's
//! redirections).

use std::time::Duration;

use tiberius::{AuthMethod, Client, Config, EncryptionLevel, SqlBrowser};
use tokio::net::TcpStream;
use tokio_util::compat::{Compat, TokioAsyncWriteCompatExt};

use super::failure::{bad, within, Problem};
use super::password::{self, PASSWORD_VARIABLE};
use super::{Args, Encrypt};
use crate::Failure;

pub(super) type Connection = Client<Compat<TcpStream>>;

/// Where to connect and as whom, with what to tell the user about it.
pub(super) struct Target {
    pub(super) config: Config,
    /// HOST:PORT (or HOST\INSTANCE) for messages.
    pub(super) shown: String,
    pub(super) user: String,
    pub(super) database: String,
    /// Settings the user should know about (weakened encryption), one line each.
    pub(super) notes: Vec<String>,
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

pub(super) fn build_target(args: &Args) -> Result<Target, Failure> {
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
                        bad(format!(
                            "--server {server}: `{port}` is not a port number; use HOST or HOST,PORT"
                        ))
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
            let get = |keys: &[&str]| {
                pairs
                    .iter()
                    .rev()
                    .find(|(k, _)| keys.contains(&k.as_str()))
                    .map(|(_, v)| v.clone())
            };
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
        (None, Some(v)) if matches!(v.to_ascii_lowercase().as_str(), "false" | "no" | "optional" | "0") => {
            EncryptionLevel::Off
        }
        (None, Some(v)) if matches!(v.to_ascii_lowercase().as_str(), "strict") => {
            if args.trust_server_certificate || from_string_trust {
                return Err(bad(
                    "Encrypt=Strict checks the certificate: drop TrustServerCertificate / --trust-server-certificate"
                        .into(),
                ));
            }
            EncryptionLevel::Required
        }
        (None, _) => EncryptionLevel::Required,
    };
    if args.encrypt == Some(Encrypt::Strict) && (args.trust_server_certificate || from_string_trust) {
        return Err(bad(
            "--encrypt strict checks the server's certificate: drop --trust-server-certificate".into(),
        ));
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
        let user =
            user.ok_or_else(|| bad("give --user NAME (the SQL Server login), or --integrated on Windows".into()))?;
        let password = password::read(&user, &config)?;
        config.authentication(AuthMethod::sql_server(&user, &password));
        user
    };
    let shown = config.get_addr();
    Ok(Target {
        config,
        shown,
        user,
        database,
        notes,
    })
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

pub(super) async fn connect(config: &Config, limit: Duration) -> Result<Connection, Problem> {
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
    Err(Problem::Tiberius(
        tiberius::error::Error::Protocol("too many redirections".into()),
        "logging in",
    ))
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
}

//! `phone-inventory twilio (fetch | release)`: talk to Twilio's API with the
//! credentials on this host. Each subcommand's usage and exit codes are in
//! its own file's long help (`phone-inventory twilio fetch --help`).
//!
//! This folder, one job per file: `credentials` (the environment, the hidden
//! prompt, the Basic-auth header), `endpoints` (the base URLs),
//! `http` (requests, timeouts, retries), `api` (answer shapes and paging),
//! `failure` (kinds of failure, exit codes, one-line messages), `inventory`
//! (accounts and numbers), `countries` (E.164 to ISO country for prices),
//! `outputs` (the three files' bytes), `progress`, and the subcommands
//! `fetch` and `release` (with `plan` and `release_log`).

mod api;
mod credentials;
mod endpoints;
mod failure;
mod fetch;
mod http;
mod inventory;
mod outputs;
mod plan;
mod progress;
mod release;
mod release_log;

use crate::Failure;

/// Fetch numbers, charges and prices from Twilio, or release numbers from a reviewed plan.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    Fetch(fetch::Args),
    Release(release::Args),
}

pub(crate) fn run(args: Args) -> Result<(), Failure> {
    match args.command {
        Command::Fetch(args) => fetch::run(args),
        Command::Release(args) => release::run(args),
    }
}

/// The credentials and a client that uses them; its retry notes go to stderr as whole lines.
fn connect() -> Result<(http::Client, credentials::Credentials), Failure> {
    let credentials = credentials::Credentials::from_env()?;
    let endpoints = endpoints::Endpoints::from_env()?;
    let settings = http::Settings::from_env()?;
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let say = Box::new(move |text: &str| {
        if terminal {
            eprint!("\r\x1b[K");
        }
        eprintln!("{text}");
    });
    Ok((http::Client::new(&credentials, endpoints, settings, say), credentials))
}

//! One connection from start to end: PRELOGIN and TLS, LOGIN7, then requests
//! until the client leaves (SQL batches run on SQLite, RPC requests refused,
//! ATTENTION acknowledged).

use std::io;
use std::net::TcpStream;
use std::sync::Arc;
use std::thread;

use crate::packet::{read_message, write_message, PACKET_ATTENTION, PACKET_RPC, PACKET_SQL_BATCH, PACKET_TABULAR};
use crate::tokens::{done, error_token, DONE_ERROR};
use crate::{login, prelogin, sql, Config, Shared};

/// Serves the client on `tcp` until it leaves or a knob ends the connection.
pub(crate) fn serve(
    tcp: TcpStream,
    config: &Config,
    tls: Option<Arc<rustls::ServerConfig>>,
    shared: &Shared,
) -> io::Result<()> {
    tcp.set_nodelay(true)?;
    let Some((mut transport, login)) = prelogin::negotiate(tcp, tls)? else {
        return Ok(());
    };
    if !login::accept(&mut transport, &login, config)? {
        return Ok(());
    }
    let db = sql::open(config)?;

    loop {
        let (ty, request) = match read_message(&mut transport) {
            Ok(m) => m,
            Err(_) => return Ok(()),
        };
        match ty {
            PACKET_SQL_BATCH => {
                let headers = u32::from_le_bytes([request[0], request[1], request[2], request[3]]) as usize;
                let units: Vec<u16> = request[headers..]
                    .chunks(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                let batch = String::from_utf16_lossy(&units);
                shared.queries.lock().unwrap().push(batch.clone());
                if let Some(stall) = config.stall {
                    thread::sleep(stall);
                }
                if !sql::run_batch(&mut transport, &db, &batch, config, shared)? {
                    return Ok(());
                }
            }
            PACKET_RPC => {
                let mut out = Vec::new();
                error_token(
                    &mut out,
                    2812,
                    16,
                    "tds-test-server: RPC requests are not supported; send SQL batches",
                );
                done(&mut out, DONE_ERROR, 0, 0);
                write_message(&mut transport, PACKET_TABULAR, &out, true)?;
            }
            PACKET_ATTENTION => {
                let mut out = Vec::new();
                done(&mut out, 0x20, 0, 0);
                write_message(&mut transport, PACKET_TABULAR, &out, true)?;
            }
            _ => return Ok(()),
        }
    }
}

//! LOGIN7: the user, password and database the client sends, checked against
//! the `Config`; answered with ENVCHANGEs and LOGINACK, or with SQL Server's
//! login errors (18456, 4060) and a closed connection.

use std::io;
use std::net::Shutdown;

use crate::packet::{write_message, Transport, PACKET_SIZE, PACKET_TABULAR};
use crate::tokens::{b_varchar, done, env_change, error_token, DONE_ERROR, DONE_FINAL};
use crate::Config;

fn u16_at(b: &[u8], at: usize) -> usize {
    u16::from_le_bytes([b[at], b[at + 1]]) as usize
}

/// The LOGIN7 string whose offset and length are at `at`; the password unscrambled.
fn login_field(login: &[u8], at: usize, password: bool) -> String {
    let (offset, chars) = (u16_at(login, at), u16_at(login, at + 2));
    let mut bytes = login.get(offset..offset + chars * 2).unwrap_or(&[]).to_vec();
    if password {
        for b in bytes.iter_mut() {
            let x = *b ^ 0xA5;
            *b = x.rotate_left(4);
        }
    }
    let units: Vec<u16> = bytes.chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    String::from_utf16_lossy(&units)
}

/// Checks the LOGIN7 payload `login` and answers it. Returns whether the
/// client is logged in; if not, the connection is over.
pub(crate) fn accept(transport: &mut Transport, login: &[u8], config: &Config) -> io::Result<bool> {
    if login.len() < 94 {
        return Ok(false);
    }
    let user = login_field(login, 40, false);
    let password = login_field(login, 44, true);
    let database = login_field(login, 68, false);
    let mut out = Vec::new();
    if user != config.user || password != config.password {
        error_token(&mut out, 18456, 14, &format!("Login failed for user '{user}'."));
        done(&mut out, DONE_ERROR, 0, 0);
        write_message(transport, PACKET_TABULAR, &out, true)?;
        let _ = transport.tcp().shutdown(Shutdown::Both);
        return Ok(false);
    }
    if !database.is_empty() && !database.eq_ignore_ascii_case(&config.database) {
        error_token(
            &mut out,
            4060,
            11,
            &format!("Cannot open database \"{database}\" requested by the login. The login failed."),
        );
        error_token(&mut out, 18456, 14, &format!("Login failed for user '{user}'."));
        done(&mut out, DONE_ERROR, 0, 0);
        write_message(transport, PACKET_TABULAR, &out, true)?;
        let _ = transport.tcp().shutdown(Shutdown::Both);
        return Ok(false);
    }
    env_change(&mut out, 1, &config.database, "master");
    env_change(&mut out, 4, &PACKET_SIZE.to_string(), &PACKET_SIZE.to_string());
    // LOGINACK
    let mut ack = vec![1u8];
    ack.extend(0x7400_0004u32.to_be_bytes());
    b_varchar(&mut ack, "Microsoft SQL Server");
    ack.extend([16, 0, 0x10, 0x00]);
    out.push(0xAD);
    out.extend((ack.len() as u16).to_le_bytes());
    out.extend(ack);
    done(&mut out, DONE_FINAL, 0, 0);
    write_message(transport, PACKET_TABULAR, &out, true)?;
    Ok(true)
}

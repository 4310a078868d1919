//! PRELOGIN and TLS: the encryption both sides settle on, the self-signed
//! certificate, the TLS handshake carried inside PRELOGIN packets, and the
//! LOGIN7 message received over what that left: TLS throughout, TLS around
//! the login only, or none.

use std::io;
use std::net::TcpStream;
use std::sync::Arc;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::packet::{
    read_message, read_packet, write_message, Transport, PACKET_LOGIN7, PACKET_PRELOGIN, PACKET_TABULAR,
};

const ENCRYPT_OFF: u8 = 0;
const ENCRYPT_ON: u8 = 1;
const ENCRYPT_NOT_SUP: u8 = 2;

/// A TLS server setup with a certificate for localhost and 127.0.0.1
/// generated now, and that certificate as PEM.
pub(crate) fn self_signed() -> (Arc<rustls::ServerConfig>, String) {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let pem = cert.cert.pem();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(cert.key_pair.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut server_config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![CertificateDer::from(cert.cert.der().to_vec())], key)
        .unwrap();
    // Tickets after the handshake would reach a login-only client as raw bytes.
    server_config.send_tls13_tickets = 0;
    (Arc::new(server_config), pem)
}

/// Answers the client's PRELOGIN, does the TLS handshake when TLS was agreed
/// on, and reads the LOGIN7 message. Returns the transport for the rest of the
/// session and the LOGIN7 payload, or `None` when the client sent something
/// else (the session then ends).
pub(crate) fn negotiate(
    mut tcp: TcpStream,
    tls: Option<Arc<rustls::ServerConfig>>,
) -> io::Result<Option<(Transport, Vec<u8>)>> {
    // PRELOGIN
    let (ty, request) = read_message(&mut tcp)?;
    if ty != PACKET_PRELOGIN {
        return Ok(None);
    }
    let mut client_encrypt = ENCRYPT_OFF;
    let mut i = 0;
    while i + 5 <= request.len() && request[i] != 0xFF {
        let (token, offset, len) = (
            request[i],
            u16::from_be_bytes([request[i + 1], request[i + 2]]) as usize,
            u16::from_be_bytes([request[i + 3], request[i + 4]]),
        );
        if token == 1 && len >= 1 {
            client_encrypt = request[offset];
        }
        i += 5;
    }
    let answer = match (&tls, client_encrypt) {
        (None, _) => ENCRYPT_NOT_SUP,
        (Some(_), ENCRYPT_NOT_SUP) => ENCRYPT_NOT_SUP,
        (Some(_), ENCRYPT_OFF) => ENCRYPT_OFF,
        (Some(_), _) => ENCRYPT_ON,
    };
    // VERSION, ENCRYPTION, INSTOPT, THREADID (empty), MARS, terminator.
    let options: [(u8, Vec<u8>); 5] = [
        (0, vec![16, 0, 0x10, 0x00, 0, 0]),
        (1, vec![answer]),
        (2, vec![0]),
        (3, vec![]),
        (4, vec![0]),
    ];
    let mut body = Vec::new();
    let mut data: Vec<u8> = Vec::new();
    let table_len = options.len() * 5 + 1;
    for (token, value) in &options {
        body.push(*token);
        body.extend(((table_len + data.len()) as u16).to_be_bytes());
        body.extend((value.len() as u16).to_be_bytes());
        data.extend(value);
    }
    body.push(0xFF);
    body.extend(data);
    write_message(&mut tcp, PACKET_TABULAR, &body, true)?;

    // TLS, then LOGIN7 (over TLS unless encryption is not supported).
    let (transport, login) = match (tls, answer) {
        (Some(tls), ENCRYPT_ON) => {
            let conn = handshake(&mut tcp, tls)?;
            let mut transport = Transport::Tls(Box::new(rustls::StreamOwned::new(conn, tcp)));
            let (_, login) = read_message(&mut transport)?;
            (transport, login)
        }
        (Some(tls), ENCRYPT_OFF) => {
            // Login only: the LOGIN7 packet is encrypted, everything after it is not.
            let conn = handshake(&mut tcp, tls)?;
            let mut stream = rustls::StreamOwned::new(conn, tcp);
            let (_, login) = read_message(&mut stream)?;
            (Transport::Plain(stream.sock), login)
        }
        _ => {
            let (ty, login) = read_message(&mut tcp)?;
            if ty != PACKET_LOGIN7 {
                return Ok(None);
            }
            (Transport::Plain(tcp), login)
        }
    };
    Ok(Some((transport, login)))
}

/// A TLS handshake whose records travel inside PRELOGIN packets.
fn handshake(stream: &mut TcpStream, config: Arc<rustls::ServerConfig>) -> io::Result<rustls::ServerConnection> {
    let mut conn = rustls::ServerConnection::new(config).map_err(io::Error::other)?;
    while conn.is_handshaking() {
        let (ty, _, payload) = read_packet(stream)?;
        if ty != PACKET_PRELOGIN {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "expected a PRELOGIN packet during the handshake",
            ));
        }
        let mut cursor = &payload[..];
        while !cursor.is_empty() {
            conn.read_tls(&mut cursor)?;
            conn.process_new_packets().map_err(io::Error::other)?;
        }
        if conn.wants_write() {
            let mut out = Vec::new();
            while conn.wants_write() {
                conn.write_tls(&mut out)?;
            }
            write_message(stream, PACKET_PRELOGIN, &out, true)?;
        }
    }
    Ok(conn)
}

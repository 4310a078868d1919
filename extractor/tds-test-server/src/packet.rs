//! TDS packet framing: the 8-byte packet header, whole messages split into
//! and joined from packets, and the byte stream they travel on (plain TCP or
//! TLS).

use std::io::{self, Read, Write};
use std::net::TcpStream;

pub(crate) const PACKET_SQL_BATCH: u8 = 0x01;
pub(crate) const PACKET_TABULAR: u8 = 0x04;
pub(crate) const PACKET_RPC: u8 = 0x03;
pub(crate) const PACKET_LOGIN7: u8 = 0x10;
pub(crate) const PACKET_PRELOGIN: u8 = 0x12;
pub(crate) const PACKET_ATTENTION: u8 = 0x06;

pub(crate) const PACKET_SIZE: usize = 4096;

/// The connection after PRELOGIN: TLS throughout, or plain TCP.
pub(crate) enum Transport {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>),
}

impl Read for Transport {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Transport::Plain(s) => s.read(buf),
            Transport::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Transport {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Transport::Plain(s) => s.write(buf),
            Transport::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Transport::Plain(s) => s.flush(),
            Transport::Tls(s) => s.flush(),
        }
    }
}

impl Transport {
    pub(crate) fn tcp(&self) -> &TcpStream {
        match self {
            Transport::Plain(s) => s,
            Transport::Tls(s) => s.get_ref(),
        }
    }
}

/// Reads one packet: (type, end of message, payload).
pub(crate) fn read_packet(r: &mut impl Read) -> io::Result<(u8, bool, Vec<u8>)> {
    let mut header = [0u8; 8];
    r.read_exact(&mut header)?;
    let length = u16::from_be_bytes([header[2], header[3]]) as usize;
    if length < 8 {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "bad packet length"));
    }
    let mut payload = vec![0u8; length - 8];
    r.read_exact(&mut payload)?;
    Ok((header[0], header[1] & 0x01 != 0, payload))
}

/// Reads a whole message (packets until end of message).
pub(crate) fn read_message(r: &mut impl Read) -> io::Result<(u8, Vec<u8>)> {
    let (ty, mut last, mut payload) = read_packet(r)?;
    while !last {
        let (_, l, more) = read_packet(r)?;
        payload.extend(more);
        last = l;
    }
    Ok((ty, payload))
}

/// Writes `payload` as packets of at most PACKET_SIZE bytes.
pub(crate) fn write_message(w: &mut impl Write, ty: u8, payload: &[u8], end: bool) -> io::Result<()> {
    let chunk = PACKET_SIZE - 8;
    let mut chunks = payload.chunks(chunk).peekable();
    if payload.is_empty() {
        w.write_all(&[ty, u8::from(end), 0, 8, 0, 0, 1, 0])?;
    }
    let mut id = 1u8;
    while let Some(part) = chunks.next() {
        let last = chunks.peek().is_none() && end;
        let len = (part.len() + 8) as u16;
        let header = [ty, u8::from(last), (len >> 8) as u8, len as u8, 0, 0, id, 0];
        w.write_all(&header)?;
        w.write_all(part)?;
        id = id.wrapping_add(1);
    }
    w.flush()
}

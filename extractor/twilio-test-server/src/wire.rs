//! HTTP/1.1 on one connection: read one request, apply a fault if one
//! matches, answer, close.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::{routes, FaultKind, Seen, State};

/// A request: method, target (path and query) and headers (names lower-cased).
pub(crate) struct Request {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) authorization: Option<String>,
}

/// An answer.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: String,
    pub(crate) retry_after: Option<u64>,
}

pub(crate) fn serve(mut stream: TcpStream, state: &Arc<Mutex<State>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some((request, target)) = read_request(&mut stream) else {
        return;
    };
    let fault = {
        let mut state = state.lock().unwrap();
        state.seen.push(Seen {
            method: request.method.clone(),
            target: target.clone(),
        });
        let fault = state.config.faults.iter_mut().find(|f| {
            f.times > 0 && (f.method == "*" || f.method == request.method) && target.contains(&f.path_contains)
        });
        fault.map(|f| {
            f.times = f.times.saturating_sub(1);
            f.kind.clone()
        })
    };
    let answer = match &fault {
        Some(FaultKind::Status(status, code, message)) => routes::error(*status, *code, message),
        Some(FaultKind::TooManyRequests(seconds)) => {
            let mut answer = routes::error(429, 20429, "Too Many Requests");
            answer.retry_after = Some(*seconds);
            answer
        }
        Some(FaultKind::Slow(wait)) => {
            std::thread::sleep(*wait);
            routes::answer(&request, state)
        }
        Some(FaultKind::Malformed) => Answer {
            status: 200,
            body: "{\"incoming_phone_numbers\": [{\"sid\": ".into(),
            retry_after: None,
        },
        Some(FaultKind::DropMidAnswer) | None => routes::answer(&request, state),
    };
    let cut = matches!(fault, Some(FaultKind::DropMidAnswer));
    let _ = write_answer(&mut stream, &answer, cut);
}

fn read_request(stream: &mut TcpStream) -> Option<(Request, String)> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 64 * 1024 || stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        if head.is_empty() && byte[0] == 0x16 {
            // A TLS ClientHello: answer in plain HTTP, as a plain server would.
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return None;
        }
        head.push(byte[0]);
    }
    let text = String::from_utf8(head).ok()?;
    let mut lines = text.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target) = (first.next()?.to_string(), first.next()?.to_string());
    let mut authorization = None;
    let mut length = 0usize;
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            match name.trim().to_ascii_lowercase().as_str() {
                "authorization" => authorization = Some(value.trim().to_string()),
                "content-length" => length = value.trim().parse().unwrap_or(0),
                _ => {}
            }
        }
    }
    let mut body = vec![0u8; length.min(1 << 20)];
    stream.read_exact(&mut body).ok()?;
    let (path, query_text) = target.split_once('?').unwrap_or((&target, ""));
    let query = query_text
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect();
    Some((
        Request {
            method,
            path: path.to_string(),
            query,
            authorization,
        },
        target,
    ))
}

/// Percent-decoding; `+` stays `+` (as Twilio reads `PhoneNumber=%2B1…`, a bare `+` would be a space).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(value) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(value);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        _ => "Error",
    }
}

fn write_answer(stream: &mut TcpStream, answer: &Answer, cut: bool) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n",
        answer.status,
        reason(answer.status),
        answer.body.len()
    );
    if let Some(seconds) = answer.retry_after {
        head.push_str(&format!("Retry-After: {seconds}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    let body = if cut {
        &answer.body.as_bytes()[..answer.body.len() / 2]
    } else {
        answer.body.as_bytes()
    };
    stream.write_all(body)?;
    stream.flush()?;
    let _ = stream.shutdown(std::net::Shutdown::Both);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn queries_decode_like_twilio() {
        assert_eq!(super::decode("%2B14155550101"), "+14155550101");
        assert_eq!(super::decode("a+b"), "a b");
    }
}

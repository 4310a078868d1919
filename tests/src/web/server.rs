//! A tiny static HTTP server for `dist/` on 127.0.0.1 that records every
//! request, so a test can prove the page asks for nothing but its own files.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// One request as the server saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path without its query string, e.g. `/boot.js`.
    pub path: String,
    pub status: u16,
}

/// Serves a folder until dropped.
pub struct StaticServer {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
}

impl StaticServer {
    /// Starts serving `root` on a free port of 127.0.0.1.
    pub fn start(root: &Path) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port on 127.0.0.1");
        let addr = listener.local_addr().expect("the server's address");
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (root, log2, stop2) = (root.to_path_buf(), Arc::clone(&log), Arc::clone(&stop));
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (root, log) = (root.clone(), Arc::clone(&log2));
                // Chromium opens several connections at once: one thread each.
                thread::spawn(move || serve_connection(stream, &root, &log));
            }
        });
        StaticServer { addr, log, stop }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request so far, in the order they were answered.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

/// Answers requests on one connection (keep-alive) until the client closes it.
fn serve_connection(stream: TcpStream, root: &Path, log: &Mutex<Vec<Request>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(mut writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        match reader.read_line(&mut request_line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        // Skip the headers; GET and HEAD requests carry no body.
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) if line == "\r\n" || line == "\n" => break,
                Ok(_) => {}
            }
        }
        let mut parts = request_line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("/"));
        let path = target.split(['?', '#']).next().unwrap_or("/").to_string();
        let (status, content_type, body) = match (method.as_str(), file_for(root, &path)) {
            ("GET" | "HEAD", Some(file)) => match std::fs::read(&file) {
                Ok(bytes) => (200, content_type(&file), bytes),
                Err(_) => (404, "text/plain", b"not found".to_vec()),
            },
            ("GET" | "HEAD", None) => (404, "text/plain", b"not found".to_vec()),
            _ => (405, "text/plain", b"method not allowed".to_vec()),
        };
        if let Ok(mut l) = log.lock() {
            l.push(Request {
                method: method.clone(),
                path,
                status,
            });
        }
        let reason = match status {
            200 => "OK",
            404 => "Not Found",
            _ => "Method Not Allowed",
        };
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nConnection: keep-alive\r\n\r\n",
            body.len()
        );
        let sent = writer.write_all(head.as_bytes()).and_then(|_| {
            if method == "HEAD" {
                Ok(())
            } else {
                writer.write_all(&body)
            }
        });
        if sent.and_then(|_| writer.flush()).is_err() {
            return;
        }
    }
}

/// The file under `root` for a URL path; `None` for folders outside it or missing files.
fn file_for(root: &Path, path: &str) -> Option<PathBuf> {
    let relative = path.trim_start_matches('/');
    let relative = if relative.is_empty() { "index.html" } else { relative };
    if relative.split('/').any(|part| part == ".." || part.is_empty()) {
        return None;
    }
    let file = root.join(relative);
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

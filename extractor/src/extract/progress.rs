//! What the user sees while the server works: a spinner with the phase, the
//! elapsed time and the rows so far on a terminal; plain lines otherwise.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use inventory_core::thousands;

/// A spinner with the elapsed time on a terminal; plain lines otherwise.
pub(super) struct Progress {
    started: Instant,
    terminal: bool,
    state: Arc<(Mutex<String>, AtomicU64, AtomicBool)>,
    spinner: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    pub(super) fn new() -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let state = Arc::new((Mutex::new(String::new()), AtomicU64::new(0), AtomicBool::new(false)));
        let started = Instant::now();
        let spinner = terminal.then(|| {
            let state = state.clone();
            std::thread::spawn(move || {
                let frames = ['|', '/', '-', '\\'];
                let mut i = 0;
                while !state.2.load(Ordering::SeqCst) {
                    let phase = state.0.lock().unwrap().clone();
                    let rows = state.1.load(Ordering::Relaxed);
                    let rows = if rows > 0 {
                        format!(", {} rows", thousands(rows))
                    } else {
                        String::new()
                    };
                    eprint!(
                        "\r\x1b[K{} {phase} ({:.1} s{rows})",
                        frames[i % 4],
                        started.elapsed().as_secs_f64()
                    );
                    let _ = std::io::stderr().flush();
                    i += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
                eprint!("\r\x1b[K");
            })
        });
        Progress {
            started,
            terminal,
            state,
            spinner,
        }
    }

    pub(super) fn phase(&self, text: &str) {
        *self.state.0.lock().unwrap() = text.to_string();
        self.state.1.store(0, Ordering::Relaxed);
        if !self.terminal {
            eprintln!("{text} ({:.1} s)", self.started.elapsed().as_secs_f64());
        }
    }

    pub(super) fn rows(&self, n: u64) {
        self.state.1.store(n, Ordering::Relaxed);
    }

    pub(super) fn done(&mut self) {
        self.state.2.store(true, Ordering::SeqCst);
        if let Some(handle) = self.spinner.take() {
            let _ = handle.join();
        }
    }

    /// The time since the start.
    pub(super) fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_numbers_get_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(20_000), "20,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}

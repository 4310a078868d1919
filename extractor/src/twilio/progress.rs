//! What the user sees while Twilio answers: on a terminal one line redrawn
//! with the step, accounts done, pages and numbers so far; otherwise plain
//! lines (a log, or a test, reads them). Notes (retries) are always whole lines.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

pub(crate) struct Progress {
    started: Instant,
    terminal: bool,
    step: Mutex<String>,
    accounts_total: AtomicU64,
    accounts_done: AtomicU64,
    pages: AtomicU64,
    numbers: AtomicU64,
}

impl Progress {
    pub(crate) fn new() -> Progress {
        Progress {
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
            step: Mutex::new(String::new()),
            accounts_total: AtomicU64::new(0),
            accounts_done: AtomicU64::new(0),
            pages: AtomicU64::new(0),
            numbers: AtomicU64::new(0),
        }
    }

    /// A new step ("listing accounts", "pricing GB").
    pub(crate) fn step(&self, text: &str) {
        if let Ok(mut step) = self.step.lock() {
            *step = text.to_string();
        }
        if self.terminal {
            self.redraw();
        } else {
            eprintln!("{text} ({:.1} s)", self.started.elapsed().as_secs_f64());
        }
    }

    pub(crate) fn accounts(&self, total: u64) {
        self.accounts_total.store(total, Ordering::Relaxed);
    }

    /// A page of `numbers` numbers arrived for `what`.
    pub(crate) fn page(&self, what: &str, numbers: usize) {
        let pages = self.pages.fetch_add(1, Ordering::Relaxed) + 1;
        let total = self.numbers.fetch_add(numbers as u64, Ordering::Relaxed) + numbers as u64;
        if self.terminal {
            self.redraw();
        } else {
            eprintln!("{what}: page of {numbers} ({pages} pages, {total} numbers so far)");
        }
    }

    pub(crate) fn account_done(&self) {
        self.accounts_done.fetch_add(1, Ordering::Relaxed);
        if self.terminal {
            self.redraw();
        }
    }

    /// A line that stays (a retry, a skipped item).
    pub(crate) fn note(&self, text: &str) {
        if self.terminal {
            eprint!("\r\x1b[K");
        }
        eprintln!("{text}");
        if self.terminal {
            self.redraw();
        }
    }

    fn redraw(&self) {
        let step = self.step.lock().map(|s| s.clone()).unwrap_or_default();
        eprint!(
            "\r\x1b[K{step}: accounts {}/{}, {} pages, {} numbers ({:.1} s)",
            self.accounts_done.load(Ordering::Relaxed),
            self.accounts_total.load(Ordering::Relaxed),
            self.pages.load(Ordering::Relaxed),
            self.numbers.load(Ordering::Relaxed),
            self.started.elapsed().as_secs_f64()
        );
        let _ = std::io::stderr().flush();
    }

    /// Clears the terminal line before the summary.
    pub(crate) fn done(&self) {
        if self.terminal {
            eprint!("\r\x1b[K");
        }
    }

    pub(crate) fn seconds(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }
}

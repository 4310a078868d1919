//! A MEASUREMENT, run by hand: a 25-million-message log (about 2.6 GB, the
//! SOP's TwilioMessage shape) and a 10,000-number export through the page in
//! headless Chromium, the same files as `streaming.rs` gives the command.
//! It checks the report counts the log, that progress showed throughout, and
//! that the renderer's peak stays under 1 GB; it prints the time, the
//! longest main-thread task and the memory for the README.
//!
//! `cargo test -p inventory-tests --test page_big_log -- --ignored --nocapture`
//! (needs `dist/` and chromedriver; `PAGE_BIG_LOG_MESSAGES=1000000` for a
//! smaller log).

use std::time::Duration;

use inventory_tests::web::watch::{MEMORY, WATCH};
use inventory_tests::web::Browser;
use inventory_tests::{write_big_log, BIG_LOG_MESSAGES, BIG_LOG_NUMBERS};
use serde_json::{json, Value};

#[test]
#[ignore = "about 2.6 GB and a minute or more: run by hand"]
fn a_25_million_message_log_through_the_page() {
    let messages = std::env::var("PAGE_BIG_LOG_MESSAGES")
        .ok()
        .and_then(|n| n.replace('_', "").parse().ok())
        .unwrap_or(BIG_LOG_MESSAGES);
    let dir = tempfile::Builder::new()
        .prefix("big-log-page")
        .tempdir_in(inventory_tests::web::target_dir())
        .expect("a temp dir");
    let (numbers, log) = write_big_log(dir.path(), messages);
    let log_bytes = std::fs::metadata(&log).expect("the log").len();
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime").block_on(async {
        let b = Browser::start_with(&["--enable-precise-memory-info"]).await;
        assert_eq!(b.js(WATCH, vec![]).await, json!(true), "the watchers");
        let took = b.report_of_big_files(&[numbers, log], Duration::from_secs(1800)).await;
        b.assert_no_panic().await;
        let watch = b.js("return window.__watch", vec![]).await;
        assert_eq!(watch["sawProgress"], json!(true), "a progress bar showed while the log was read");
        let card = b.text("#card-numbers .card-value").await.unwrap_or_default();
        assert_eq!(card.replace(',', ""), BIG_LOG_NUMBERS.to_string(), "the numbers card");
        let chips = b.texts("#file-chips .chip").await.join(" | ");
        assert!(chips.to_lowercase().contains("message log"), "the log is read as a message log: {chips}");
        let memory = b.js(MEMORY, vec![]).await;
        let num = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
        let renderer = b.renderer_peak_memory();
        eprintln!(
            "a {:.2} GB message log ({messages} messages) and {BIG_LOG_NUMBERS} numbers in the page: report after {:.1} s \
             ({:.0} MB/s); longest main-thread task {:.0} ms, {} over 100 ms; page JS heap {:.1} MB; \
             worker wasm memory {:.0} MB; renderer peak {}",
            log_bytes as f64 / 1e9,
            took.as_secs_f64(),
            log_bytes as f64 / 1e6 / took.as_secs_f64(),
            num(&watch["longest"]),
            watch["over100"],
            num(&memory["heap"]) / 1e6,
            num(&memory["worker"]) / 1e6,
            renderer.map_or_else(|| "n/a".into(), |r| format!("{:.0} MB", r as f64 / 1e6)),
        );
        if let Some(renderer) = renderer {
            assert!(renderer < 1_000_000_000, "the renderer's peak {renderer} bytes is over 1 GB");
        }
        b.close().await;
    });
}

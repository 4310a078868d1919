//! The 200 MB numbers export (with its stats and assignments, the same
//! generated files as `big_file.rs`) through the page in headless Chromium:
//! a progress bar shows, the report arrives, the page stays usable, and its
//! memory stays bounded. And a wrong 2.5 GB file (sparse, never on the disk)
//! is refused from its header as the command refuses it. The figures are printed for the closing note;
//! time is printed, never asserted (benchmarks measure speed).
//!
//! Needs `dist/` and Chromium, so plain `cargo test` skips it; scripts/test runs
//! `cargo test --locked -p inventory-tests --test page_big_file -- --ignored`.

use std::time::{Duration, Instant};

use inventory_tests::web::watch::{MEMORY, WATCH};
use inventory_tests::web::Browser;
use inventory_tests::{big_inputs, BIG_NUMBERS};
use serde_json::{json, Value};

fn mb(bytes: f64) -> f64 {
    bytes / 1e6
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn a_200_mb_numbers_file_in_the_page() {
    let files = big_inputs();
    let input_bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).expect("an input").len())
        .sum();
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime").block_on(async {
        let b = Browser::start_with(&["--enable-precise-memory-info"]).await;
        assert_eq!(b.js(WATCH, vec![]).await, json!(true), "the watchers");
        let took = b.report_of_big_files(&files, Duration::from_secs(240)).await;
        b.assert_no_panic().await;

        let watch = b.js("return window.__watch", vec![]).await;
        assert_eq!(watch["sawProgress"], json!(true), "a progress bar showed while the files were read");
        assert!(watch["sawBuilding"].is_string(), "the build's progress showed (\"Building the report… n of m numbers\")");
        let card = b.text("#card-numbers .card-value").await.unwrap_or_default();
        let numbers: usize = card.replace(',', "").parse().unwrap_or_else(|_| panic!("the numbers card shows {card:?}"));
        assert!(numbers > BIG_NUMBERS * 99 / 100 && numbers <= BIG_NUMBERS, "the numbers card shows {card}");

        // Still usable: a search filters the whole table.
        let before = b.text("#page-status").await.unwrap_or_default();
        b.set_value("#filter-search", "farm").await;
        let searched = format!(
            "const s = document.getElementById('page-status').textContent; \
             return s !== {} && s.includes(' of ') && document.querySelectorAll('#inventory-table tbody tr').length > 0;",
            json!(before)
        );
        b.wait_until_within("the search over every number", &searched, Duration::from_secs(60)).await;
        b.assert_no_panic().await;

        let memory = b.js(MEMORY, vec![]).await;
        let renderer = b.renderer_peak_memory();
        let num = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
        let (heap, worker) = (num(&memory["heap"]), num(&memory["worker"]));
        eprintln!(
            "200 MB numbers export in the page: {:.0} MB of inputs, {numbers} numbers, report after {:.1} s; \
             page JS heap {:.1} MB; worker wasm memory {:.0} MB; renderer peak memory {}; \
             longest main-thread task {:.0} ms, {} over 100 ms",
            mb(input_bytes as f64),
            took.as_secs_f64(),
            mb(heap),
            mb(worker),
            renderer.map(|r| format!("{:.0} MB", mb(r as f64))).unwrap_or_else(|| "n/a".into()),
            num(&watch["longest"]),
            watch["over100"],
        );
        // The page holds one table page, not the rows; the worker about twice the inputs.
        assert!(heap < 64e6, "the page's JS heap is {:.0} MB", mb(heap));
        assert!(worker < 3.0 * input_bytes as f64, "the worker's memory {:.0} MB is over 3× the inputs", mb(worker));
        if let Some(renderer) = renderer {
            let bound = 4 * input_bytes + 300_000_000;
            assert!(renderer < bound, "the renderer's peak {renderer} bytes is over 4× the inputs + 300 MB");
        }
        b.close().await;
    });
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn a_wrong_2_5_gb_file_is_refused_from_its_header_by_the_page() {
    let dir = tempfile::Builder::new()
        .prefix("wrong-big-page")
        .tempdir()
        .expect("a temp dir");
    let wrong = inventory_tests::write_sparse_wrong_file(dir.path(), "TwilioMessage_by_mistake.csv");
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime").block_on(async {
        let b = Browser::start_with(&["--enable-precise-memory-info"]).await;
        let started = Instant::now();
        let shown = b.refusal_of(&wrong).await;
        let took = started.elapsed();
        b.assert_no_panic().await;
        let native = inventory_tests::web::native_refusal(&wrong);
        assert!(
            shown.contains("TwilioMessage_by_mistake.csv (2.50 GB) is none of the inputs"),
            "the refusal names the file and its size: {shown:?}"
        );
        assert!(shown.ends_with(&native), "the page says {shown:?}, the command {native:?}");
        let memory = b.js(MEMORY, vec![]).await;
        let worker = memory["worker"].as_f64();
        eprintln!(
            "a wrong 2.5 GB file in the page: refused {:.2} s after it was chosen; worker wasm memory {}; renderer peak {}",
            took.as_secs_f64(),
            worker.map_or_else(|| "n/a (no report yet)".into(), |w| format!("{:.0} MB", mb(w))),
            b.renderer_peak_memory().map_or_else(|| "n/a".into(), |r| format!("{:.0} MB", mb(r as f64))),
        );
        if let Some(renderer) = b.renderer_peak_memory() {
            assert!(renderer < 400_000_000, "the renderer's peak {renderer} bytes: the file was read whole?");
        }
        b.close().await;
    });
}

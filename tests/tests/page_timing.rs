//! A MEASUREMENT of the page with big inputs, not a test of its speed (the
//! project's rule: speed is measured, never asserted by a timed test). For
//! 10,000, 100,000 and 1,000,000 numbers it makes the three sample inputs
//! with `phone-inventory sample`, chooses them in #file-input of a fresh
//! headless Chromium, and prints how long the page took to show the report,
//! its long tasks (main-thread stalls), the JS heap and the wasm memory, and
//! a timeline (each file's reading, each report render) to see where the
//! time goes. Then it changes the as-of date and measures the rebuild alone.
//!
//! Run by hand (needs `dist/` and chromedriver, like tests/page.rs):
//! `cargo test -p inventory-tests --test page_timing -- --ignored --nocapture --test-threads=1`
//! `PAGE_TIMING_NUMBERS=10000,100000` picks other sizes. A release build of
//! `phone-inventory` (`cargo build --release -p phone-inventory`) makes the
//! inputs faster; the page's speed does not depend on the test's profile.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use inventory_core::{ASSIGNMENTS_FILE, NUMBERS_FILE, STATS_FILE};
use inventory_tests::web::Browser;
use serde_json::{json, Value};

const DEFAULT_SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

fn run(test: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(test);
}

fn sizes() -> Vec<usize> {
    match std::env::var("PAGE_TIMING_NUMBERS") {
        Ok(list) => list
            .split(',')
            .map(|n| {
                n.trim()
                    .replace('_', "")
                    .parse()
                    .unwrap_or_else(|_| panic!("PAGE_TIMING_NUMBERS: {n:?}"))
            })
            .collect(),
        Err(_) => DEFAULT_SIZES.to_vec(),
    }
}

/// Installed in the page before the files are chosen: a long-task observer,
/// a hook that remembers the wasm memory the bindings read, and a mutation
/// observer that timestamps what the page shows (progress bars, chips, each
/// new render of the summary cards, table rows) whenever it changes.
const INSTRUMENT: &str = r#"
const m = window.__m = { t0: null, longtasks: [], events: [], renders: 0, lastKey: null, lastChange: performance.now() };
new PerformanceObserver(list => {
  for (const e of list.getEntries()) m.longtasks.push([e.startTime, e.duration]);
}).observe({ type: 'longtask', buffered: true });
const buffer = Object.getOwnPropertyDescriptor(WebAssembly.Memory.prototype, 'buffer');
Object.defineProperty(WebAssembly.Memory.prototype, 'buffer', {
  configurable: true,
  get() { window.__wasmMemory = this; return buffer.get.call(this); },
});
// A render of the report: the summary panel's text changes (its nodes are
// updated in place, so their identity says nothing).
const signature = (text) => {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619); }
  return text.length + ':' + (h >>> 0);
};
const snap = () => {
  const card = document.querySelector('#card-numbers .card-value');
  const title = document.getElementById('summary-title');
  const summary = title ? title.closest('section') : null;
  const first = document.querySelector('#inventory-table tbody tr');
  return {
    progress: [...document.querySelectorAll('.progress-list li')].map(e => e.textContent.replace(/\s+/g, ' ').trim()),
    chips: document.querySelectorAll('#file-chips .chip').length,
    card: card ? card.textContent : null,
    rows: document.querySelectorAll('#inventory-table tbody tr').length,
    summary: summary ? signature(summary.textContent) : null,
    table: first ? signature(first.textContent) : null,
  };
};
let lastSummary = null;
new MutationObserver(() => {
  const now = performance.now();
  const s = snap();
  if (s.summary && s.summary !== lastSummary) { m.renders += 1; s.render = m.renders; }
  lastSummary = s.summary;
  const key = JSON.stringify(s);
  if (key !== m.lastKey) { m.events.push([now, s]); m.lastKey = key; m.lastChange = now; }
}).observe(document.body, { childList: true, subtree: true, characterData: true });
return true;
"#;

/// What the page holds: JS heap (precise with --enable-precise-memory-info)
/// and the wasm linear memory, in bytes.
const MEMORY: &str = r#"
const mem = performance.memory || {};
const wasm = window.__wasmMemory ? window.__wasmMemory.buffer.byteLength : null;
const section = document.querySelector('[data-worker-memory]');
const worker = section ? Number(section.dataset.workerMemory) : null;
return { used: mem.usedJSHeapSize ?? null, total: mem.totalJSHeapSize ?? null, wasm, worker };
"#;

struct Figures {
    numbers: usize,
    input_mb: f64,
    generate: Duration,
    card: String,
    to_report_ms: f64,
    to_chips_ms: f64,
    renders: u64,
    longest_ms: f64,
    over_100: usize,
    over_50: usize,
    long_total_ms: f64,
    heap_mb: f64,
    wasm_mb: Option<f64>,
    worker_mb: Option<f64>,
    rebuild_ms: f64,
    rebuild_longest_ms: f64,
    rules_rebuild_ms: f64,
    rules_rebuild_longest_ms: f64,
}

fn mb(bytes: f64) -> f64 {
    bytes / 1_048_576.0
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

/// Long tasks (start, duration) from `m.longtasks` that start at or after `from`.
fn long_tasks(m: &Value, from: f64) -> Vec<(f64, f64)> {
    m["longtasks"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|t| (num(&t[0]), num(&t[1])))
                .filter(|(s, _)| *s >= from)
                .collect()
        })
        .unwrap_or_default()
}

fn print_table(rows: &[Figures]) {
    println!();
    println!(
        "| numbers | inputs MB | generate s | rendered report s | files read (3 chips) s | renders | longest long task ms | long tasks >100 ms | >50 ms | sum of long tasks s | JS heap MB | page wasm MB | worker wasm MB | as-of rebuild s | rebuild longest task ms | rule-edit rebuild s | its longest task ms | card |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for f in rows {
        println!(
            "| {} | {:.1} | {:.1} | {:.2} | {:.2} | {} | {:.0} | {} | {} | {:.2} | {:.1} | {} | {} | {:.2} | {:.0} | {:.2} | {:.0} | {} |",
            f.numbers,
            f.input_mb,
            f.generate.as_secs_f64(),
            f.to_report_ms / 1000.0,
            f.to_chips_ms / 1000.0,
            f.renders,
            f.longest_ms,
            f.over_100,
            f.over_50,
            f.long_total_ms / 1000.0,
            f.heap_mb,
            f.wasm_mb.map(|w| format!("{w:.0}")).unwrap_or_else(|| "n/a".into()),
            f.worker_mb.map(|w| format!("{w:.0}")).unwrap_or_else(|| "n/a".into()),
            f.rebuild_ms / 1000.0,
            f.rebuild_longest_ms,
            f.rules_rebuild_ms / 1000.0,
            f.rules_rebuild_longest_ms,
            f.card,
        );
    }
    println!();
}

async fn measure(numbers: usize) -> Figures {
    // The three inputs, made natively.
    let dir = tempfile::Builder::new()
        .prefix("page-timing")
        .tempdir()
        .expect("a temp dir");
    let started = Instant::now();
    inventory_tests::write_sample(dir.path(), numbers as u64, 1);
    let generate = started.elapsed();
    // The order a user would likely pick them in: the numbers first, so the
    // report is built after each of the three files.
    let files: Vec<PathBuf> = [NUMBERS_FILE, STATS_FILE, ASSIGNMENTS_FILE]
        .iter()
        .map(|n| dir.path().join(n))
        .collect();
    let input_bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).expect("a sample file").len())
        .sum();

    // A fresh session, instrumented before the files are chosen.
    let b = Browser::start_with(&["--enable-precise-memory-info"]).await;
    assert_eq!(b.js(INSTRUMENT, vec![]).await, json!(true), "instrumentation");
    b.js("window.__m.t0 = performance.now(); return true;", vec![]).await;
    b.choose_files(&files).await;

    // Rendered: three chips, no progress bar, cards and table rows, and
    // nothing changing for 2 s (the report of the last file is built and
    // drawn in the same task as its chip, so a quiet page is a finished one).
    let patience = Duration::from_secs(90) + Duration::from_millis(numbers as u64 * 3 / 5);
    let done = "const m = window.__m; \
        const chips = document.querySelectorAll('#file-chips .chip').length; \
        const busy = document.querySelectorAll('.progress-list li').length; \
        const rows = document.querySelectorAll('#inventory-table tbody tr').length; \
        const card = document.querySelector('#card-numbers .card-value'); \
        return chips === 3 && busy === 0 && rows > 0 && !!card \
            && performance.now() - m.lastChange > 2000;";
    b.wait_until_within(&format!("the report of {numbers} numbers"), done, patience)
        .await;
    b.assert_no_panic().await;
    let m = b.js("return window.__m", vec![]).await;
    let memory = b.js(MEMORY, vec![]).await;
    let t0 = num(&m["t0"]);
    let events = m["events"].as_array().cloned().unwrap_or_default();

    // The timeline: when reading started and ended, each chip, each render.
    println!(
        "\n== {numbers} numbers: {:.1} MB of inputs; timeline (ms after choosing the files)",
        mb(input_bytes as f64)
    );
    let mut last_render = f64::NAN;
    let mut three_chips = f64::NAN;
    let mut previous: Option<&Value> = None;
    for e in &events {
        let (t, s) = (num(&e[0]) - t0, &e[1]);
        if s["render"].is_u64() {
            last_render = t;
        }
        if s["chips"] == json!(3) && three_chips.is_nan() {
            three_chips = t;
        }
        // Print chips, renders, and the first and last progress line of each file.
        let chips_changed = previous.is_none_or(|p| p["chips"] != s["chips"]);
        let progress_started_or_ended =
            previous.is_none_or(|p| p["progress"].as_array().map(Vec::len) != s["progress"].as_array().map(Vec::len));
        if s["render"].is_u64() || chips_changed || progress_started_or_ended {
            println!(
                "  {t:9.0}  chips {} progress {} rows {} card {} {}",
                s["chips"],
                s["progress"],
                s["rows"],
                s["card"],
                if s["render"].is_u64() {
                    format!("<- render #{}", s["render"])
                } else {
                    String::new()
                }
            );
        }
        previous = Some(s);
    }
    let all = long_tasks(&m, t0);
    println!("  long tasks (ms after choosing: start-end, duration):");
    for (start, duration) in &all {
        println!(
            "  {:9.0}-{:.0}  {duration:7.0} ms{}",
            start - t0,
            start - t0 + duration,
            if *duration > 100.0 { "  > 100 ms" } else { "" }
        );
    }
    let longest_ms = all.iter().map(|t| t.1).fold(0.0, f64::max);
    let over_100 = all.iter().filter(|t| t.1 > 100.0).count();
    let over_50 = all.len();
    let long_total_ms = all.iter().map(|t| t.1).sum();
    let card = b.text("#card-numbers .card-value").await.unwrap_or_default();
    let renders = m["renders"].as_u64().unwrap_or(0);

    // Rebuilds alone, same inputs: a new as-of date (on the groundwork: no
    // join, no categories), then a rule edited in the editor (the categories
    // decided again).
    let current = b.js("return document.getElementById('as-of').value", vec![]).await;
    let new_date = if current == json!("2026-11-25") {
        "2026-11-26"
    } else {
        "2026-11-25"
    };
    let shown = format!("{}-{}", &new_date[5..], &new_date[..4]);
    let (rebuild_ms, rebuild_longest_ms) = timed_rebuild(
        &b,
        "as-of change",
        b.set_value("#as-of", new_date),
        &format!("document.getElementById('as-of-shown')?.textContent === {shown:?}"),
        patience,
    )
    .await;
    b.click(".rules-panel summary").await;
    let (rules_rebuild_ms, rules_rebuild_longest_ms) = timed_rebuild(
        &b,
        "rule edit (rule 1: \"delivery farm\" to \"farm\")",
        b.set_value(".rule:first-child .rule-text", "farm"),
        "!document.querySelector('.rules-panel .error')",
        patience,
    )
    .await;
    b.assert_no_panic().await;
    b.close().await;

    let figures = Figures {
        numbers,
        input_mb: mb(input_bytes as f64),
        generate,
        card,
        to_report_ms: last_render,
        to_chips_ms: three_chips,
        renders,
        longest_ms,
        over_100,
        over_50,
        long_total_ms,
        heap_mb: mb(num(&memory["used"])),
        wasm_mb: memory["wasm"].as_f64().map(mb),
        worker_mb: memory["worker"].as_f64().map(mb),
        rebuild_ms,
        rebuild_longest_ms,
        rules_rebuild_ms,
        rules_rebuild_longest_ms,
    };
    print_table(std::slice::from_ref(&figures));
    figures
}

/// Times a rebuild: `change` edits a setting; it is done when `settled` (a
/// script expression) holds, the page has rendered since, and nothing has
/// changed for 2 s. Returns the milliseconds to the last render after the
/// edit, and the longest main-thread task after it.
async fn timed_rebuild(
    b: &Browser,
    what: &str,
    change: impl std::future::Future<Output = ()>,
    settled: &str,
    patience: Duration,
) -> (f64, f64) {
    let renders = b.js("return window.__m.renders", vec![]).await.as_u64().unwrap_or(0);
    let t1 = num(&b
        .js("window.__m.t1 = performance.now(); return window.__m.t1;", vec![])
        .await);
    change.await;
    let done = format!(
        "return ({settled}) && window.__m.renders > {renders} \
             && performance.now() - window.__m.lastChange > 2000;"
    );
    b.wait_until_within(&format!("the report after the {what}"), &done, patience)
        .await;
    let m = b.js("return window.__m", vec![]).await;
    let rendered = m["events"]
        .as_array()
        .and_then(|es| {
            es.iter()
                .filter(|e| e[1]["render"].is_u64() && num(&e[0]) >= t1)
                .map(|e| num(&e[0]))
                .next_back()
        })
        .unwrap_or(f64::NAN);
    let tasks = long_tasks(&m, t1);
    println!(
        "  {what}: rendered after {:.0} ms; long tasks {:?}",
        rendered - t1,
        tasks
            .iter()
            .map(|(s, d)| format!("{:.0}@{:.0}", d, s - t1))
            .collect::<Vec<_>>()
    );
    b.assert_no_panic().await;
    (rendered - t1, tasks.iter().map(|t| t.1).fold(0.0, f64::max))
}

#[test]
#[ignore = "measurement: run by hand, see README"]
fn page_timing_for_10k_100k_and_1m_numbers() {
    run(async {
        let mut all = Vec::new();
        for numbers in sizes() {
            all.push(measure(numbers).await);
        }
        println!("\n== All sizes (times from choosing the three files in #file-input)");
        print_table(&all);
    });
}

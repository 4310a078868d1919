//! The full report from generated inputs, as the command makes it: load the
//! three files, build, write both CSVs (two threads where the steps allow).
//! Prints wall time, MB/s of input and peak heap per size.
//!
//! `cargo bench -p inventory-core --bench report` (sizes: 10k, 100k, 1M numbers),
//! or `cargo bench -p inventory-core --bench report -- 250000` for other sizes.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use chrono::NaiveDate;
use inventory_core::{load_all, Inputs, LoadCounter, ReportBuilder, Settings};

/// Counts live heap bytes and their peak: the figure that matters in a browser tab.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(live, Relaxed);
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            if new_size > layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000, 1_000_000]
    } else {
        sizes
    };
    let anchor = NaiveDate::from_ymd_opt(2026, 11, 24).expect("a real date");
    println!(
        "{:>9}  {:>9}  {:>8}  {:>8}  {:>8}  {:>9}  {:>7}",
        "numbers", "input MB", "load s", "total s", "MB/s", "peak MB", "peak/in"
    );
    for numbers in sizes {
        let files = inventory_core::generate_sample(numbers, 1, anchor);
        let input_bytes = files.numbers.len() + files.message_stats.len() + files.assignments.len();
        let before = LIVE.load(Relaxed);
        PEAK.store(before, Relaxed);
        let start = Instant::now();
        let mut inputs = Inputs::default();
        let named = vec![
            ("n.csv".to_string(), files.numbers),
            ("s.csv".to_string(), files.message_stats),
            ("a.csv".to_string(), files.assignments),
        ];
        for loaded in load_all(named, &LoadCounter::default()) {
            inputs.put(loaded.expect("generated inputs load"));
        }
        let loaded = start.elapsed().as_secs_f64();
        // Step by step, to time each of the builder's stages.
        let mut builder = ReportBuilder::new(&inputs, Settings::new(anchor)).expect("numbers are there");
        // Matcher and join, classify, derive, summarise: told apart by the
        // builder's progress, as classifying counts for the first half.
        let mut steps = [0f64; 4];
        let mut first = true;
        let report = loop {
            let step = Instant::now();
            let done = builder.step(1 << 16);
            let (so_far, all) = builder.progress();
            let stage = match (first, &done) {
                (true, _) => 0,
                (_, Some(_)) => 3,
                _ if so_far <= all / 2 => 1,
                _ => 2,
            };
            first = false;
            steps[stage] += step.elapsed().as_secs_f64();
            if let Some(report) = done {
                break report;
            }
        };
        let steps: Vec<String> = steps.iter().map(|s| format!("{s:.3}")).collect();
        let built = start.elapsed().as_secs_f64();
        let (inventory, assessment) = report.outputs();
        let written = inventory.len() + assessment.len();
        let total = start.elapsed().as_secs_f64();
        eprintln!(
            "load {loaded:.3}  build {:.3} (matcher and join, classify, derive, summarise: {})  write {:.3}",
            built - loaded,
            steps.join(" "),
            total - built
        );
        // `before` held the generated inputs, which the load took over.
        let peak = PEAK.load(Relaxed) - before + input_bytes;
        let mb = |b: usize| b as f64 / 1e6;
        println!(
            "{numbers:>9}  {:>9.1}  {loaded:>8.3}  {total:>8.3}  {:>8.0}  {:>9.1}  {:>7.2}",
            mb(input_bytes),
            mb(input_bytes) / total,
            mb(peak),
            peak as f64 / input_bytes as f64
        );
        std::hint::black_box((report, written));
    }
}

#![cfg(not(target_arch = "wasm32"))]
//! The page's engine reads files as the worker does (the first bytes, then
//! slices, a second message log counting only the messages the first
//! lacks) and gets the report the whole-file path gives; the message logs
//! of tests/fixtures/logs; a log beside the stats refused; and the page's
//! own words for a file the browser can't read.

use chrono::NaiveDate;
use inventory_app::engine::{unreadable, Engine, Unreadable};
use inventory_app::protocol::OutputFile;
use inventory_app::release_view::ReleaseSelection;
use inventory_core::{load, InputReader, Inputs, Opened, Report, Settings, HEAD_BYTES};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn fixture(path: &str) -> (String, Vec<u8>) {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(path);
    let name = full.file_name().unwrap().to_string_lossy().into_owned();
    (
        name,
        std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display())),
    )
}

/// The worker's reading, with slices of `slice` bytes after a head of `head`.
fn read_as_the_worker(engine: &mut Engine, name: &str, bytes: &[u8], head: usize, slice: usize) {
    let size = bytes.len() as u64;
    let head = head.min(bytes.len());
    let result = match InputReader::begin(name, size, &bytes[..head]) {
        Ok(Opened::Reader(mut reader)) => {
            reader.count_once(engine.log_sids(), true);
            for chunk in bytes[head..].chunks(slice.max(1)) {
                reader.push(chunk);
                while !reader.read_rows(5) && !reader.wants_input() {}
            }
            Ok(reader.finish())
        }
        Ok(Opened::Whole) => InputReader::open(name, bytes.to_vec()).map(|mut reader| {
            reader.count_once(engine.log_sids(), true);
            reader.finish()
        }),
        Err(e) => Err(e),
    };
    match result {
        Ok(loaded) => {
            engine.put(loaded);
        }
        Err(e) => engine.refuse(name, e.to_string()),
    }
}

fn build(engine: &mut Engine) {
    let mut builder = engine.start_build().expect("a numbers file");
    loop {
        if let Some(report) = builder.step(7) {
            engine.finish_build(report, builder.groundwork());
            return;
        }
    }
}

#[test]
fn every_log_shape_read_in_slices_gives_the_whole_files_report() {
    let numbers = fixture("golden/numbers.csv");
    for log in [
        "logs/twilio_message_table.csv",
        "logs/messages_2010.csv",
        "logs/messages_page.json",
        "logs/messages.jsonl",
    ] {
        let log = fixture(log);
        let mut inputs = Inputs::default();
        for (name, bytes) in [&numbers, &log] {
            inputs.put(load(name, bytes.clone()).unwrap());
        }
        let whole = Report::build(&inputs, &Settings::new(today())).unwrap();
        assert!(whole.received_columns, "{}", log.0);
        for (head, slice) in [(HEAD_BYTES, 4 << 20), (260, 1), (400, 7)] {
            let mut engine = Engine::new(today());
            engine.start_batch();
            for (name, bytes) in [&numbers, &log] {
                read_as_the_worker(&mut engine, name, bytes, head, slice);
            }
            assert!(
                engine.files().refused.is_empty(),
                "{}: {:?}",
                log.0,
                engine.files().refused
            );
            build(&mut engine);
            assert_eq!(
                engine
                    .output(OutputFile::Inventory, &ReleaseSelection::all_ticked())
                    .unwrap(),
                whole.inventory_csv(),
                "{} in slices of {slice}",
                log.0
            );
        }
    }
}

#[test]
fn two_logs_count_a_repeated_sid_once_and_stats_beside_a_log_are_refused() {
    let mut engine = Engine::new(today());
    engine.start_batch();
    for path in [
        "golden/numbers.csv",
        "logs/twilio_message_table.csv",
        "logs/twilio_message_table_next.csv",
        "golden/message_stats.csv",
    ] {
        let (name, bytes) = fixture(path);
        read_as_the_worker(&mut engine, &name, &bytes, 100, 9);
    }
    let files = engine.files();
    assert_eq!(files.refused.len(), 1, "{:?}", files.refused);
    assert!(
        files.refused[0]
            .message
            .contains("message_stats.csv is the message stats")
            && files.refused[0]
                .message
                .contains("Drop message_stats.csv to count usage from the log"),
        "{}",
        files.refused[0].message
    );
    build(&mut engine);
    let inventory = String::from_utf8(
        engine
            .output(OutputFile::Inventory, &ReleaseSelection::all_ticked())
            .unwrap(),
    )
    .unwrap();
    let row = inventory.lines().find(|l| l.starts_with("+1 (415) 555-0100")).unwrap();
    assert_eq!(row.split(',').nth(6), Some("3"), "2 + 2 with one Sid in both: {row}");
}

#[test]
fn an_unreadable_file_is_told_in_the_pages_own_words() {
    let gone = unreadable("log.csv", 2_500_000_000, 0, Unreadable::Gone);
    assert_eq!(
        gone,
        "log.csv (2.50 GB) is no longer where it was chosen (moved, renamed or deleted), before its first \
         bytes were read. Nothing of it was used: choose it again from its new place."
    );
    let refused = unreadable("log.csv", 2_500_000_000, 8_388_608, Unreadable::Refused);
    assert!(refused.contains("after 8.4 MB of it were read"), "{refused}");
    for why in [Unreadable::Gone, Unreadable::Refused, Unreadable::Stopped] {
        assert!(!unreadable("a.csv", 1, 0, why).contains("permission"));
    }
}

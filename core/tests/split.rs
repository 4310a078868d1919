#![cfg(not(target_arch = "wasm32"))]
//! A file read in two parts at once, as the command reads a big file on two
//! threads (`InputReader::fork` at a line end, then `InputReader::join`),
//! reads exactly as the same bytes read in one piece: the same rows, line
//! numbers, findings, blank rows and notes. Where the cut falls inside a
//! record (a quoted cell over a line end), the join says so and the first
//! part reads on.

use inventory_core::{load, load_all, InputReader, LoadCounter, LoadedInput, Opened, SPLIT_BYTES};
use proptest::prelude::*;

/// How a file was read in two parts.
#[derive(Debug, PartialEq, Eq)]
enum Parts {
    /// Joined: the second part's reading was used.
    Joined,
    /// The join refused, and the first part read on.
    ReadOn,
}

/// Reads `bytes` with the head first, then in two parts cut just after the
/// first LF at or after `near`; `None` when there is no such LF past the head.
fn load_in_two(name: &str, bytes: &[u8], near: usize) -> Option<(LoadedInput, Parts)> {
    let head = after_first_line(bytes);
    let from = near.max(head);
    let cut = from + bytes.get(from..)?.iter().position(|&b| b == b'\n')? + 1;
    if cut >= bytes.len() {
        return None;
    }
    let Opened::Reader(mut reader) = InputReader::begin(name, bytes.len() as u64, &bytes[..head]).unwrap() else {
        panic!("{name} is streamed")
    };
    let mut later = reader.fork().expect("a CSV in UTF-8 or Windows-1252 forks");
    // Both parts in small pieces, rows read between them, as the command reads.
    for piece in bytes[cut..].chunks(7) {
        later.push(piece);
        while !later.read_rows(3) && !later.wants_input() {}
    }
    for piece in bytes[head..cut].chunks(5) {
        reader.push(piece);
        while !reader.read_rows(3) && !reader.wants_input() {}
    }
    let parts = match reader.join(later) {
        Ok(()) => Parts::Joined,
        Err(_) => {
            reader.push(&bytes[cut..]);
            Parts::ReadOn
        }
    };
    Some((reader.finish(), parts))
}

fn after_first_line(bytes: &[u8]) -> usize {
    bytes.iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| p + 1)
}

/// Every cut at a line end of `text` reads as the whole; returns how each was read.
fn every_cut(name: &str, bytes: &[u8]) -> Vec<Parts> {
    let whole = format!("{:?}", load(name, bytes.to_vec()).unwrap());
    let mut ways = Vec::new();
    for near in 0..bytes.len() {
        if near > 0 && bytes[near - 1] != b'\n' {
            continue;
        }
        if let Some((read, parts)) = load_in_two(name, bytes, near) {
            assert_eq!(whole, format!("{read:?}"), "{name} cut near {near} ({parts:?})");
            ways.push(parts);
        }
    }
    ways
}

#[test]
fn a_plain_file_joins_at_every_line_end() {
    let numbers = "PhoneNumber,FriendlyName,DateCreated\r\n\
        +14155550100,Farm,2025-12-09\r\n\
        \r\n\
        +14155550101,\"caf\u{e9}, \"\"pool\"\"\",2025-12-10\r\n\
        ,,\r\n\
        +14155550102,plain,bad date\r\n\
        12,short,2025-12-11\n\
        +44 20 7946 0000,London,12/9/2025\n";
    let ways = every_cut("numbers.csv", numbers.as_bytes());
    assert_eq!(ways.len(), 7);
    assert!(ways.iter().all(|w| *w == Parts::Joined), "{ways:?}");

    let ansi = b"PhoneNumber,FriendlyName,Caf\xe9,DateCreated\r\n+14155550100,Jos\xe9,,2025-12-09\r\n\
                 +14155550101,\x80,,2025-12-09\r\n+14155550102,x,,2025-12-09\r\n";
    assert!(every_cut("ansi.csv", ansi).iter().all(|w| *w == Parts::Joined));
}

#[test]
fn a_quoted_cell_over_the_cut_reads_on_and_a_later_one_keeps_its_line() {
    // Lines 2-4 are one record; the note on line 6 names line 7.
    let text = "PhoneNumber,FriendlyName,DateCreated\n\
        +14155550100,\"one\ntwo\nthree\",2025-12-09\n\
        +14155550101,x,2025-12-09\n\
        +14155550102,\"runs\non\",2025-12-09\n\
        +14155550103,y,2025-12-09\n\
        +14155550104,\"left open,2025-12-09\n";
    let ways = every_cut("quoted.csv", text.as_bytes());
    assert!(ways.contains(&Parts::ReadOn), "{ways:?}");
    assert!(ways.contains(&Parts::Joined), "{ways:?}");
    let (read, parts) = load_in_two("quoted.csv", text.as_bytes(), text.find("+14155550101").unwrap()).unwrap();
    assert_eq!(parts, Parts::Joined);
    let runs_on: Vec<_> = read
        .findings
        .iter()
        .filter(|f| f.message.contains("runs on"))
        .map(|f| (f.line, f.message.clone()))
        .collect();
    assert_eq!(runs_on[1].0, Some(6));
    assert!(runs_on[1].1.contains("to line 7"), "{runs_on:?}");
}

#[test]
fn a_log_names_its_unreadable_addresses_as_one_reading_does() {
    // 150 different unreadable senders in each part, more than a log names.
    let mut text = String::from("Sid,DateSent,To,From,Status,Direction\n");
    for i in 0..600 {
        let from = if i % 2 == 0 {
            format!("Sender{}", i % 300)
        } else {
            format!("+1415555{:04}", i % 7)
        };
        text.push_str(&format!(
            "SM{i:032x},2026-11-{:02},+14155550100,{from},delivered,outbound-api\n",
            1 + i % 28
        ));
    }
    let ways = every_cut("log.csv", text.as_bytes());
    assert_eq!(ways.len(), 600);
    assert!(ways.iter().all(|w| *w == Parts::Joined));
}

#[test]
fn utf16_and_json_lines_are_not_forked() {
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "From,MessageCount,LastDateSent\n+14155550100,3,\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let jsonl = b"{\"sid\":\"SM1\",\"from\":\"+14155550100\",\"to\":\"+14155550101\",\"date_sent\":null}\n".repeat(2);
    for (name, bytes) in [("le.csv", utf16), ("log.jsonl", jsonl)] {
        let Opened::Reader(reader) = InputReader::begin(name, bytes.len() as u64 + 1, &bytes).unwrap() else {
            panic!("{name} is streamed")
        };
        assert!(reader.fork().is_none(), "{name}");
    }
}

#[test]
fn load_all_reads_a_big_file_in_two_parts_as_one() {
    let mut text = String::from("PhoneNumber,FriendlyName,DateCreated\r\n");
    let mut i = 0u64;
    while text.len() as u64 <= SPLIT_BYTES {
        let name = if i % 1000 == 7 {
            "\"runs\non\"".to_string()
        } else {
            format!("Farm {i}")
        };
        let date = if i % 997 == 3 { "bad date" } else { "2025-12-09" };
        text.push_str(&format!("+1415{:07},{name},{date}\r\n", i % 10_000_000));
        i += 1;
    }
    let progress = LoadCounter::default();
    let both = load_all(vec![("big.csv".to_string(), text.clone().into_bytes())], &progress);
    let whole = load("big.csv", text.into_bytes()).unwrap();
    assert_eq!(format!("{whole:?}"), format!("{:?}", both[0].as_ref().unwrap()));
    assert_eq!(progress.percent(), 100);
}

fn kinds() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("PhoneNumber,FriendlyName,DateCreated"),
        Just("From,MessageCount,LastDateSent"),
        Just("Sid,DateSent,To,From,Status,Direction"),
        Just("PhoneNumber,AspNetUserId,Enabled,UserName,Email"),
    ]
}

proptest! {
    #[test]
    fn two_parts_read_as_the_whole(
        header in kinds(),
        cells in proptest::collection::vec("[a-c ,\"\r\n\u{e9}+0-9:-]{0,14}", 0..40),
        near in 0usize..600,
    ) {
        let text = format!("{header}\n{}", cells.join(","));
        // A refused file (an empty header) has nothing to cut.
        let Ok(whole) = load("p.csv", text.clone().into_bytes()) else { return Ok(()) };
        if let Some((read, _)) = load_in_two("p.csv", text.as_bytes(), near) {
            prop_assert_eq!(format!("{whole:?}"), format!("{read:?}"));
        }
    }
}

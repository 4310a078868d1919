#![cfg(not(target_arch = "wasm32"))]
//! A file given in chunks reads exactly as the same bytes given whole: the
//! same rows, line numbers, findings, encoding and notes, wherever the cuts
//! fall (inside a quoted cell, a UTF-8 character, a UTF-16 code unit, a
//! CRLF). And a wrong file is refused from its first bytes, naming its size.

use inventory_core::{load, InputKind, InputProblem, InputReader, LoadedInput, Opened};
use proptest::prelude::*;

/// Reads `bytes` as the page and the command do: `head` first, then chunks
/// cut at `cuts` (positions in the file, any order).
fn load_in_chunks(name: &str, bytes: &[u8], head: usize, cuts: &[usize]) -> LoadedInput {
    let head = head.min(bytes.len());
    let Opened::Reader(mut reader) = InputReader::begin(name, bytes.len() as u64, &bytes[..head]).unwrap() else {
        panic!("{name} is streamed")
    };
    let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.clamp(head, bytes.len())).collect();
    cuts.push(bytes.len());
    cuts.sort_unstable();
    let mut at = head;
    for cut in cuts {
        reader.push(&bytes[at..cut]);
        // Small budgets too, so rows are read between pushes as the page does.
        while !reader.read_rows(3) && !reader.wants_input() {}
        at = cut;
    }
    reader.finish()
}

fn same(whole: &LoadedInput, chunked: &LoadedInput) {
    assert_eq!(format!("{whole:?}"), format!("{chunked:?}"));
}

/// The position just after the first line end: the header's end.
fn after_header(bytes: &[u8]) -> usize {
    bytes.iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| p + 1)
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes: Vec<u8> = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

const NUMBERS: &str = "PhoneNumber,FriendlyName,DateCreated\r\n\
    +14155550100,\"Jos\u{e9}'s \"\"farm\"\"\r\nsecond line, still the cell\",2025-12-09\r\n\
    \r\n+14155550101,caf\u{e9} \u{1F600} pool,2025-12-10\r\n,,\r\n\
    +14155550102,\"plain\",bad date\n+44 20 7946 0000,London,12/9/2025\r";

#[test]
fn every_cut_of_a_small_file_reads_as_the_whole() {
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("utf8.csv", NUMBERS.as_bytes().to_vec()),
        ("bom.csv", [&b"\xEF\xBB\xBF"[..], NUMBERS.as_bytes()].concat()),
        ("le.csv", utf16(NUMBERS, false)),
        ("be.csv", utf16(NUMBERS, true)),
        ("tabs.tsv", NUMBERS.replace(',', "\t").into_bytes()),
        // Windows-1252 is told from the header's é.
        (
            "ansi.csv",
            b"PhoneNumber,FriendlyName,Caf\xe9,DateCreated\r\n+14155550100,\"Jos\xe9\r\n\x80\",,2025-12-09\r\n"
                .to_vec(),
        ),
        // A quote left open at the end.
        (
            "open.csv",
            b"PhoneNumber,FriendlyName,DateCreated\n+14155550100,\"open,2025-12-09".to_vec(),
        ),
    ];
    for (name, bytes) in files {
        let whole = load(name, bytes.clone()).unwrap();
        let head = after_header(&bytes) + 1;
        for cut in head..bytes.len() {
            same(&whole, &load_in_chunks(name, &bytes, head, &[cut]));
            same(&whole, &load_in_chunks(name, &bytes, head, &[cut, cut + 1, cut + 3]));
        }
    }
}

#[test]
fn the_cuts_named_in_the_issue() {
    let bytes = NUMBERS.as_bytes();
    let whole = load("n.csv", bytes.to_vec()).unwrap();
    assert_eq!(whole.rows_read, 4);
    // Inside the quoted cell that runs on to the next line, between \r and \n.
    let in_quotes = NUMBERS.find("\r\nsecond").unwrap() + 1;
    same(
        &whole,
        &load_in_chunks("n.csv", bytes, after_header(bytes), &[in_quotes]),
    );
    // Inside the 4-byte UTF-8 emoji.
    let in_char = NUMBERS.find('\u{1F600}').unwrap() + 2;
    same(&whole, &load_in_chunks("n.csv", bytes, after_header(bytes), &[in_char]));
    // Inside a UTF-16 code unit, and between the two halves of a surrogate pair.
    let le = utf16(NUMBERS, false);
    let whole_le = load("n.csv", le.clone()).unwrap();
    let emoji_at = 2 + 2 * NUMBERS[..NUMBERS.find('\u{1F600}').unwrap()].encode_utf16().count();
    for cut in [emoji_at + 1, emoji_at + 2, emoji_at + 3, 333] {
        same(&whole_le, &load_in_chunks("n.csv", &le, after_header(&le) + 1, &[cut]));
    }
}

#[test]
fn a_wrong_file_is_refused_from_its_head_with_its_size() {
    let head = b"Sid,Name,Amount\nSM1,a,1\n";
    let Err(refused) = InputReader::begin("big.csv", 2_500_000_000, head) else {
        panic!("refused")
    };
    assert!(matches!(refused.problem, InputProblem::NotRecognised { .. }));
    assert!(
        refused
            .to_string()
            .starts_with("big.csv (2.50 GB) is none of the inputs"),
        "{refused}"
    );
    let Err(png) = InputReader::begin("big.csv", 3_000_000, b"\x89PNG\r\n\x1a\n\0\0") else {
        panic!("refused")
    };
    assert!(png.to_string().starts_with("big.csv (3.0 MB) is a PNG image"), "{png}");
    let Err(xls) = InputReader::begin("old.xls", 3_000_000, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") else {
        panic!("refused")
    };
    assert_eq!(xls.problem, InputProblem::OldExcel);
    // A header that does not end in the head is no header.
    let long = vec![b'a'; 100];
    let Err(long) = InputReader::begin("long.csv", 1_000_000, &long) else {
        panic!("refused")
    };
    assert!(matches!(long.problem, InputProblem::HeaderTooLong { .. }));
    // A workbook or a JSON document is read whole.
    assert!(matches!(
        InputReader::begin("n.xlsx", 1_000_000, b"PK\x03\x04rest"),
        Ok(Opened::Whole)
    ));
    assert!(matches!(
        InputReader::begin("n.json", 1_000_000, b" [{\"a\": 1}"),
        Ok(Opened::Whole)
    ));
    // A right file is recognised from its head.
    let Ok(Opened::Reader(reader)) = InputReader::begin("n.csv", 1_000_000, b"From,MessageCount,LastDateSent\n+1")
    else {
        panic!("recognised")
    };
    assert_eq!(reader.kind(), InputKind::MessageStats);
}

proptest! {
    #[test]
    fn chunks_read_as_the_whole(
        cells in proptest::collection::vec("[a-c ,\"\r\n\u{e9}\u{1F600}+0-9]{0,12}", 0..30),
        cuts in proptest::collection::vec(0usize..400, 0..6),
        big_endian in 0u8..3,
    ) {
        let text = format!("PhoneNumber,FriendlyName,DateCreated\n{}", cells.join(","));
        let bytes = match big_endian {
            0 => text.into_bytes(),
            1 => utf16(&text, false),
            _ => utf16(&text, true),
        };
        let whole = load("p.csv", bytes.clone()).unwrap();
        let chunked = load_in_chunks("p.csv", &bytes, after_header(&bytes) + 1, &cuts);
        prop_assert_eq!(format!("{whole:?}"), format!("{chunked:?}"));
    }
}

#[test]
fn a_second_byte_order_mark_before_a_quoted_header_is_skipped() {
    // Some tools add a BOM to text that has one; csv_core once skipped the
    // second, and the reader still does, however the file is cut.
    let text = "\u{FEFF}\u{FEFF}\"PhoneNumber\",\"FriendlyName\",\"DateCreated\"\r\n\
                \"+14155550100\",\"Front desk\",\"2024-01-02\"\r\n\
                \u{FEFF}+14155550101,Back desk,2024-01-03\r\n";
    let bytes = text.as_bytes();
    let whole = load("n.csv", bytes.to_vec()).unwrap();
    assert_eq!(whole.kind(), InputKind::Numbers);
    assert_eq!(whole.rows_read, 2, "{whole:?}");
    let second_record = text.rfind('\u{FEFF}').unwrap();
    for cut in second_record..second_record + 4 {
        same(
            &whole,
            &load_in_chunks("n.csv", bytes, after_header(bytes), &[cut, cut + 1]),
        );
    }
    let le = utf16(text, false);
    same(
        &load("n.csv", le.clone()).unwrap(),
        &load_in_chunks("n.csv", &le, after_header(&le) + 1, &[]),
    );
}

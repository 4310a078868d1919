//! Any bytes read in chunks read exactly as the same bytes read whole: the
//! same rows, line numbers, findings and notes, or the same refusal. The
//! first bytes pick a header to put in front (so every kind's rows are
//! reached, message logs and JSON Lines included), an encoding (UTF-8 as
//! given, or the text as UTF-16 LE/BE with its byte-order mark) and where
//! the head ends; the rest of the first eight bytes say where the chunks
//! are cut, so cuts fall inside quoted cells, characters and code units.
//! And read in two parts at once, cut after a line end as the command cuts
//! a big file, the same bytes read the same.
#![no_main]

use inventory_core::{load, InputReader, Opened};
use libfuzzer_sys::fuzz_target;

const HEADERS: [&[u8]; 6] = [
    b"",
    b"PhoneNumber,FriendlyName,DateCreated\n",
    b"From,MessageCount,LastDateSent\n",
    b"Sid,DateSent,To,From,Status,Price\r\n",
    b"{\"sid\":\"SM1\",\"from\":\"+14155550100\",\"to\":\"+14155550101\",\"date_sent\":null}\n",
    b"PhoneNumber\tFriendlyName\tDateCreated\n",
];

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let (control, body) = data.split_at(8);
    let text = [HEADERS[usize::from(control[0]) % HEADERS.len()], body].concat();
    let bytes = match control[1] % 3 {
        0 => text,
        big_endian => {
            let mut out = if big_endian == 2 { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
            for unit in String::from_utf8_lossy(&text).encode_utf16() {
                out.extend(if big_endian == 2 { unit.to_be_bytes() } else { unit.to_le_bytes() });
            }
            out
        }
    };
    let whole = load("f.csv", bytes.clone());
    let head = usize::from(control[2]).max(1).min(bytes.len());
    let chunked = match InputReader::begin("f.csv", bytes.len() as u64, &bytes[..head]) {
        // A refusal from the head alone is not compared: the whole file may say more.
        Err(_) => return,
        Ok(Opened::Whole) => return,
        Ok(Opened::Reader(mut reader)) => {
            let mut at = head;
            let mut cut = 3;
            while at < bytes.len() {
                let step = usize::from(control[cut]).max(1);
                cut = if cut == 7 { 3 } else { cut + 1 };
                let end = (at + step).min(bytes.len());
                reader.push(&bytes[at..end]);
                while !reader.read_rows(2) && !reader.wants_input() {}
                at = end;
            }
            reader.finish()
        }
    };
    // A head shorter than the file may judge its encoding from less: compare only
    // when both read it the same way.
    let Ok(whole) = whole else { return };
    if whole.encoding == chunked.encoding {
        assert_eq!(format!("{whole:?}"), format!("{chunked:?}"));
    }
    // Read in two parts as the command reads a big file, cut after a line end.
    if let Some(parts) = in_two_parts(&bytes, head, usize::from(control[3]) * bytes.len() / 256) {
        if whole.encoding == parts.encoding {
            assert_eq!(format!("{whole:?}"), format!("{parts:?}"));
        }
    }
});

fn in_two_parts(bytes: &[u8], head: usize, near: usize) -> Option<inventory_core::LoadedInput> {
    let from = near.max(head);
    let cut = from + bytes.get(from..)?.iter().position(|&b| b == b'\n')? + 1;
    let Ok(Opened::Reader(mut reader)) = InputReader::begin("f.csv", bytes.len() as u64, &bytes[..head]) else {
        return None;
    };
    let mut later = reader.fork()?;
    feed(&mut later, &bytes[cut..]);
    feed(&mut reader, &bytes[head..cut]);
    if reader.join(later).is_err() {
        feed(&mut reader, &bytes[cut..]);
    }
    Some(reader.finish())
}

/// Pushes a part and reads every row it completes.
fn feed(reader: &mut InputReader, part: &[u8]) {
    reader.push(part);
    while !reader.read_rows(usize::MAX) && !reader.wants_input() {}
}

//! Reading inputs: line numbers, blank rows, short rows, encodings and the
//! fatal problems, each with the message a user sees.

use inventory_core::{load, Encoding, FindingKind, InputData, InputKind, InputProblem};

fn lines_of_unreadable(text: &[u8]) -> Vec<u64> {
    let input = load("n.csv", text.to_vec()).unwrap();
    input
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Unreadable)
        .filter_map(|f| f.line)
        .collect()
}

#[test]
fn line_numbers_survive_blank_lines_mixed_line_ends_and_multiline_cells() {
    let text = b"PhoneNumber,FriendlyName,DateCreated\n\n+14155550100,a,bad\r\n\r\n,,\r+14155550101,\"two\nlines\",bad\n\n+14155550102,c,bad\n\n";
    assert_eq!(lines_of_unreadable(text), [3, 6, 9]);
    let input = load("n.csv", text.to_vec()).unwrap();
    assert_eq!(input.rows_read, 3);
    assert_eq!(input.blank_rows, 5, "lines 2, 4, 5 (empty cells), 8 and 10");
    assert!(input
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::FileNote && f.message.contains("5 blank row(s)")));
}

#[test]
fn short_rows_read_missing_cells_as_empty() {
    let input = load(
        "n.csv",
        b"PhoneNumber,FriendlyName,DateCreated\n+14155550100\n".to_vec(),
    )
    .unwrap();
    let InputData::Numbers(rows) = &input.data else {
        panic!("numbers")
    };
    assert_eq!(rows[0].friendly_name, "");
    assert_eq!(rows[0].date_created, None);
    assert!(input
        .findings
        .iter()
        .any(|f| f.message.contains("DateCreated is empty")));
}

#[test]
fn encodings_are_named_when_not_utf8() {
    let cp1252 = b"PhoneNumber,FriendlyName,DateCreated\r\n+14155550100,Jos\xe9,2025-01-01\r\n".to_vec();
    let input = load("excel.csv", cp1252).unwrap();
    assert_eq!(input.encoding, Encoding::Windows1252);
    let InputData::Numbers(rows) = &input.data else {
        panic!("numbers")
    };
    assert_eq!(rows[0].friendly_name, "José");
    assert!(input
        .findings
        .iter()
        .any(|f| f.message.contains("read as Windows-1252")));

    let mut utf16 = vec![0xFE, 0xFF];
    for unit in "\u{FEFF}From,MessageCount,LastDateSent\n+14155550100,3,\n"
        .encode_utf16()
        .skip(1)
    {
        utf16.extend_from_slice(&unit.to_be_bytes());
    }
    let input = load("stats.csv", utf16).unwrap();
    assert_eq!(
        (input.kind(), input.encoding),
        (InputKind::MessageStats, Encoding::Utf16Be)
    );
}

#[test]
fn fatal_problems_name_the_file_and_the_columns() {
    let err = load("empty.csv", Vec::new()).unwrap_err();
    assert_eq!(err.problem, InputProblem::Empty);
    assert_eq!(
        err.to_string(),
        "empty.csv is empty: export it again, or drop the right file."
    );
    assert_eq!(
        load("blank.csv", b"\n\r\n,,\n".to_vec()).unwrap_err().problem,
        InputProblem::Empty
    );

    let err = load("other.csv", b"Name,Amount\nx,1\n".to_vec()).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("other.csv is none of the inputs: its header is `Name, Amount`."),
        "{text}"
    );
    assert!(
        text.contains("the numbers export (PhoneNumber, FriendlyName, DateCreated)"),
        "{text}"
    );
    assert!(
        text.contains("the assignments (PhoneNumber, AspNetUserId, Enabled)"),
        "{text}"
    );

    let err = load("stats.csv", b"From,MessageCount\n".to_vec()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "stats.csv looks like the message stats but has no LastDateSent column (accepted names: LastDateSent); \
         export it again with that column."
    );
}

#[test]
fn a_direction_with_a_character_across_its_seventh_byte_is_read() {
    // Fuzzing found this: "inbou" and a three-byte character put byte 7 inside it.
    let text = "Sid,DateSent,To,From,Status,Direction\n\
                SM1,2026-11-20,+14155550101,+14155550100,delivered,inbou\u{2603}d\n\
                SM2,2026-11-21,+14155550100,+14155550101,received,inbound\n";
    let input = load("log.csv", text.as_bytes().to_vec()).unwrap();
    assert_eq!((input.kind(), input.rows_read), (InputKind::MessageLog, 2));
}

#[test]
fn header_only_is_read_and_noted() {
    let input = load("n.csv", b"PhoneNumber,FriendlyName,DateCreated\r\n".to_vec()).unwrap();
    assert_eq!(input.rows_read, 0);
    assert!(input
        .findings
        .iter()
        .any(|f| f.message.contains("has a header but no rows")));
}

#[test]
fn progress_moves_to_the_end() {
    let mut text = b"From,MessageCount,LastDateSent\n".to_vec();
    for i in 0..1000 {
        text.extend_from_slice(format!("+1415555{i:04},{i},2025-01-01\n").as_bytes());
    }
    let total = text.len() as u64;
    let mut reader = inventory_core::InputReader::open("s.csv", text).unwrap();
    let mut seen = Vec::new();
    while !reader.read_rows(100) {
        seen.push(reader.progress().0);
    }
    assert!(seen.windows(2).all(|w| w[0] < w[1]) && seen.len() >= 9, "{seen:?}");
    assert_eq!(reader.progress(), (total, total));
    assert_eq!(reader.finish().rows_read, 1000);
}

#[test]
fn workbooks_and_images_are_named_not_parsed() {
    // A workbook is read (tests/shapes.rs); one cut short says so, whatever its name.
    let err = load("inventory.xlsx.csv", b"PK\x03\x04\x14\x00\x06\x00".to_vec()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("inventory.xlsx.csv could not be read as a workbook ("),
        "{err}"
    );
    assert!(
        err.to_string().ends_with(
            "it may be cut short or damaged. Open it in Excel and save it again, or save the sheet as CSV UTF-8."
        ),
        "{err}"
    );
    let png = load("photo.xlsx", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()).unwrap_err();
    assert!(
        png.to_string().starts_with("photo.xlsx is a PNG image, not a table"),
        "{png}"
    );
    let nul = load("nul.csv", b"PhoneNumber,FriendlyName,DateCreated\n+1415\0".to_vec()).unwrap_err();
    assert!(nul.to_string().starts_with("nul.csv is a binary file"), "{nul}");
}

#[test]
fn semicolon_and_tab_separated_exports_are_read_and_said() {
    let semicolons = "PhoneNumber;FriendlyName;DateCreated\r\n+14155550100;\"Sales; West\";09.12.2025\r\n";
    let input = load("eu.csv", semicolons.as_bytes().to_vec()).unwrap();
    let InputData::Numbers(rows) = &input.data else {
        panic!("numbers")
    };
    assert_eq!(rows[0].friendly_name, "Sales; West");
    assert!(input
        .findings
        .iter()
        .any(|f| f.message.starts_with("is separated by semicolons")));
    let tabs = load(
        "t.csv",
        b"From\tMessageCount\tLastDateSent\n+14155550100\t3\t\n".to_vec(),
    )
    .unwrap();
    assert_eq!((tabs.kind(), tabs.rows_read), (InputKind::MessageStats, 1));
}

#[test]
fn an_unclosed_quote_is_pointed_at() {
    let text = b"PhoneNumber,FriendlyName,DateCreated\n+14155550100,\"open quote,2025-01-01\n+14155550101,b,2025-01-01\n+14155550102,c,2025-01-01\n";
    let input = load("cut.csv", text.to_vec()).unwrap();
    let note = input
        .findings
        .iter()
        .find(|f| f.message.contains("closing double quote"))
        .expect("a note");
    assert_eq!(
        note.to_string(),
        "cut.csv, line 2: a quoted cell runs on to line 4; if that is not meant, a closing double quote is missing."
    );
}

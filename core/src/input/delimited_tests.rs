//! A plain line split at the separator reads exactly as csv_core reads it:
//! the same records, lines, notes and blank rows, however the text is cut
//! into chunks.

use proptest::prelude::*;

use super::*;
use crate::findings::Unit;
use crate::input::split::split_line;

type Read = (Vec<(u64, Vec<Vec<u8>>)>, Vec<Finding>, u64);

fn read(text: &[u8], cuts: &[usize], separator: Separator, split_plain_lines: bool) -> Read {
    let source = Source {
        file: "t.csv",
        unit: Unit::Line,
    };
    let mut reader = Delimited::new(separator);
    reader.split_plain_lines = split_plain_lines;
    let mut pieces = cuts.iter().copied().filter(|&c| c <= text.len()).collect::<Vec<_>>();
    pieces.sort_unstable();
    pieces.push(text.len());
    let (mut records, mut findings, mut from) = (Vec::new(), Vec::new(), 0);
    let mut chunks = pieces.into_iter();
    loop {
        match reader.next(source, &mut findings) {
            Next::Record(line) => records.push((line, reader.fields().iter().map(<[u8]>::to_vec).collect())),
            Next::End => return (records, findings, reader.blank_rows),
            Next::NeedMore => match chunks.next() {
                Some(to) => {
                    reader.push(&text[from..to]);
                    from = to;
                }
                None => reader.end(),
            },
        }
    }
}

fn texts() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop_oneof![
        Just(&b"a"[..]),
        Just(&b"bc"[..]),
        Just("é".as_bytes()),
        Just("\u{FEFF}".as_bytes()),
        Just(&b","[..]),
        Just(&b";"[..]),
        Just(&b"\""[..]),
        Just(&b"\r"[..]),
        Just(&b"\n"[..]),
        Just(&b"\r\n"[..]),
        Just(&b" "[..]),
    ];
    prop::collection::vec(pieces, 0..60).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn plain_lines_read_as_csv_core_reads_them(
        text in texts(),
        cuts in prop::collection::vec(0usize..80, 0..6),
        semicolon in any::<bool>(),
    ) {
        let separator = if semicolon { Separator::Semicolon } else { Separator::Comma };
        let split = read(&text, &cuts, separator, true);
        let by_csv_core = read(&text, &cuts, separator, false);
        prop_assert_eq!(split, by_csv_core, "{:?}", String::from_utf8_lossy(&text));
    }
}

#[test]
fn a_plain_line_is_split_without_csv_core() {
    let (records, findings, blank) = read(b"A,B\r\n\r\n1,,2\r\nx\n", &[7], Separator::Comma, true);
    assert_eq!(
        records,
        vec![
            (1, vec![b"A".to_vec(), b"B".to_vec()]),
            (3, vec![b"1".to_vec(), Vec::new(), b"2".to_vec()]),
            (4, vec![b"x".to_vec()]),
        ]
    );
    assert!(findings.is_empty());
    assert_eq!(blank, 1);
}

#[test]
fn quoted_cells_are_split_too_and_odd_ones_left_to_csv_core() {
    let (mut data, mut ends) = (Vec::new(), vec![0; 1]);
    let line = br#""a,b",,"c""d",e,"""#;
    assert_eq!(split_line(line, b',', &mut data, &mut ends), Some(5));
    let cells: Vec<&[u8]> = (0..5)
        .map(|i| &data[if i == 0 { 0 } else { ends[i - 1] }..ends[i]])
        .collect();
    assert_eq!(cells, [&b"a,b"[..], b"", b"c\"d", b"e", b""]);
    for odd in [&br#"a"b,c"#[..], br#""ab"c,d"#, br#""open,cell"#] {
        assert_eq!(split_line(odd, b',', &mut data, &mut ends), None, "{odd:?}");
    }
}

#[test]
fn a_zero_width_no_break_space_starting_a_record_is_text_however_it_is_cut() {
    // csv_core alone drops it from its first input, and reads an input of only
    // its three bytes as the end of the text, losing every row after it.
    let text = "A,B\nx,1\n\u{FEFF}+14155550100,2\ny,3\n".as_bytes();
    let whole = read(text, &[], Separator::Comma, true);
    assert_eq!(whole.0.len(), 4);
    assert_eq!(
        whole.0[2],
        (3, vec!["\u{FEFF}+14155550100".as_bytes().to_vec(), b"2".to_vec()])
    );
    for split_plain_lines in [true, false] {
        for cuts in [vec![8, 9, 10, 11], vec![8, 11], vec![9], vec![10]] {
            assert_eq!(
                read(text, &cuts, Separator::Comma, split_plain_lines),
                whole,
                "cut at {cuts:?}"
            );
        }
    }
}

//! The tracker sheet's tests.

use super::*;
use crate::cohort::import_tracker;
use proptest::prelude::*;

fn place(e: &Error) -> String {
    match e {
        Error::Parse { place: Some(p), .. } => p.clone(),
        other => panic!("not a parse error with a place: {other}"),
    }
}

fn d(m: i8, day: i8) -> Date {
    jiff::civil::date(2026, m, day)
}

#[test]
fn rows_from_the_future_do_not_count_in_a_workbook_either() {
    let policy = CohortPolicy::default();
    let rows = vec![
        TrackerRow {
            date: Some(d(7, 6)),
            agent: "Ana Rivera".into(),
            start: Some(d(7, 6)),
            ..TrackerRow::default()
        },
        TrackerRow {
            date: Some(d(7, 20)),
            agent: "Ana Rivera".into(),
            start: Some(d(7, 6)),
            calls: vec![Some(100.0), Some(90.0), Some(90.0), Some(90.0), Some(90.0)],
            ..TrackerRow::default()
        },
    ];
    let book = tracker_xlsx(&rows, &policy).unwrap();
    let early = import_tracker_xlsx_as_of(&book, None, d(7, 10), &policy).unwrap();
    assert!(early.agents[0].scores.iter().all(Option::is_none));
    let late = import_tracker_xlsx_as_of(&book, None, d(7, 20), &policy).unwrap();
    assert_eq!(late.agents[0].scores[1], Some(90.0));
    let before = import_tracker_xlsx_as_of(&book, None, d(7, 1), &policy).unwrap();
    assert!(before.agents.is_empty());
}

fn sample_rows() -> Vec<TrackerRow> {
    vec![
        TrackerRow {
            date: Some(d(7, 6)),
            agent: "Ana Rivera".into(),
            start: Some(d(7, 6)),
            equipment_issue: Some(true),
            note: Some("no laptop yet".into()),
            ..TrackerRow::default()
        },
        TrackerRow {
            date: Some(d(7, 7)),
            agent: "Ana Rivera".into(),
            equipment_issue: Some(false),
            day1_done: Some(true),
            tbt_hours: Some(3.5),
            calls: vec![Some(100.0), Some(90.0)],
            certifier: Some("Omar Haddad".into()),
            note: Some("=certs started".into()),
            ..TrackerRow::default()
        },
    ]
}

#[test]
fn a_written_tracker_reads_back_as_its_csv_does() {
    let p = CohortPolicy::default();
    let rows = sample_rows();
    let from_csv = import_tracker(&tracker_csv(&rows, &p).unwrap(), &p).unwrap();
    let bytes = tracker_xlsx(&rows, &p).unwrap();
    let from_xlsx = import_tracker_xlsx(&bytes, None, &p).unwrap();
    assert_eq!(from_csv, from_xlsx);
    assert_eq!(from_xlsx.agents[0].scores, vec![Some(100.0), Some(90.0)]);
}

/// A workbook with one sheet "Tracker" whose cells `edit` writes.
fn book(edit: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut b = rust_xlsxwriter::Workbook::new();
    let ws = b.add_worksheet();
    ws.set_name("Tracker").unwrap();
    edit(ws);
    b.save_to_buffer().unwrap()
}

fn head(ws: &mut rust_xlsxwriter::Worksheet, row: u32) {
    for (i, h) in ["date", "agent", "start", "call1", "call2", "note"]
        .iter()
        .enumerate()
    {
        ws.write_string(row, i as u16, *h).unwrap();
    }
}

#[test]
fn the_header_is_found_below_titles_and_dates_come_in_either_form() {
    let bytes = book(|ws| {
        ws.write_string(0, 0, "ESP tracker, July cohort").unwrap();
        head(ws, 3);
        let f = rust_xlsxwriter::Format::new().set_num_format("m/d/yyyy");
        ws.write_number_with_format(4, 0, 46209.0, &f).unwrap();
        ws.write_string(4, 1, "Ana Rivera").unwrap();
        ws.write_string(4, 2, "7/6/2026").unwrap();
        ws.write_number(4, 3, 100.0).unwrap();
        ws.write_string(4, 4, "92").unwrap();
        // row 6 blank, row 7 another day
        ws.write_string(6, 0, "2026-07-07").unwrap();
        ws.write_string(6, 1, "Ana Rivera").unwrap();
        ws.write_string(6, 5, "call 2 done").unwrap();
    });
    let c = import_tracker_xlsx(&bytes, None, &CohortPolicy::default()).unwrap();
    assert_eq!(c.agents.len(), 1);
    assert_eq!(c.agents[0].start, d(7, 6));
    assert_eq!(c.agents[0].scores, vec![Some(100.0), Some(92.0)]);
    assert_eq!(c.agents[0].notes.len(), 1);
}

#[test]
fn errors_name_sheet_and_cell() {
    let p = CohortPolicy::default();
    let base = |ws: &mut rust_xlsxwriter::Worksheet| {
        head(ws, 0);
        ws.write_string(1, 0, "2026-07-06").unwrap();
        ws.write_string(1, 1, "Ana").unwrap();
        ws.write_string(1, 2, "2026-07-06").unwrap();
    };
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            book(|ws| {
                base(ws);
                ws.write_string(1, 4, "ninety").unwrap();
            }),
            "Tracker!E2",
        ),
        (
            book(|ws| {
                base(ws);
                ws.write_number(1, 4, 101.0).unwrap();
            }),
            "Tracker!E2",
        ),
        (
            book(|ws| {
                base(ws);
                ws.write_string(1, 7, "stray").unwrap();
            }),
            "Tracker!H2",
        ),
        (
            book(|ws| {
                base(ws);
                ws.write_formula(1, 4, "=80+10").unwrap();
            }),
            "Tracker!E2",
        ),
        (
            book(|ws| {
                base(ws);
                ws.write_number(1, 2, 12.5).unwrap();
            }),
            "Tracker!C2",
        ),
        (
            book(|ws| {
                base(ws);
                ws.merge_range(1, 5, 2, 5, "merged", &rust_xlsxwriter::Format::new())
                    .unwrap();
            }),
            "Tracker!F2",
        ),
        (
            book(|ws| {
                base(ws);
                ws.write_string(2, 0, "2026-07-06").unwrap();
                ws.write_string(2, 1, "Ana").unwrap();
            }),
            "Tracker!A3",
        ),
        (
            book(|ws| {
                head(ws, 0);
                ws.write_string(0, 6, "strat").unwrap();
            }),
            "Tracker!G1",
        ),
        (
            book(|ws| {
                base(ws);
                ws.write_string(1, 1, "").unwrap();
                ws.write_string(2, 0, "2026-07-07").unwrap();
                ws.write_number(2, 3, 100.0).unwrap();
            }),
            "Tracker!B3",
        ),
    ];
    for (bytes, want) in cases {
        let e = import_tracker_xlsx(&bytes, None, &p).unwrap_err();
        assert_eq!(place(&e), want, "{e}");
    }
    let bytes = book(|ws| {
        ws.write_string(0, 0, "nothing here").unwrap();
    });
    let e = import_tracker_xlsx(&bytes, None, &p).unwrap_err();
    assert!(e.to_string().contains("no header row"), "{e}");
    let e = import_tracker_xlsx(&bytes, Some("Trackr"), &p).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::UnknownName);
    assert!(e.to_string().contains("did you mean \"Tracker\""), "{e}");
}

#[test]
fn bad_packages_are_typed_errors() {
    let p = CohortPolicy::default();
    let good = tracker_xlsx(&sample_rows(), &p).unwrap();
    let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    xls.extend(vec![0u8; 600]);
    let e = import_tracker_xlsx(&xls, None, &p).unwrap_err();
    assert!(e.to_string().contains(".xls"), "{e}");
    let mut enc = xls.clone();
    enc.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
    let e = import_tracker_xlsx(&enc, None, &p).unwrap_err();
    assert!(e.to_string().contains("password-protected"), "{e}");
    let e = import_tracker_xlsx(&good[..good.len() / 2], None, &p).unwrap_err();
    assert!(e.to_string().contains("corrupt"), "{e}");
    let e = import_tracker_xlsx(b"date,agent,start\n", None, &p).unwrap_err();
    assert!(e.to_string().contains("not a zip"), "{e}");
    // A shared-string table that declares a billion strings.
    let bomb = rezip(&good, |name, data| {
        if name == "xl/sharedStrings.xml" {
            String::from_utf8(data)
                .unwrap()
                .replace("uniqueCount=\"", "uniqueCount=\"99999999999")
                .into_bytes()
        } else {
            data
        }
    });
    let e = import_tracker_xlsx(&bomb, None, &p).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::TooLarge, "{e}");
    // A sheet that unpacks to more than the limit.
    let big = rezip(&good, |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            let mut d = data;
            d.extend(std::iter::repeat_n(
                b' ',
                (super::super::MAX_UNPACKED_BYTES + 1) as usize,
            ));
            d
        } else {
            data
        }
    });
    assert!(big.len() < super::super::MAX_WORKBOOK_BYTES);
    let e = import_tracker_xlsx(&big, None, &p).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::TooLarge, "{e}");
    // A huge declared dimension costs nothing.
    let dim = rezip(&good, |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            let s = String::from_utf8(data).unwrap();
            let at = s.find("<dimension ref=\"").unwrap() + 16;
            let end = at + s[at..].find('"').unwrap();
            format!("{}A1:XFD1048576{}", &s[..at], &s[end..]).into_bytes()
        } else {
            data
        }
    });
    import_tracker_xlsx(&dim, None, &p).unwrap();
}

/// The package rewritten with `edit` applied to each file.
pub(crate) fn rezip(bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        out.start_file(name.clone(), opts).unwrap();
        out.write_all(&edit(&name, data)).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn notes_from_a_sheet_merge_and_duplicates_are_reported() {
    let p = CohortPolicy::default();
    let mut cohort =
        import_tracker_xlsx(&tracker_xlsx(&sample_rows(), &p).unwrap(), None, &p).unwrap();
    let bytes = {
        let mut b = rust_xlsxwriter::Workbook::new();
        let ws = b.add_worksheet();
        ws.set_name("Notes").unwrap();
        ws.write_string(0, 0, "2026-07-06 - Ana Rivera - no laptop yet")
            .unwrap();
        ws.write_string(1, 0, "2026-07-08 - ana rivera - TBT module 2")
            .unwrap();
        ws.write_string(2, 0, "2026-07-08 - Ana Rivera - TBT module 2")
            .unwrap();
        b.save_to_buffer().unwrap()
    };
    let mut book = Workbook::open(&bytes).unwrap();
    let notes = read_notes_sheet(&book.sheet(Some("Notes")).unwrap()).unwrap();
    let m = merge_notes(&mut cohort, notes).unwrap();
    assert_eq!(m.added, 1);
    let places: Vec<&str> = m.duplicates.iter().map(|d| d.place.as_str()).collect();
    assert_eq!(places, ["Notes!A1", "Notes!A3"]);
    // Columns date, name, note.
    let bytes = {
        let mut b = rust_xlsxwriter::Workbook::new();
        let ws = b.add_worksheet();
        for (i, h) in ["Date", "Name", "Note"].iter().enumerate() {
            ws.write_string(1, i as u16, *h).unwrap();
        }
        ws.write_number_with_format(
            2,
            0,
            46211.0,
            &rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd"),
        )
        .unwrap();
        ws.write_string(2, 1, "Ana Rivera").unwrap();
        ws.write_string(2, 2, "call 3 passed").unwrap();
        ws.write_string(3, 0, "someday").unwrap();
        b.save_to_buffer().unwrap()
    };
    let mut book = Workbook::open(&bytes).unwrap();
    let e = read_notes_sheet(&book.sheet(None).unwrap()).unwrap_err();
    assert_eq!(place(&e), "Sheet1!A4");
}

fn arb_rows() -> impl Strategy<Value = Vec<TrackerRow>> {
    let names = prop::sample::select(vec![
        "Ana Rivera",
        "Marcus Bell",
        "Li Wei",
        "=Ops",
        "José Núñez",
    ]);
    let row = (
        names,
        0i8..20,
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::option::of(0u16..800),
        prop::option::of(prop::sample::select(vec![
            "did TBTs",
            "- dashed",
            "note, with comma",
            "@home",
        ])),
        prop::collection::vec(prop::option::of(0u8..=100), 0..5),
    );
    prop::collection::vec(row, 0..30).prop_map(|raw| {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for (name, day, eq, tbt, hours, note, calls) in raw {
            let date = jiff::civil::date(2026, 7, 1 + day);
            if !seen.insert((name, day)) {
                continue;
            }
            let first = !out.iter().any(|r: &TrackerRow| r.agent == name);
            let calls: Vec<Option<f64>> = calls
                .into_iter()
                .enumerate()
                .map(|(i, s)| {
                    if i == 0 {
                        s.map(|_| 100.0)
                    } else {
                        s.map(f64::from)
                    }
                })
                .collect();
            out.push(TrackerRow {
                date: Some(date),
                agent: name.to_string(),
                start: first.then(|| jiff::civil::date(2026, 7, 1)),
                equipment_issue: eq,
                tbt_done: tbt,
                tbt_hours: hours.map(|h| f64::from(h) / 4.0),
                note: note.map(String::from),
                calls,
                ..TrackerRow::default()
            });
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn random_trackers_round_trip_through_xlsx(rows in arb_rows()) {
        let p = CohortPolicy::default();
        let csv = import_tracker(&tracker_csv(&rows, &p).unwrap(), &p);
        let xlsx = import_tracker_xlsx(&tracker_xlsx(&rows, &p).unwrap(), None, &p);
        match (csv, xlsx) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(a), Err(b)) => prop_assert_eq!(a.kind(), b.kind()),
            (a, b) => prop_assert!(false, "csv {:?} but xlsx {:?}", a.map(|_| ()), b.map(|_| ())),
        }
    }
}

#[test]
fn rows_out_of_order_are_read_whole_or_named() {
    let p = CohortPolicy::default();
    let good = tracker_xlsx(&sample_rows(), &p).unwrap();
    // Row 2 moved after row 3 in the sheet's XML.
    let swapped = rezip(&good, |name, data| {
        if name != "xl/worksheets/sheet1.xml" {
            return data;
        }
        let s = String::from_utf8(data).unwrap();
        let a = s.find("<row r=\"2\"").unwrap();
        let b = s.find("<row r=\"3\"").unwrap();
        let c = b + s[b..].find("</row>").unwrap() + "</row>".len();
        format!("{}{}{}{}", &s[..a], &s[b..c], &s[a..b], &s[c..]).into_bytes()
    });
    assert_eq!(
        import_tracker_xlsx(&swapped, None, &p).unwrap(),
        import_tracker_xlsx(&good, None, &p).unwrap()
    );
    let mut book = Workbook::open(&swapped).unwrap();
    let e = book.stream_rows(None, |_, _, _| Ok(())).unwrap_err();
    assert_eq!(place(&e), "Tracker!A2", "{e}");
    assert!(e.to_string().contains("out of order"), "{e}");
    // Streamed rows are the sheet's rows.
    let mut book = Workbook::open(&good).unwrap();
    let whole = book.sheet(None).unwrap();
    let mut streamed = Vec::new();
    book.stream_rows(None, |_, _, cells| {
        streamed.extend_from_slice(cells);
        Ok(())
    })
    .unwrap();
    assert_eq!(streamed, whole.cells);
}

#[test]
fn a_workbook_read_from_a_reader_gives_what_its_bytes_give() {
    let p = CohortPolicy::default();
    let good = tracker_xlsx(&sample_rows(), &p).unwrap();
    let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    xls.extend(vec![0u8; 600]);
    let mut enc = xls.clone();
    enc.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
    let late = book(|ws| {
        head(ws, 0);
        ws.write_string(1, 0, "2026-07-06").unwrap();
        ws.write_string(1, 1, "Ana Rivera").unwrap();
        ws.write_string(1, 2, "not a date").unwrap();
    });
    let inputs: [&[u8]; 7] = [
        &good,
        &xls,
        &enc,
        &good[..good.len() / 2],
        b"date,agent,start\n",
        b"PK",
        &late,
    ];
    for (i, bytes) in inputs.into_iter().enumerate() {
        for as_of in [None, Some(d(7, 6))] {
            let from_bytes = import_book(bytes, None, as_of, &p);
            let from_reader =
                import_tracker_xlsx_from_reader(std::io::Cursor::new(bytes), None, as_of, &p);
            match (from_bytes, from_reader) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "input {i}"),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "input {i}"),
                (a, b) => panic!("input {i}: {a:?} against {b:?}"),
            }
        }
    }
    let e = import_book(&late, None, None, &p).unwrap_err();
    assert!(place(&e).starts_with("Tracker!C"), "{e}");
}

/// A reader whose end is past the size limit and that has nothing to read.
struct Huge;

impl std::io::Read for Huge {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        panic!("read before its size was checked")
    }
}

impl std::io::Seek for Huge {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        Ok(match to {
            std::io::SeekFrom::End(_) => super::super::MAX_WORKBOOK_BYTES as u64 + 1,
            _ => 0,
        })
    }
}

#[test]
fn a_reader_over_the_size_limit_is_refused_before_it_is_read() {
    let e =
        import_tracker_xlsx_from_reader(Huge, None, None, &CohortPolicy::default()).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::TooLarge, "{e}");
}

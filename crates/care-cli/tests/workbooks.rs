//! The workbook commands run as a user runs them: `care cert template --format xlsx`,
//! `care cert score --xlsx [--save-as DIR]`, `care report --format xlsx|html|eml` and
//! `care report TRACKER.xlsx`, with errors that name the sheet and cell.

use care_core::workbook::{Value, Workbook};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn care(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_care"))
        .args(args)
        .output()
        .expect("the care binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "care failed: {}", stderr(o));
    stdout(o)
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(o)).expect("one JSON document")
}

/// A fresh, empty folder for one test.
fn dir(test: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("workbooks-{test}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn sample_csv() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../care-core/data/sample-cohort.csv")
}

/// The package with `edit` applied to each file (name, contents).
fn rezip(bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name.clone(), opts).unwrap();
        out.write_all(&edit(&name, data)).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn letters(col: u32) -> String {
    let mut n = col + 1;
    let mut s = Vec::new();
    while n > 0 {
        s.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// The certifier's workbook as written by `care cert template`, with cells filled in as a
/// certifier would: `(row, col, cell XML body)` for 0-based row and column. A cell goes
/// before the first cell of its row that stands right of it.
fn fill(template: &[u8], cells: &[(u32, u32, String)]) -> Vec<u8> {
    rezip(template, |name, data| {
        if name != "xl/worksheets/sheet1.xml" {
            return data;
        }
        let mut x = String::from_utf8(data).unwrap();
        for (row, col, body) in cells {
            let r = row + 1;
            let at = x.find(&format!("<row r=\"{r}\"")).expect("the row exists");
            let end = at + x[at..].find("</row>").unwrap();
            // The first cell of the row right of `col`.
            let mut insert = end;
            let mut i = at;
            while let Some(k) = x[i..end].find("<c r=\"") {
                let start = i + k;
                let name: String = x[start + 6..]
                    .chars()
                    .take_while(char::is_ascii_uppercase)
                    .collect();
                if col_of(&name) > *col {
                    insert = start;
                    break;
                }
                i = start + 6;
            }
            let cell = format!("<c r=\"{}{r}\"{body}</c>", letters(*col));
            x.insert_str(insert, &cell);
        }
        x.into_bytes()
    })
}

fn col_of(letters: &str) -> u32 {
    letters
        .bytes()
        .fold(0, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1
}

fn text_cell(t: &str) -> String {
    format!(" t=\"inlineStr\"><is><t>{t}</t></is>")
}

fn number_cell(x: f64) -> String {
    format!("><v>{x}</v>")
}

/// The certifier's layout in a written template: the typed-score row, the item rows and
/// the column of call `n`.
struct Layout {
    typed_row: u32,
    item_rows: Vec<u32>,
    call_col: Vec<(u8, u32)>,
}

fn layout(bytes: &[u8]) -> Layout {
    let mut book = Workbook::open(bytes).unwrap();
    let sheet = book.sheet(Some("Call Cert")).unwrap();
    let row_of = |label: &str| {
        sheet
            .rows()
            .find(|(r, _)| sheet.text(*r, 0) == Some(label))
            .map(|(r, _)| r)
            .unwrap_or_else(|| panic!("no {label:?} row"))
    };
    let header = row_of("Item");
    let typed_row = row_of("Score (typed, instead of marks)");
    let call_col = sheet
        .rows()
        .find(|(r, _)| *r == header)
        .unwrap()
        .1
        .iter()
        .filter_map(|c| {
            let t = c.value.to_text();
            let n = t.strip_prefix("Call ")?.split(' ').next()?.parse().ok()?;
            Some((n, c.col))
        })
        .collect();
    Layout {
        typed_row,
        item_rows: (header + 1..typed_row).collect(),
        call_col,
    }
}

impl Layout {
    fn col(&self, call: u8) -> u32 {
        self.call_col.iter().find(|(n, _)| *n == call).unwrap().1
    }
}

#[test]
fn the_certifiers_template_is_written_and_reads_back() {
    let d = dir("template");
    let file = d.join("cert.xlsx");
    let o = care(&[
        "cert",
        "template",
        "--format",
        "xlsx",
        "-o",
        s(&file),
        "--agent",
        "Rivera, Ana",
    ]);
    ok(&o);
    let bytes = std::fs::read(&file).unwrap();
    let mut book = Workbook::open(&bytes).unwrap();
    assert_eq!(book.sheet_names(), vec!["Call Cert".to_string()]);
    let sheet = book.sheet(None).unwrap();
    assert_eq!(sheet.get(2, 1), Some(&Value::Text("Rivera".into())));
    assert_eq!(sheet.get(3, 1), Some(&Value::Text("Ana".into())));
    let l = layout(&bytes);
    assert_eq!(l.call_col.len(), 5);
    assert!(l.item_rows.len() >= 10, "the sample scorecard's items");

    // Read back: only the coached call is scored, and the workbook's own cached values
    // agree with care-core.
    let v = json(&care(&["cert", "score", "--xlsx", s(&file), "--json"]));
    assert_eq!(v["evaluation"]["status"], "in_progress");
    assert_eq!(v["evaluation"]["file_stem"], "Rivera_Ana_20%");
    assert_eq!(v["disagreements"], serde_json::json!([]));

    // Without -o there is nowhere to put a workbook.
    let o = care(&["cert", "template", "--format", "xlsx"]);
    assert_ne!(o.status.code(), Some(0));
}

#[test]
fn a_filled_workbook_is_scored_and_saved_as_last_first_pct() {
    let d = dir("score");
    let (bytes, l) = template_for_rivera(&d);
    // Call 2 marked yes on every item (100); calls 3 to 5 typed: 84 fails, 88 and 92 pass.
    let mut cells: Vec<(u32, u32, String)> = l
        .item_rows
        .iter()
        .map(|&r| (r, l.col(2), text_cell("yes")))
        .collect();
    for (call, score) in [(3, 84.0), (4, 88.0), (5, 92.0)] {
        cells.push((l.typed_row, l.col(call), number_cell(score)));
    }
    let filled = d.join("filled.xlsx");
    std::fs::write(&filled, fill(&bytes, &cells)).unwrap();

    let saved = d.join("scorecards");
    std::fs::create_dir_all(&saved).unwrap();
    let o = care(&[
        "cert",
        "score",
        "--xlsx",
        s(&filled),
        "--save-as",
        s(&saved),
    ]);
    let text = ok(&o);
    assert!(text.contains("Rivera, Ana: certified"), "{text}");
    let copy = saved.join("Rivera_Ana_80%.xlsx");
    assert!(stderr(&o).contains("Rivera_Ana_80%.xlsx"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(&filled).unwrap(),
        "--save-as copies the workbook as it is"
    );

    let v = json(&care(&["cert", "score", "--xlsx", s(&filled), "--json"]));
    assert_eq!(v["evaluation"]["pass_rate"], 80);
    let scores: Vec<f64> = v["evaluation"]["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["score"].as_f64().unwrap())
        .collect();
    assert_eq!(scores, [100.0, 100.0, 84.0, 88.0, 92.0]);
    // Call 2's scorecard is in the answer; the typed calls have none.
    assert_eq!(v["scorecards"].as_array().unwrap().len(), 1);
    assert_eq!(v["scorecards"][0][0], 2);

    // --save-as needs --xlsx.
    let o = care(&["cert", "score", "100", "--save-as", s(&saved)]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn cert_workbook_errors_name_the_sheet_and_cell() {
    let d = dir("cert-errors");
    let (bytes, l) = template_for_rivera(&d);
    let first = l.item_rows[0];
    let cases = [
        // A mark that is not yes, no or N/A.
        (
            vec![(first, l.col(2), text_cell("maybe"))],
            format!("'Call Cert'!{}{}", letters(l.col(2)), first + 1),
            "is not a mark",
        ),
        // Text where a typed score belongs.
        (
            vec![(l.typed_row, l.col(3), text_cell("ninety"))],
            format!("'Call Cert'!{}{}", letters(l.col(3)), l.typed_row + 1),
            "where a score belongs",
        ),
        // A call marked on its first item only: the first unmarked item is named.
        (
            vec![(first, l.col(4), text_cell("yes"))],
            format!("'Call Cert'!{}{}", letters(l.col(4)), first + 2),
            "mark this one",
        ),
        // A typed score above 100.
        (
            vec![(l.typed_row, l.col(5), number_cell(101.0))],
            "call 5".to_string(),
            "invalid score",
        ),
    ];
    for (i, (cells, place, says)) in cases.iter().enumerate() {
        let f = d.join(format!("bad{i}.xlsx"));
        std::fs::write(&f, fill(&bytes, cells)).unwrap();
        let o = care(&["cert", "score", "--xlsx", s(&f)]);
        assert_eq!(o.status.code(), Some(1), "case {i}: {}", stdout(&o));
        let err = stderr(&o);
        assert!(err.contains(place.as_str()), "case {i}: {err}");
        assert!(err.contains(says), "case {i}: {err}");
    }

    // Not a workbook at all.
    let f = d.join("notes.xlsx");
    std::fs::write(&f, "Date - Name - Note\n").unwrap();
    let o = care(&["cert", "score", "--xlsx", s(&f)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a zip package"), "{}", stderr(&o));
}

#[test]
fn the_report_is_written_as_a_workbook_an_html_body_and_an_eml_draft() {
    let d = dir("report");
    let xlsx = d.join("eod.xlsx");
    let base = [
        "report",
        "--as-of",
        "2026-07-10",
        "--holidays",
        "us-federal",
    ];
    let run = |more: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(more);
        care(&args)
    };
    ok(&run(&["--format", "xlsx", "-o", s(&xlsx)]));
    let bytes = std::fs::read(&xlsx).unwrap();
    let mut book = Workbook::open(&bytes).unwrap();
    assert_eq!(
        book.sheet_names(),
        care_core::workbook::report::SHEETS
            .map(String::from)
            .to_vec()
    );
    // The agents sheet is the CSV's table: same header, one row per agent, dates as dates
    // and scores as numbers.
    let csv = ok(&run(&["--format", "csv"]));
    let csv_rows: Vec<&str> = csv.lines().collect();
    let agents = book.sheet(Some("Agents")).unwrap();
    let rows: Vec<_> = agents.rows().collect();
    assert_eq!(rows.len(), csv_rows.len());
    let header: Vec<String> = rows[0].1.iter().map(|c| c.value.to_text()).collect();
    assert_eq!(header.join(","), csv_rows[0]);
    let values: Vec<&Value> = rows[1..]
        .iter()
        .flat_map(|(_, c)| c.iter().map(|c| &c.value))
        .collect();
    assert!(
        values.iter().any(|v| matches!(v, Value::Date(_))),
        "no date cell"
    );
    assert!(
        values.iter().any(|v| matches!(v, Value::Number(_))),
        "no number cell"
    );
    // No text cell starts a formula.
    for sheet in care_core::workbook::report::SHEETS {
        for c in &book.sheet(Some(sheet)).unwrap().cells {
            if let Value::Text(t) = &c.value {
                assert!(!t.starts_with(['=', '+', '@']), "{sheet}: {t:?}");
            }
        }
    }
    // A workbook is not written to the terminal.
    let o = run(&["--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("needs -o FILE"), "{}", stderr(&o));

    let html = ok(&run(&["--format", "html"]));
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("Ana Rivera"), "{html}");
    for banned in ["<script", "<img", "<link", "<style"] {
        assert!(!html.to_ascii_lowercase().contains(banned), "{banned}");
    }

    let eml_file = d.join("eod.eml");
    ok(&run(&["--format", "eml", "-o", s(&eml_file)]));
    let eml = std::fs::read_to_string(&eml_file).unwrap();
    let (head, _) = eml
        .split_once("\r\n\r\n")
        .or_else(|| eml.split_once("\n\n"))
        .unwrap();
    assert!(
        head.contains("To: ops-leadership@example.invalid"),
        "{head}"
    );
    assert!(
        head.contains("Subject: Call Cert EOD report 2026-07-10"),
        "{head}"
    );
    assert!(head.contains("X-Unsent: 1"), "{head}");
    assert!(eml.contains("multipart/alternative"));
    assert!(eml.contains("text/plain") && eml.contains("text/html"));
    assert!(
        eml.contains("Call_Cert_EOD_2026-07-10.xlsx"),
        "the attachment"
    );
}

/// The sample tracker CSV as a workbook: two title rows above the header, dates as Excel
/// dates, numbers as numbers, the rest as text, on a sheet named `sheet`.
fn tracker_workbook(sheet: &str, edit: impl Fn(u32, u16, &str) -> Option<String>) -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook as Writer};
    let csv = std::fs::read_to_string(sample_csv()).unwrap();
    let mut book = Writer::new();
    let date_fmt = Format::new().set_num_format("m/d/yyyy");
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    ws.write_string(0, 0, "Call cert tracker, July cohort")
        .unwrap();
    for (i, line) in csv.lines().enumerate() {
        let r = i as u32 + 2;
        for (c, cell) in split_csv(line).iter().enumerate() {
            let c = c as u16;
            let cell = edit(r, c, cell).unwrap_or_else(|| cell.clone());
            if cell.is_empty() {
                continue;
            }
            if let Ok(d) = cell.parse::<jiff::civil::Date>() {
                let serial = (d - jiff::civil::date(1899, 12, 30)).get_days();
                ws.write_number_with_format(r, c, f64::from(serial), &date_fmt)
                    .unwrap();
            } else if let Ok(x) = cell.parse::<f64>() {
                ws.write_number(r, c, x).unwrap();
            } else {
                ws.write_string(r, c, &cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// A CSV line's fields (the sample has quoted fields without embedded quotes).
fn split_csv(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for ch in line.chars() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            _ => out.last_mut().unwrap().push(ch),
        }
    }
    out
}

#[test]
fn an_xlsx_tracker_reports_as_its_csv_does() {
    let d = dir("tracker");
    let xlsx = d.join("tracker.xlsx");
    std::fs::write(&xlsx, tracker_workbook("Tracker", |_, _, _| None)).unwrap();
    let csv = sample_csv();
    for format in ["text", "csv"] {
        let args = |tracker: &Path| {
            care(&[
                "report",
                s(tracker),
                "--as-of",
                "2026-07-10",
                "--format",
                format,
            ])
        };
        assert_eq!(ok(&args(&xlsx)), ok(&args(&csv)), "--format {format}");
    }
    let from_xlsx = json(&care(&[
        "report",
        s(&xlsx),
        "--as-of",
        "2026-07-10",
        "--json",
    ]));
    let from_csv = json(&care(&[
        "report",
        s(&csv),
        "--as-of",
        "2026-07-10",
        "--json",
    ]));
    assert_eq!(from_xlsx, from_csv);

    // Another sheet name: --sheet picks it; a wrong one is an error naming the sheets.
    let other = d.join("other.xlsx");
    std::fs::write(&other, tracker_workbook("July", |_, _, _| None)).unwrap();
    let o = care(&[
        "report",
        s(&other),
        "--sheet",
        "July",
        "--as-of",
        "2026-07-10",
        "--json",
    ]);
    assert_eq!(json(&o), from_csv);
    let o = care(&[
        "report",
        s(&other),
        "--sheet",
        "Juyl",
        "--as-of",
        "2026-07-10",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("July"), "{}", stderr(&o));

    // The report of an xlsx tracker written as a workbook.
    let eod = d.join("eod.xlsx");
    ok(&care(&[
        "report",
        s(&xlsx),
        "--as-of",
        "2026-07-10",
        "--format",
        "xlsx",
        "-o",
        s(&eod),
    ]));
    assert!(Workbook::open(&std::fs::read(&eod).unwrap()).is_ok());
}

#[test]
fn tracker_errors_name_the_sheet_and_cell() {
    let d = dir("tracker-errors");
    // Row 7 of the sheet (0-based 6) is the sample's fourth data row; column C is start.
    let bad = |row: u32, col: u16, value: &'static str| {
        move |r: u32, c: u16, _: &str| (r == row && c == col).then(|| value.to_string())
    };
    let cases: [(Vec<u8>, &str, &str); 3] = [
        (
            tracker_workbook("Tracker", bad(6, 2, "someday")),
            "Tracker!C7",
            "someday",
        ),
        (
            tracker_workbook("Tracker", bad(6, 9, "ninety")),
            "Tracker!J7",
            "ninety",
        ),
        (
            tracker_workbook("Cohort 7", bad(8, 2, "32/13/2026")),
            "'Cohort 7'!C9",
            "32/13/2026",
        ),
    ];
    for (i, (bytes, place, value)) in cases.iter().enumerate() {
        let f = d.join(format!("bad{i}.xlsx"));
        std::fs::write(&f, bytes).unwrap();
        let o = care(&["report", s(&f), "--as-of", "2026-07-10"]);
        assert_eq!(o.status.code(), Some(1), "case {i}: {}", stdout(&o));
        let err = stderr(&o);
        assert!(err.contains(place), "case {i}: {err}");
        assert!(err.contains(value), "case {i}: {err}");
    }

    // An OpenDocument spreadsheet is named as such.
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", opts).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    let ods = d.join("tracker.ods");
    std::fs::write(&ods, z.finish().unwrap().into_inner()).unwrap();
    let o = care(&["report", s(&ods), "--as-of", "2026-07-10"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("(.ods)"), "{}", stderr(&o));

    // An old binary .xls is the core's typed error, by its extension, before any reading.
    let xls = d.join("tracker.xls");
    std::fs::write(&xls, b"date,agent,start\n").unwrap();
    let o = care(&["report", s(&xls), "--as-of", "2026-07-10", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let e: serde_json::Value = serde_json::from_str(&stderr(&o)).unwrap();
    assert_eq!(e["error"]["kind"], "parse", "{e}");
    assert!(
        e["error"]["message"].as_str().unwrap().contains(".xls"),
        "{e}"
    );
}

#[test]
fn progress_notes_from_text_or_a_workbook_merge_once_and_duplicates_are_reported() {
    let d = dir("notes");
    let name = care_core::cohort::Cohort::sample().agents[0].name.clone();
    let line = format!("2026-07-02 - {name} - practised the MAPD call");
    let text = d.join("notes.txt");
    std::fs::write(&text, format!("{line}\n\n{line}\n")).unwrap();
    let args = ["report", "--as-of", "2026-07-10", "--notes"];
    let run = |f: &PathBuf| {
        let mut a = args.to_vec();
        a.push(s(f));
        care(&a)
    };
    let o = run(&text);
    ok(&o);
    let err = stderr(&o);
    assert!(err.contains("not added twice"), "{err}");
    assert!(err.contains("notes.txt: line 3"), "{err}");

    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Notes").unwrap();
    for (r, row) in [
        ["Date", "Name", "Note"],
        ["2026-07-02", name.as_str(), "practised the MAPD call"],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write(r as u32, c as u16, *v).unwrap();
        }
    }
    let xlsx = d.join("notes.xlsx");
    std::fs::write(&xlsx, book.save_to_buffer().unwrap()).unwrap();
    let o = run(&xlsx);
    ok(&o);
    assert!(!stderr(&o).contains("not added twice"), "{}", stderr(&o));
    // The note twice in the sheet: the second is reported with its cell.
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write(0, 0, line.as_str()).unwrap();
    ws.write(1, 0, line.as_str()).unwrap();
    std::fs::write(&xlsx, book.save_to_buffer().unwrap()).unwrap();
    let err = stderr(&run(&xlsx));
    assert!(err.contains("notes.xlsx: Sheet1!A2"), "{err}");
}

/// `care cert template` for Rivera, Ana written into `d`: its bytes and layout.
fn template_for_rivera(d: &Path) -> (Vec<u8>, Layout) {
    let template = d.join("template.xlsx");
    ok(&care(&[
        "cert",
        "template",
        "--format",
        "xlsx",
        "-o",
        s(&template),
        "--agent",
        "Rivera, Ana",
    ]));
    let bytes = std::fs::read(&template).unwrap();
    let l = layout(&bytes);
    (bytes, l)
}

/// `bytes` with the `Certifier` cell (B5) filled with `name`.
fn name_certifier(bytes: &[u8], name: &str) -> Vec<u8> {
    rezip(bytes, |file, data| {
        if file != "xl/worksheets/sheet1.xml" {
            return data;
        }
        let mut x = String::from_utf8(data).unwrap();
        let at = x.find("<c r=\"B5\"").expect("the certifier cell");
        let end = at + x[at..].find("/>").unwrap();
        let style = x[at..end].to_string();
        x.replace_range(at..end + 2, &format!("{style}{}</c>", text_cell(name)));
        x.into_bytes()
    })
}

/// Three certifiers' filled scorecards of Rivera, Ana's calls 2 and 3: Dana (named in the
/// Certifier cell) and lee.xlsx mark every item yes; omar.xlsx marks call 3 no throughout.
fn three_scorecards(d: &Path) -> Vec<PathBuf> {
    let (bytes, l) = template_for_rivera(d);
    let marks = |call3: &str| -> Vec<(u32, u32, String)> {
        l.item_rows
            .iter()
            .flat_map(|&r| {
                [
                    (r, l.col(2), text_cell("yes")),
                    (r, l.col(3), text_cell(call3)),
                ]
            })
            .collect()
    };
    let files = [
        (
            "dana.xlsx",
            name_certifier(&fill(&bytes, &marks("yes")), "Dana Lee"),
        ),
        ("omar.xlsx", fill(&bytes, &marks("no"))),
        ("lee.xlsx", fill(&bytes, &marks("yes"))),
    ];
    files
        .into_iter()
        .map(|(name, b)| {
            let p = d.join(name);
            std::fs::write(&p, b).unwrap();
            p
        })
        .collect()
}

#[test]
fn calibrate_reads_the_certifiers_scorecard_workbooks() {
    let d = dir("calibrate");
    let files = three_scorecards(&d);
    let mut args = vec!["calibrate"];
    args.extend(files.iter().map(|p| s(p)));
    let v = json(&care(
        &[args.clone(), vec!["--benchmark", "Dana Lee", "--json"]].concat(),
    ));
    assert_eq!(v["reference"]["name"], "Dana Lee", "{v}");
    let certifiers: Vec<(&str, &str)> = v["certifiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["certifier"].as_str().unwrap(),
                c["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(certifiers.contains(&("omar", "review")), "{certifiers:?}");
    assert!(
        certifiers.contains(&("lee", "consistent")),
        "{certifiers:?}"
    );
    let calls: Vec<&str> = v["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["call"].as_str().unwrap())
        .collect();
    assert_eq!(calls, vec!["Rivera, Ana call 2", "Rivera, Ana call 3"]);
    let text = ok(&care(&args));
    assert!(text.contains("omar"), "{text}");

    // The result as a workbook.
    let out = d.join("calibration.xlsx");
    ok(&care(
        &[args.clone(), vec!["--format", "xlsx", "-o", s(&out)]].concat(),
    ));
    let bytes = std::fs::read(&out).unwrap();
    let mut book = Workbook::open(&bytes).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Certifiers", "Deviations", "Calls", "Items", "Flags"].map(String::from)
    );
    let flags = book.sheet(Some("Flags")).unwrap();
    assert_eq!(flags.text(1, 0), Some("omar"));
    assert!(flags.text(1, 1).unwrap().contains("flagged for review"));
    let o = care(&[args, vec!["--format", "xlsx"]].concat());
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("-o FILE"), "{}", stderr(&o));
}

#[test]
fn calibrate_workbook_errors_name_the_file_sheet_and_cell() {
    let d = dir("calibrate-errors");
    let files = three_scorecards(&d);
    let bytes = std::fs::read(&files[1]).unwrap();
    let l = layout(&bytes);
    let r = l.item_rows[0];
    let bad = rezip(&bytes, |name, data| {
        if name != "xl/worksheets/sheet1.xml" {
            return data;
        }
        let cell = format!("{}{}", letters(l.col(3)), r + 1);
        let x = String::from_utf8(data).unwrap();
        let at = x.find(&format!("<c r=\"{cell}\"")).unwrap();
        let end = at + x[at..].find("</c>").unwrap();
        let mut y = x.clone();
        y.replace_range(
            at..end + 4,
            &format!("<c r=\"{cell}\"{}</c>", text_cell("maybe")),
        );
        y.into_bytes()
    });
    std::fs::write(&files[1], bad).unwrap();
    let o = care(&["calibrate", s(&files[0]), s(&files[1]), s(&files[2])]);
    assert_ne!(o.status.code(), Some(0));
    let e = stderr(&o);
    let place = format!("omar.xlsx: 'Call Cert'!{}{}", letters(l.col(3)), r + 1);
    assert!(e.contains(&place), "{e}");
}

#[test]
fn certifiers_writes_leniency_as_a_workbook() {
    let d = dir("leniency");
    let out = d.join("leniency.xlsx");
    ok(&care(&[
        "certifiers",
        s(&sample_csv()),
        "--format",
        "xlsx",
        "-o",
        s(&out),
    ]));
    let bytes = std::fs::read(&out).unwrap();
    let mut book = Workbook::open(&bytes).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Certifiers", "Flags"].map(String::from)
    );
    let sheet = book.sheet(Some("Certifiers")).unwrap();
    assert_eq!(sheet.text(1, 0), Some("(pool)"));
}

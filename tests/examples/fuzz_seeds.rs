//! Writes the seeds of the workbook fuzz targets (`fuzz/seeds/{tracker_sheet,cert_workbook,
//! notes_sheet}/`) from what care-core writes: each as a whole package (`*.xlsx`) and in the
//! wrapped form of `care_tests::fuzz::workbook_input` (the sheet's XML, NUL, the shared
//! strings), which the fuzzer mutates far better. Run from the workspace root:
//! `cargo run -p care-tests --example fuzz_seeds`.

use care_core::certification::CertPolicy;
use care_core::cohort::CohortPolicy;
use care_core::scorecard::Scorecard;
use care_core::workbook::certifier::template_xlsx;
use care_core::workbook::tracker::{tracker_xlsx, TrackerRow};
use care_tests::fuzz::wrapped_seed;
use jiff::civil::date;
use std::path::Path;

fn write(target: &str, name: &str, bytes: &[u8]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/seeds")
        .join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// A sheet of inline-string cells in the wrapped form (no shared strings): `rows[r][c]`,
/// a number when it parses as one, a date (style 1) when it is an ISO date.
fn sheet(rows: &[&[&str]], extra: &str) -> Vec<u8> {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        x.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            let at = format!("{}{}", char::from(b'A' + c as u8), r + 1);
            if let Ok(d) = v.parse::<jiff::civil::Date>() {
                let serial = (d - date(1899, 12, 30)).get_days();
                x.push_str(&format!("<c r=\"{at}\" s=\"1\"><v>{serial}</v></c>"));
            } else if v.parse::<f64>().is_ok() {
                x.push_str(&format!("<c r=\"{at}\"><v>{v}</v></c>"));
            } else {
                x.push_str(&format!(
                    "<c r=\"{at}\" t=\"inlineStr\"><is><t>{v}</t></is></c>"
                ));
            }
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData>");
    x.push_str(extra);
    x.push_str("</worksheet>");
    x.into_bytes()
}

fn main() {
    let policy = CohortPolicy::default();
    let d = |m, day| Some(date(2026, m, day));
    let rows = vec![
        TrackerRow {
            date: d(7, 6),
            agent: "Ana Rivera".into(),
            start: d(7, 6),
            equipment_issue: Some(true),
            note: Some("no laptop yet".into()),
            ..TrackerRow::default()
        },
        TrackerRow {
            date: d(7, 7),
            agent: "Ana Rivera".into(),
            equipment_issue: Some(false),
            day1_done: Some(true),
            role_plays_done: Some(true),
            tbt_hours: Some(3.5),
            calls: vec![Some(100.0), Some(90.0), Some(84.0)],
            certifier: Some("Omar Haddad".into()),
            note: Some("=certs started".into()),
            ..TrackerRow::default()
        },
        TrackerRow {
            date: d(7, 8),
            agent: "Marcus Bell".into(),
            start: d(7, 8),
            day1_done: Some(true),
            excused: Some("Approved absence".into()),
            ..TrackerRow::default()
        },
    ];
    let book = tracker_xlsx(&rows, &policy).unwrap();
    write("tracker_sheet", "tracker.xlsx", &book);
    write("tracker_sheet", "tracker.wrapped", &wrapped_seed(&book));
    write(
        "tracker_sheet",
        "title-rows.wrapped",
        &sheet(
            &[
                &["Call cert tracker"],
                &[],
                &["Date", "Agent", "Start", "call1", "call2", "note"],
                &["2026-07-06", "Ana Rivera", "7/6/2026", "100", "", "Day 1"],
                &["7/7/2026", "Ana Rivera", "", "", "92", "calls"],
            ],
            r#"<mergeCells count="1"><mergeCell ref="A1:F1"/></mergeCells>"#,
        ),
    );

    // A small scorecard keeps the certifier's sheet small.
    let card = Scorecard::from_toml(
        r#"
id = "seed"
name = "Seed scorecard"
version = "1"
[[sections]]
id = "a"
title = "Opening"
items = [
  { id = "a.greet", weight = 4, text = "Greets" },
  { id = "a.verify", weight = 10, critical = true, text = "Verifies" },
]
[[sections]]
id = "b"
title = "Extra"
items = [ { id = "b.extra", weight = 2, bonus = true, text = "Goes beyond" } ]
"#,
    )
    .unwrap();
    let cert = CertPolicy::default();
    let template = template_xlsx("Rivera, Ana", &card, &cert).unwrap();
    write("cert_workbook", "template.xlsx", &template);
    let wrapped = wrapped_seed(&template);
    write("cert_workbook", "template.wrapped", &wrapped);
    // Filled in: marks on the item rows (8 to 10) of calls 2 and 3, typed scores for 4 and 5.
    let mut filled = String::from_utf8(wrapped.clone()).unwrap();
    for (r, marks) in [(8, ["yes", "no"]), (9, ["yes", "yes"]), (10, ["N/A", "no"])] {
        let row = format!("<row r=\"{r}\"");
        let at = filled.find(&row).unwrap();
        let end = at + filled[at..].find("</row>").unwrap();
        // Before the hidden section_id cell (column M), after F.
        let m = at + filled[at..end].find(&format!("<c r=\"M{r}\"")).unwrap();
        let cells: String = marks
            .iter()
            .zip(['H', 'I'])
            .map(|(v, c)| format!("<c r=\"{c}{r}\" t=\"inlineStr\"><is><t>{v}</t></is></c>"))
            .collect();
        filled.insert_str(m, &cells);
    }
    let at = filled.find("<row r=\"11\"").unwrap();
    let end = at + filled[at..].find("</row>").unwrap();
    filled.insert_str(
        end,
        "<c r=\"J11\"><v>88</v></c><c r=\"K11\"><v>92.5</v></c>",
    );
    write("cert_workbook", "filled.wrapped", filled.as_bytes());

    write(
        "notes_sheet",
        "columns.wrapped",
        &sheet(
            &[
                &["Progress notes"],
                &["date", "name", "note"],
                &["2026-07-06", "Ana Rivera", "Day 1 done"],
                &[
                    "7/7/2026",
                    "Marcus Bell",
                    "Role plays done - call 2 was rough",
                ],
                &["2026-07-08", "Ana Rivera", "Day 1 done"],
            ],
            "",
        ),
    );
    write(
        "notes_sheet",
        "lines.wrapped",
        &sheet(
            &[
                &["7/6/2026 - Ana Rivera - Day 1 done"],
                &["2026-07-07 - Priya Natarajan - Waiting for a certifier"],
            ],
            "",
        ),
    );
}

//! The bodies of the fuzz targets in `fuzz/` (one function per parser), kept here so that
//! the stable test suite can replay the fuzz corpus through exactly the same code
//! (`tests/tests/fuzz_smoke.rs`) while `cargo fuzz` drives them with libFuzzer.
//!
//! Each function takes the fuzzer's raw bytes, feeds them to a care-core parser and checks
//! what must hold whatever the input: no panic; an error is typed and says something; and
//! what parses once parses again after care-core writes it back out (the round trip).
//! A broken invariant panics, which is how libFuzzer and the smoke test see it.

use care_core::calendar::{self, Calendar, CalendarSpec};
use care_core::catalog::Catalog;
use care_core::certification::{self, CertPolicy};
use care_core::cohort::{self, CohortPolicy, Staff};
use care_core::escalation::{self, EscalationPolicy, Moment};
use care_core::policy::{self, Format, Validate};
use care_core::scorecard::{Mark, Marks, Scorecard};
use care_core::troubleshoot::Troubleshooting;
use care_core::Error;

/// A fuzz target's body: it takes the raw input and panics when an invariant breaks.
pub type Target = fn(&[u8]);

/// The fuzz targets by name, as `cargo fuzz list` shows them and as the corpus folders
/// (`fuzz/corpus/<name>/`) are named.
pub const TARGETS: [(&str, Target); 10] = [
    ("catalog_toml", catalog_toml),
    ("catalog_json", catalog_json),
    ("policy", policy),
    ("scorecard", scorecard),
    ("tracker_csv", tracker_csv),
    ("notes", notes),
    ("dates", dates),
    ("tracker_sheet", tracker_sheet),
    ("cert_workbook", cert_workbook),
    ("notes_sheet", notes_sheet),
];

/// An error must say what is wrong: a known kind and a message that is not blank.
fn check_error(e: &Error) {
    let code = e.kind().code();
    assert!(!code.is_empty(), "an error without a kind: {e:?}");
    let message = e.to_string();
    assert!(
        !message.trim().is_empty(),
        "an error with an empty message: {e:?}"
    );
}

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// A catalog from TOML: validated, and a valid one writes back to TOML and JSON that load
/// to the same catalog.
pub fn catalog_toml(data: &[u8]) {
    if let Some(t) = text(data) {
        catalog_round_trip(Catalog::from_toml(t));
    }
}

/// A catalog from JSON, with the same checks as [`catalog_toml`].
pub fn catalog_json(data: &[u8]) {
    if let Some(t) = text(data) {
        catalog_round_trip(Catalog::from_json(t));
    }
}

fn catalog_round_trip(parsed: care_core::Result<Catalog>) {
    let catalog = match parsed {
        Ok(c) => c,
        Err(e) => return check_error(&e),
    };
    let toml = catalog.to_toml().expect("a valid catalog writes as TOML");
    let again = Catalog::from_toml(&toml).expect("a written catalog loads from TOML");
    assert_eq!(again.data(), catalog.data(), "TOML round trip");
    let json = catalog.to_json().expect("a valid catalog writes as JSON");
    let again = Catalog::from_json(&json).expect("a written catalog loads from JSON");
    assert_eq!(again.data(), catalog.data(), "JSON round trip");
    // Lookups on a valid catalog answer or fail cleanly.
    for role in catalog.roles().iter().take(8) {
        assert_eq!(catalog.get(&role.id).map(|r| &r.id), Some(&role.id));
        if let Err(e) = catalog.lookup(&role.title) {
            check_error(&e); // a title several roles share is an error listing them
        }
    }
}

/// Loads `text` as `T` in `format` ([`care_core::policy::load`]), then writes it back in
/// both formats and loads each: a policy that loads once must load again after care-core
/// writes it.
fn policy_round_trip<T>(text: &str, format: Format)
where
    T: serde::Serialize + serde::de::DeserializeOwned + Validate,
{
    let value: T = match policy::load(text, format) {
        Ok(v) => v,
        Err(e) => return check_error(&e),
    };
    let json = policy::to_json(&value).expect("a valid policy writes as JSON");
    if let Err(e) = policy::load::<T>(&json, Format::Json) {
        panic!("a written policy does not load again from JSON: {e}\n{json}");
    }
    let toml = policy::to_toml(&value).expect("a valid policy writes as TOML");
    if let Err(e) = policy::load::<T>(&toml, Format::Toml) {
        panic!("a written policy does not load again from TOML: {e}\n{toml}");
    }
}

/// Every policy file: the first byte picks the kind and the format, the rest is the text.
/// Kinds: certification, escalation, cohort, certifier staff, calendar, troubleshooting.
pub fn policy(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Some(t) = text(rest) else { return };
    let format = if selector & 1 == 0 {
        Format::Toml
    } else {
        Format::Json
    };
    match (selector >> 1) % 6 {
        0 => policy_round_trip::<CertPolicy>(t, format),
        1 => policy_round_trip::<EscalationPolicy>(t, format),
        2 => policy_round_trip::<CohortPolicy>(t, format),
        3 => policy_round_trip::<Staff>(t, format),
        4 => {
            let calendar = policy::from_str::<CalendarSpec>(t, format).and_then(|s| s.build());
            match calendar {
                Ok(c) => {
                    let spec = c.spec().clone();
                    let json = policy::to_json(&spec).expect("a spec writes as JSON");
                    Calendar::from_json(&json).expect("a written calendar loads again");
                    // The calendar answers across its whole range without panicking.
                    for d in [calendar::FIRST_SUPPORTED, calendar::LAST_SUPPORTED] {
                        c.is_business_day(d).expect("a supported date");
                        let _ = c.add_business_days(d, 1).map_err(|e| check_error(&e));
                        let _ = c.add_business_days(d, -1).map_err(|e| check_error(&e));
                    }
                }
                Err(e) => check_error(&e),
            }
        }
        _ => policy_round_trip::<Troubleshooting>(t, format),
    }
}

/// A QA scorecard template (the first byte picks TOML or JSON); a valid one is scored with
/// marks that the following bytes pick, and the score is a percentage.
pub fn scorecard(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    // The text ends at the first NUL; the bytes after it are the marks.
    let (body, marks) = match rest.iter().position(|&b| b == 0) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &[][..]),
    };
    let Some(t) = text(body) else { return };
    let card = match if selector & 1 == 0 {
        Scorecard::from_toml(t)
    } else {
        Scorecard::from_json(t)
    } {
        Ok(c) => c,
        Err(e) => return check_error(&e),
    };
    let json = policy::to_json(&card).expect("a scorecard writes as JSON");
    Scorecard::from_json(&json).expect("a written scorecard loads again");
    let mut chosen = Marks::new();
    for (i, (_, item)) in card.items().enumerate() {
        let mark = match marks.get(i).copied().unwrap_or(0) % 3 {
            0 => Mark::Yes,
            1 => Mark::No,
            _ => Mark::NotApplicable,
        };
        chosen.insert(item.id.clone(), mark);
    }
    match card.score(&chosen) {
        Ok(score) => {
            let pct = serde_json::to_value(&score).expect("a score serialises");
            let value = pct["score"].as_f64().unwrap_or(0.0);
            assert!(
                (0.0..=100.0).contains(&value),
                "a scorecard score outside 0..=100: {value}"
            );
        }
        Err(e) => check_error(&e),
    }
}

/// A tracker CSV imported with the default cohort policy; a cohort that imports gives a
/// report (text, Markdown and CSV) and a pairing for its first day without panicking.
pub fn tracker_csv(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let policy = CohortPolicy::default();
    match cohort::tracker::import_tracker(t, &policy) {
        Ok(c) => check_cohort(c, &policy, false),
        Err(e) => check_error(&e),
    }
}

/// What must hold for a cohort that imports (from CSV or a sheet): its report (text,
/// Markdown, CSV without formula cells; with `workbook`, the HTML body and the workbook,
/// which opens again) and its pairing.
fn check_cohort(cohort: cohort::Cohort, policy: &CohortPolicy, workbook: bool) {
    let calendar = us_federal("UTC").expect("the built-in calendar");
    let Some(day) = cohort.agents.iter().map(|a| a.start).min() else {
        return;
    };
    match cohort::report::report(&cohort, day, &calendar, policy) {
        Ok(r) => {
            let _ = r.to_text();
            let _ = r.to_markdown();
            if workbook {
                let _ = cohort::email::report_html(&r);
                match care_core::workbook::report::report_xlsx(&r) {
                    Ok(book) => {
                        let mut book = care_core::workbook::Workbook::open(&book)
                            .expect("the report workbook opens again");
                        book.sheet(None).expect("its first sheet reads");
                    }
                    Err(e) => check_error(&e),
                }
            }
            match r.to_csv() {
                Ok(csv) => {
                    // No cell of the export may start a spreadsheet formula.
                    let mut reader = csv::ReaderBuilder::new()
                        .has_headers(false)
                        .from_reader(csv.as_bytes());
                    for row in reader.records() {
                        let row = row.expect("the export is CSV");
                        for cell in row.iter() {
                            let formula = cell.starts_with(['=', '+', '@', '\t', '\r'])
                                || (cell.starts_with('-') && cell.parse::<f64>().is_err());
                            assert!(!formula, "a formula cell in the export: {cell:?}");
                        }
                    }
                }
                Err(e) => check_error(&e),
            }
        }
        Err(e) => check_error(&e),
    }
    let staff = Staff::sample();
    let with_staff = cohort.with_staff(staff);
    if let Ok(next) = calendar.roll_forward(day) {
        let _ = cohort::pairing::pair(&with_staff, next, &calendar, policy)
            .map_err(|e| check_error(&e));
    }
}

/// Progress notes (`Date - Name - Note` lines): each parsed note's text parses again to
/// the same note.
pub fn notes(data: &[u8]) {
    let Some(t) = text(data) else { return };
    match cohort::notes::parse_notes(t) {
        Ok(notes) => {
            for n in notes {
                let again = cohort::notes::ProgressNote::parse(&n.to_string())
                    .expect("a parsed note's text parses again");
                assert_eq!(again, n, "a note's round trip");
            }
        }
        Err(e) => check_error(&e),
    }
}

/// The US federal calendar in `tz`, built once per zone name: building one takes
/// milliseconds (three centuries of tables), which would starve the fuzzer.
fn us_federal(tz: &str) -> care_core::Result<Calendar> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static BUILT: RefCell<HashMap<String, Calendar>> = RefCell::new(HashMap::new());
    }
    if let Some(c) = BUILT.with(|b| b.borrow().get(tz).cloned()) {
        return Ok(c);
    }
    let c = Calendar::us_federal(tz)?;
    BUILT.with(|b| {
        let mut b = b.borrow_mut();
        if b.len() < 256 {
            b.insert(tz.to_string(), c.clone());
        }
    });
    Ok(c)
}

/// Dates, times and time zones: up to three lines, read as two moments and a time zone
/// name. Each is parsed the ways care-core parses them (tracker dates, escalation moments,
/// IANA names); what parses is run through a calendar, an escalation timeline and the
/// time budgets, which answer or fail cleanly.
pub fn dates(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let mut lines = t.splitn(3, '\n');
    let a = lines.next().unwrap_or("");
    let b = lines.next().unwrap_or("");
    let tz = lines.next().unwrap_or("UTC");

    for s in [a, b] {
        if let Ok(d) = cohort::notes::parse_date(s) {
            assert_eq!(
                cohort::notes::parse_date(&d.to_string()),
                Ok(d),
                "a tracker date's ISO form parses to the same date"
            );
        }
    }
    let calendar = match calendar::time_zone(tz) {
        Ok(_) => match us_federal(tz) {
            Ok(c) => c,
            Err(e) => return check_error(&e),
        },
        Err(e) => {
            check_error(&e);
            us_federal("UTC").expect("the built-in calendar")
        }
    };
    let moments: Vec<Moment> = [a, b]
        .iter()
        .filter_map(|s| s.parse::<Moment>().map_err(|e| check_error(&e)).ok())
        .collect();
    let policy = EscalationPolicy::default();
    for m in &moments {
        let again: Moment = m.to_string().parse().expect("a moment's text parses again");
        assert_eq!(again.to_string(), m.to_string(), "a moment's round trip");
        let zoned = match m.in_zone(&calendar) {
            Ok(z) => z,
            Err(e) => {
                check_error(&e);
                continue;
            }
        };
        let day = zoned.date();
        if let Err(e) = calendar.is_business_day(day) {
            check_error(&e);
            continue;
        }
        let _ = escalation::timeline(day, &calendar, &[], &policy).map_err(|e| check_error(&e));
        let _ =
            escalation::status(day, m, None, &calendar, &[], &policy).map_err(|e| check_error(&e));
        let _ = escalation::combined_budget(day, m, &calendar, &[], &policy)
            .map_err(|e| check_error(&e));
        let _ = certification::file_stem(a, 100).map_err(|e| check_error(&e));
    }
    if let [first, second] = moments.as_slice() {
        let _ = escalation::cert_session_budget(first, second, &calendar, &policy)
            .map_err(|e| check_error(&e));
        let _ =
            escalation::tbt_budget(first, second, &calendar, &policy).map_err(|e| check_error(&e));
    }
}

/// A fuzz input as a workbook: a whole xlsx package when it starts with `PK`; otherwise the
/// XML of one worksheet named `sheet`, then after a NUL the shared strings (one `<si>` per
/// line, plain text), wrapped in a small package (with a date style, index 1, so `s="1"`
/// cells are dates). The wrapped form lets the fuzzer work on the sheet's XML, not on zip
/// checksums.
pub fn workbook_input(data: &[u8], sheet: &str) -> Vec<u8> {
    if data.starts_with(b"PK") {
        return data.to_vec();
    }
    let (xml, strings) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let strings = String::from_utf8_lossy(strings);
    let mut sst = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
    );
    for line in strings.lines() {
        sst.push_str("<si><t>");
        sst.push_str(&xml_escape(line));
        sst.push_str("</t></si>");
    }
    sst.push_str("</sst>");
    let files: [(&str, Vec<u8>); 7] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("_rels/.rels", ROOT_RELS.as_bytes().to_vec()),
        (
            "xl/workbook.xml",
            WORKBOOK_XML
                .replace("SHEET", &xml_escape(sheet))
                .into_bytes(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            WORKBOOK_RELS.as_bytes().to_vec(),
        ),
        ("xl/styles.xml", STYLES_XML.as_bytes().to_vec()),
        ("xl/sharedStrings.xml", sst.into_bytes()),
        ("xl/worksheets/sheet1.xml", xml.to_vec()),
    ];
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in files {
        use std::io::Write;
        out.start_file(name, opts).expect("a zip entry starts");
        out.write_all(&body).expect("a zip entry is written");
    }
    out.finish().expect("the package is written").into_inner()
}

/// The worksheet XML and shared strings of a package written by care-core, in the wrapped
/// form of [`workbook_input`]: how the seeds of the sheet targets are made.
pub fn wrapped_seed(package: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(package)).expect("a zip package");
    let mut read = |name: &str| {
        let mut s = String::new();
        if let Ok(mut f) = zip.by_name(name) {
            f.read_to_string(&mut s).expect("UTF-8 XML");
        }
        s
    };
    let sheet = read("xl/worksheets/sheet1.xml");
    let sst = read("xl/sharedStrings.xml");
    // The shared strings' plain text, one a line (care-core writes plain `<t>` items).
    let mut lines = Vec::new();
    let mut rest = sst.as_str();
    while let Some(i) = rest.find("<t") {
        let after = &rest[i..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let Some(close) = after.find("</t>") else {
            break;
        };
        lines.push(xml_unescape(&after[open_end + 1..close]));
        rest = &after[close + 4..];
    }
    let mut out = sheet.into_bytes();
    out.push(0);
    out.extend(lines.join("\n").into_bytes());
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn xml_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="SHEET" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const STYLES_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="9" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

/// A workbook's error must be typed, and a parse error with a place names a sheet.
fn check_workbook_error(e: &Error) {
    check_error(e);
    if let Error::Parse {
        place: Some(place), ..
    } = e
    {
        assert!(
            !place.trim().is_empty(),
            "a workbook error with a blank place: {e:?}"
        );
    }
}

/// The tracker sheet of a workbook ([`workbook_input`], sheet `Tracker`): a typed error
/// naming the cell, or a cohort that passes the same checks as [`tracker_csv`]'s.
pub fn tracker_sheet(data: &[u8]) {
    let bytes = workbook_input(data, "Tracker");
    let policy = CohortPolicy::default();
    match care_core::workbook::tracker::import_tracker_xlsx(&bytes, None, &policy) {
        Ok(c) => check_cohort(c, &policy, true),
        Err(e) => check_workbook_error(&e),
    }
}

/// The certifier's Call Cert Tracking workbook ([`workbook_input`], sheet `Call Cert`): a
/// typed error, or an evaluation whose scores are 0 to 100 and whose file stem is not empty.
pub fn cert_workbook(data: &[u8]) {
    let bytes = workbook_input(data, "Call Cert");
    match care_core::workbook::certifier::read_workbook(&bytes, &CertPolicy::default()) {
        Ok(w) => {
            assert!(!w.evaluation.file_stem.is_empty(), "an empty file stem");
            for c in &w.evaluation.calls {
                if let Some(s) = c.score {
                    assert!(
                        (0.0..=100.0).contains(&s),
                        "a call score outside 0..=100: {s}"
                    );
                }
            }
            for (_, s) in &w.scorecards {
                assert!(
                    (0.0..=100.0).contains(&s.score),
                    "a scorecard score outside 0..=100: {}",
                    s.score
                );
            }
            let _ = serde_json::to_string(&w).expect("the answer serialises");
        }
        Err(e) => check_workbook_error(&e),
    }
}

/// Progress notes from a sheet ([`workbook_input`], sheet `Notes`): a typed error naming the
/// cell, or notes whose text parses again to the same note and that merge into the sample
/// cohort (a duplicate is reported, never added twice).
pub fn notes_sheet(data: &[u8]) {
    let bytes = workbook_input(data, "Notes");
    let mut book = match care_core::workbook::Workbook::open(&bytes) {
        Ok(b) => b,
        Err(e) => return check_workbook_error(&e),
    };
    let sheet = match book.sheet(None) {
        Ok(s) => s,
        Err(e) => return check_workbook_error(&e),
    };
    let notes = match care_core::workbook::tracker::read_notes_sheet(&sheet) {
        Ok(n) => n,
        Err(e) => return check_workbook_error(&e),
    };
    for (place, n) in &notes {
        assert!(!place.is_empty(), "a note without a place");
        let again = cohort::notes::ProgressNote::parse(&n.to_string())
            .expect("a parsed note's text parses again");
        assert_eq!(&again, n, "a note's round trip");
    }
    let mut cohort = cohort::Cohort::sample();
    let before: usize = cohort.agents.iter().map(|a| a.notes.len()).sum();
    match care_core::workbook::tracker::merge_notes(&mut cohort, notes.clone()) {
        Ok(m) => {
            let after: usize = cohort.agents.iter().map(|a| a.notes.len()).sum();
            assert_eq!(after, before + m.added, "added notes are counted");
            // Merging the same notes again adds nothing.
            let again = care_core::workbook::tracker::merge_notes(&mut cohort, notes)
                .expect("the same notes merge again");
            assert_eq!(again.added, 0, "a note merged twice");
        }
        Err(e) => check_workbook_error(&e),
    }
}

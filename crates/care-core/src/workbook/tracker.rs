//! The tracker sheet and progress notes from a workbook, and a tracker written as one.
//!
//! The sheet has the tracker CSV's columns ([`crate::cohort::tracker`]) under a header row
//! that may stand anywhere in the first [`HEADER_SEARCH_ROWS`] rows (title rows above it are
//! skipped); dates may be Excel dates or text, yes/no cells booleans or text, scores numbers
//! or text; blank rows are skipped. Every row below the header lands in the cohort or the
//! import fails naming the cell (`Tracker!C7`): a value under no header, merged cells, a
//! formula in a typed column (a date, number or yes/no column), an error value such as
//! `#N/A`. The rows then take the CSV's own validation path, so both formats follow one set
//! of rules.

use super::cells::{Sheet, Value, Workbook};
use super::{error, excel_serial, write_error, HEADER_SEARCH_ROWS};
use crate::cohort::notes::ProgressNote;
use crate::cohort::tracker::{
    build, col_name, column_of, missing_required, parse_row, Col, Field, Places,
};
use crate::cohort::{Cohort, CohortPolicy};
use crate::error::{Error, Result};
use crate::suggest::normalize;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The tracker sheet's usual name; without it a workbook's first sheet is read.
pub const TRACKER_SHEET: &str = "Tracker";

/// The progress-notes sheet's usual name.
pub const NOTES_SHEET: &str = "Notes";

fn typed(col: Col) -> bool {
    !matches!(col, Col::Agent | Col::Certifier | Col::Excused | Col::Note)
}

/// Imports the tracker sheet of an xlsx workbook: `sheet`, else the sheet named
/// [`TRACKER_SHEET`], else the first sheet. See the [module docs](self).
///
/// # Errors
///
/// Everything [`Workbook::open`] refuses; [`Error::UnknownName`] for a missing sheet;
/// [`Error::Parse`] naming the sheet and cell (`Tracker!C7`) for a bad cell, under the
/// same rules as [`import_tracker`](crate::cohort::import_tracker).
pub fn import_tracker_xlsx(
    bytes: &[u8],
    sheet: Option<&str>,
    policy: &CohortPolicy,
) -> Result<Cohort> {
    policy.validate()?;
    let mut book = Workbook::open(bytes)?;
    let name = match sheet {
        Some(s) => Some(s),
        None if book.has_sheet(TRACKER_SHEET) => Some(TRACKER_SHEET),
        None => None,
    };
    let sheet = book.sheet(name)?;
    import_tracker_sheet(&sheet, policy)
}

/// [`import_tracker_xlsx`] as the tracker stood at the end of `as_of`: only rows dated on or
/// before it are applied, as [`import_tracker_as_of`](crate::cohort::import_tracker_as_of)
/// does for a CSV. Every row is still read and checked.
///
/// # Errors
///
/// As [`import_tracker_xlsx`].
pub fn import_tracker_xlsx_as_of(
    bytes: &[u8],
    sheet: Option<&str>,
    as_of: jiff::civil::Date,
    policy: &CohortPolicy,
) -> Result<Cohort> {
    policy.validate()?;
    let mut book = Workbook::open(bytes)?;
    let name = match sheet {
        Some(s) => Some(s),
        None if book.has_sheet(TRACKER_SHEET) => Some(TRACKER_SHEET),
        None => None,
    };
    let sheet = book.sheet(name)?;
    import_sheet(&sheet, Some(as_of), policy)
}

/// Imports a tracker from a sheet already read.
///
/// # Errors
///
/// As [`import_tracker_xlsx`].
pub fn import_tracker_sheet(sheet: &Sheet, policy: &CohortPolicy) -> Result<Cohort> {
    import_sheet(sheet, None, policy)
}

fn import_sheet(
    sheet: &Sheet,
    as_of: Option<jiff::civil::Date>,
    policy: &CohortPolicy,
) -> Result<Cohort> {
    let is_header = |cells: &[super::Cell]| {
        let cols: Vec<Col> = cells
            .iter()
            .filter_map(|c| match &c.value {
                Value::Text(t) => column_of(t, policy).ok(),
                _ => None,
            })
            .collect();
        missing_required(&cols).is_none()
    };
    let Some((header_row, header)) = sheet.find_header(is_header) else {
        return Err(error(
            crate::cell_ref::sheet_prefix(&sheet.name),
            format!(
                "no header row naming date, agent and start in the first {HEADER_SEARCH_ROWS} rows"
            ),
        ));
    };
    let mut columns: Vec<(Col, u32)> = Vec::new();
    for c in header {
        let text = c.value.to_text();
        let col = column_of(&text, policy).map_err(|m| {
            error(
                sheet.place(c.row, c.col),
                format!("{:?}: {m}", crate::suggest::clip(&text)),
            )
        })?;
        if columns.iter().any(|(k, _)| *k == col) {
            return Err(error(
                sheet.place(c.row, c.col),
                format!("the column {:?} is given twice", col_name(col)),
            ));
        }
        columns.push((col, c.col));
    }
    sheet.refuse_merged_from(header_row)?;
    let places = Places::Sheet {
        sheet: sheet.name.clone(),
        columns: columns.clone(),
    };
    let mut rows = Vec::new();
    for (r, cells) in sheet.rows().filter(|(r, _)| *r > header_row) {
        let mut fields = Vec::with_capacity(cells.len());
        for c in cells {
            let place = || sheet.place(c.row, c.col);
            let Some((col, _)) = columns.iter().find(|(_, i)| *i == c.col) else {
                if matches!(&c.value, Value::Text(t) if t.trim().is_empty()) {
                    continue;
                }
                return Err(error(
                    place(),
                    format!(
                        "{:?} stands under no column header; give the column a header or clear the cell",
                        crate::suggest::clip(&c.value.to_text())
                    ),
                ));
            };
            if typed(*col) && sheet.formulas.contains(&(c.row, c.col)) {
                return Err(error(
                    place(),
                    format!(
                        "a formula in the {:?} column; paste its value instead",
                        col_name(*col)
                    ),
                ));
            }
            let field = match &c.value {
                Value::Text(t) => {
                    let t = t.trim();
                    if t.is_empty() {
                        continue;
                    }
                    Field::Text(t)
                }
                Value::Number(n) => Field::Number(*n),
                Value::Bool(b) => Field::Bool(*b),
                Value::Date(s) => Field::Date(super::excel_date(*s).ok_or_else(|| {
                    error(place(), format!("{s} is not a date from 1900 to 9999"))
                })?),
                Value::Error(e) => {
                    return Err(error(place(), format!("the cell shows the error {e}")))
                }
            };
            fields.push((*col, field));
        }
        if fields.is_empty() {
            continue;
        }
        let row = parse_row(u64::from(r) + 1, fields, &places, policy)?;
        if as_of.is_none_or(|d| row.date.is_some_and(|r| r <= d)) {
            rows.push(row);
        }
    }
    build(rows, policy, &places)
}

/// What merging progress notes into a cohort did.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NotesMerge {
    /// Notes added.
    pub added: usize,
    /// Notes already there (same agent, date and note), with where they came from.
    pub duplicates: Vec<DuplicateNote>,
}

/// A progress note that was already in the cohort (or earlier in the same sheet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateNote {
    /// Where it is: `Notes!A7`.
    pub place: String,
    /// The note.
    pub note: ProgressNote,
}

/// Reads progress notes from a sheet: either columns `date`, `name` (or `agent`), `note`
/// under a header row in the first rows, or one `Date - Name - Note` line per row in the
/// first column. Returns each note with its place (`Notes!A7`).
///
/// # Errors
///
/// [`Error::Parse`] naming the cell of a bad date, an empty name or note, or a line that
/// is not `Date - Name - Note`.
pub fn read_notes_sheet(sheet: &Sheet) -> Result<Vec<(String, ProgressNote)>> {
    let key = |v: &Value| match v {
        Value::Text(t) => Some(t.trim().to_ascii_lowercase()),
        _ => None,
    };
    let header = sheet.find_header(|cells| {
        let keys: Vec<String> = cells.iter().filter_map(|c| key(&c.value)).collect();
        keys.iter().any(|k| k == "date")
            && keys.iter().any(|k| k == "name" || k == "agent")
            && keys.iter().any(|k| k == "note")
    });
    let mut out = Vec::new();
    match header {
        Some((hr, cells)) => {
            sheet.refuse_merged_from(hr)?;
            let find = |names: &[&str]| {
                cells
                    .iter()
                    .find(|c| key(&c.value).is_some_and(|k| names.contains(&k.as_str())))
                    .map(|c| c.col)
            };
            let (Some(dc), Some(nc), Some(tc)) =
                (find(&["date"]), find(&["name", "agent"]), find(&["note"]))
            else {
                return Err(error(
                    sheet.place(hr, 0),
                    "the header needs date, name and note",
                ));
            };
            for (r, row) in sheet.rows().filter(|(r, _)| *r > hr) {
                if row.iter().all(|c| c.value.to_text().trim().is_empty()) {
                    continue;
                }
                let get = |col: u32| row.iter().find(|c| c.col == col).map(|c| &c.value);
                let date = get(dc).and_then(Value::as_date).ok_or_else(|| {
                    error(sheet.place(r, dc), "the date is missing or not a date")
                })?;
                let name = get(nc).map(Value::to_text).unwrap_or_default();
                let text = get(tc).map(Value::to_text).unwrap_or_default();
                if name.trim().is_empty() {
                    return Err(error(sheet.place(r, nc), "the name is missing"));
                }
                let note = ProgressNote::new(date, &name, &text)
                    .map_err(|e| error(sheet.place(r, tc), strip(e)))?;
                out.push((sheet.place(r, dc), note));
            }
        }
        None => {
            sheet.refuse_merged_from(0)?;
            for (r, row) in sheet.rows() {
                for c in row {
                    let text = c.value.to_text();
                    if text.trim().is_empty() {
                        continue;
                    }
                    if c.col != 0 {
                        return Err(error(
                            sheet.place(r, c.col),
                            "a notes sheet without a date, name, note header has one Date - Name - Note line per row in column A",
                        ));
                    }
                    let note = ProgressNote::parse(&text)
                        .map_err(|e| error(sheet.place(r, c.col), strip(e)))?;
                    out.push((sheet.place(r, c.col), note));
                }
            }
        }
    }
    Ok(out)
}

fn strip(e: Error) -> String {
    match e {
        Error::Parse { message, .. } => message,
        other => other.to_string(),
    }
}

/// Merges notes (from [`read_notes_sheet`]) into the cohort: a note whose agent, date and
/// note text (ignoring case and spacing) are already there is reported as a duplicate and
/// not added. Nothing is added when a note names no agent.
///
/// # Errors
///
/// [`Error::UnknownName`] (with the closest agent and the note's place) for a note naming
/// no agent of the cohort.
pub fn merge_notes(cohort: &mut Cohort, notes: Vec<(String, ProgressNote)>) -> Result<NotesMerge> {
    let mut targets = Vec::with_capacity(notes.len());
    for (place, n) in &notes {
        let key = normalize(&n.name);
        let i = cohort
            .agents
            .iter()
            .position(|a| normalize(&a.name) == key)
            .ok_or_else(|| {
                match Error::unknown_name(
                    "agent",
                    &n.name,
                    cohort.agents.iter().map(|a| a.name.as_str()),
                ) {
                    Error::UnknownName {
                        what,
                        name,
                        suggestion,
                    } => Error::UnknownName {
                        what,
                        name: format!("{name} (at {place})"),
                        suggestion,
                    },
                    other => other,
                }
            })?;
        targets.push(i);
    }
    let mut merge = NotesMerge::default();
    for (i, (place, note)) in targets.into_iter().zip(notes) {
        let Some(agent) = cohort.agents.get_mut(i) else {
            continue;
        };
        let same =
            |n: &ProgressNote| n.date == note.date && normalize(&n.note) == normalize(&note.note);
        if agent.notes.iter().any(same) {
            merge.duplicates.push(DuplicateNote { place, note });
        } else {
            agent.notes.push(note);
            merge.added += 1;
        }
    }
    Ok(merge)
}

/// One row of the tracker as written: the tracker CSV's columns.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TrackerRow {
    /// The row's day.
    pub date: Option<Date>,
    /// The agent.
    pub agent: String,
    /// The agent's start date.
    pub start: Option<Date>,
    /// `Some(true)` open, `Some(false)` closed.
    pub equipment_issue: Option<bool>,
    /// Day-1 training done.
    pub day1_done: Option<bool>,
    /// Role plays done.
    pub role_plays_done: Option<bool>,
    /// TBT hours so far.
    pub tbt_hours: Option<f64>,
    /// TBTs done.
    pub tbt_done: Option<bool>,
    /// Scores of calls 1 to N (`None` not given that day).
    pub calls: Vec<Option<f64>>,
    /// The certifier.
    pub certifier: Option<String>,
    /// An excuse for the day.
    pub excused: Option<String>,
    /// The agent's progress note.
    pub note: Option<String>,
}

fn header(calls: u8) -> Vec<String> {
    let mut h: Vec<String> = [
        "date",
        "agent",
        "start",
        "equipment_issue",
        "day1_done",
        "role_plays_done",
        "tbt_hours",
        "tbt_done",
    ]
    .map(String::from)
    .to_vec();
    h.extend((1..=calls).map(|n| format!("call{n}")));
    h.extend(["certifier", "excused", "note"].map(String::from));
    h
}

fn yes_no(b: Option<bool>, yes: &str, no: &str) -> String {
    b.map(|b| if b { yes } else { no }.to_string())
        .unwrap_or_default()
}

fn number(x: f64) -> String {
    format!("{x}")
}

/// The rows as tracker CSV text (every cell through the CSV neutralisation).
///
/// # Errors
///
/// [`Error::InvalidInput`] if the CSV cannot be written.
pub fn tracker_csv(rows: &[TrackerRow], policy: &CohortPolicy) -> Result<String> {
    let calls = policy.cert.calls;
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::invalid_input(format!("cannot write CSV: {e}"));
    w.write_record(header(calls)).map_err(io)?;
    for r in rows {
        let mut rec = vec![
            r.date.map(|d| d.to_string()).unwrap_or_default(),
            r.agent.clone(),
            r.start.map(|d| d.to_string()).unwrap_or_default(),
            yes_no(r.equipment_issue, "open", "closed"),
            yes_no(r.day1_done, "yes", "no"),
            yes_no(r.role_plays_done, "yes", "no"),
            r.tbt_hours.map(number).unwrap_or_default(),
            yes_no(r.tbt_done, "yes", "no"),
        ];
        for i in 0..usize::from(calls) {
            rec.push(
                r.calls
                    .get(i)
                    .copied()
                    .flatten()
                    .map(number)
                    .unwrap_or_default(),
            );
        }
        rec.push(r.certifier.clone().unwrap_or_default());
        rec.push(r.excused.clone().unwrap_or_default());
        rec.push(r.note.clone().unwrap_or_default());
        w.write_record(
            rec.iter()
                .map(|c| crate::cohort::report::neutralize_csv_cell(c).into_owned()),
        )
        .map_err(io)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::invalid_input(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::invalid_input(format!("cannot write CSV: {e}")))
}

/// The rows as a tracker workbook: one sheet [`TRACKER_SHEET`], an Excel table with a frozen
/// header, dates as Excel dates, numbers as numbers, text cells neutralised.
///
/// # Errors
///
/// [`Error::InvalidInput`] if the workbook cannot be written.
pub fn tracker_xlsx(rows: &[TrackerRow], policy: &CohortPolicy) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Table, TableColumn, Workbook};
    let calls = policy.cert.calls;
    let head = header(calls);
    let mut book = Workbook::new();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let ws = book.add_worksheet();
    ws.set_name(TRACKER_SHEET).map_err(write_error)?;
    let mut widths: Vec<usize> = head.iter().map(|h| h.len() + 4).collect();
    let text =
        |ws: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, s: &str, widths: &mut Vec<usize>| {
            if let Some(w) = widths.get_mut(usize::from(c)) {
                *w = (*w).max(s.chars().count().min(60) + 2);
            }
            ws.write_string(r, c, crate::cohort::report::neutralize_csv_cell(s))
                .map(|_| ())
        };
    for (i, r) in rows.iter().enumerate() {
        let row = u32::try_from(i + 1).map_err(|_| Error::TooLarge {
            what: "tracker rows",
            limit: 1_048_575,
            actual: rows.len(),
        })?;
        let mut c: u16 = 0;
        let mut next = || {
            let v = c;
            c += 1;
            v
        };
        let (cd, ca, cs) = (next(), next(), next());
        if let Some(d) = r.date {
            ws.write_number_with_format(row, cd, excel_serial(d), &date_fmt)
                .map_err(write_error)?;
        }
        text(ws, row, ca, &r.agent, &mut widths).map_err(write_error)?;
        if let Some(d) = r.start {
            ws.write_number_with_format(row, cs, excel_serial(d), &date_fmt)
                .map_err(write_error)?;
        }
        let ce = next();
        let s = yes_no(r.equipment_issue, "open", "closed");
        if !s.is_empty() {
            text(ws, row, ce, &s, &mut widths).map_err(write_error)?;
        }
        for b in [r.day1_done, r.role_plays_done] {
            let col = next();
            if let Some(b) = b {
                text(ws, row, col, if b { "yes" } else { "no" }, &mut widths)
                    .map_err(write_error)?;
            }
        }
        let ch = next();
        if let Some(h) = r.tbt_hours {
            ws.write_number(row, ch, h).map_err(write_error)?;
        }
        let ct = next();
        if let Some(b) = r.tbt_done {
            text(ws, row, ct, if b { "yes" } else { "no" }, &mut widths).map_err(write_error)?;
        }
        for i in 0..usize::from(calls) {
            let col = next();
            if let Some(s) = r.calls.get(i).copied().flatten() {
                ws.write_number(row, col, s).map_err(write_error)?;
            }
        }
        for s in [&r.certifier, &r.excused, &r.note] {
            let col = next();
            if let Some(s) = s {
                text(ws, row, col, s, &mut widths).map_err(write_error)?;
            }
        }
    }
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX).max(1);
    let last_col = u16::try_from(head.len().saturating_sub(1)).unwrap_or(0);
    let columns: Vec<TableColumn> = head
        .iter()
        .map(|h| TableColumn::new().set_header(h))
        .collect();
    let table = Table::new().set_name("TrackerTable").set_columns(&columns);
    ws.add_table(0, 0, last_row, last_col, &table)
        .map_err(write_error)?;
    ws.set_freeze_panes(1, 0).map_err(write_error)?;
    for (i, w) in widths.iter().enumerate() {
        let c = u16::try_from(i).unwrap_or(0);
        let w = if i == 0 || i == 2 { 12 } else { *w };
        ws.set_column_width(c, w as f64).map_err(write_error)?;
    }
    book.save_to_buffer().map_err(write_error)
}

#[cfg(test)]
pub(crate) mod tests {
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
}

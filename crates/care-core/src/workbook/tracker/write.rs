//! A tracker written as CSV text or as a workbook.

use super::TRACKER_SHEET;
use crate::cohort::CohortPolicy;
use crate::error::{Error, Result};
use crate::workbook::{excel_serial, write_error};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

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

/// The header row: the fixed columns (spelled once, in `cohort::tracker::COLUMNS`) with the
/// call columns in their place, before `certifier`.
fn header(calls: u8) -> Vec<String> {
    use crate::cohort::tracker::COLUMNS;
    let mut h: Vec<String> = COLUMNS[..8].iter().map(|c| c.to_string()).collect();
    h.extend((1..=calls).map(|n| format!("call{n}")));
    h.extend(COLUMNS[8..11].iter().map(|c| c.to_string()));
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

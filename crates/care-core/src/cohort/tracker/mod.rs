//! Import of the tracker spreadsheet: one CSV row per agent and day.
//!
//! Columns (the header row names them, in any order, case-insensitive):
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `date` | yes | the row's day (`2026-07-02` or `7/2/2026`) |
//! | `agent` | yes | the agent's name |
//! | `start` | yes | the agent's start date; on at least one of the agent's rows, the same on all |
//! | `equipment_issue` | no | `open` (or `yes`) / `closed` (or `no`, `none`) |
//! | `day1_done`, `role_plays_done`, `tbt_done` | no | `yes`/`no` (`y`, `n`, `true`, `false`, `1`, `0`, `x`, `done`) |
//! | `tbt_hours` | no | hours spent on TBTs so far |
//! | `call1` ... `call5` | no | the call scores (as many columns as the policy has calls) |
//! | `certifier` | no | the certifier the agent worked with that day |
//! | `excused` | no | a reason: the row's day is excused |
//! | `note` | no | the agent's self-reported progress note for the day |
//!
//! Rules, so that no row is silently dropped:
//!
//! - every row lands in the cohort or the import fails with an [`Error::Parse`] naming the
//!   line and column (`line 4, column "start"`);
//! - a row for a new agent creates them (the tracker is the list of agents);
//! - a blank cell means "not reported that day": the value stays as the agent's earlier rows
//!   left it; rows apply in date order;
//! - one row per agent and day; a score, once recorded, never changes (a different score for
//!   the same call is an error, the same one is fine);
//! - the input is at most [`MAX_TRACKER_BYTES`] ([`Error::TooLarge`]).
//!
//! The tracker sheet of a workbook (`workbook::tracker`, with the `xlsx` feature) goes
//! through the same row rules: both formats hand their cells to one validation path
//! ([`Field`] values in, a cohort or an error naming the place out), so a rule changed
//! here changes for both.

mod fold;

pub(crate) use fold::{build, Fold, Pushed};

use super::{check_name, Cohort, CohortPolicy};
use crate::certification::call_verdict;
use crate::error::{Error, Result};
use jiff::civil::Date;

/// The largest tracker CSV, in bytes: the same 16 MiB as every data file.
pub const MAX_TRACKER_BYTES: usize = crate::policy::MAX_INPUT_BYTES;

/// The most TBT hours a row may give.
pub const MAX_TBT_HOURS: f64 = 1000.0;

/// The fixed columns of the tracker, besides `call1`...`callN`.
pub const COLUMNS: [&str; 12] = [
    "date",
    "agent",
    "start",
    "equipment_issue",
    "day1_done",
    "role_plays_done",
    "tbt_hours",
    "tbt_done",
    "certifier",
    "excused",
    "note",
    "call1..callN",
];

/// A tracker column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Col {
    Date,
    Agent,
    Start,
    Equipment,
    Day1,
    RolePlays,
    TbtHours,
    TbtDone,
    Certifier,
    Excused,
    Note,
    Call(u8),
}

pub(crate) fn col_name(c: Col) -> String {
    match c {
        Col::Date => "date".into(),
        Col::Agent => "agent".into(),
        Col::Start => "start".into(),
        Col::Equipment => "equipment_issue".into(),
        Col::Day1 => "day1_done".into(),
        Col::RolePlays => "role_plays_done".into(),
        Col::TbtHours => "tbt_hours".into(),
        Col::TbtDone => "tbt_done".into(),
        Col::Certifier => "certifier".into(),
        Col::Excused => "excused".into(),
        Col::Note => "note".into(),
        Col::Call(n) => format!("call{n}"),
    }
}

fn err(line: u64, column: Option<&str>, message: impl Into<String>) -> Error {
    Error::Parse {
        format: "CSV",
        place: Some(match column {
            Some(c) => format!("line {line}, column {c:?}"),
            None => format!("line {line}"),
        }),
        message: message.into(),
    }
}

#[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
/// One cell's value as its format gives it: CSV has only text, a workbook also has numbers,
/// booleans and dates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Field<'a> {
    /// Text (trimmed, not empty).
    Text(&'a str),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A date (a workbook cell formatted as a date).
    Date(Date),
}

impl Field<'_> {
    fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Field::Text(s) => std::borrow::Cow::Borrowed(s),
            Field::Number(n) => std::borrow::Cow::Owned(n.to_string()),
            Field::Bool(b) => std::borrow::Cow::Borrowed(if *b { "yes" } else { "no" }),
            Field::Date(d) => std::borrow::Cow::Owned(d.to_string()),
        }
    }
}

#[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
/// How errors name a place: `line 4, column "start"` in a CSV, `Tracker!C4` in a sheet.
#[derive(Debug, Clone)]
pub(crate) enum Places {
    /// A CSV: lines and column names.
    Csv,
    /// A worksheet: the sheet's name and the 0-based sheet column of each tracker column.
    Sheet {
        /// The sheet's name.
        sheet: String,
        /// Where each tracker column is.
        columns: Vec<(Col, u32)>,
    },
}

impl Places {
    /// An [`Error::Parse`] at `line` (CSV line or 1-based sheet row) and `col`.
    pub(crate) fn error(&self, line: u64, col: Option<Col>, message: impl Into<String>) -> Error {
        match self {
            Places::Csv => err(line, col.map(col_name).as_deref(), message),
            Places::Sheet { sheet, columns } => {
                let c = col.and_then(|c| columns.iter().find(|(k, _)| *k == c).map(|(_, i)| *i));
                let row = u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX);
                Error::Parse {
                    format: "workbook",
                    place: Some(match c {
                        Some(c) => crate::cell_ref::sheet_cell(sheet, row, c),
                        None => crate::cell_ref::sheet_row(sheet, row),
                    }),
                    message: message.into(),
                }
            }
        }
    }

    /// What a row is called in messages: `line` or `row`.
    fn noun(&self) -> &'static str {
        match self {
            Places::Csv => "line",
            Places::Sheet { .. } => "row",
        }
    }
}

/// One parsed row.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Row {
    pub(crate) line: u64,
    pub(crate) date: Option<Date>,
    pub(crate) agent: String,
    start: Option<Date>,
    equipment: Option<bool>,
    day1: Option<bool>,
    role_plays: Option<bool>,
    tbt_hours: Option<f64>,
    tbt_done: Option<bool>,
    pub(crate) certifier: Option<String>,
    excused: Option<String>,
    note: Option<String>,
    pub(crate) calls: Vec<(u8, f64)>,
}

/// The word among `words` that `s` is, ignoring ASCII case (without lowering a copy).
fn one_of(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| w.eq_ignore_ascii_case(s))
}

fn parse_bool(s: &str) -> Option<bool> {
    if one_of(s, &["yes", "y", "true", "1", "x", "done"]) {
        Some(true)
    } else if one_of(s, &["no", "n", "false", "0"]) {
        Some(false)
    } else {
        None
    }
}

fn parse_equipment(s: &str) -> Option<bool> {
    if one_of(s, &["open", "yes", "y", "true", "1"]) {
        Some(true)
    } else if one_of(s, &["closed", "resolved", "no", "n", "none", "false", "0"]) {
        Some(false)
    } else {
        None
    }
}

/// Imports a tracker CSV into a cohort (agents only: add the staff with
/// [`Cohort::with_staff`]). See the [module docs](self) for the columns and rules.
///
/// # Errors
///
/// [`Error::InvalidPolicy`] for an invalid policy; [`Error::TooLarge`] for a text over
/// [`MAX_TRACKER_BYTES`] or more than [`MAX_AGENTS`] agents; [`Error::Parse`] naming the line
/// and column of the first bad cell (a missing column, a bad date, score or flag, a changed
/// score).
///
/// ```
/// use care_core::cohort::{import_tracker, CohortPolicy};
/// let p = CohortPolicy::default();
/// let c = import_tracker("date,agent,start\n2026-07-06,Ana Rivera,2026-07-06\n", &p)?;
/// assert_eq!(c.agents.len(), 1);
/// let e = import_tracker("date,agent,start\n2026-07-06,Ana Rivera,someday\n", &p).unwrap_err();
/// assert!(e.to_string().starts_with("failed to parse CSV at line 2"), "{e}");
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn import_tracker(csv_text: &str, policy: &CohortPolicy) -> Result<Cohort> {
    import_csv(csv_text, None, policy)
}

/// Imports a tracker CSV as it stood at the end of `as_of`: only rows dated on or before
/// `as_of` are applied (`DECISIONS.md`: a report or pairing as of a date uses only tracker
/// rows dated on or before it). Every row is still read and checked, so a malformed row is
/// an error whatever its date; an agent whose rows are all later is not in the cohort yet.
///
/// # Errors
///
/// As [`import_tracker`].
///
/// ```
/// use care_core::cohort::{import_tracker_as_of, CohortPolicy};
/// use jiff::civil::date;
/// let csv = "date,agent,start,call1,call2,call3,call4,call5\n\
///            2026-07-06,\"Rivera, Ana\",2026-07-06,,,,,\n\
///            2026-07-20,\"Rivera, Ana\",2026-07-06,100,90,90,90,90\n";
/// let p = CohortPolicy::default();
/// let early = import_tracker_as_of(csv, date(2026, 7, 10), &p)?;
/// assert!(early.agents[0].scores.iter().all(Option::is_none));
/// let late = import_tracker_as_of(csv, date(2026, 7, 20), &p)?;
/// assert_eq!(late.agents[0].scores[1], Some(90.0));
/// assert!(import_tracker_as_of(csv, date(1900, 1, 1), &p)?.agents.is_empty());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn import_tracker_as_of(csv_text: &str, as_of: Date, policy: &CohortPolicy) -> Result<Cohort> {
    import_csv(csv_text, Some(as_of), policy)
}

/// The rows folded into their agents as they are read ([`Fold`]); when an agent's rows are
/// out of date order, read again, held whole and sorted ([`build`]).
fn import_csv(csv_text: &str, as_of: Option<Date>, policy: &CohortPolicy) -> Result<Cohort> {
    let mut fold = Fold::new(policy, Places::Csv);
    match read_rows(csv_text, as_of, policy, |row| fold.push(row))? {
        Pushed::Folded => fold.finish(),
        Pushed::OutOfOrder => {
            drop(fold);
            build(parse_rows(csv_text, as_of, policy)?, policy, &Places::Csv)
        }
    }
}

/// Parses and validates the tracker's rows (the whole import: every rule of the module docs
/// holds for the rows returned), for readers that need the rows themselves, such as the
/// certifier of each scored call.
pub(crate) fn validated_rows(csv_text: &str, policy: &CohortPolicy) -> Result<Vec<Row>> {
    let rows = parse_rows(csv_text, None, policy)?;
    build(rows.clone(), policy, &Places::Csv)?;
    Ok(rows)
}

fn parse_rows(csv_text: &str, as_of: Option<Date>, policy: &CohortPolicy) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    read_rows(csv_text, as_of, policy, |row| {
        rows.push(row);
        Pushed::Folded
    })?;
    Ok(rows)
}

/// Reads and validates the rows dated on or before `as_of` (all without it), handing each
/// to `on_row`; stops early when it answers [`Pushed::OutOfOrder`], and says so.
fn read_rows(
    csv_text: &str,
    as_of: Option<Date>,
    policy: &CohortPolicy,
    mut on_row: impl FnMut(Row) -> Pushed,
) -> Result<Pushed> {
    policy.validate()?;
    if csv_text.len() > MAX_TRACKER_BYTES {
        return Err(Error::TooLarge {
            what: "tracker CSV",
            limit: MAX_TRACKER_BYTES,
            actual: csv_text.len(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(csv_text.as_bytes());
    let header = reader.headers().map_err(csv_error)?.clone();
    let cols = header_columns(&header, policy)?;
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line());
        let fields = record
            .iter()
            .zip(&cols)
            .filter(|(cell, _)| !cell.is_empty())
            .map(|(cell, col)| (*col, Field::Text(cell)));
        let row = parse_row(line, fields, &Places::Csv, policy)?;
        if as_of.is_none_or(|d| row.date.is_some_and(|r| r <= d))
            && on_row(row) == Pushed::OutOfOrder
        {
            return Ok(Pushed::OutOfOrder);
        }
    }
    Ok(Pushed::Folded)
}

fn csv_error(e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("the row has {len} fields; the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "the text is not valid UTF-8".to_string(),
        _ => {
            let mut m = e.to_string();
            if let Some(i) = m.find(" at line") {
                m.truncate(i);
            }
            m
        }
    };
    Error::Parse {
        format: "CSV",
        place: line.map(|l| format!("line {l}")),
        message,
    }
}

/// The tracker column a header cell names (any case, spaces or dashes for underscores);
/// an unknown name gives the message that says what the columns are.
pub(crate) fn column_of(name: &str, policy: &CohortPolicy) -> std::result::Result<Col, String> {
    let mut known: Vec<(String, Col)> = [
        Col::Date,
        Col::Agent,
        Col::Start,
        Col::Equipment,
        Col::Day1,
        Col::RolePlays,
        Col::TbtHours,
        Col::TbtDone,
        Col::Certifier,
        Col::Excused,
        Col::Note,
    ]
    .into_iter()
    .map(|c| (col_name(c), c))
    .collect();
    for n in 1..=policy.cert.calls {
        known.push((format!("call{n}"), Col::Call(n)));
    }
    let key = name.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    if let Some((_, c)) = known.iter().find(|(k, _)| *k == key) {
        return Ok(*c);
    }
    let suggestion = crate::suggest::closest(name, known.iter().map(|(k, _)| k.as_str()));
    Err(match suggestion {
        Some(s) => format!("unknown column (did you mean {s:?}?)"),
        None => format!(
            "unknown column; the columns are date, agent, start, equipment_issue, day1_done, role_plays_done, tbt_hours, tbt_done, call1 to call{}, certifier, excused, note",
            policy.cert.calls
        ),
    })
}

/// The required columns (date, agent, start) that `cols` lacks, the first one.
pub(crate) fn missing_required(cols: &[Col]) -> Option<Col> {
    [Col::Date, Col::Agent, Col::Start]
        .into_iter()
        .find(|need| !cols.contains(need))
}

fn header_columns(header: &csv::StringRecord, policy: &CohortPolicy) -> Result<Vec<Col>> {
    let mut cols = Vec::with_capacity(header.len());
    for name in header.iter() {
        let c =
            column_of(name, policy).map_err(|m| err(1, Some(&crate::suggest::clip(name)), m))?;
        if cols.contains(&c) {
            return Err(err(1, Some(name), "the column is given twice"));
        }
        cols.push(c);
    }
    if let Some(need) = missing_required(&cols) {
        return Err(err(
            1,
            None,
            format!(
                "the header has no {:?} column; it is required",
                col_name(need)
            ),
        ));
    }
    Ok(cols)
}

/// Validates one row's non-empty cells (tracker column, value) into a [`Row`]: the one row
/// path of every tracker format. `line` is the CSV line or the 1-based sheet row.
pub(crate) fn parse_row<'a>(
    line: u64,
    fields: impl IntoIterator<Item = (Col, Field<'a>)>,
    places: &Places,
    policy: &CohortPolicy,
) -> Result<Row> {
    let mut row = Row {
        line,
        ..Row::default()
    };
    for (col, field) in fields {
        let e = |m: String| places.error(line, Some(col), m);
        // The cell as text, written only where a rule reads text or a message shows it (a
        // date or number cell is never written out on the way in).
        let cell = || field.text();
        let date = |f: Field<'_>| match f {
            Field::Date(d) => Ok(d),
            Field::Text(s) => super::notes::parse_date(s).map_err(e),
            Field::Number(n) => Err(e(format!(
                "{n} is a number, not a date; format the cell as a date or write 2026-07-02"
            ))),
            Field::Bool(_) => Err(e(format!("{:?} is not a date", cell()))),
        };
        let yes_no = |f: Field<'_>| match f {
            Field::Bool(b) => Ok(b),
            _ => {
                let cell = cell();
                parse_bool(&cell).ok_or_else(|| {
                    e(format!(
                        "{:?} is not yes or no",
                        crate::suggest::clip(&cell)
                    ))
                })
            }
        };
        let number = |f: Field<'_>, what: &str| match f {
            Field::Number(n) => Ok(n),
            Field::Text(s) => s
                .parse::<f64>()
                .map_err(|_| e(format!("{:?} is not {what}", crate::suggest::clip(s)))),
            _ => Err(e(format!("{:?} is not {what}", cell()))),
        };
        match col {
            Col::Date => row.date = Some(date(field)?),
            Col::Start => row.start = Some(date(field)?),
            Col::Agent => {
                let cell = cell();
                let cell: &str = &cell;
                check_name(cell).map_err(e)?;
                // `normalize(cell)` is empty: no letter or digit.
                if !cell.chars().any(char::is_alphanumeric) {
                    return Err(e(format!("the name {cell:?} has no letters or digits")));
                }
                row.agent = cell.to_string();
            }
            Col::Equipment => {
                let cell = cell();
                let cell: &str = &cell;
                let open = match field {
                    Field::Bool(b) => Some(b),
                    _ => parse_equipment(cell),
                };
                row.equipment = Some(open.ok_or_else(|| {
                    e(format!(
                        "{:?} is not an equipment issue status; write open or closed",
                        crate::suggest::clip(cell)
                    ))
                })?)
            }
            Col::Day1 => row.day1 = Some(yes_no(field)?),
            Col::RolePlays => row.role_plays = Some(yes_no(field)?),
            Col::TbtDone => row.tbt_done = Some(yes_no(field)?),
            Col::TbtHours => {
                let h = number(field, "a number of hours")?;
                if !(h.is_finite() && (0.0..=MAX_TBT_HOURS).contains(&h)) {
                    return Err(e(format!("{h} is outside 0 to {MAX_TBT_HOURS} hours")));
                }
                row.tbt_hours = Some(h);
            }
            Col::Certifier => {
                let cell = cell();
                check_name(&cell).map_err(e)?;
                row.certifier = Some(cell.into_owned());
            }
            Col::Excused => row.excused = Some(cell().into_owned()),
            Col::Note => row.note = Some(cell().into_owned()),
            Col::Call(n) => {
                let s = number(field, "a score; give a number from 0 to 100")?;
                call_verdict(n, s, &policy.cert).map_err(|x| match x {
                    Error::InvalidScore { message, .. } => e(message),
                    other => e(other.to_string()),
                })?;
                row.calls.push((n, s));
            }
        }
    }
    if row.date.is_none() {
        return Err(places.error(line, Some(Col::Date), "the date is missing"));
    }
    if row.agent.is_empty() {
        return Err(places.error(line, Some(Col::Agent), "the agent's name is missing"));
    }
    Ok(row)
}

#[cfg(test)]
mod tests;

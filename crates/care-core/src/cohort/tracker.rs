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

use super::{check_name, Agent, Cohort, CohortPolicy, EquipmentIssue, ProgressNote, MAX_AGENTS};
use crate::certification::{call_verdict, Status};
use crate::error::{Error, Result};
use crate::escalation::Excused;
use crate::suggest::normalize;
use jiff::civil::Date;
use std::collections::HashMap;

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

fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "x" | "done" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

fn parse_equipment(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "open" | "yes" | "y" | "true" | "1" => Some(true),
        "closed" | "resolved" | "no" | "n" | "none" | "false" | "0" => Some(false),
        _ => None,
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
    build(parse_rows(csv_text, None, policy)?, policy, &Places::Csv)
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
    build(
        parse_rows(csv_text, Some(as_of), policy)?,
        policy,
        &Places::Csv,
    )
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
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line());
        let fields = record
            .iter()
            .zip(&cols)
            .filter(|(cell, _)| !cell.is_empty())
            .map(|(cell, col)| (*col, Field::Text(cell)));
        let row = parse_row(line, fields, &Places::Csv, policy)?;
        if as_of.is_none_or(|d| row.date.is_some_and(|r| r <= d)) {
            rows.push(row);
        }
    }
    Ok(rows)
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
        let text = field.text();
        let cell: &str = &text;
        let date = |f: Field<'_>| match f {
            Field::Date(d) => Ok(d),
            Field::Text(s) => super::notes::parse_date(s).map_err(e),
            Field::Number(n) => Err(e(format!(
                "{n} is a number, not a date; format the cell as a date or write 2026-07-02"
            ))),
            Field::Bool(_) => Err(e(format!("{cell:?} is not a date"))),
        };
        let yes_no = |f: Field<'_>| match f {
            Field::Bool(b) => Ok(b),
            _ => parse_bool(cell)
                .ok_or_else(|| e(format!("{:?} is not yes or no", crate::suggest::clip(cell)))),
        };
        let number = |f: Field<'_>, what: &str| match f {
            Field::Number(n) => Ok(n),
            Field::Text(s) => s
                .parse::<f64>()
                .map_err(|_| e(format!("{:?} is not {what}", crate::suggest::clip(s)))),
            _ => Err(e(format!("{cell:?} is not {what}"))),
        };
        match col {
            Col::Date => row.date = Some(date(field)?),
            Col::Start => row.start = Some(date(field)?),
            Col::Agent => {
                check_name(cell).map_err(e)?;
                if normalize(cell).is_empty() {
                    return Err(e(format!("the name {cell:?} has no letters or digits")));
                }
                row.agent = cell.to_string();
            }
            Col::Equipment => {
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
                check_name(cell).map_err(e)?;
                row.certifier = Some(cell.to_string());
            }
            Col::Excused => row.excused = Some(cell.to_string()),
            Col::Note => row.note = Some(cell.to_string()),
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

/// Builds the cohort from validated rows (grouped by agent, applied in date order): the
/// second half of the one path every tracker format takes.
pub(crate) fn build(mut rows: Vec<Row>, policy: &CohortPolicy, places: &Places) -> Result<Cohort> {
    // Group by agent, in order of first appearance: each row gets its agent's number, then
    // the rows are sorted in place (agent, date, line), so no second copy of them is made.
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let mut keys: Vec<u32> = Vec::with_capacity(rows.len());
    for row in &rows {
        let key = normalize(&row.agent);
        let n = match numbers.get(&key) {
            Some(n) => *n,
            None => {
                if numbers.len() >= MAX_AGENTS {
                    return Err(Error::TooLarge {
                        what: "tracker agents",
                        limit: MAX_AGENTS,
                        actual: numbers.len() + 1,
                    });
                }
                let n = u32::try_from(numbers.len()).unwrap_or(u32::MAX);
                numbers.insert(key, n);
                n
            }
        };
        keys.push(n);
    }
    let agent_count = numbers.len();
    drop(numbers);
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| {
        let r = &rows[i];
        (keys[i], r.date, r.line)
    });
    let sorted: Vec<u32> = order.iter().map(|&i| keys[i]).collect();
    drop(keys);
    permute(&mut rows, order);
    let mut agents = Vec::with_capacity(agent_count);
    let mut rest = rows.as_mut_slice();
    let mut rest_keys = sorted.as_slice();
    while let Some(&key) = rest_keys.first() {
        let n = rest_keys
            .iter()
            .position(|&k| k != key)
            .unwrap_or(rest_keys.len());
        let (group, tail) = rest.split_at_mut(n);
        agents.push(build_agent(group, policy, places)?);
        rest = tail;
        rest_keys = rest_keys.get(n..).unwrap_or_default();
    }
    Ok(Cohort {
        coordinator: String::new(),
        certifiers: Vec::new(),
        agents,
    })
}

/// Puts `rows[order[i]]` at `i`, in place (following each cycle of the permutation).
fn permute<T>(rows: &mut [T], mut order: Vec<usize>) {
    for i in 0..order.len() {
        let mut current = i;
        while order[current] != i {
            let next = order[current];
            rows.swap(current, next);
            order[current] = current;
            current = next;
        }
        order[current] = current;
    }
}

fn build_agent(rows: &mut [Row], policy: &CohortPolicy, places: &Places) -> Result<Agent> {
    let noun = places.noun();
    let first_line = rows.iter().map(|r| r.line).min().unwrap_or(0);
    let name = rows
        .iter()
        .find(|r| r.line == first_line)
        .map(|r| r.agent.clone())
        .unwrap_or_default();
    // The start date: given at least once, the same everywhere.
    let mut start: Option<(Date, u64)> = None;
    for r in rows.iter() {
        if let Some(s) = r.start {
            match start {
                None => start = Some((s, r.line)),
                Some((s0, l0)) if s0 != s => {
                    return Err(places.error(
                        r.line,
                        Some(Col::Start),
                        format!(
                        "{name}'s start is {s} here but {s0} on {noun} {l0}; give one start date"
                    ),
                    ))
                }
                Some(_) => {}
            }
        }
    }
    let Some((start, _)) = start else {
        return Err(places.error(
            first_line,
            Some(Col::Start),
            format!("no row gives {name}'s start date; give it at least on their first row"),
        ));
    };
    let mut agent = Agent::new(name.clone(), start);
    // Room for exactly the notes (a large tracker has one on most rows).
    agent
        .notes
        .reserve_exact(rows.iter().filter(|r| r.note.is_some()).count());
    let mut call_lines: Vec<Option<u64>> = vec![None; usize::from(policy.cert.calls)];
    agent.scores = vec![None; usize::from(policy.cert.calls)];
    let mut last: Option<(Date, u64)> = None;
    for r in rows.iter_mut() {
        let Some(date) = r.date else { continue };
        if let Some((d0, l0)) = last {
            if d0 == date {
                return Err(places.error(
                    r.line,
                    Some(Col::Date),
                    format!("a second row for {name} on {date} (the first is {noun} {l0}); give one row per agent and day"),
                ));
            }
        }
        last = Some((date, r.line));
        if let Some(open) = r.equipment {
            let current = agent
                .equipment_issues
                .last_mut()
                .filter(|i| i.closed.is_none());
            match (open, current) {
                (true, None) => agent.equipment_issues.push(EquipmentIssue {
                    opened: date,
                    closed: None,
                }),
                (false, Some(issue)) => issue.closed = Some(date),
                _ => {}
            }
        }
        if let Some(b) = r.day1 {
            agent.day1_done = b;
        }
        if let Some(b) = r.role_plays {
            agent.role_plays_done = b;
        }
        if let Some(h) = r.tbt_hours {
            agent.tbt_hours = h;
        }
        if let Some(b) = r.tbt_done {
            agent.tbt_done = b;
        }
        if let Some(c) = r.certifier.take() {
            agent.certifier = Some(c);
        }
        for (n, s) in std::mem::take(&mut r.calls) {
            let i = usize::from(n).saturating_sub(1);
            if let (Some(slot), Some(line_slot)) = (agent.scores.get_mut(i), call_lines.get_mut(i))
            {
                match (*slot, *line_slot) {
                    (Some(old), Some(l0)) if old != s => {
                        return Err(places.error(
                            r.line,
                            Some(Col::Call(n)),
                            format!("call {n} of {name} was scored {old} on {noun} {l0}; a recorded score does not change"),
                        ))
                    }
                    (Some(_), _) => {}
                    _ => {
                        *slot = Some(s);
                        *line_slot = Some(r.line);
                    }
                }
            }
        }
        if let Some(reason) = r.excused.take() {
            agent.excused.push(Excused::new(date, reason));
        }
        if let Some(text) = r.note.take() {
            let note = ProgressNote::new(date, &name, &text)
                .map_err(|e| places.error(r.line, Some(Col::Note), strip_parse(e)))?;
            agent.notes.push(note);
        }
        if agent.completed_on.is_none() && agent.tbt_done {
            let ev = agent
                .evaluation(&policy.cert)
                .map_err(|e| places.error(r.line, Some(Col::Agent), e.to_string()))?;
            if ev.status != Status::InProgress {
                agent.completed_on = Some(date);
            }
        }
    }
    while agent.scores.last().is_some_and(Option::is_none) {
        agent.scores.pop();
    }
    Ok(agent)
}

fn strip_parse(e: Error) -> String {
    match e {
        Error::Parse { message, .. } => message,
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "date,agent,start,equipment_issue,day1_done,role_plays_done,tbt_hours,tbt_done,call1,call2,call3,call4,call5,certifier,excused,note\n";

    fn import(body: &str) -> Result<Cohort> {
        import_tracker(&format!("{HEAD}{body}"), &CohortPolicy::default())
    }

    fn place(e: &Error) -> String {
        match e {
            Error::Parse { place: Some(p), .. } => p.clone(),
            other => panic!("not a parse error: {other}"),
        }
    }

    #[test]
    fn rows_build_agents() {
        let c = import(
            "2026-07-06,Ana Rivera,2026-07-06,open,,,,,,,,,,,,no laptop yet\n\
             2026-07-07,Ana Rivera,,closed,yes,yes,3,,100,90,,,,Omar Haddad,,certs started\n\
             7/8/2026,ana rivera,,,,,8,yes,,,88,91,,,,done - all five",
        )
        .unwrap();
        assert_eq!(c.agents.len(), 1);
        let a = &c.agents[0];
        assert_eq!(a.name, "Ana Rivera");
        assert_eq!(
            a.scores,
            vec![Some(100.0), Some(90.0), Some(88.0), Some(91.0)]
        );
        assert_eq!(a.equipment_issues.len(), 1);
        assert_eq!(
            a.equipment_issues[0].closed,
            Some(jiff::civil::date(2026, 7, 7))
        );
        assert_eq!(a.completed_on, Some(jiff::civil::date(2026, 7, 8)));
        assert_eq!(a.notes.len(), 3);
        assert_eq!(a.notes[2].note, "done - all five");
        assert_eq!(a.certifier.as_deref(), Some("Omar Haddad"));
    }

    #[test]
    fn errors_name_line_and_column() {
        let cases = [
            ("2026-07-06,Ana,2026-07-06\n", r#"line 2"#),
            (
                "2026-07-06,Ana,2026-07-06,,,,,,,,,,,,,\n2026-07-07,Bob,July 6,,,,,,,,,,,,,\n",
                r#"line 3, column "start""#,
            ),
            (
                "2026-07-06,Ana,,,,,,,,,,,,,,\n",
                r#"line 2, column "start""#,
            ),
            (
                "2026-07-06,Ana,2026-07-06,,maybe,,,,,,,,,,,\n",
                r#"line 2, column "day1_done""#,
            ),
            (
                "2026-07-06,Ana,2026-07-06,,,,,,100,101,,,,,,\n",
                r#"line 2, column "call2""#,
            ),
            (
                "2026-07-06,Ana,2026-07-06,,,,,,90,,,,,,,\n",
                r#"line 2, column "call1""#,
            ),
            (
                "2026-07-06,Ana,2026-07-06,,,,-1,,,,,,,,,\n",
                r#"line 2, column "tbt_hours""#,
            ),
            (
                "2026-07-06,Ana,2026-07-06,broken,,,,,,,,,,,,\n",
                r#"line 2, column "equipment_issue""#,
            ),
            (
                "2026-07-06,Ana,2026-07-06,,,,,,,,,,,,,\n2026-07-06,Ana,,,,,,,,,,,,,,\n",
                r#"line 3, column "date""#,
            ),
            (
                "2026-07-06,Ana,2026-07-06,,,,,,100,90,,,,,,\n2026-07-07,Ana,,,,,,,,80,,,,,,\n",
                r#"line 3, column "call2""#,
            ),
            (
                "2026-07-06,Ana,2026-07-06,,,,,,,,,,,,,\n2026-07-07,Ana,2026-07-07,,,,,,,,,,,,,\n",
                r#"line 3, column "start""#,
            ),
            (",Ana,2026-07-06,,,,,,,,,,,,,\n", r#"line 2, column "date""#),
            (
                "2026-07-06,,2026-07-06,,,,,,,,,,,,,\n",
                r#"line 2, column "agent""#,
            ),
        ];
        for (body, want) in cases {
            let e = import(body).unwrap_err();
            assert_eq!(place(&e), want, "{body}: {e}");
        }
        let e = import_tracker("date,agent,strat\n", &CohortPolicy::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"failed to parse CSV at line 1, column "strat": unknown column (did you mean "start"?)"#
        );
        let e = import_tracker("date,agent\n", &CohortPolicy::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"failed to parse CSV at line 1: the header has no "start" column; it is required"#
        );
        let e = import_tracker("date,agent,start,call6\n", &CohortPolicy::default()).unwrap_err();
        assert!(e.to_string().contains(r#"column "call6""#), "{e}");
        let e = import("2026-07-06,Ana,2026-07-06,,,,,,100,101,,,,,,\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"failed to parse CSV at line 2, column "call2": 101 is outside 0 to 100"#
        );
    }

    #[test]
    fn size_limit() {
        let big = "x".repeat(MAX_TRACKER_BYTES + 1);
        let e = import_tracker(&big, &CohortPolicy::default()).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::TooLarge);
    }

    #[test]
    fn no_row_is_dropped() {
        // Every data row either lands (as a day of some agent) or fails the import.
        let body = "2026-07-06,Ana,2026-07-06,,,,,,,,,,,,,a\n2026-07-07,Bob,2026-07-06,,,,,,,,,,,,,b\n2026-07-07,Ana,,,,,,,,,,,,,,c\n";
        let c = import(body).unwrap();
        let notes: usize = c.agents.iter().map(|a| a.notes.len()).sum();
        assert_eq!(notes, 3);
    }
}

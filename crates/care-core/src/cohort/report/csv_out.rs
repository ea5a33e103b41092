//! The end-of-day report as CSV: from a [`Report`], or straight from a cohort one agent at
//! a time ([`write_csv`]). Both write each row by one function, so they agree byte for byte.

use super::{agent_report, score, AgentReport, Report};
use crate::calendar::Calendar;
use crate::cohort::{Cohort, CohortPolicy};
use crate::error::{Error, Result};
use jiff::civil::Date;
use std::borrow::Cow;

impl Report {
    /// The most call scores any agent has: the number of `callN` columns.
    pub(crate) fn most_calls(&self) -> usize {
        self.agents
            .iter()
            .map(|a| a.scores.len())
            .max()
            .unwrap_or(0)
    }

    /// The report as CSV, one row per agent; every cell passes through
    /// [`neutralize_csv_cell`].
    pub fn to_csv(&self) -> Result<String> {
        let calls = self.most_calls();
        let mut w = Rows::new(Vec::new(), calls)?;
        for a in &self.agents {
            w.row(a)?;
        }
        let bytes = w.finish()?;
        String::from_utf8(bytes).map_err(|e| Error::invalid_input(format!("cannot write CSV: {e}")))
    }
}

/// The end-of-day report as of the end of `as_of` written as CSV to `out`, the same bytes
/// as [`report`](super::report())`(..).to_csv()`, one agent at a time: each agent's line is
/// made, written and dropped before the next, so the report's rows are never held together
/// (the memory of a 20,000-agent report is the cohort's and one line's).
///
/// # Errors
///
/// As [`report`](super::report()) (nothing is written when the policy or the cohort is
/// invalid; an agent's error stops the writing there, with the earlier rows written);
/// [`Error::InvalidInput`] when `out` fails.
///
/// ```
/// use care_core::cohort::{self, report::write_csv, Cohort, CohortPolicy};
/// use care_core::Calendar;
/// use jiff::civil::date;
/// let cal = Calendar::by_name("us-federal", "America/New_York")?;
/// let (day, policy) = (date(2026, 7, 10), CohortPolicy::default());
/// let cohort = Cohort::sample_as_of(day);
/// let mut out = Vec::new();
/// write_csv(&cohort, day, &cal, &policy, &mut out)?;
/// let whole = cohort::report(&cohort, day, &cal, &policy)?.to_csv()?;
/// assert_eq!(String::from_utf8(out).unwrap(), whole);
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn write_csv(
    cohort: &Cohort,
    as_of: Date,
    calendar: &Calendar,
    policy: &CohortPolicy,
    out: impl std::io::Write,
) -> Result<()> {
    policy.validate()?;
    cohort.validate(policy)?;
    // Every agent's line has a score (or none) for each of the policy's calls.
    let calls = if cohort.agents.is_empty() {
        0
    } else {
        usize::from(policy.cert.calls)
    };
    let mut w = Rows::new(out, calls)?;
    for a in &cohort.agents {
        w.row(&agent_report(a, as_of, calendar, policy)?)?;
    }
    w.finish().map(drop)
}

/// The CSV writer of the agents' rows: the header, then one row per agent.
struct Rows<W: std::io::Write> {
    w: ::csv::Writer<W>,
    calls: usize,
    /// The row's cells, reused from row to row.
    cells: Vec<String>,
}

fn io(e: ::csv::Error) -> Error {
    Error::invalid_input(format!("cannot write CSV: {e}"))
}

impl<W: std::io::Write> Rows<W> {
    fn new(out: W, calls: usize) -> Result<Self> {
        let mut w = ::csv::Writer::from_writer(out);
        w.write_record(agent_columns(calls)).map_err(io)?;
        Ok(Rows {
            w,
            calls,
            cells: Vec::new(),
        })
    }

    fn row(&mut self, a: &AgentReport) -> Result<()> {
        let opt = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        let row = &mut self.cells;
        row.clear();
        row.extend([
            a.name.clone(),
            a.start.to_string(),
            a.day.to_string(),
            a.state.label().to_string(),
        ]);
        for i in 0..self.calls {
            row.push(
                a.scores
                    .get(i)
                    .copied()
                    .flatten()
                    .map(|x| score(Some(x)))
                    .unwrap_or_default(),
            );
        }
        row.extend([
            a.passes.to_string(),
            a.pass_rate.to_string(),
            a.tbt_hours.to_string(),
            if a.tbt_done { "yes" } else { "no" }.to_string(),
            a.certifier.clone().unwrap_or_default(),
            opt(a.completed_on),
            a.current_step
                .as_ref()
                .map(|s| s.id.clone())
                .unwrap_or_default(),
            a.next_step
                .as_ref()
                .map(|s| s.id.clone())
                .unwrap_or_default(),
            opt(a.next_step.as_ref().map(|s| s.date)),
            a.missing_self_reports
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" "),
            opt(a.equipment_issue_since),
            a.file_stem.clone(),
            a.step_before_completion
                .as_ref()
                .map(|s| s.id.clone())
                .unwrap_or_default(),
            a.what_would_change_it(),
        ]);
        for c in row.iter() {
            self.w
                .write_field(neutralize_csv_cell(c).as_bytes())
                .map_err(io)?;
        }
        self.w.write_record(None::<&[u8]>).map_err(io)
    }

    fn finish(self) -> Result<W> {
        self.w
            .into_inner()
            .map_err(|e| Error::invalid_input(format!("cannot write CSV: {e}")))
    }
}

/// A CSV cell made safe for spreadsheets: a cell starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return gets a leading `'`, so it is shown as text and never run as a formula.
pub fn neutralize_csv_cell(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The column names of the agents' rows, in the CSV and the report workbook: `calls` call
/// columns (`call1`...) among the rest.
pub(crate) fn agent_columns(calls: usize) -> Vec<String> {
    let mut head: Vec<String> = ["agent", "start", "day", "state"]
        .map(String::from)
        .to_vec();
    head.extend((1..=calls).map(|n| format!("call{n}")));
    head.extend(
        [
            "passes",
            "pass_rate",
            "tbt_hours",
            "tbt_done",
            "certifier",
            "completed_on",
            "current_step",
            "next_step",
            "next_step_date",
            "missing_self_reports",
            "equipment_issue_since",
            "file_stem",
            "step_before_completion",
            "what_would_change_it",
        ]
        .map(String::from),
    );
    head
}

#[cfg(test)]
mod tests {
    use crate::calendar::Calendar;
    use crate::cohort::{report, Cohort, CohortPolicy};

    #[test]
    fn streamed_csv_is_the_reports_csv_on_every_day() {
        let policy = CohortPolicy::default();
        let calendar = Calendar::by_name("us-federal", "America/New_York").unwrap();
        let mut day = jiff::civil::date(2026, 6, 28);
        while day <= jiff::civil::date(2026, 7, 24) {
            for cohort in [Cohort::sample(), Cohort::sample_as_of(day)] {
                let whole = report(&cohort, day, &calendar, &policy)
                    .unwrap()
                    .to_csv()
                    .unwrap();
                let mut out = Vec::new();
                super::write_csv(&cohort, day, &calendar, &policy, &mut out).unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), whole, "{day}");
            }
            day = day.tomorrow().unwrap();
        }
    }

    #[test]
    fn nothing_is_written_for_an_invalid_cohort() {
        let policy = CohortPolicy::default();
        let calendar = Calendar::by_name("none", "UTC").unwrap();
        let mut cohort = Cohort::sample();
        let first = cohort.agents[0].clone();
        cohort.agents.push(first);
        let mut out = Vec::new();
        let day = jiff::civil::date(2026, 7, 10);
        assert!(super::write_csv(&cohort, day, &calendar, &policy, &mut out).is_err());
        assert!(out.is_empty());
    }
}

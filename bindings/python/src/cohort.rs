//! The certification cohort (tracker import, notes, pairing, the end-of-day report, the
//! forecast, `CohortPolicy`) and the troubleshooting list.

use care_core::calendar::Calendar;
use care_core::cohort as core;
use care_core::replay::PolicySource;
use care_core::troubleshoot as ts;
use care_core::workbook::report::{report_eml_with_workbook, report_xlsx as xlsx};
use care_core::workbook::tracker::merge_notes as merge;
use jiff::civil::Date;
use pyo3::prelude::*;
use pyo3::types::PyString;
use std::borrow::Cow;

use crate::errors::care;
use crate::values::{arg, items, Arg, Data, Opt};

crate::results!(
    ProgressNote(core::ProgressNote),
    Pairing(core::Pairing),
    Forecast(core::Forecast),
    Report(core::Report) => to_text,
    Agent(core::Agent),
    Fix(ts::Fix),
    Replay(care_core::replay::Replay) => to_string,
    NotesMerge(care_core::workbook::tracker::NotesMerge),
);

crate::data_class!(
    /// The cohort's rules that are numbers or choices; keyword arguments (the fields of
    /// `to_dict()`, nested `cert` and `escalation` policies as dicts) change only what they name.
    CohortPolicy(core::CohortPolicy), |s| &s.inner, new
);

crate::class_arg!(CohortPolicy => core::CohortPolicy, |_py| core::CohortPolicy::default());

#[pymethods]
impl CohortPolicy {
    /// How many agents a certifier serves in a day.
    #[getter]
    fn sessions_per_certifier(&self) -> u32 {
        self.inner.sessions_per_certifier()
    }
}

crate::data_class!(@struct
    /// A certification cohort: agents, certifiers and the coordinator.
    Cohort(core::Cohort)
);
crate::serde_methods!(Cohort, |s| &s.inner, "from_json");

crate::export! { impl Cohort;
    /// The sample cohort (eleven made-up agents, a coordinator and ten certifiers).
    #[staticmethod]
    fn sample(py) -> Cohort = Ok(core::Cohort::sample());
    /// The sample tracker CSV, a template for a cohort's own.
    #[staticmethod]
    fn sample_tracker(py) -> &'static str = Ok(core::Cohort::sample_tracker());
    /// Imports a tracker CSV (agents only; give the staff with `with_certifiers`).
    #[staticmethod]
    fn from_tracker(py, csv_text: String, policy: &core::CohortPolicy = None) -> Cohort =
        core::import_tracker(&csv_text, policy);
    /// Loads a cohort from JSON (the shape `to_json` writes).
    #[staticmethod]
    fn from_json(py, text: String) -> Cohort = care_core::policy::from_json::<core::Cohort>(&text);
    /// This cohort with these certifiers (`{"name": ..., "off": [dates]}`) and, if given,
    /// this coordinator.
    fn with_certifiers(&self, py, certifiers: Vec<core::Certifier>,
        coordinator: Option<String> = None) -> Cohort =
        Ok(self.inner.clone().with_certifiers(certifiers, coordinator));
    /// The agents' names, in tracker order.
    fn agent_names(&self, py) -> Vec<String> =
        Ok(self.inner.agent_names().map(String::from).collect::<Vec<_>>());
    /// The agent `name`.
    fn agent(&self, py, name: String) -> Agent = self.inner.agent(&name).cloned();
    /// Pairs free certifiers with ready agents on `day` (a business day of `calendar`).
    fn pair(&self, py, day: Date, calendar: &Calendar = None, policy: &core::CohortPolicy = None) -> Pairing =
        core::pair(&self.inner, day, calendar, policy);
    /// The end-of-day report as of the end of `as_of`.
    fn report(&self, py, as_of: Date, calendar: &Calendar = None,
        policy: &core::CohortPolicy = None) -> Report =
        core::report(&self.inner, as_of, calendar, policy);
    /// The end-of-day report as plain text, as the coordinator sends it.
    fn report_text(&self, py, as_of: Date, calendar: &Calendar = None,
        policy: &core::CohortPolicy = None) -> String =
        core::report(&self.inner, as_of, calendar, policy).map(|r| r.to_text());
    /// The end-of-day report as Markdown.
    fn report_markdown(&self, py, as_of: Date, calendar: &Calendar = None,
        policy: &core::CohortPolicy = None) -> String =
        core::report(&self.inner, as_of, calendar, policy).map(|r| r.to_markdown());
    /// The end-of-day report as CSV, one row per agent (formula-like cells neutralised).
    fn report_csv(&self, py, as_of: Date, calendar: &Calendar = None,
        policy: &core::CohortPolicy = None) -> String =
        core::report(&self.inner, as_of, calendar, policy)?.to_csv();
    /// The end-of-day report as an HTML email body.
    fn report_html(&self, py, as_of: Date, calendar: &Calendar = None,
        policy: &core::CohortPolicy = None) -> String =
        core::report(&self.inner, as_of, calendar, policy).map(|r| core::email::report_html(&r));
    /// The end-of-day report as an xlsx workbook, one sheet per section.
    fn report_xlsx(&self, py, as_of: Date, calendar: &Calendar = None,
        policy: &core::CohortPolicy = None) -> Cow<'static, [u8]> =
        xlsx(&core::report(&self.inner, as_of, calendar, policy)?).map(Cow::Owned);
    /// The end-of-day report as an email draft (.eml text) to the policy's distribution list,
    /// the workbook attached.
    fn report_eml(&self, py, as_of: Date, calendar: &Calendar = None,
        policy: &core::CohortPolicy = None) -> String =
        report_eml_with_workbook(&core::report(&self.inner, as_of, calendar, policy)?, policy);
    /// This cohort with progress notes added to the agents they name: the text of many
    /// lines, a notes file (bytes or a path: `Date - Name - Note` lines, or a workbook
    /// whose sheet has columns date, name, note or lines in column A; `format` and `sheet`
    /// as in `read_tracker`), or `ProgressNote`s and lines. A note already there (same
    /// agent, date and note) is not added twice, as `care report --notes`; `merge_notes`
    /// reports those duplicates. A note naming no agent is an error and nothing is added.
    fn with_notes(&self, py, notes: Notes<'_, '_>, format: Option<String> = None,
        sheet: Option<String> = None) -> Cohort = {
        let mut inner = self.inner.clone();
        Ok(notes_arg(py, notes, format, sheet).and_then(|n| care(py, || merge(&mut inner, n).map(|_| inner))))
    };
    /// What `with_notes(notes)` does to this cohort (which stays unchanged): how many notes
    /// it adds, and the duplicates it finds (each with its place: `line 3`, `Notes!A7`,
    /// `note 2`) and does not add again.
    fn merge_notes(&self, py, notes: Notes<'_, '_>, format: Option<String> = None,
        sheet: Option<String> = None) -> NotesMerge =
        Ok(notes_arg(py, notes, format, sheet).and_then(|n| care(py, || merge(&mut self.inner.clone(), n))));
    /// Every agent re-decided as of `as_of` under two policy versions: what flips. A side given
    /// as a str is a policy file's text, read as `care replay` reads it (any policy kind, or a
    /// history: the version in force on `as_of`).
    fn replay(&self, py, as_of: Date, from_policy: PolicySource, to_policy: PolicySource,
        calendar: &Calendar = None) -> Replay = {
        let (from, to) = (from_policy.policy(as_of)?, to_policy.policy(as_of)?);
        care_core::replay::replay(&self.inner, as_of, calendar, &from, &to)
    };
}

impl<'a, 'py> Arg<'a, 'py> for PolicySource<'a> {
    fn arg(py: Python<'py>, name: &str, obj: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self> {
        match obj.map(|o| o.cast::<PyString>()) {
            Some(Ok(text)) => Ok(PolicySource::Text(crate::values::text(text)?.into_owned())),
            _ => Arg::arg(py, name, obj).map(PolicySource::Policy),
        }
    }
}

/// The `notes` argument of `with_notes` and `merge_notes`, read by [`notes_arg`].
type Notes<'a, 'py> = Opt<'a, 'py>;

/// Progress notes with their places, from what `with_notes` and `merge_notes` take: the
/// text of many lines (`str`), a notes file (`bytes`, `os.PathLike`: text or a workbook, as
/// `read_tracker` tells the format), or an iterable of lines and `ProgressNote`s.
fn notes_arg(
    py: Python<'_>, notes: Notes<'_, '_>, format: Option<String>, sheet: Option<String>,
) -> PyResult<Vec<(String, core::ProgressNote)>> {
    let none = py.None().into_bound(py);
    let notes = notes.unwrap_or(&none);
    if let Ok(text) = notes.cast::<PyString>() {
        let text = crate::values::text(text)?;
        let options = core::TrackerOptions { format: Some("csv"), ..Default::default() };
        return care(py, || core::read_notes(text.as_bytes(), &options));
    }
    if notes.cast::<pyo3::types::PyBytes>().is_ok() || notes.hasattr("__fspath__").unwrap_or(false) {
        let data: Data = Arg::arg(py, "notes", Some(notes))?;
        let (format, extension, sheet) = (format.as_deref(), data.ext.as_deref(), sheet.as_deref());
        let options = core::TrackerOptions { format, extension, sheet, as_of: None };
        return care(py, || core::read_notes(&data.bytes, &options));
    }
    let notes = items(notes, |n| match n.cast::<ProgressNote>() {
        Ok(n) => Ok(n.get().inner.clone()),
        Err(_) => {
            let line: String = arg("note", n)?;
            care(py, || core::ProgressNote::parse(&line))
        }
    })?;
    Ok(notes.into_iter().enumerate().map(|(i, n)| (format!("note {}", i + 1), n)).collect())
}

#[pymethods]
impl Cohort {
    fn __len__(&self) -> usize {
        self.inner.agents.len()
    }
}

crate::export! {
    /// Parses one progress note `Date - Name - Note`.
    fn parse_note(py, text: String) -> ProgressNote = core::ProgressNote::parse(&text);
    /// Parses progress notes, one a line (blank lines skipped); an error names the line.
    fn parse_notes(py, text: String) -> Vec<ProgressNote> = core::parse_notes(&text);
    /// When `agents` agents starting on `start` finish with `certifiers` certifiers.
    fn forecast(py, agents: u32, certifiers: u32, start: Date, calendar: &Calendar = None,
        policy: &core::CohortPolicy = None) -> Forecast =
        core::forecast(agents, certifiers, start, calendar, policy);
    /// A CSV cell that a spreadsheet would run as a formula, made plain text (others unchanged).
    fn neutralize_csv_cell(py,
        cell: String) -> String = Ok(core::report::neutralize_csv_cell(&cell).into_owned());
    /// Imports a tracker, xlsx or CSV, from bytes or a file (`format`: `csv`, `xlsx` or `ods`;
    /// default from the path's extension, else from the bytes: a zip package is a workbook, an
    /// old `.xls` an error, anything else CSV). With `as_of`, only rows dated on or before it
    /// count, as `care report --as-of` reads a tracker.
    fn read_tracker(py, data: Data, format: Option<String> = None, policy: &core::CohortPolicy = None,
        sheet: Option<String> = None, as_of: Option<Date> = None) -> Cohort = {
        let (format, extension, sheet) = (format.as_deref(), data.ext.as_deref(), sheet.as_deref());
        core::read_tracker(&data.bytes, &core::TrackerOptions { format, extension, sheet, as_of }, policy)
    };
    /// The fix for a symptom, from the documents' list.
    fn troubleshoot(py, symptom: String) -> Fix = ts::Troubleshooting::builtin().lookup(&symptom);
}

crate::data_class!(
    /// A list of known technical problems and their fixes.
    Troubleshooting(ts::Troubleshooting), |s| &s.inner
);

crate::export! { impl Troubleshooting;
    /// The documents' fixes.
    #[staticmethod]
    fn builtin(py) -> Troubleshooting = Ok(ts::Troubleshooting::builtin());
    /// The fix for a symptom described in free text.
    fn lookup(&self, py, symptom: String) -> Fix = self.inner.lookup(&symptom);
}

crate::register! {
    [Cohort, CohortPolicy, Troubleshooting, ProgressNote, Pairing, Forecast, Report, Agent, Fix, Replay, NotesMerge],
    [parse_note, parse_notes, forecast, neutralize_csv_cell, troubleshoot, read_tracker]
}

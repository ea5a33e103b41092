//! The certification cohort: the tracker import, progress notes, pairing, the end-of-day
//! report, the forecast and the `CohortPolicy`.

use care_core::cohort as core;
use jiff::civil::Date;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::errors::care;
use crate::escalation::{calendar_or_default, Calendar};
use crate::record::{dumps, to_json_text, to_plain};
use crate::record_class;

record_class!(
    ProgressNote,
    "ProgressNote",
    "An agent's progress note `Date - Name - Note`, with the line as written.",
    [date, name, note, text]
);

record_class!(
    Pairing,
    "Pairing",
    "The day's pairs of certifiers and ready agents, who is left unpaired and why.",
    [
        day,
        sessions_per_certifier,
        order,
        pairs,
        unpaired,
        certifiers,
        reasons,
        policy
    ]
);

record_class!(
    Forecast,
    "Forecast",
    "When a cohort of agents finishes with so many certifiers, day by day and step by step.",
    [
        agents,
        certifiers,
        start,
        day1,
        sessions_per_certifier,
        sessions_on_role_play_day,
        finish_day,
        finish_date,
        late,
        days,
        steps,
        reasons,
        policy
    ]
);

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn report_value(slf: &Bound<'_, Report>) -> Option<core::Report> {
    slf.as_super().get().value::<core::Report>().cloned()
}

record_class!(
    Report,
    "Report",
    "The coordinator's end-of-day report: each agent's state, scores, next step and gaps.",
    [
        as_of,
        coordinator,
        calendar,
        agents,
        totals,
        open_equipment_issues,
        reasons,
        policy
    ],
    {
        /// The report as plain text, as the coordinator sends it.
        fn to_text(slf: &pyo3::Bound<'_, Self>) -> String {
            report_value(slf).map(|r| r.to_text()).unwrap_or_default()
        }

        /// The report as Markdown.
        fn to_markdown(slf: &pyo3::Bound<'_, Self>) -> String {
            report_value(slf)
                .map(|r| r.to_markdown())
                .unwrap_or_default()
        }

        /// The report as CSV, one row per agent (cells that a spreadsheet would run as
        /// formulas are neutralised).
        fn to_csv(slf: &pyo3::Bound<'_, Self>) -> PyResult<String> {
            let py = slf.py();
            match report_value(slf) {
                Some(r) => care(py, || r.to_csv()),
                None => Ok(String::new()),
            }
        }

        /// The report's text, for notebooks.
        fn _repr_html_(slf: &pyo3::Bound<'_, Self>) -> String {
            let text = report_value(slf).map(|r| r.to_text()).unwrap_or_default();
            format!("<pre class=\"care-report\">{}</pre>", html_escape(&text))
        }
    }
);

/// The cohort's rules that are numbers or choices; keyword arguments change only what they
/// name (nested `cert` and `escalation` policies as dicts).
#[pyclass(frozen, module = "care_core")]
pub struct CohortPolicy {
    inner: core::CohortPolicy,
}

fn cohort_policy(py: Python<'_>, text: &str) -> PyResult<CohortPolicy> {
    care(py, || core::CohortPolicy::from_json(text)).map(|inner| CohortPolicy { inner })
}

fn policy_or_default(p: Option<&Bound<'_, CohortPolicy>>) -> core::CohortPolicy {
    p.map(|p| p.get().inner.clone()).unwrap_or_default()
}

#[pymethods]
impl CohortPolicy {
    #[new]
    #[pyo3(signature = (**fields))]
    fn new(py: Python<'_>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<CohortPolicy> {
        let text = match fields {
            Some(d) => dumps(d.as_any())?,
            None => "{}".to_string(),
        };
        cohort_policy(py, &text)
    }

    /// Loads and validates a policy from TOML text (only the fields it names change).
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<CohortPolicy> {
        care(py, || core::CohortPolicy::from_toml(text)).map(|inner| CohortPolicy { inner })
    }

    /// Loads and validates a policy from JSON text (only the fields it names change).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<CohortPolicy> {
        cohort_policy(py, text)
    }

    /// The policy as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_plain(py, &self.inner)
    }

    /// The policy as JSON text.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        to_json_text(py, &self.inner)
    }

    /// The policy's id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// The policy's version.
    #[getter]
    fn version(&self) -> &str {
        &self.inner.version
    }

    /// How many agents a certifier serves in a day.
    fn sessions_per_certifier(&self) -> u32 {
        self.inner.sessions_per_certifier()
    }

    /// How many agents a certifier serves on the role-play day.
    fn sessions_on_role_play_day(&self) -> u32 {
        self.inner.sessions_on_role_play_day()
    }

    fn __repr__(&self) -> String {
        format!(
            "CohortPolicy(id={:?}, version={:?}, sessions_per_certifier={})",
            self.inner.id,
            self.inner.version,
            self.inner.sessions_per_certifier()
        )
    }
}

/// A certification cohort: agents, certifiers and the coordinator.
#[pyclass(frozen, module = "care_core")]
pub struct Cohort {
    inner: core::Cohort,
}

fn parse_certifiers(py: Python<'_>, ob: &Bound<'_, PyAny>) -> PyResult<Vec<core::Certifier>> {
    let text = if ob.is_instance_of::<PyString>() {
        ob.extract::<String>()?
    } else {
        dumps(ob)?
    };
    care(py, || {
        care_core::policy::from_json::<Vec<core::Certifier>>(&text)
    })
}

fn notes_from(py: Python<'_>, ob: &Bound<'_, PyAny>) -> PyResult<Vec<core::ProgressNote>> {
    if ob.is_instance_of::<PyString>() {
        let text: String = ob.extract()?;
        return care(py, || core::parse_notes(&text));
    }
    let mut out = Vec::new();
    for item in ob.try_iter()? {
        let item = item?;
        if let Ok(n) = item.cast::<ProgressNote>() {
            if let Some(v) = n.as_super().get().value::<core::ProgressNote>() {
                out.push(v.clone());
                continue;
            }
        }
        let line: String = item.extract()?;
        out.push(care(py, || core::ProgressNote::parse(&line))?);
    }
    Ok(out)
}

#[pymethods]
impl Cohort {
    /// The sample cohort (eleven made-up agents, a coordinator and ten certifiers).
    #[staticmethod]
    fn sample() -> Cohort {
        Cohort {
            inner: core::Cohort::sample(),
        }
    }

    /// The sample tracker CSV, a template for a cohort's own.
    #[staticmethod]
    fn sample_tracker() -> &'static str {
        core::Cohort::sample_tracker()
    }

    /// Imports a tracker CSV (agents only; give the staff with `with_certifiers`).
    #[staticmethod]
    #[pyo3(signature = (csv_text, policy=None))]
    fn from_tracker(
        py: Python<'_>,
        csv_text: &str,
        policy: Option<&Bound<'_, CohortPolicy>>,
    ) -> PyResult<Cohort> {
        let policy = policy_or_default(policy);
        care(py, || core::import_tracker(csv_text, &policy)).map(|inner| Cohort { inner })
    }

    /// Loads a cohort from JSON text (the shape `to_json` writes).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Cohort> {
        care(py, || care_core::policy::from_json::<core::Cohort>(text))
            .map(|inner| Cohort { inner })
    }

    /// This cohort with these certifiers (dicts `{"name": ..., "off": [dates]}` or JSON text)
    /// and, if given, this coordinator.
    #[pyo3(signature = (certifiers, coordinator=None))]
    fn with_certifiers(
        &self,
        py: Python<'_>,
        certifiers: &Bound<'_, PyAny>,
        coordinator: Option<String>,
    ) -> PyResult<Cohort> {
        let mut inner = self.inner.clone();
        inner.certifiers = parse_certifiers(py, certifiers)?;
        if let Some(c) = coordinator {
            inner.coordinator = c;
        }
        Ok(Cohort { inner })
    }

    /// This cohort with progress notes added to the agents they name (`ProgressNote`s,
    /// lines, or the text of many lines).
    fn with_notes(&self, py: Python<'_>, notes: &Bound<'_, PyAny>) -> PyResult<Cohort> {
        let notes = notes_from(py, notes)?;
        let mut inner = self.inner.clone();
        care(py, || inner.add_notes(notes))?;
        Ok(Cohort { inner })
    }

    /// The coordinator.
    #[getter]
    fn coordinator(&self) -> &str {
        &self.inner.coordinator
    }

    /// The certifiers as plain Python objects.
    #[getter]
    fn certifiers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_plain(py, &self.inner.certifiers)
    }

    /// The agents as plain Python objects.
    #[getter]
    fn agents<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_plain(py, &self.inner.agents)
    }

    /// Pairs free certifiers with ready agents on `day` (a business day of `calendar`).
    #[pyo3(signature = (day, calendar=None, policy=None))]
    fn pair(
        &self,
        py: Python<'_>,
        day: Date,
        calendar: Option<&Bound<'_, Calendar>>,
        policy: Option<&Bound<'_, CohortPolicy>>,
    ) -> PyResult<Py<Pairing>> {
        pair_in(py, &self.inner, day, calendar, policy)
    }

    /// The end-of-day report as of the end of `as_of`.
    #[pyo3(signature = (as_of, calendar=None, policy=None))]
    fn report(
        &self,
        py: Python<'_>,
        as_of: Date,
        calendar: Option<&Bound<'_, Calendar>>,
        policy: Option<&Bound<'_, CohortPolicy>>,
    ) -> PyResult<Py<Report>> {
        report_in(py, &self.inner, as_of, calendar, policy)
    }

    /// The cohort as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_plain(py, &self.inner)
    }

    /// The cohort as JSON text.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        to_json_text(py, &self.inner)
    }

    fn __len__(&self) -> usize {
        self.inner.agents.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Cohort(coordinator={:?}, agents={}, certifiers={})",
            self.inner.coordinator,
            self.inner.agents.len(),
            self.inner.certifiers.len()
        )
    }
}

fn pair_in(
    py: Python<'_>,
    cohort: &core::Cohort,
    day: Date,
    calendar: Option<&Bound<'_, Calendar>>,
    policy: Option<&Bound<'_, CohortPolicy>>,
) -> PyResult<Py<Pairing>> {
    let calendar = calendar_or_default(py, calendar)?;
    let policy = policy_or_default(policy);
    let p = care(py, || core::pair(cohort, day, calendar, &policy))?;
    Pairing::create(py, p)
}

fn report_in(
    py: Python<'_>,
    cohort: &core::Cohort,
    as_of: Date,
    calendar: Option<&Bound<'_, Calendar>>,
    policy: Option<&Bound<'_, CohortPolicy>>,
) -> PyResult<Py<Report>> {
    let calendar = calendar_or_default(py, calendar)?;
    let policy = policy_or_default(policy);
    let r = care(py, || core::report(cohort, as_of, calendar, &policy))?;
    Report::create(py, r)
}

/// Imports a tracker CSV into a cohort (agents only).
#[pyfunction]
#[pyo3(signature = (csv_text, policy=None))]
fn import_tracker(
    py: Python<'_>,
    csv_text: &str,
    policy: Option<&Bound<'_, CohortPolicy>>,
) -> PyResult<Cohort> {
    Cohort::from_tracker(py, csv_text, policy)
}

/// Parses one progress note `Date - Name - Note`.
#[pyfunction]
fn parse_note(py: Python<'_>, text: &str) -> PyResult<Py<ProgressNote>> {
    let n = care(py, || core::ProgressNote::parse(text))?;
    ProgressNote::create(py, n)
}

/// Parses progress notes, one a line (blank lines skipped); an error names the line.
#[pyfunction]
fn parse_notes(py: Python<'_>, text: &str) -> PyResult<Vec<Py<ProgressNote>>> {
    let notes = care(py, || core::parse_notes(text))?;
    notes
        .into_iter()
        .map(|n| ProgressNote::create(py, n))
        .collect()
}

/// Pairs free certifiers of `cohort` with ready agents on `day`.
#[pyfunction]
#[pyo3(signature = (cohort, day, calendar=None, policy=None))]
fn pair(
    py: Python<'_>,
    cohort: &Bound<'_, Cohort>,
    day: Date,
    calendar: Option<&Bound<'_, Calendar>>,
    policy: Option<&Bound<'_, CohortPolicy>>,
) -> PyResult<Py<Pairing>> {
    pair_in(py, &cohort.get().inner, day, calendar, policy)
}

/// The end-of-day report of `cohort` as of the end of `as_of`.
#[pyfunction]
#[pyo3(signature = (cohort, as_of, calendar=None, policy=None))]
fn report(
    py: Python<'_>,
    cohort: &Bound<'_, Cohort>,
    as_of: Date,
    calendar: Option<&Bound<'_, Calendar>>,
    policy: Option<&Bound<'_, CohortPolicy>>,
) -> PyResult<Py<Report>> {
    report_in(py, &cohort.get().inner, as_of, calendar, policy)
}

/// When `agents` agents starting on `start` finish with `certifiers` certifiers.
#[pyfunction]
#[pyo3(signature = (agents, certifiers, start, calendar=None, policy=None))]
fn forecast(
    py: Python<'_>,
    agents: u32,
    certifiers: u32,
    start: Date,
    calendar: Option<&Bound<'_, Calendar>>,
    policy: Option<&Bound<'_, CohortPolicy>>,
) -> PyResult<Py<Forecast>> {
    let calendar = calendar_or_default(py, calendar)?;
    let policy = policy_or_default(policy);
    let f = care(py, || {
        core::forecast(agents, certifiers, start, calendar, &policy)
    })?;
    Forecast::create(py, f)
}

/// A CSV cell that a spreadsheet would run as a formula, made plain text (others unchanged).
#[pyfunction]
fn neutralize_csv_cell(cell: &str) -> String {
    core::report::neutralize_csv_cell(cell).into_owned()
}

/// Adds the classes and functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Cohort>()?;
    m.add_class::<CohortPolicy>()?;
    m.add_class::<ProgressNote>()?;
    m.add_class::<Pairing>()?;
    m.add_class::<Report>()?;
    m.add_class::<Forecast>()?;
    m.add_function(wrap_pyfunction!(import_tracker, m)?)?;
    m.add_function(wrap_pyfunction!(parse_note, m)?)?;
    m.add_function(wrap_pyfunction!(parse_notes, m)?)?;
    m.add_function(wrap_pyfunction!(pair, m)?)?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    m.add_function(wrap_pyfunction!(forecast, m)?)?;
    m.add_function(wrap_pyfunction!(neutralize_csv_cell, m)?)?;
    Ok(())
}

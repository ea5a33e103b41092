//! The certification cohort (tracker import, notes, pairing, the end-of-day report, the
//! forecast, `CohortPolicy`) and the troubleshooting list.

use care_core::cohort as core;
use care_core::troubleshoot as ts;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use std::sync::OnceLock;

use crate::errors::care;
use crate::escalation::calendar_arg;
use crate::values::{arg, class_arg, date, items, kwargs, opt_arg, out, Opt};

crate::results!(
    ProgressNote(core::ProgressNote),
    Pairing(core::Pairing),
    Forecast(core::Forecast),
    Report(core::Report) => to_text,
    Agent(core::Agent),
    Fix(ts::Fix),
    Replay(care_core::replay::Replay) => to_string,
);

crate::data_class!(
    /// The cohort's rules that are numbers or choices; keyword arguments (the fields of
    /// `to_dict()`, nested `cert` and `escalation` policies as dicts) change only what they name.
    CohortPolicy(core::CohortPolicy), |s| &s.inner
);

pub(crate) fn policy<'a>(p: Opt<'a, '_>) -> PyResult<&'a core::CohortPolicy> {
    static DEFAULT: OnceLock<core::CohortPolicy> = OnceLock::new();
    let p = class_arg::<CohortPolicy>("policy", p)?;
    Ok(p.map_or_else(|| DEFAULT.get_or_init(core::CohortPolicy::default), |p| &p.inner))
}

#[pymethods]
impl CohortPolicy {
    #[new]
    #[pyo3(signature = (**fields))]
    fn py_new(py: Python<'_>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<CohortPolicy> {
        let p: core::CohortPolicy = kwargs(py, "policy", fields)?;
        care(py, || p.validate())?;
        CohortPolicy::wrap(py, p)
    }

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

fn cohort(py: Python<'_>, f: impl FnOnce() -> care_core::Result<core::Cohort>) -> PyResult<Cohort> {
    Cohort::wrap(py, care(py, f)?)
}

#[pymethods]
impl Cohort {
    /// () -> Cohort
    /// The sample cohort (eleven made-up agents, a coordinator and ten certifiers).
    #[staticmethod]
    fn sample(py: Python<'_>) -> PyResult<Cohort> {
        cohort(py, || Ok(core::Cohort::sample()))
    }

    /// () -> str
    /// The sample tracker CSV, a template for a cohort's own.
    #[staticmethod]
    fn sample_tracker() -> &'static str {
        core::Cohort::sample_tracker()
    }

    /// (csv_text: str, policy: CohortPolicy | None = None) -> Cohort
    /// Imports a tracker CSV (agents only; give the staff with `with_certifiers`).
    #[staticmethod]
    #[pyo3(signature = (csv_text, policy=None))]
    fn from_tracker(py: Python<'_>, csv_text: &Bound<'_, PyAny>, policy: Opt) -> PyResult<Cohort> {
        let csv_text = &arg::<String>("csv_text", csv_text)?;
        let p = self::policy(policy)?;
        cohort(py, || core::import_tracker(csv_text, p))
    }

    /// (text: str) -> Cohort
    /// Loads a cohort from JSON (the shape `to_json` writes).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Cohort> {
        let text = &arg::<String>("text", text)?;
        cohort(py, || care_core::policy::from_json(text))
    }

    /// (self, certifiers: list[dict[str, Any]], coordinator: str | None = None) -> Cohort
    /// This cohort with these certifiers (`{"name": ..., "off": [dates]}`) and, if given,
    /// this coordinator.
    #[pyo3(signature = (certifiers, coordinator=None))]
    fn with_certifiers(
        &self, py: Python<'_>, certifiers: &Bound<'_, PyAny>, coordinator: Opt,
    ) -> PyResult<Cohort> {
        let mut inner = self.inner.clone();
        inner.certifiers = arg("certifiers", certifiers)?;
        if let Some(c) = opt_arg("coordinator", coordinator)? {
            inner.coordinator = c;
        }
        cohort(py, || Ok(inner))
    }

    /// (self, notes: str | Iterable[str | ProgressNote]) -> Cohort
    /// This cohort with progress notes added to the agents they name (`ProgressNote`s,
    /// lines, or the text of many lines).
    fn with_notes(&self, py: Python<'_>, notes: &Bound<'_, PyAny>) -> PyResult<Cohort> {
        let notes = match notes.cast::<PyString>() {
            Ok(text) => {
                let text = text.to_cow()?;
                care(py, || core::parse_notes(&text))?
            }
            Err(_) => items(notes, |n| match n.cast::<ProgressNote>() {
                Ok(n) => Ok(n.get().value.clone()),
                Err(_) => {
                    let line: String = arg("note", n)?;
                    care(py, || core::ProgressNote::parse(&line))
                }
            })?,
        };
        let mut inner = self.inner.clone();
        care(py, || inner.add_notes(notes))?;
        cohort(py, || Ok(inner))
    }

    /// (self) -> list[str]
    /// The agents' names, in tracker order.
    fn agent_names(&self) -> Vec<String> {
        self.inner.agents.iter().map(|a| a.name.clone()).collect()
    }

    /// (self, name: str) -> Agent
    /// The agent `name`.
    fn agent(&self, py: Python<'_>, name: &Bound<'_, PyAny>) -> PyResult<Agent> {
        let name = &arg::<String>("name", name)?;
        out(py, || self.inner.agent(name).cloned())
    }

    /// (self, day: datetime.date | str, calendar: Calendar | None = None, policy: CohortPolicy | None = None) -> Pairing
    /// Pairs free certifiers with ready agents on `day` (a business day of `calendar`).
    #[pyo3(signature = (day, calendar=None, policy=None))]
    fn pair(&self, py: Python<'_>, day: &Bound<'_, PyAny>, calendar: Opt, policy: Opt) -> PyResult<Pairing> {
        let (c, p) = (calendar_arg(py, calendar)?, self::policy(policy)?);
        let day = date("day", day)?;
        out(py, || core::pair(&self.inner, day, c, p))
    }

    /// (self, as_of: datetime.date | str, calendar: Calendar | None = None, policy: CohortPolicy | None = None) -> Report
    /// The end-of-day report as of the end of `as_of`.
    #[pyo3(signature = (as_of, calendar=None, policy=None))]
    fn report(
        &self, py: Python<'_>, as_of: &Bound<'_, PyAny>, calendar: Opt, policy: Opt,
    ) -> PyResult<Report> {
        let (c, p) = (calendar_arg(py, calendar)?, self::policy(policy)?);
        let as_of = date("as_of", as_of)?;
        out(py, || core::report(&self.inner, as_of, c, p))
    }

    /// (self, as_of: datetime.date | str, calendar: Calendar | None = None, policy: CohortPolicy | None = None) -> str
    /// The end-of-day report as plain text, as the coordinator sends it.
    #[pyo3(signature = (as_of, calendar=None, policy=None))]
    fn report_text(
        &self, py: Python<'_>, as_of: &Bound<'_, PyAny>, calendar: Opt, policy: Opt,
    ) -> PyResult<String> {
        Ok(self.report(py, as_of, calendar, policy)?.value.to_text())
    }

    /// (self, as_of: datetime.date | str, calendar: Calendar | None = None, policy: CohortPolicy | None = None) -> str
    /// The end-of-day report as Markdown.
    #[pyo3(signature = (as_of, calendar=None, policy=None))]
    fn report_markdown(
        &self, py: Python<'_>, as_of: &Bound<'_, PyAny>, calendar: Opt, policy: Opt,
    ) -> PyResult<String> {
        Ok(self.report(py, as_of, calendar, policy)?.value.to_markdown())
    }

    /// (self, as_of: datetime.date | str, calendar: Calendar | None = None, policy: CohortPolicy | None = None) -> str
    /// The end-of-day report as CSV, one row per agent (formula-like cells neutralised).
    #[pyo3(signature = (as_of, calendar=None, policy=None))]
    fn report_csv(
        &self, py: Python<'_>, as_of: &Bound<'_, PyAny>, calendar: Opt, policy: Opt,
    ) -> PyResult<String> {
        let r = self.report(py, as_of, calendar, policy)?;
        care(py, || r.value.to_csv())
    }

    /// (self, as_of: datetime.date | str, calendar: Calendar | None = None, policy: CohortPolicy | None = None) -> str
    /// The end-of-day report as an HTML email body.
    #[pyo3(signature = (as_of, calendar=None, policy=None))]
    fn report_html(
        &self, py: Python<'_>, as_of: &Bound<'_, PyAny>, calendar: Opt, policy: Opt,
    ) -> PyResult<String> {
        Ok(core::email::report_html(&self.report(py, as_of, calendar, policy)?.value))
    }

    /// (self, as_of: datetime.date | str, calendar: Calendar | None = None, policy: CohortPolicy | None = None) -> bytes
    /// The end-of-day report as an xlsx workbook, one sheet per section.
    #[pyo3(signature = (as_of, calendar=None, policy=None))]
    fn report_xlsx<'py>(
        &self, py: Python<'py>, as_of: &Bound<'_, PyAny>, calendar: Opt, policy: Opt,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let r = self.report(py, as_of, calendar, policy)?;
        Ok(PyBytes::new(py, &care(py, || care_core::workbook::report::report_xlsx(&r.value))?))
    }

    /// (self, as_of: datetime.date | str, calendar: Calendar | None = None, policy: CohortPolicy | None = None) -> str
    /// The end-of-day report as an email draft (.eml text) to the policy's distribution list,
    /// the workbook attached.
    #[pyo3(signature = (as_of, calendar=None, policy=None))]
    fn report_eml(
        &self, py: Python<'_>, as_of: &Bound<'_, PyAny>, calendar: Opt, policy: Opt,
    ) -> PyResult<String> {
        let r = &self.report(py, as_of, calendar, policy)?.value;
        let p = self::policy(policy)?;
        care(py, || {
            let book = care_core::workbook::report::report_xlsx(r)?;
            core::email::report_eml(r, p, Some((&format!("Call_Cert_EOD_{}.xlsx", r.as_of), &book)))
        })
    }

    /// (self, as_of: datetime.date | str, from_policy: CohortPolicy, to_policy: CohortPolicy, calendar: Calendar | None = None) -> Replay
    /// Every agent re-decided as of `as_of` under two policy versions: what flips.
    #[pyo3(signature = (as_of, from_policy, to_policy, calendar=None))]
    fn replay(
        &self, py: Python<'_>, as_of: &Bound<'_, PyAny>, from_policy: &Bound<'_, PyAny>,
        to_policy: &Bound<'_, PyAny>, calendar: Opt,
    ) -> PyResult<Replay> {
        let (f, t) = (self::policy(Some(from_policy))?, self::policy(Some(to_policy))?);
        let (c, as_of) = (calendar_arg(py, calendar)?, date("as_of", as_of)?);
        out(py, || care_core::replay::replay(&self.inner, as_of, c, f, t))
    }

    fn __len__(&self) -> usize {
        self.inner.agents.len()
    }
}

/// (text: str) -> ProgressNote
/// Parses one progress note `Date - Name - Note`.
#[pyfunction]
fn parse_note(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<ProgressNote> {
    let text = &arg::<String>("text", text)?;
    out(py, || core::ProgressNote::parse(text))
}

/// (text: str) -> list[ProgressNote]
/// Parses progress notes, one a line (blank lines skipped); an error names the line.
#[pyfunction]
fn parse_notes(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Vec<ProgressNote>> {
    let text = &arg::<String>("text", text)?;
    out(py, || core::parse_notes(text))
}

/// (agents: int, certifiers: int, start: datetime.date | str, calendar: Calendar | None = None, policy: CohortPolicy | None = None) -> Forecast
/// When `agents` agents starting on `start` finish with `certifiers` certifiers.
#[pyfunction]
#[pyo3(signature = (agents, certifiers, start, calendar=None, policy=None))]
fn forecast(
    py: Python<'_>, agents: &Bound<'_, PyAny>, certifiers: &Bound<'_, PyAny>, start: &Bound<'_, PyAny>,
    calendar: Opt, policy: Opt,
) -> PyResult<Forecast> {
    let (a, n, s) = (arg("agents", agents)?, arg("certifiers", certifiers)?, date("start", start)?);
    let (c, p) = (calendar_arg(py, calendar)?, self::policy(policy)?);
    out(py, || core::forecast(a, n, s, c, p))
}

/// (cell: str) -> str
/// A CSV cell that a spreadsheet would run as a formula, made plain text (others unchanged).
#[pyfunction]
fn neutralize_csv_cell(cell: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(core::report::neutralize_csv_cell(&arg::<String>("cell", cell)?).into_owned())
}

/// The bytes of `data`: `bytes`, or the file at a path (`str`, `os.PathLike`), with the
/// path's extension.
pub(crate) fn bytes_or_path(data: &Bound<'_, PyAny>) -> PyResult<(Vec<u8>, Option<String>)> {
    if let Ok(b) = data.cast::<PyBytes>() {
        return Ok((b.as_bytes().to_vec(), None));
    }
    let path: std::path::PathBuf = data.extract().map_err(|_| {
        crate::errors::invalid(
            data.py(),
            format!("data must be bytes or a path, not {}", crate::values::type_name(data)),
        )
    })?;
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    Ok((std::fs::read(&path)?, ext))
}

/// (data: bytes | str | os.PathLike[str], format: str | None = None, policy: CohortPolicy | None = None, sheet: str | None = None, as_of: datetime.date | str | None = None) -> Cohort
/// Imports a tracker, xlsx or CSV, from bytes or a file (`format`: `csv`, `xlsx` or `ods`;
/// default from the path's extension, else from the bytes: a zip package is a workbook, an
/// old `.xls` an error, anything else CSV). With `as_of`, only rows dated on or before it
/// count, as `care report --as-of` reads a tracker.
#[pyfunction]
#[pyo3(signature = (data, format=None, policy=None, sheet=None, as_of=None))]
fn read_tracker(
    py: Python<'_>, data: &Bound<'_, PyAny>, format: Opt, policy: Opt, sheet: Opt, as_of: Opt,
) -> PyResult<Cohort> {
    let (bytes, ext) = bytes_or_path(data)?;
    let (p, sheet) = (self::policy(policy)?, opt_arg::<String>("sheet", sheet)?);
    let (format, as_of) =
        (opt_arg::<String>("format", format)?, as_of.map(|d| date("as_of", d)).transpose()?);
    let options = core::TrackerOptions {
        format: format.as_deref(),
        extension: ext.as_deref(),
        sheet: sheet.as_deref(),
        as_of,
    };
    cohort(py, || core::read_tracker(&bytes, &options, p))
}

crate::data_class!(
    /// A list of known technical problems and their fixes.
    Troubleshooting(ts::Troubleshooting), |s| &s.inner
);

#[pymethods]
impl Troubleshooting {
    /// () -> Troubleshooting
    /// The documents' fixes.
    #[staticmethod]
    fn builtin(py: Python<'_>) -> PyResult<Troubleshooting> {
        Troubleshooting::wrap(py, ts::Troubleshooting::builtin())
    }

    /// (self, symptom: str) -> Fix
    /// The fix for a symptom described in free text.
    fn lookup(&self, py: Python<'_>, symptom: &Bound<'_, PyAny>) -> PyResult<Fix> {
        let symptom = &arg::<String>("symptom", symptom)?;
        out(py, || self.inner.lookup(symptom))
    }
}

/// (symptom: str) -> Fix
/// The fix for a symptom, from the documents' list.
#[pyfunction]
fn troubleshoot(py: Python<'_>, symptom: &Bound<'_, PyAny>) -> PyResult<Fix> {
    let symptom = &arg::<String>("symptom", symptom)?;
    out(py, || ts::Troubleshooting::builtin().lookup(symptom))
}

crate::register! {
    [Cohort, CohortPolicy, Troubleshooting, ProgressNote, Pairing, Forecast, Report, Agent, Fix, Replay],
    [parse_note, parse_notes, forecast, neutralize_csv_cell, troubleshoot, read_tracker]
}

//! Certifier calibration (`CalibrationSession`, `CalibrationPolicy`, `calibrate`, `leniency`)
//! and the policy tools (`lint`, `diff`).

use care_core::calibration as core;
use care_core::lint::FileKind;
use care_core::policy::Format;
use care_core::{diff as df, lint as li};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::sync::OnceLock;

use crate::certification::Scorecard;
use crate::errors::care;
use crate::values::{arg, class_arg, kwargs, opt_arg, out, Opt};

crate::results!(
    Calibration(core::Calibration) => to_text,
    Leniency(core::Leniency) => to_text,
    Finding(li::Finding) => to_string,
    PolicyDiff(df::PolicyDiff),
);

crate::data_class!(
    /// The thresholds of calibration and leniency. `CalibrationPolicy()` is the defaults;
    /// keyword arguments (the fields of `to_dict()`) change only what they name.
    CalibrationPolicy(core::CalibrationPolicy), |s| &s.inner
);

#[pymethods]
impl CalibrationPolicy {
    #[new]
    #[pyo3(signature = (**fields))]
    fn py_new(py: Python<'_>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<CalibrationPolicy> {
        let p: core::CalibrationPolicy = kwargs(py, "policy", fields)?;
        care(py, || p.validate())?;
        CalibrationPolicy::wrap(py, p)
    }
}

/// The policy argument: a `CalibrationPolicy`, or None for the defaults.
fn policy<'a>(p: Opt<'a, '_>) -> PyResult<&'a core::CalibrationPolicy> {
    static DEFAULT: OnceLock<core::CalibrationPolicy> = OnceLock::new();
    let p = class_arg::<CalibrationPolicy>("policy", p)?;
    Ok(p.map_or_else(|| DEFAULT.get_or_init(core::CalibrationPolicy::default), |p| &p.inner))
}

crate::data_class!(
    /// A calibration session: every certifier grades the same recorded calls on a scorecard
    /// template, optionally with a benchmark grader.
    CalibrationSession(core::CalibrationSession), |s| &s.inner
);

#[pymethods]
impl CalibrationSession {
    /// (text: str, template: Scorecard | None = None, benchmark: str | None = None) -> CalibrationSession
    /// Reads a session from CSV: a header `call,certifier,<item ids...>` (optional `title`),
    /// one row per certifier and call, marks `yes`, `no` or `na`. `template` is the
    /// scorecard (None: the sample), `benchmark` the benchmark grader's name, if any.
    #[staticmethod]
    #[pyo3(signature = (text, template=None, benchmark=None))]
    fn from_csv(
        py: Python<'_>, text: &Bound<'_, PyAny>, template: Opt, benchmark: Opt,
    ) -> PyResult<CalibrationSession> {
        let text: String = arg("text", text)?;
        let (template, benchmark) = (Scorecard::arg(template)?, opt_arg("benchmark", benchmark)?);
        CalibrationSession::wrap(
            py,
            care(py, || core::CalibrationSession::from_csv(&text, template, benchmark))?,
        )
    }
}

/// (session: CalibrationSession | dict[str, Any], policy: CalibrationPolicy | None = None) -> Calibration
/// Compares the certifiers of a calibration session with the reference (the benchmark, or
/// the group's consensus), call by call and item by item.
#[pyfunction]
#[pyo3(signature = (session, policy=None))]
fn calibrate(py: Python<'_>, session: &Bound<'_, PyAny>, policy: Opt) -> PyResult<Calibration> {
    let policy = self::policy(policy)?;
    match session.cast::<CalibrationSession>() {
        Ok(s) => out(py, || core::calibrate(&s.get().inner, policy)),
        Err(_) => {
            let s: core::CalibrationSession = arg("session", session)?;
            out(py, || core::calibrate(&s, policy))
        }
    }
}

/// (tracker_csv: str, policy: CalibrationPolicy | None = None, cohort_policy: CohortPolicy | None = None) -> Leniency
/// Each certifier's pass rate and mean score against the pool's, from the cohort's tracker
/// CSV (read with `cohort_policy`: calls, pass mark). Calls that name no certifier are left out.
#[pyfunction]
#[pyo3(signature = (tracker_csv, policy=None, cohort_policy=None))]
fn leniency(
    py: Python<'_>, tracker_csv: &Bound<'_, PyAny>, policy: Opt, cohort_policy: Opt,
) -> PyResult<Leniency> {
    let text: String = arg("tracker_csv", tracker_csv)?;
    let (policy, cohort) = (self::policy(policy)?, crate::cohort::policy(cohort_policy)?);
    out(py, || core::leniency(&core::graded_calls(&text, cohort)?.calls, policy))
}

/// The `format` (`"toml"`, `"json"`) and `kind` (None: told from the fields) of lint and diff.
fn format_kind(py: Python<'_>, format: &str, kind: Opt) -> PyResult<(Format, Option<FileKind>)> {
    let format = care(py, || crate::values::read("format", format.into()))?;
    let kind: Option<String> = opt_arg("kind", kind.filter(|k| !k.is_none()))?;
    Ok((format, care(py, || kind.map(|k| FileKind::parse(&k)).transpose())?))
}

/// (text: str, format: str = "toml", kind: str | None = None) -> list[Finding]
/// Lints a policy or data file given as text (`format` `"toml"` or `"json"`): what cannot
/// load or cannot work, and what looks wrong. `kind` (`"cert_policy"`, `"calendar"`...) is
/// told from the fields when None. Errors come first, then warnings, then infos.
#[pyfunction]
#[pyo3(signature = (text, format="toml", kind=None))]
fn lint(py: Python<'_>, text: &Bound<'_, PyAny>, format: &str, kind: Opt) -> PyResult<Vec<Finding>> {
    let text: String = arg("text", text)?;
    let (format, kind) = format_kind(py, format, kind)?;
    out(py, || li::lint_text(&text, format, kind))
}

/// (old: str, new: str, format: str = "toml", kind: str | None = None) -> PolicyDiff
/// What changed between two versions of one kind of file, field by field, with the rules
/// that read each changed field.
#[pyfunction]
#[pyo3(signature = (old, new, format="toml", kind=None))]
fn diff(
    py: Python<'_>, old: &Bound<'_, PyAny>, new: &Bound<'_, PyAny>, format: &str, kind: Opt,
) -> PyResult<PolicyDiff> {
    let (old, new): (String, String) = (arg("old", old)?, arg("new", new)?);
    let (format, kind) = format_kind(py, format, kind)?;
    out(py, || df::diff_text(&old, &new, format, kind))
}

crate::register! {
    [CalibrationPolicy, CalibrationSession, Calibration, Leniency, Finding, PolicyDiff],
    [calibrate, leniency, lint, diff]
}

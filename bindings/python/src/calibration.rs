//! Certifier calibration (`CalibrationSession`, `CalibrationPolicy`, `calibrate`, `leniency`)
//! and the policy tools (`lint`, `diff`).

use care_core::calibration as core;
use care_core::cohort::CohortPolicy;
use care_core::lint::FileKind;
use care_core::policy::from_value;
use care_core::policy::Format;
use care_core::scorecard::Scorecard;
use care_core::{diff as df, lint as li};
use pyo3::prelude::*;
use serde_json::Value;
use std::borrow::Cow;

use crate::errors::care;
use crate::values::{out, to_value, Arg, Opt};

crate::results!(
    Calibration(core::Calibration) => to_text,
    Leniency(core::Leniency) => to_text,
    Finding(li::Finding) => to_string,
    PolicyDiff(df::PolicyDiff),
);

crate::data_class!(
    /// The thresholds of calibration and leniency. `CalibrationPolicy()` is the defaults;
    /// keyword arguments (the fields of `to_dict()`) change only what they name.
    CalibrationPolicy(core::CalibrationPolicy), |s| &s.inner, new
);

crate::class_arg!(CalibrationPolicy => core::CalibrationPolicy, |_py| core::CalibrationPolicy::default());

crate::data_class!(
    /// A calibration session: every certifier grades the same recorded calls on a scorecard
    /// template, optionally with a benchmark grader.
    CalibrationSession(core::CalibrationSession), |s| &s.inner
);

crate::export! { impl CalibrationSession;
    /// (text: str, template: Scorecard | None = None, benchmark: str | None = None) -> CalibrationSession
    /// Reads a session from CSV: a header `call,certifier,<item ids...>` (optional `title`),
    /// one row per certifier and call, marks `yes`, `no` or `na`. `template` is the
    /// scorecard (None: the sample), `benchmark` the benchmark grader's name, if any.
    #[staticmethod]
    fn from_csv(py, text: String, template: &Scorecard = None,
        benchmark: Option<String> = None) -> CalibrationSession =
        core::CalibrationSession::from_csv(&text, template.clone(), benchmark);
}

/// The session argument: a `CalibrationSession`, or a dict of the same fields.
impl<'a, 'py> Arg<'a, 'py> for Cow<'a, core::CalibrationSession> {
    fn arg(py: Python<'py>, name: &str, obj: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self> {
        match obj.map(|o| o.cast::<CalibrationSession>()) {
            Some(Ok(s)) => Ok(Cow::Borrowed(&s.get().inner)),
            _ => {
                let value = obj.map_or(Ok(Value::Null), to_value)?;
                Ok(Cow::Owned(care(py, || from_value(name, value))?))
            }
        }
    }
}

crate::export! {
    /// (session: CalibrationSession | dict[str, Any], policy: CalibrationPolicy | None = None) -> Calibration
    /// Compares the certifiers of a calibration session with the reference (the benchmark, or
    /// the group's consensus), call by call and item by item.
    fn calibrate(py, session: Cow<core::CalibrationSession>,
        policy: &core::CalibrationPolicy = None) -> Calibration =
        core::calibrate(&session, policy);
    /// (tracker_csv: str, policy: CalibrationPolicy | None = None, cohort_policy: CohortPolicy | None = None) -> Leniency
    /// Each certifier's pass rate and mean score against the pool's, from the cohort's tracker
    /// CSV (read with `cohort_policy`: calls, pass mark). Calls that name no certifier are left out.
    fn leniency(py, tracker_csv: String, policy: &core::CalibrationPolicy = None,
        cohort_policy: &CohortPolicy = None) -> Leniency =
        core::leniency(&core::graded_calls(&tracker_csv, cohort_policy)?.calls, policy);
}

/// The `format` (`"toml"`, `"json"`) and `kind` (None: told from the fields) of lint and diff.
fn format_kind(py: Python<'_>, format: &str, kind: Opt) -> PyResult<(Format, Option<FileKind>)> {
    let format = care(py, || from_value("format", format.into()))?;
    let kind = Option::<String>::arg(py, "kind", kind)?;
    Ok((format, care(py, || kind.map(|k| FileKind::parse(&k)).transpose())?))
}

/// (text: str, format: str = "toml", kind: str | None = None) -> list[Finding]
/// Lints a policy or data file given as text (`format` `"toml"` or `"json"`): what cannot
/// load or cannot work, and what looks wrong. `kind` (`"cert_policy"`, `"calendar"`...) is
/// told from the fields when None. Errors come first, then warnings, then infos.
#[pyfunction]
#[pyo3(signature = (text, format="toml", kind=None))]
fn lint(py: Python<'_>, text: &Bound<'_, PyAny>, format: &str, kind: Opt) -> PyResult<Vec<Finding>> {
    let text = String::arg(py, "text", Some(text))?;
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
    let (old, new) = (String::arg(py, "old", Some(old))?, String::arg(py, "new", Some(new))?);
    let (format, kind) = format_kind(py, format, kind)?;
    out(py, || df::diff_text(&old, &new, format, kind))
}

crate::register! {
    [CalibrationPolicy, CalibrationSession, Calibration, Leniency, Finding, PolicyDiff],
    [calibrate, leniency, lint, diff]
}

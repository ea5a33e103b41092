//! Certifier calibration (`CalibrationSession`, `CalibrationPolicy`, `calibrate`, `leniency`)
//! and the policy tools (`lint`, `diff`).

use care_core::calibration as core;
use care_core::cohort::CohortPolicy;
use care_core::lint::FileKind;
use care_core::policy::{from_value, Format};
use care_core::scorecard::Scorecard;
use care_core::workbook::calibration::{calibration_xlsx, leniency_xlsx};
use care_core::{diff as df, lint as li};
use pyo3::prelude::*;
use serde_json::Value;
use std::borrow::Cow;

use crate::errors::care;
use crate::values::{arg, Arg, Files};

crate::results!(
    Calibration(core::Calibration) => to_text,
    Leniency(core::Leniency) => to_text,
    Finding(li::Finding) => to_string,
    PolicyDiff(df::PolicyDiff),
    HistoryDiff(df::HistoryDiff),
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
    /// Reads a session from CSV: a header `call,certifier,<item ids...>` (optional `title`),
    /// one row per certifier and call, marks `yes`, `no` or `na`. `template` is the
    /// scorecard (None: the sample), `benchmark` the benchmark grader's name, if any.
    #[staticmethod]
    fn from_csv(py, text: String, template: &Scorecard = None,
        benchmark: Option<String> = None) -> CalibrationSession =
        core::CalibrationSession::from_csv(&text, template.clone(), benchmark);
    /// Reads a session from the certifiers' filled scorecard workbooks (xlsx): paths, or
    /// `(name, bytes)` pairs. The certifier is the workbook's Certifier cell, else the file's
    /// stem; `benchmark` names the benchmark grader, if any.
    #[staticmethod]
    fn from_workbooks(py, files: Files, benchmark: Option<String> = None) -> CalibrationSession =
        core::CalibrationSession::from_workbooks(&files.0, benchmark);
}

crate::export! { impl Calibration;
    /// The result as an xlsx workbook: a sheet per table, flagged certifiers in red.
    fn to_xlsx(&self, py) -> Cow<'static, [u8]> = calibration_xlsx(&self.inner).map(Cow::Owned);
}

crate::export! { impl Leniency;
    /// The result as an xlsx workbook: the pool and each certifier, flagged ones in red.
    fn to_xlsx(&self, py) -> Cow<'static, [u8]> = leniency_xlsx(&self.inner).map(Cow::Owned);
}

/// The session argument: a `CalibrationSession`, or a dict of the same fields.
impl<'a, 'py> Arg<'a, 'py> for Cow<'a, core::CalibrationSession> {
    fn arg(py: Python<'py>, name: &str, obj: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self> {
        match obj.map(|o| (o, o.cast::<CalibrationSession>())) {
            Some((_, Ok(s))) => Ok(Cow::Borrowed(&s.get().inner)),
            Some((o, _)) => arg(name, o).map(Cow::Owned),
            None => care(py, || from_value(name, Value::Null)).map(Cow::Owned),
        }
    }
}

crate::export! {
    /// Compares the certifiers of a calibration session with the reference (the benchmark, or
    /// the group's consensus), call by call and item by item.
    fn calibrate(py, session: Cow<core::CalibrationSession>,
        policy: &core::CalibrationPolicy = None) -> Calibration =
        core::calibrate(&session, policy);
    /// Each certifier's pass rate and mean score against the pool's, from the cohort's tracker
    /// CSV (read with `cohort_policy`: calls, pass mark). Calls that name no certifier are left out.
    fn leniency(py, tracker_csv: String, policy: &core::CalibrationPolicy = None,
        cohort_policy: &CohortPolicy = None) -> Leniency =
        core::leniency(&core::graded_calls(&tracker_csv, cohort_policy)?.calls, policy);
}

crate::export! {
    /// Lints a policy or data file given as text (`format` `"toml"`, the default (None), or
    /// `"json"`): what cannot load or cannot work, and what looks wrong. `kind`
    /// (`"cert_policy"`, `"calendar"`...) is told from the fields when None. Errors come
    /// first, then warnings, then infos.
    fn lint(py, text: String, format: Option<Format> = None, kind: Option<FileKind> = None) -> Vec<Finding> =
        li::lint_text(&text, format.unwrap_or(Format::Toml), kind);
    /// What changed between two versions of one kind of file (`format` as for `lint`), field
    /// by field, with the rules that read each changed field.
    fn diff(py, old: String, new: String, format: Option<Format> = None, kind: Option<FileKind> = None)
        -> PolicyDiff = df::diff_text(&old, &new, format.unwrap_or(Format::Toml), kind);
    /// What changed between the versions of a history file (one file holding `versions`),
    /// each version with the next in the order they take effect, or only `from_version` with
    /// `to_version` (a version's `version`, a catalog's `policy.version`); `format` and
    /// `kind` as for `lint`.
    fn diff_history(py, text: String, format: Option<Format> = None, kind: Option<FileKind> = None,
        from_version: Option<String> = None, to_version: Option<String> = None) -> HistoryDiff =
        df::diff_history(&text, format.unwrap_or(Format::Toml), kind, from_version.as_deref(), to_version.as_deref());
}

crate::register! {
    [CalibrationPolicy, CalibrationSession, Calibration, Leniency, Finding, PolicyDiff, HistoryDiff],
    [calibrate, leniency, lint, diff, diff_history]
}

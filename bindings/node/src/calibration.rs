//! Certifier calibration (`CalibrationSession`, `CalibrationPolicy`, `calibrate`,
//! `leniency`) and the policy tools (`lint`, `diff`).

use crate::cohort::{CohortPolicy, Scorecard};
use crate::js::{self, core, Bytes, Data, OptArg, Raw, Result, Str};
use care_core::calibration as cal;
use care_core::{diff as df, lint as li};
use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, Object, Unknown};
use napi::{Env, JsValue};
use napi_derive::napi;

crate::data_class!(
    CalibrationPolicy,
    cal::CalibrationPolicy,
    "Partial<T.CalibrationPolicy>",
    "T.CalibrationPolicy"
);

/// A validated calibration session: every certifier grades the same recorded calls on a
/// scorecard template, optionally with a benchmark grader.
#[napi]
pub struct CalibrationSession {
    inner: cal::CalibrationSession,
}

crate::loaders!(CalibrationSession, cal::CalibrationSession, "T.CalibrationSession", |d| d);

crate::export! {
    #[doc = "Reads a session from CSV: a header `call,certifier,<item ids...>` (optional `title`),"]
    #[doc = "one row per certifier and call, marks `yes`, `no` or `na`; `template` is the"]
    #[doc = "scorecard (default the sample), `benchmark` the benchmark grader's name."]
    fn CalibrationSession::from_csv(env, text: Str,
        options { template: Scorecard, benchmark: Option<Str> }
        = "{ template?: Scorecard | T.Scorecard; benchmark?: string }") -> CalibrationSession =
        cal::CalibrationSession::from_csv(&text, template, benchmark).map(|inner| CalibrationSession { inner });
    #[doc = "Reads a session from the certifiers' filled scorecard workbooks, `[name, Buffer]`"]
    #[doc = "pairs; the certifier is the workbook's Certifier cell, else the name's stem."]
    fn CalibrationSession::from_workbooks(env, files: Raw = "Array<[string, Uint8Array]>",
        benchmark: Option<Str>) -> CalibrationSession =
        cal::CalibrationSession::from_workbooks(&named_files(env, files)?, benchmark)
            .map(|inner| CalibrationSession { inner });
}

/// The `[name, bytes]` pairs of an argument `files`.
fn named_files(env: &Env, v: Unknown<'_>) -> Result<Vec<(String, Vec<u8>)>> {
    let wrong = || js::invalid(env, "files", "expected an array of [name, Buffer] pairs");
    let at = |v: &Unknown<'_>| match v.is_array() {
        Ok(true) => Object::from_unknown(*v).map_err(|_| wrong()),
        _ => Err(wrong()),
    };
    let list = at(&v)?;
    let len = list.get_array_length().map_err(|_| wrong())?;
    let file = |i| {
        let pair = at(&list.get_element::<Unknown>(i).map_err(|_| wrong())?)?;
        let name = js::arg::<String>(env, "files", pair.get_element::<Unknown>(0).map_err(|_| wrong())?)?;
        let data = pair.get_element::<Unknown>(1).map_err(|_| wrong())?;
        Ok((name, crate::cohort::bytes(env, "files", &data)?))
    };
    (0..len).map(file).collect()
}

crate::export! {
    #[doc = "Compares the certifiers of a calibration session with the reference (the benchmark, or"]
    #[doc = "the group's consensus), call by call and item by item."]
    fn calibrate(env, session: Raw = "CalibrationSession | T.CalibrationSession",
        policy: Option<Raw> = "CalibrationPolicy | Partial<T.CalibrationPolicy>")
        -> "T.Calibration" = {
        let session = js::data(env, "session", session, |c: &CalibrationSession| &c.inner)?;
        cal::calibrate(&session, &CalibrationPolicy::arg(env, policy)?)
    };
    #[doc = "A calibration (what `calibrate` answers) as an xlsx workbook (a Buffer): a sheet per"]
    #[doc = "table, certifiers flagged for review in red."]
    fn calibration_xlsx(env, result: Data = "T.Calibration" as "calibration") -> Bytes =
        care_core::workbook::calibration::calibration_xlsx(&result).map(Bytes::from);
    #[doc = "A leniency (what `leniency` answers) as an xlsx workbook (a Buffer)."]
    fn leniency_xlsx(env, result: Data = "T.Leniency" as "leniency") -> Bytes =
        care_core::workbook::calibration::leniency_xlsx(&result).map(Bytes::from);
    #[doc = "Each certifier's pass rate and mean score against the pool's, from the cohort's tracker"]
    #[doc = "CSV (read with `cohort_policy`); calls that name no certifier are left out."]
    fn leniency(env, tracker_csv: Str as "tracker CSV", options { policy: CalibrationPolicy,
        cohort_policy: CohortPolicy } = "{ policy?: CalibrationPolicy | Partial<T.CalibrationPolicy>; cohort_policy?: CohortPolicy | Partial<T.CohortPolicy> }")
        -> "T.Leniency" =
        cal::graded_calls(&tracker_csv, &cohort_policy).and_then(|calls| cal::leniency(&calls.calls, &policy));
    #[doc = "Lints a policy or data file given as text: what cannot load or cannot work, and what"]
    #[doc = "looks wrong; errors first, then warnings, then infos."]
    fn lint(env, text: Str, options: Option<Raw> = "{ format?: 'toml' | 'json'; kind?: string }")
        -> "T.Finding[]" = {
        let o: li::TextOptions = js::opts(env, "options", options, ["format", "kind"])?;
        li::lint_text(&text, o.format(), core(env, o.kind())?)
    };
    #[doc = "What changed between two versions of one kind of file, field by field, with the rules"]
    #[doc = "that read each changed field."]
    fn diff(env, old_text: Str as "old", new_text: Str as "new",
        options: Option<Raw> = "{ format?: 'toml' | 'json'; kind?: string }") -> "T.PolicyDiff" = {
        let o: li::TextOptions = js::opts(env, "options", options, ["format", "kind"])?;
        df::diff_text(&old_text, &new_text, o.format(), core(env, o.kind())?)
    };
    #[doc = "What changed between the versions of a history file (one file holding `versions`), each"]
    #[doc = "version with the next in the order they take effect, or only `from_version` with `to_version`"]
    #[doc = "(a version's `version`, a catalog's `policy.version`)."]
    fn diff_history(env, text: Str, options: Option<Raw> = "{ format?: 'toml' | 'json'; kind?: string; from_version?: string; to_version?: string }")
        -> "T.HistoryDiff" = {
        let keys = ["format", "kind", "from_version", "to_version"];
        let o: li::TextOptions = js::opts(env, "options", options, keys)?;
        let (from, to) = (o.from_version.as_deref(), o.to_version.as_deref());
        df::diff_history(&text, o.format(), core(env, o.kind())?, from, to)
    };
}

//! Certifier calibration (`CalibrationSession`, `CalibrationPolicy`, `calibrate`,
//! `leniency`) and the policy tools (`lint`, `diff`).

use crate::cohort::Scorecard;
use crate::js::{self, core, out, Result, Str};
use care_core::calibration as cal;
use care_core::lint::FileKind;
use care_core::policy::Format;
use care_core::{diff as df, lint as li, scorecard as sc};
use napi::bindgen_prelude::{ClassInstance, FromNapiValue, Unknown};
use napi::Env;
use napi_derive::napi;

crate::data_class!(
    CalibrationPolicy,
    cal::CalibrationPolicy,
    cal::CalibrationPolicy::default,
    "Partial<T.CalibrationPolicy>",
    "T.CalibrationPolicy"
);

fn policy(env: &Env, v: Option<Unknown<'_>>) -> Result<cal::CalibrationPolicy> {
    js::data(env, v, |c: &CalibrationPolicy| &c.inner, cal::CalibrationPolicy::default)
}

/// A validated calibration session: every certifier grades the same recorded calls on a
/// scorecard template, optionally with a benchmark grader.
#[napi]
pub struct CalibrationSession {
    inner: cal::CalibrationSession,
}

crate::loaders!(CalibrationSession, cal::CalibrationSession, "T.CalibrationSession", |d| d, |d| {
    care_core::policy::to_toml(d)
});

#[napi]
impl CalibrationSession {
    /// Reads a session from CSV: a header `call,certifier,<item ids...>` (optional `title`),
    /// one row per certifier and call, marks `yes`, `no` or `na`; `template` is the
    /// scorecard (default the sample), `benchmark` the benchmark grader's name.
    #[napi(factory, configurable = true, catch_unwind)]
    pub fn from_csv(
        env: &Env,
        text: Str<'_>,
        #[napi(ts_arg_type = "{ template?: Scorecard | T.Scorecard; benchmark?: string }")]
        options: Option<Unknown<'_>>,
    ) -> Result<CalibrationSession> {
        let text = js::text(env, "text", text)?;
        let [template, benchmark] = js::options(env, options, ["template", "benchmark"])?;
        let template = js::data(env, template, |c: &Scorecard| &c.inner, sc::Scorecard::sample)?;
        let benchmark = js::opt::<String>(env, "benchmark", benchmark)?;
        let inner = core(env, cal::CalibrationSession::from_csv(&text, template, benchmark))?;
        Ok(CalibrationSession { inner })
    }
}

/// The session argument: a `CalibrationSession`, or its data (read as a JSON file of it).
fn session(env: &Env, v: Unknown<'_>) -> Result<cal::CalibrationSession> {
    if let Ok(c) = ClassInstance::<CalibrationSession>::from_unknown(v) {
        return Ok(c.inner.clone());
    }
    let json = js::value(env, "session", v)?.to_string();
    core(env, care_core::policy::load(&json, Format::Json))
}

/// Compares the certifiers of a calibration session with the reference (the benchmark, or
/// the group's consensus), call by call and item by item.
#[napi(ts_return_type = "T.Calibration", catch_unwind)]
pub fn calibrate<'e>(
    env: &'e Env,
    #[napi(ts_arg_type = "CalibrationSession | T.CalibrationSession")] session: Unknown<'_>,
    #[napi(ts_arg_type = "CalibrationPolicy | Partial<T.CalibrationPolicy>")] policy: Option<
        Unknown<'_>,
    >,
) -> Result<Unknown<'e>> {
    let s = self::session(env, session)?;
    let p = self::policy(env, policy)?;
    out(env, &core(env, cal::calibrate(&s, &p))?)
}

/// Each certifier's pass rate and mean score against the pool's, from the cohort's tracker
/// CSV (read with `cohort_policy`); calls that name no certifier are left out.
#[napi(ts_return_type = "T.Leniency", catch_unwind)]
pub fn leniency<'e>(
    env: &'e Env,
    tracker_csv: Str<'_>,
    #[napi(
        ts_arg_type = "{ policy?: CalibrationPolicy | Partial<T.CalibrationPolicy>; cohort_policy?: CohortPolicy | Partial<T.CohortPolicy> }"
    )]
    options: Option<Unknown<'_>>,
) -> Result<Unknown<'e>> {
    let text = js::text(env, "tracker CSV", tracker_csv)?;
    let [p, c] = js::options(env, options, ["policy", "cohort_policy"])?;
    let (p, c) = (policy(env, p)?, crate::cohort::policy(env, c)?);
    let calls = core(env, cal::graded_calls(&text, &c))?;
    out(env, &core(env, cal::leniency(&calls.calls, &p))?)
}

/// The `format` (`"toml"` by default, `"json"`) and `kind` (told from the fields when left
/// out) options of lint and diff.
fn format_kind(env: &Env, options: Option<Unknown<'_>>) -> Result<(Format, Option<FileKind>)> {
    let [format, kind] = js::options(env, options, ["format", "kind"])?;
    let format = js::opt::<Format>(env, "format", format)?.unwrap_or(Format::Toml);
    let kind = js::opt::<String>(env, "kind", kind)?;
    Ok((format, core(env, kind.map(|k| FileKind::parse(&k)).transpose())?))
}

/// Lints a policy or data file given as text: what cannot load or cannot work, and what
/// looks wrong; errors first, then warnings, then infos.
#[napi(ts_return_type = "T.Finding[]", catch_unwind)]
pub fn lint<'e>(
    env: &'e Env,
    text: Str<'_>,
    #[napi(ts_arg_type = "{ format?: 'toml' | 'json'; kind?: string }")] options: Option<
        Unknown<'_>,
    >,
) -> Result<Unknown<'e>> {
    let text = js::text(env, "text", text)?;
    let (format, kind) = format_kind(env, options)?;
    out(env, &core(env, li::lint_text(&text, format, kind))?)
}

/// What changed between two versions of one kind of file, field by field, with the rules
/// that read each changed field.
#[napi(ts_return_type = "T.PolicyDiff", catch_unwind)]
pub fn diff<'e>(
    env: &'e Env,
    old_text: Str<'_>,
    new_text: Str<'_>,
    #[napi(ts_arg_type = "{ format?: 'toml' | 'json'; kind?: string }")] options: Option<
        Unknown<'_>,
    >,
) -> Result<Unknown<'e>> {
    let (old, new) = (js::text(env, "old", old_text)?, js::text(env, "new", new_text)?);
    let (format, kind) = format_kind(env, options)?;
    out(env, &core(env, df::diff_text(&old, &new, format, kind))?)
}

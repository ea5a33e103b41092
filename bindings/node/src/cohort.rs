//! The cohort's day (`Cohort`, `CohortPolicy`, `parseNote`, `parseNotes`, `forecast`,
//! `neutralizeCsvCell`), QA scorecards (`Scorecard`) and troubleshooting (`Troubleshooting`).

use crate::escalation::calendar;
use crate::js::{self, core, out, CohortOptions, Num, Result, Str};
use care_core::cohort as co;
use care_core::{scorecard as sc, troubleshoot as tr};
use napi::bindgen_prelude::{Buffer, Unknown};
use napi::Env;
use napi_derive::napi;

crate::data_class!(
    CohortPolicy,
    co::CohortPolicy,
    co::CohortPolicy::default,
    "Partial<T.CohortPolicy>",
    "T.CohortPolicy"
);
crate::data_class!(Scorecard, sc::Scorecard, sc::Scorecard::sample, "T.Scorecard", "T.Scorecard");
crate::data_class!(
    Troubleshooting,
    tr::Troubleshooting,
    tr::Troubleshooting::builtin,
    "T.Troubleshooting",
    "T.Troubleshooting"
);

pub(crate) fn policy(env: &Env, v: Option<Unknown<'_>>) -> Result<co::CohortPolicy> {
    js::data(env, v, |c: &CohortPolicy| &c.inner, co::CohortPolicy::default)
}

#[napi]
impl Scorecard {
    /// The sample QA scorecard template.
    #[napi(factory, catch_unwind)]
    pub fn sample() -> Scorecard {
        Scorecard { inner: sc::Scorecard::sample() }
    }

    /// Scores one call's marks (`{ itemId: "yes" | "no" | "na" }`).
    #[napi(ts_return_type = "T.ScorecardScore", catch_unwind)]
    pub fn score<'e>(
        &self,
        env: &'e Env,
        #[napi(ts_arg_type = "Record<string, 'yes' | 'no' | 'na'>")] marks: Unknown,
    ) -> Result<Unknown<'e>> {
        let marks: sc::Marks = js::arg(env, "scorecard marks", marks)?;
        out(env, &core(env, self.inner.score(&marks))?)
    }
}

#[napi]
impl Troubleshooting {
    /// The documents' fixes.
    #[napi(factory, catch_unwind)]
    pub fn builtin() -> Troubleshooting {
        Troubleshooting { inner: tr::Troubleshooting::builtin() }
    }

    /// The fix for a symptom described in free text.
    #[napi(ts_return_type = "T.Fix", catch_unwind)]
    pub fn lookup<'e>(&self, env: &'e Env, symptom: Str<'_>) -> Result<Unknown<'e>> {
        let symptom = js::text(env, "symptom", symptom)?;
        out(env, &core(env, self.inner.lookup(&symptom))?)
    }
}

/// A certification cohort: agents, certifiers and the coordinator.
#[napi]
pub struct Cohort {
    inner: co::Cohort,
}

const OPTIONS: [&str; 2] = ["calendar", "policy"];

impl Cohort {
    fn report_of(&self, env: &Env, as_of: Unknown, options: Option<Unknown>) -> Result<co::Report> {
        let [c, p] = js::options(env, options, OPTIONS)?;
        let (c, p) = (calendar(env, c)?, policy(env, p)?);
        core(env, co::report(&self.inner, js::date(env, "as of", as_of)?, &c, &p))
    }
}

#[napi]
impl Cohort {
    /// The sample cohort: eleven agents with made-up names, ten certifiers, a coordinator.
    #[napi(factory, catch_unwind)]
    pub fn sample() -> Cohort {
        Cohort { inner: co::Cohort::sample() }
    }

    /// The sample tracker CSV (a template for a site's own).
    #[napi(catch_unwind)]
    pub fn sample_tracker() -> &'static str {
        co::Cohort::sample_tracker()
    }

    /// Imports the tracker spreadsheet (CSV text); every problem names its line and column.
    #[napi(factory, catch_unwind)]
    pub fn from_tracker(
        env: &Env,
        csv: Str<'_>,
        #[napi(ts_arg_type = "CohortPolicy | Partial<T.CohortPolicy>")] policy: Option<Unknown>,
    ) -> Result<Cohort> {
        let p = self::policy(env, policy)?;
        let csv = js::text(env, "csv", csv)?;
        Ok(Cohort { inner: core(env, co::import_tracker(&csv, &p))? })
    }

    /// A cohort from its JSON text (what `JSON.stringify` writes).
    #[napi(factory, catch_unwind)]
    pub fn from_json(env: &Env, text: Str<'_>) -> Result<Cohort> {
        let text = js::text(env, "text", text)?;
        Ok(Cohort { inner: core(env, care_core::policy::from_json(&text))? })
    }

    /// The cohort as a plain object.
    #[napi(js_name = "toJSON", ts_return_type = "T.Cohort", catch_unwind)]
    pub fn to_json<'e>(&self, env: &'e Env) -> Result<Unknown<'e>> {
        out(env, &self.inner)
    }

    /// A copy of this cohort with these certifiers (`[{ name, off }]`) and coordinator.
    #[napi(catch_unwind)]
    pub fn with_certifiers(
        &self,
        env: &Env,
        #[napi(ts_arg_type = "T.Certifier[]")] certifiers: Unknown,
        coordinator: Option<Str<'_>>,
    ) -> Result<Cohort> {
        let mut inner = self.inner.clone();
        inner.certifiers = js::arg(env, "certifiers", certifiers)?;
        if let Some(c) = coordinator.filter(|c| !js::absent(c)) {
            inner.coordinator = js::text(env, "coordinator", c)?;
        }
        Ok(Cohort { inner })
    }

    /// A copy of this cohort with progress notes (`Date - Name - Note` lines) added.
    #[napi(catch_unwind)]
    pub fn with_notes(&self, env: &Env, text: Str<'_>) -> Result<Cohort> {
        let notes = core(env, co::parse_notes(&js::text(env, "text", text)?))?;
        let mut inner = self.inner.clone();
        core(env, inner.add_notes(notes))?;
        Ok(Cohort { inner })
    }

    /// The agents' names, in tracker order.
    #[napi(catch_unwind)]
    pub fn agent_names(&self) -> Vec<String> {
        self.inner.agents.iter().map(|a| a.name.clone()).collect()
    }

    /// One agent by name (forgiving of case and punctuation).
    #[napi(ts_return_type = "T.Agent", catch_unwind)]
    pub fn agent<'e>(&self, env: &'e Env, name: Str<'_>) -> Result<Unknown<'e>> {
        out(env, core(env, self.inner.agent(&js::text(env, "name", name)?))?)
    }

    /// The pairing of certifiers with ready agents on `day` (an ISO business day).
    #[napi(ts_return_type = "T.Pairing", catch_unwind)]
    pub fn pair<'e>(
        &self,
        env: &'e Env,
        day: Str<'_>,
        options: Option<CohortOptions<'_>>,
    ) -> Result<Unknown<'e>> {
        let [c, p] = js::options(env, options, OPTIONS)?;
        let (c, p) = (calendar(env, c)?, policy(env, p)?);
        out(env, &core(env, co::pair(&self.inner, js::date(env, "day", day)?, &c, &p))?)
    }

    /// The end-of-day report as of the end of `asOf` (ISO date).
    #[napi(ts_return_type = "T.Report", catch_unwind)]
    pub fn report<'e>(
        &self,
        env: &'e Env,
        as_of: Str<'_>,
        options: Option<CohortOptions<'_>>,
    ) -> Result<Unknown<'e>> {
        out(env, &self.report_of(env, as_of, options)?)
    }

    /// The end-of-day report as CSV text (formula-like cells neutralised).
    #[napi(catch_unwind)]
    pub fn report_csv(
        &self,
        env: &Env,
        as_of: Str<'_>,
        options: Option<CohortOptions<'_>>,
    ) -> Result<String> {
        core(env, self.report_of(env, as_of, options)?.to_csv())
    }

    /// The end-of-day report as text for people.
    #[napi(catch_unwind)]
    pub fn report_text(
        &self,
        env: &Env,
        as_of: Str<'_>,
        options: Option<CohortOptions<'_>>,
    ) -> Result<String> {
        Ok(self.report_of(env, as_of, options)?.to_text())
    }

    /// The end-of-day report as an HTML email body.
    #[napi(catch_unwind)]
    pub fn report_html(
        &self,
        env: &Env,
        as_of: Str<'_>,
        options: Option<CohortOptions<'_>>,
    ) -> Result<String> {
        Ok(co::email::report_html(&self.report_of(env, as_of, options)?))
    }

    /// The end-of-day report as an xlsx workbook (a Buffer), one sheet per section.
    #[napi(ts_return_type = "Uint8Array", catch_unwind)]
    pub fn report_xlsx(
        &self,
        env: &Env,
        as_of: Str<'_>,
        options: Option<CohortOptions<'_>>,
    ) -> Result<Buffer> {
        let r = self.report_of(env, as_of, options)?;
        Ok(core(env, care_core::workbook::report::report_xlsx(&r))?.into())
    }

    /// The end-of-day report as an email draft (.eml text) to the policy's distribution list,
    /// the workbook attached.
    #[napi(catch_unwind)]
    pub fn report_eml(
        &self,
        env: &Env,
        as_of: Str<'_>,
        options: Option<CohortOptions<'_>>,
    ) -> Result<String> {
        let [_, p] = js::options(env, options, OPTIONS)?;
        let p = policy(env, p)?;
        let r = self.report_of(env, as_of, options)?;
        let book = core(env, care_core::workbook::report::report_xlsx(&r))?;
        let name = format!("Call_Cert_EOD_{}.xlsx", r.as_of);
        core(env, co::email::report_eml(&r, &p, Some((&name, &book))))
    }

    /// Every agent re-decided as of `asOf` under two cohort policy versions: what flips.
    #[napi(ts_return_type = "T.Replay", catch_unwind)]
    pub fn replay<'e>(
        &self,
        env: &'e Env,
        as_of: Str<'_>,
        #[napi(ts_arg_type = "CohortPolicy | Partial<T.CohortPolicy>")] from_policy: Unknown<'_>,
        #[napi(ts_arg_type = "CohortPolicy | Partial<T.CohortPolicy>")] to_policy: Unknown<'_>,
        #[napi(ts_arg_type = "{ calendar?: CalendarArg }")] options: Option<Unknown<'_>>,
    ) -> Result<Unknown<'e>> {
        let [c] = js::options(env, options, ["calendar"])?;
        let (f, t, c) =
            (policy(env, Some(from_policy))?, policy(env, Some(to_policy))?, calendar(env, c)?);
        let as_of = js::date(env, "as of", as_of)?;
        out(env, &core(env, care_core::replay::replay(&self.inner, as_of, &c, &f, &t))?)
    }

    /// The end-of-day report as Markdown.
    #[napi(catch_unwind)]
    pub fn report_markdown(
        &self,
        env: &Env,
        as_of: Str<'_>,
        options: Option<CohortOptions<'_>>,
    ) -> Result<String> {
        Ok(self.report_of(env, as_of, options)?.to_markdown())
    }
}

/// The bytes of a `Buffer` / `Uint8Array` argument, copied (read after every other argument).
pub(crate) fn bytes(env: &Env, what: &str, v: &Unknown<'_>) -> Result<Vec<u8>> {
    match js::borrow(env, what, v)? {
        js::Typed::U8(b) => Ok(b.to_vec()),
        _ => Err(js::invalid(env, what, "expected a Buffer or a Uint8Array")),
    }
}

/// Imports a tracker, xlsx or CSV, from a Buffer (`format`: `csv`, `xlsx` or `ods`, default
/// from the bytes: a zip package is a workbook, an old `.xls` an error, anything else CSV;
/// `sheet`: the workbook's sheet; `asOf`: only rows dated on or before it count, as
/// `care report --as-of` reads a tracker).
#[napi(catch_unwind)]
pub fn read_tracker(
    env: &Env,
    #[napi(ts_arg_type = "Uint8Array")] data: Unknown<'_>,
    #[napi(
        ts_arg_type = "{ format?: 'csv' | 'xlsx' | 'ods'; policy?: CohortPolicy | Partial<T.CohortPolicy>; sheet?: string; asOf?: string }"
    )]
    options: Option<Unknown<'_>>,
) -> Result<Cohort> {
    let [f, p, s, a] = js::options(env, options, ["format", "policy", "sheet", "asOf"])?;
    let (format, p) = (js::opt::<String>(env, "format", f)?, policy(env, p)?);
    let sheet = js::opt::<String>(env, "sheet", s)?;
    let as_of = a.filter(|v| !js::absent(v)).map(|v| js::date(env, "asOf", v)).transpose()?;
    let bytes = bytes(env, "data", &data)?;
    let options = co::TrackerOptions {
        format: format.as_deref(),
        extension: None,
        sheet: sheet.as_deref(),
        as_of,
    };
    Ok(Cohort { inner: core(env, co::read_tracker(&bytes, &options, &p))? })
}

/// Parses one progress note, `Date - Name - Note`.
#[napi(ts_return_type = "T.ProgressNote", catch_unwind)]
pub fn parse_note<'e>(env: &'e Env, text: Str<'_>) -> Result<Unknown<'e>> {
    out(env, &core(env, co::ProgressNote::parse(&js::text(env, "text", text)?))?)
}

/// Parses progress notes, one a line (blank lines skipped).
#[napi(ts_return_type = "T.ProgressNote[]", catch_unwind)]
pub fn parse_notes<'e>(env: &'e Env, text: Str<'_>) -> Result<Unknown<'e>> {
    out(env, &core(env, co::parse_notes(&js::text(env, "text", text)?))?)
}

/// When `agents` agents starting on `start` (ISO) with `certifiers` certifiers finish.
#[napi(ts_return_type = "T.Forecast", catch_unwind)]
pub fn forecast<'e>(
    env: &'e Env,
    agents: Num<'_>,
    certifiers: Num<'_>,
    start: Str<'_>,
    options: Option<CohortOptions<'_>>,
) -> Result<Unknown<'e>> {
    let agents = js::int(env, "agents", agents, 0, u32::MAX.into())? as u32;
    let certifiers = js::int(env, "certifiers", certifiers, 0, u32::MAX.into())? as u32;
    let [c, p] = js::options(env, options, OPTIONS)?;
    let (c, p) = (calendar(env, c)?, policy(env, p)?);
    out(env, &core(env, co::forecast(agents, certifiers, js::date(env, "start", start)?, &c, &p))?)
}

/// A CSV cell made safe for spreadsheets (a leading `=`, `+`, `-`, `@`... is quoted away).
#[napi(catch_unwind)]
pub fn neutralize_csv_cell(env: &Env, cell: Str<'_>) -> Result<String> {
    Ok(co::report::neutralize_csv_cell(&js::text(env, "cell", cell)?).into_owned())
}

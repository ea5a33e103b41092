//! The certification cohort's day: the `Cohort` class (sample, tracker import, pairing, the
//! end-of-day report as data, text, Markdown or CSV), progress notes, forecasts.

use crate::convert::{calendar as calendar_of, date, from_json, to_js};
use crate::errors::{core, guard, Result};
use care_core::cohort::{self as co, CohortPolicy};
use care_core::Calendar;
use napi::bindgen_prelude::Unknown;
use napi::Env;
use napi_derive::napi;

/// Options of the cohort functions: the holiday calendar (`"us-federal"`, `"none"` or a
/// calendar spec), the site's time zone (UTC when left out) and the cohort policy (only the
/// fields it changes).
#[napi(object)]
#[derive(Default)]
pub struct CohortOptions {
    /// The business-day calendar; Monday to Friday when left out.
    #[napi(ts_type = "'us-federal' | 'none' | CalendarSpec")]
    pub calendar: Option<serde_json::Value>,
    /// The IANA time zone of a named calendar; UTC when left out.
    pub time_zone: Option<String>,
    /// The cohort policy (only the fields it changes).
    #[napi(ts_type = "Partial<CohortPolicy>")]
    pub policy: Option<serde_json::Value>,
}

fn policy(value: Option<&serde_json::Value>) -> Result<CohortPolicy> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(CohortPolicy::default()),
        Some(v) => CohortPolicy::from_json(&v.to_string()).map_err(core),
    }
}

impl CohortOptions {
    /// The calendar and the policy, the calendar first (as the vectors' runners read them).
    fn setup(&self) -> Result<(Calendar, CohortPolicy)> {
        let c = calendar_of(self.calendar.as_ref(), self.time_zone.as_deref())?;
        Ok((c, policy(self.policy.as_ref())?))
    }
}

/// A certification cohort: agents, certifiers and the coordinator.
#[napi]
pub struct Cohort {
    inner: co::Cohort,
}

#[napi]
impl Cohort {
    /// The sample cohort: eleven agents with made-up names, ten certifiers, a coordinator.
    #[napi(factory)]
    pub fn sample() -> Result<Cohort> {
        guard(|| {
            Ok(Cohort {
                inner: co::Cohort::sample(),
            })
        })
    }

    /// The sample tracker CSV as text (a template for a site's own).
    #[napi]
    pub fn sample_tracker() -> String {
        co::Cohort::sample_tracker().to_string()
    }

    /// Imports the tracker spreadsheet (CSV text); every problem names its line and column.
    #[napi(factory)]
    pub fn from_tracker(
        csv: String,
        #[napi(ts_arg_type = "Partial<CohortPolicy>")] policy: Option<serde_json::Value>,
    ) -> Result<Cohort> {
        guard(|| {
            let p = self::policy(policy.as_ref())?;
            Ok(Cohort {
                inner: co::import_tracker(&csv, &p).map_err(core)?,
            })
        })
    }

    /// A cohort from its plain-object form (what `toJSON` writes).
    #[napi(factory)]
    pub fn from_data(
        #[napi(ts_arg_type = "CohortData")] data: serde_json::Value,
    ) -> Result<Cohort> {
        guard(|| {
            Ok(Cohort {
                inner: from_json("cohort", data)?,
            })
        })
    }

    /// A copy of this cohort with these certifiers (`[{ name, off: [dates] }]`).
    #[napi]
    pub fn with_certifiers(
        &self,
        #[napi(ts_arg_type = "Certifier[]")] certifiers: serde_json::Value,
    ) -> Result<Cohort> {
        guard(|| {
            let mut inner = self.inner.clone();
            inner.certifiers = from_json("certifiers", certifiers)?;
            Ok(Cohort { inner })
        })
    }

    /// How many agents the cohort has.
    #[napi(getter)]
    pub fn size(&self) -> u32 {
        u32::try_from(self.inner.agents.len()).unwrap_or(u32::MAX)
    }

    /// The agents' names, in tracker order.
    #[napi]
    pub fn agent_names(&self) -> Vec<String> {
        self.inner.agents.iter().map(|a| a.name.clone()).collect()
    }

    /// One agent by name (forgiving of case and punctuation).
    #[napi(ts_return_type = "Agent")]
    pub fn agent<'env>(&self, env: &'env Env, name: String) -> Result<Unknown<'env>> {
        guard(|| to_js(env, self.inner.agent(&name).map_err(core)?))
    }

    /// Adds progress notes (`Date - Name - Note` lines) to their agents.
    #[napi]
    pub fn add_notes(&mut self, text: String) -> Result<()> {
        guard(|| {
            let notes = co::parse_notes(&text).map_err(core)?;
            self.inner.add_notes(notes).map_err(core)
        })
    }

    /// The pairing of certifiers with ready agents on `day` (an ISO business day).
    #[napi(ts_return_type = "Pairing")]
    pub fn pair<'env>(
        &self,
        env: &'env Env,
        day: String,
        options: Option<CohortOptions>,
    ) -> Result<Unknown<'env>> {
        guard(|| {
            let (c, p) = options.unwrap_or_default().setup()?;
            to_js(
                env,
                &co::pair(&self.inner, date("day", &day)?, &c, &p).map_err(core)?,
            )
        })
    }

    fn report_of(&self, as_of: &str, options: Option<CohortOptions>) -> Result<co::Report> {
        let (c, p) = options.unwrap_or_default().setup()?;
        co::report(&self.inner, date("as of", as_of)?, &c, &p).map_err(core)
    }

    /// The end-of-day report as of the end of `asOf` (ISO date): one line per agent.
    #[napi(ts_return_type = "CohortReport")]
    pub fn report<'env>(
        &self,
        env: &'env Env,
        as_of: String,
        options: Option<CohortOptions>,
    ) -> Result<Unknown<'env>> {
        guard(|| to_js(env, &self.report_of(&as_of, options)?))
    }

    /// The end-of-day report as CSV text (formula-like cells neutralised).
    #[napi]
    pub fn report_csv(&self, as_of: String, options: Option<CohortOptions>) -> Result<String> {
        guard(|| self.report_of(&as_of, options)?.to_csv().map_err(core))
    }

    /// The end-of-day report as text for people.
    #[napi]
    pub fn report_text(&self, as_of: String, options: Option<CohortOptions>) -> Result<String> {
        guard(|| Ok(self.report_of(&as_of, options)?.to_text()))
    }

    /// The end-of-day report as Markdown.
    #[napi]
    pub fn report_markdown(&self, as_of: String, options: Option<CohortOptions>) -> Result<String> {
        guard(|| Ok(self.report_of(&as_of, options)?.to_markdown()))
    }

    /// The cohort as a plain object (also what `JSON.stringify` writes).
    #[napi(js_name = "toJSON", ts_return_type = "CohortData")]
    pub fn to_json<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        guard(|| to_js(env, &self.inner))
    }
}

/// Imports the tracker CSV and returns the cohort as a plain object.
#[napi(ts_return_type = "CohortData")]
pub fn import_tracker<'env>(
    env: &'env Env,
    csv: String,
    #[napi(ts_arg_type = "Partial<CohortPolicy>")] policy: Option<serde_json::Value>,
) -> Result<Unknown<'env>> {
    guard(|| {
        let p = self::policy(policy.as_ref())?;
        to_js(env, &co::import_tracker(&csv, &p).map_err(core)?)
    })
}

/// Parses one progress note, `Date - Name - Note`.
#[napi(ts_return_type = "ProgressNote")]
pub fn parse_note<'env>(env: &'env Env, text: String) -> Result<Unknown<'env>> {
    guard(|| to_js(env, &co::ProgressNote::parse(&text).map_err(core)?))
}

/// Parses progress notes, one a line (blank lines skipped).
#[napi(ts_return_type = "ProgressNote[]")]
pub fn parse_notes<'env>(env: &'env Env, text: String) -> Result<Unknown<'env>> {
    guard(|| to_js(env, &co::parse_notes(&text).map_err(core)?))
}

/// When `agents` agents starting on `start` (ISO) with `certifiers` certifiers finish, and
/// who reaches which escalation step.
#[napi(ts_return_type = "Forecast")]
pub fn forecast<'env>(
    env: &'env Env,
    agents: u32,
    certifiers: u32,
    start: String,
    options: Option<CohortOptions>,
) -> Result<Unknown<'env>> {
    guard(|| {
        let (c, p) = options.unwrap_or_default().setup()?;
        to_js(
            env,
            &co::forecast(agents, certifiers, date("start", &start)?, &c, &p).map_err(core)?,
        )
    })
}

/// A CSV cell made safe for spreadsheets (a leading `=`, `+`, `-`, `@`... is quoted away).
#[napi]
pub fn neutralize_csv_cell(cell: String) -> String {
    co::report::neutralize_csv_cell(&cell).into_owned()
}

/// Loads and validates a cohort policy from TOML or JSON text (`format` is `"toml"` or
/// `"json"`); fields left out keep the documents' values.
#[napi(ts_return_type = "CohortPolicy")]
pub fn load_cohort_policy<'env>(
    env: &'env Env,
    text: String,
    #[napi(ts_arg_type = "'toml' | 'json'")] format: String,
) -> Result<Unknown<'env>> {
    guard(|| crate::convert::load_to_js::<CohortPolicy>(env, &text, &format))
}

/// The documents' cohort policy as a plain object.
#[napi(ts_return_type = "CohortPolicy")]
pub fn cohort_policy<'env>(env: &'env Env) -> Result<Unknown<'env>> {
    guard(|| to_js(env, &CohortPolicy::default()))
}

/// How many sessions a certifier takes a day under a policy (only the fields it changes):
/// the certifier's hours divided by the session budget.
#[napi]
pub fn sessions_per_certifier(
    #[napi(ts_arg_type = "Partial<CohortPolicy>")] policy: Option<serde_json::Value>,
) -> Result<u32> {
    guard(|| Ok(self::policy(policy.as_ref())?.sessions_per_certifier()))
}

//! Business-day calendars and the escalation ladder: `timeline`, `escalationStatus`,
//! `escalationPolicy` and the batch `escalationSteps` over `Int32Array` start days.

use crate::convert::{calendar as calendar_of, date as parse_date, from_data, from_json, to_js};
use crate::errors::{core, guard, Result};
use care_core::calendar::Calendar;
use care_core::escalation as esc;
use napi::bindgen_prelude::{Int32Array, Uint8Array, Unknown};
use napi::Env;
use napi_derive::napi;

fn policy(value: Option<serde_json::Value>) -> Result<esc::EscalationPolicy> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(esc::EscalationPolicy::default()),
        Some(v) => {
            let p: esc::EscalationPolicy = from_data(&v)?;
            p.validate().map_err(core)?;
            Ok(p)
        }
    }
}

fn moment(text: &str) -> Result<esc::Moment> {
    text.parse().map_err(core)
}

fn excused(value: Option<serde_json::Value>) -> Result<Vec<esc::Excused>> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(Vec::new()),
        Some(v) => from_json("excused days", v),
    }
}

/// Options shared by the escalation and calendar functions: the calendar (a built-in name,
/// `"us-federal"` or `"none"`, or a spec `{ builtin, time_zone, holidays, weekdays }`), the
/// site's time zone for a named calendar, excused days (`[{ date, reason }]`) and the policy.
#[napi(object)]
#[derive(Default)]
pub struct EscalationOptions {
    /// The business-day calendar; Monday to Friday when left out.
    #[napi(ts_type = "'us-federal' | 'none' | CalendarSpec")]
    pub calendar: Option<serde_json::Value>,
    /// The IANA time zone of a named calendar (or of the default one); UTC when left out.
    pub time_zone: Option<String>,
    /// Excused business days.
    #[napi(ts_type = "Excused[]")]
    pub excused: Option<serde_json::Value>,
    /// The escalation policy (only the fields it changes).
    #[napi(ts_type = "Partial<EscalationPolicy>")]
    pub policy: Option<serde_json::Value>,
}

impl EscalationOptions {
    fn calendar(&self) -> Result<Calendar> {
        calendar_of(self.calendar.as_ref(), self.time_zone.as_deref())
    }
}

/// Loads and validates an escalation policy from TOML or JSON text (`format` is `"toml"` or
/// `"json"`); fields left out keep the documents' values.
#[napi(ts_return_type = "EscalationPolicy")]
pub fn load_escalation_policy<'env>(
    env: &'env Env,
    text: String,
    #[napi(ts_arg_type = "'toml' | 'json'")] format: String,
) -> Result<Unknown<'env>> {
    guard(|| crate::convert::load_to_js::<esc::EscalationPolicy>(env, &text, &format))
}

/// Loads a calendar spec from TOML or JSON text (`format` is `"toml"` or `"json"`) and checks
/// it by building the calendar (weekdays, built-in name, time zone); returns the spec, for
/// the `calendar` option.
#[napi(ts_return_type = "CalendarSpec")]
pub fn load_calendar<'env>(
    env: &'env Env,
    text: String,
    #[napi(ts_arg_type = "'toml' | 'json'")] format: String,
) -> Result<Unknown<'env>> {
    guard(|| {
        let spec: care_core::CalendarSpec =
            care_core::policy::from_str(&text, crate::convert::format(&format)?).map_err(core)?;
        let c = spec.build().map_err(core)?;
        to_js(env, c.spec())
    })
}

/// The holidays between `start` and `end` (ISO dates, inclusive) that fall on working
/// weekdays: the weekdays the calendar takes off. `end` before `start` is an error.
#[napi]
pub fn holidays_between(
    start: String,
    end: String,
    options: Option<EscalationOptions>,
) -> Result<Vec<String>> {
    guard(|| {
        let o = options.unwrap_or_default();
        let days = o
            .calendar()?
            .holidays_between(parse_date("start", &start)?, parse_date("end", &end)?)
            .map_err(core)?;
        Ok(days.iter().map(ToString::to_string).collect())
    })
}

/// The documents' escalation policy as a plain object.
#[napi(ts_return_type = "EscalationPolicy")]
pub fn escalation_policy<'env>(env: &'env Env) -> Result<Unknown<'env>> {
    guard(|| to_js(env, &esc::EscalationPolicy::default()))
}

/// The escalation timeline of an agent whose training ended on `start` (ISO date).
#[napi(ts_return_type = "Timeline")]
pub fn timeline<'env>(
    env: &'env Env,
    start: String,
    options: Option<EscalationOptions>,
) -> Result<Unknown<'env>> {
    guard(|| {
        let o = options.unwrap_or_default();
        let t = esc::timeline(
            parse_date("start", &start)?,
            &o.calendar()?,
            &excused(o.excused)?,
            &policy(o.policy)?,
        )
        .map_err(core)?;
        to_js(env, &t)
    })
}

/// An agent's escalation status as of a date or date-time (ISO strings); `completed` is when
/// certs and TBTs were completed, if they were.
#[napi(ts_return_type = "EscalationStatus")]
pub fn escalation_status<'env>(
    env: &'env Env,
    start: String,
    as_of: String,
    completed: Option<String>,
    options: Option<EscalationOptions>,
) -> Result<Unknown<'env>> {
    guard(|| {
        let o = options.unwrap_or_default();
        let completed = completed.as_deref().map(moment).transpose()?;
        let s = esc::status(
            parse_date("start", &start)?,
            &moment(&as_of)?,
            completed.as_ref(),
            &o.calendar()?,
            &excused(o.excused)?,
            &policy(o.policy)?,
        )
        .map_err(core)?;
        to_js(env, &s)
    })
}

/// The escalation step code due for many agents at once: `starts` holds start dates as days
/// since 1970-01-01; returns one step code per agent (the core's `StepCode` values).
#[napi]
pub fn escalation_steps(
    starts: Int32Array,
    as_of: String,
    options: Option<EscalationOptions>,
) -> Result<Uint8Array> {
    guard(|| {
        let o = options.unwrap_or_default();
        let mut out = vec![0u8; starts.len()];
        esc::escalation_steps(
            &starts,
            parse_date("as of", &as_of)?,
            &o.calendar()?,
            &policy(o.policy)?,
            &mut out,
        )
        .map_err(core)?;
        Ok(Uint8Array::new(out))
    })
}

// ------------------------------------------------------------------------ calendar

/// Whether `date` (ISO) is a business day of the calendar in `options`.
#[napi]
pub fn is_business_day(date: String, options: Option<EscalationOptions>) -> Result<bool> {
    guard(|| {
        let o = options.unwrap_or_default();
        o.calendar()?
            .is_business_day(parse_date("date", &date)?)
            .map_err(core)
    })
}

/// The date `n` business days after `date` (before it when `n` is negative), ISO.
#[napi]
pub fn add_business_days(
    date: String,
    n: i64,
    options: Option<EscalationOptions>,
) -> Result<String> {
    guard(|| {
        let o = options.unwrap_or_default();
        Ok(o.calendar()?
            .add_business_days(parse_date("date", &date)?, n)
            .map_err(core)?
            .to_string())
    })
}

/// Business days from `a` to `b` (ISO dates), as the core counts them.
#[napi]
pub fn business_days_between(
    a: String,
    b: String,
    options: Option<EscalationOptions>,
) -> Result<i64> {
    guard(|| {
        let o = options.unwrap_or_default();
        o.calendar()?
            .business_days_between(parse_date("a", &a)?, parse_date("b", &b)?)
            .map_err(core)
    })
}

// ------------------------------------------------------------------------ budgets

/// A call-cert session from the certifier's connection to its end (date-times), against the
/// session budget (4 hours by default).
#[napi(ts_return_type = "BudgetCheck")]
pub fn cert_session_budget<'env>(
    env: &'env Env,
    connected: String,
    finished: String,
    options: Option<EscalationOptions>,
) -> Result<Unknown<'env>> {
    guard(|| {
        let o = options.unwrap_or_default();
        let cal = o.calendar()?;
        let c = esc::cert_session_budget(
            &moment(&connected)?,
            &moment(&finished)?,
            &cal,
            &policy(o.policy)?,
        )
        .map_err(core)?;
        to_js(env, &c)
    })
}

/// The TBTs from start to finish (date-times), against the TBT budget (8 hours by default).
#[napi(ts_return_type = "BudgetCheck")]
pub fn tbt_budget<'env>(
    env: &'env Env,
    started: String,
    finished: String,
    options: Option<EscalationOptions>,
) -> Result<Unknown<'env>> {
    guard(|| {
        let o = options.unwrap_or_default();
        let cal = o.calendar()?;
        let c = esc::tbt_budget(
            &moment(&started)?,
            &moment(&finished)?,
            &cal,
            &policy(o.policy)?,
        )
        .map_err(core)?;
        to_js(env, &c)
    })
}

/// Certs and TBTs together, from the agent's start (ISO date) to `finished` (date or
/// date-time), against the combined budget of post-training business days.
#[napi(ts_return_type = "BudgetCheck")]
pub fn combined_budget<'env>(
    env: &'env Env,
    start: String,
    finished: String,
    options: Option<EscalationOptions>,
) -> Result<Unknown<'env>> {
    guard(|| {
        let o = options.unwrap_or_default();
        let cal = o.calendar()?;
        let c = esc::combined_budget(
            parse_date("start", &start)?,
            &moment(&finished)?,
            &cal,
            &excused(o.excused.clone())?,
            &policy(o.policy)?,
        )
        .map_err(core)?;
        to_js(env, &c)
    })
}

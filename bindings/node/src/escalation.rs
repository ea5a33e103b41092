//! Business-day calendars and the escalation ladder: `timeline`, `escalationStatus`,
//! `escalationPolicy` and the batch `escalationSteps` over `Int32Array` start days.

use crate::convert::{from_json, to_js};
use crate::errors::{core, guard, Result};
use care_core::calendar::{self as cal, Calendar};
use care_core::escalation as esc;
use napi::bindgen_prelude::{Int32Array, Uint8Array, Unknown};
use napi::Env;
use napi_derive::napi;

fn calendar(value: Option<serde_json::Value>) -> Result<Calendar> {
    match value {
        None | Some(serde_json::Value::Null) => {
            Calendar::new(cal::CalendarSpec::default()).map_err(core)
        }
        Some(v) => {
            let spec: cal::CalendarSpec = from_json("calendar", v)?;
            spec.build().map_err(core)
        }
    }
}

fn policy(value: Option<serde_json::Value>) -> Result<esc::EscalationPolicy> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(esc::EscalationPolicy::default()),
        Some(v) => {
            let p: esc::EscalationPolicy = from_json("escalation policy", v)?;
            p.validate().map_err(core)?;
            Ok(p)
        }
    }
}

fn date(what: &str, text: &str) -> Result<jiff::civil::Date> {
    text.trim().parse().map_err(|e: jiff::Error| {
        core(care_core::Error::invalid_date(
            text,
            format!("{what} must be a date like 2026-03-02: {e}"),
        ))
    })
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

/// Options shared by the escalation functions: the calendar spec (`{ builtin, time_zone,
/// holidays, weekdays }`), excused days (`[{ date, reason }]`) and the policy.
#[napi(object)]
pub struct EscalationOptions {
    /// The business-day calendar; Monday to Friday in UTC when left out.
    #[napi(ts_type = "CalendarSpec")]
    pub calendar: Option<serde_json::Value>,
    /// Excused business days.
    #[napi(ts_type = "Excused[]")]
    pub excused: Option<serde_json::Value>,
    /// The escalation policy (only the fields it changes).
    #[napi(ts_type = "Partial<EscalationPolicy>")]
    pub policy: Option<serde_json::Value>,
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
        let o = options.unwrap_or(EscalationOptions {
            calendar: None,
            excused: None,
            policy: None,
        });
        let t = esc::timeline(
            date("start", &start)?,
            &calendar(o.calendar)?,
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
        let o = options.unwrap_or(EscalationOptions {
            calendar: None,
            excused: None,
            policy: None,
        });
        let completed = completed.as_deref().map(moment).transpose()?;
        let s = esc::status(
            date("start", &start)?,
            &moment(&as_of)?,
            completed.as_ref(),
            &calendar(o.calendar)?,
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
        let o = options.unwrap_or(EscalationOptions {
            calendar: None,
            excused: None,
            policy: None,
        });
        let mut out = vec![0u8; starts.len()];
        esc::escalation_steps(
            &starts,
            date("as of", &as_of)?,
            &calendar(o.calendar)?,
            &policy(o.policy)?,
            &mut out,
        )
        .map_err(core)?;
        Ok(Uint8Array::new(out))
    })
}

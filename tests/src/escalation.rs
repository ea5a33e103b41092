//! `tests/vectors/escalation.json`: business-day calendars, the escalation ladder and the
//! time budgets. Every `fn` first builds the calendar (`calendar`: a built-in name or a spec
//! object; `time_zone`, default UTC), so its errors come first.

use crate::{arg, to_value, Answer};
use care_core::calendar::{Calendar, CalendarSpec};
use care_core::escalation::{self, EscalationPolicy, Excused, Moment};
use care_core::{Error, Result};
use jiff::civil::Date;
use serde_json::{json, Value};

fn moment(input: &Value, key: &str) -> Result<Moment> {
    arg::<String>(input, key)?.parse()
}

fn calendar(input: &Value) -> Result<Calendar> {
    let tz = input["time_zone"].as_str().unwrap_or("UTC");
    match &input["calendar"] {
        Value::String(name) => Calendar::by_name(name, tz),
        spec @ Value::Object(_) => {
            care_core::policy::from_value::<CalendarSpec>("calendar", spec.clone())?.build()
        }
        _ => Calendar::weekdays_only(tz),
    }
}

/// The call `f` of escalation.json on `input`.
pub fn run(f: &str, input: &Value) -> Answer {
    let known = [
        "is_business_day",
        "add_business_days",
        "business_days_between",
        "timeline",
        "status",
        "cert_session_budget",
        "tbt_budget",
        "combined_budget",
        "escalation_steps",
    ];
    if !known.contains(&f) {
        return None;
    }
    Some(calendar(input).and_then(|cal| call(f, input, &cal)))
}

fn call(f: &str, input: &Value, cal: &Calendar) -> Result<Value> {
    let policy = EscalationPolicy::default();
    let excused: Vec<Excused> = match input.get("excused") {
        Some(_) => arg(input, "excused")?,
        None => Vec::new(),
    };
    match f {
        "is_business_day" => to_value(cal.is_business_day(arg(input, "date")?)),
        "add_business_days" => {
            to_value(cal.add_business_days(arg(input, "date")?, arg(input, "n")?))
        }
        "business_days_between" => {
            to_value(cal.business_days_between(arg(input, "a")?, arg(input, "b")?))
        }
        "timeline" => to_value(escalation::timeline(
            arg(input, "start")?,
            cal,
            &excused,
            &policy,
        )),
        "status" => {
            let as_of = moment(input, "as_of")?;
            let completed = match input.get("completed") {
                Some(_) => Some(moment(input, "completed")?),
                None => None,
            };
            to_value(escalation::status(
                arg(input, "start")?,
                &as_of,
                completed.as_ref(),
                cal,
                &excused,
                &policy,
            ))
        }
        "cert_session_budget" => to_value(escalation::cert_session_budget(
            &moment(input, "connected")?,
            &moment(input, "finished")?,
            cal,
            &policy,
        )),
        "tbt_budget" => to_value(escalation::tbt_budget(
            &moment(input, "started")?,
            &moment(input, "finished")?,
            cal,
            &policy,
        )),
        "combined_budget" => to_value(escalation::combined_budget(
            arg(input, "start")?,
            &moment(input, "finished")?,
            cal,
            &excused,
            &policy,
        )),
        "escalation_steps" => {
            let starts: Vec<i32> = arg(input, "starts")?;
            let as_of: Date = arg(input, "as_of")?;
            let mut out = vec![0u8; starts.len()];
            escalation::escalation_steps(&starts, as_of, cal, &policy, &mut out)?;
            Ok(json!(out))
        }
        other => Err(Error::invalid_input(format!(
            "no escalation call {other:?}"
        ))),
    }
}

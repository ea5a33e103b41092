//! Business-day calendars and the escalation ladder: the `Calendar` and `EscalationPolicy`
//! classes, `timeline`, `escalationStatus`, `escalationSteps` and the budgets.

use crate::js::{self, borrow, core, Data, IsoDate, Moment, Num, OptArg, Raw, Result, Str, Typed};
use care_core::calendar::{self as cal, CalendarSpec};
use care_core::escalation::{self as esc, ExcusedDays};
use care_core::policy::from_value;
use napi::bindgen_prelude::{ClassInstance, FromNapiValue, Uint8Array, Unknown};
use napi::Env;
use napi_derive::napi;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

crate::data_class!(
    EscalationPolicy,
    esc::EscalationPolicy,
    "Partial<T.EscalationPolicy>",
    "T.EscalationPolicy"
);

/// A business-day calendar: weekdays, holidays and a time zone.
#[napi]
pub struct Calendar {
    inner: cal::Calendar,
}

crate::loaders!(Calendar, cal::Calendar, "T.CalendarSpec", |c| c.spec());

/// A built-in calendar (`"us-federal"`, `"none"`) in `tz`, built once per pair (64 at most).
fn named(env: &Env, name: &str, tz: &str) -> Result<cal::Calendar> {
    static CACHE: LazyLock<Mutex<HashMap<(String, String), cal::Calendar>>> = LazyLock::new(Default::default);
    let key = (name.to_owned(), tz.to_owned());
    if let Some(c) = CACHE.lock().ok().and_then(|l| l.get(&key).cloned()) {
        return Ok(c);
    }
    let c = core(env, cal::Calendar::by_name(name, tz))?;
    CACHE.lock().ok().filter(|l| l.len() < 64).map(|mut l| l.insert(key, c.clone()));
    Ok(c)
}

/// The `calendar` option: a `Calendar`, a built-in name (UTC) or a spec; Monday to Friday
/// in UTC when left out.
impl OptArg for Calendar {
    type Value = cal::Calendar;
    fn arg(env: &Env, v: Option<Unknown<'_>>) -> Result<cal::Calendar> {
        let Some(v) = v.filter(|v| !js::absent(v)) else {
            return named(env, "none", "UTC");
        };
        if let Ok(c) = ClassInstance::<Calendar>::from_unknown(v) {
            return Ok(c.inner.clone());
        }
        match js::value(env, "calendar", v)? {
            serde_json::Value::String(name) => named(env, &name, "UTC"),
            spec => core(env, from_value::<CalendarSpec>("calendar", spec).and_then(|s| s.build())),
        }
    }
}

/// The `excused` option: the days excused (none when left out).
impl OptArg for ExcusedDays {
    type Value = Vec<esc::Excused>;
    fn arg(env: &Env, v: Option<Unknown<'_>>) -> Result<Vec<esc::Excused>> {
        Ok(js::opt::<ExcusedDays>(env, "excused", v)?.unwrap_or_default().0)
    }
}

crate::export! {
    #[doc = "A calendar from its spec (`{ builtin, time_zone, holidays, weekdays }`)."]
    fn Calendar::new(env, spec: Option<Data> = "Partial<T.CalendarSpec>" as "calendar") -> Calendar =
        spec.unwrap_or(CalendarSpec::default()).build().map(|inner| Calendar { inner });
    #[doc = "A built-in calendar (`\"us-federal\"`, `\"none\"`) in time zone `tz` (UTC by default)."]
    fn Calendar::by_name(env, name: Str = "'us-federal' | 'none'", tz: Option<Str>) -> Calendar =
        Ok(Calendar { inner: named(env, &name, tz.as_deref().unwrap_or("UTC"))? });
    #[doc = "Whether `date` (ISO) is a business day."]
    fn Calendar::is_business_day(env, &c, date: IsoDate) -> bool = c.is_business_day(date);
    #[doc = "The date `n` business days after `date` (before it when `n` is negative)."]
    fn Calendar::add_business_days(env, &c, date: IsoDate, n: Num) -> String =
        c.add_business_days(date, n).map(|d| d.to_string());
    #[doc = "Business days from `a` to `b`, as the core counts them."]
    fn Calendar::business_days_between(env, &c, a: IsoDate, b: IsoDate) -> i64 =
        c.business_days_between(a, b);
    #[doc = "`date` if it is a business day, else the next one."]
    fn Calendar::roll_forward(env, &c, date: IsoDate) -> String =
        c.roll_forward(date).map(|d| d.to_string());
    #[doc = "The holidays from `start` to `end` (inclusive) that fall on working weekdays."]
    fn Calendar::holidays_between(env, &c, start: IsoDate, end: IsoDate) -> "string[]" =
        c.holidays_between(start, end);
    #[doc = "The escalation step code due for many agents at once: `starts` holds start dates as"]
    #[doc = "days since 1970-01-01; one code per agent (`STEP_NAMES[code]`)."]
    fn escalation_steps(env, starts: Raw = "Int32Array", as_of: IsoDate as "as of",
        options { calendar: Calendar, policy: EscalationPolicy } = "Omit<EscalationOptions, 'excused'>")
        -> Uint8Array = {
        // Every argument is read; the starts are borrowed while no JavaScript runs.
        let Typed::I32(starts) = borrow(env, "starts", &starts)? else {
            return Err(js::invalid(env, "starts", "expected an Int32Array"));
        };
        let mut codes = vec![0u8; starts.len()];
        esc::escalation_steps(starts, as_of, &calendar, &policy, &mut codes).map(|()| codes.into())
    };
    #[doc = "The escalation timeline of an agent whose training ended on `start` (ISO date)."]
    fn timeline(env, start: IsoDate, options { calendar: Calendar, excused: ExcusedDays,
        policy: EscalationPolicy } = "EscalationOptions") -> "T.Timeline" =
        esc::timeline(start, &calendar, &excused, &policy);
    #[doc = "An agent's escalation status as of a date or date-time; `completed` is when certs and"]
    #[doc = "TBTs were completed, if they were."]
    fn escalation_status(env, start: IsoDate, as_of: Moment as "as of", options { completed: Option<Moment>,
        calendar: Calendar, excused: ExcusedDays, policy: EscalationPolicy }
        = "EscalationOptions & { completed?: string }") -> "T.EscalationStatus" =
        esc::status(start, &as_of, completed.as_ref(), &calendar, &excused, &policy);
    #[doc = "A certification session from `connected` to `finished` (date-times) against the"]
    #[doc = "session budget."]
    fn cert_session_budget(env, connected: Moment, finished: Moment,
        options { calendar: Calendar, policy: EscalationPolicy } = "Omit<EscalationOptions, 'excused'>")
        -> "T.BudgetCheck" = esc::cert_session_budget(&connected, &finished, &calendar, &policy);
    #[doc = "TBTs from `started` to `finished` (date-times) against the TBT budget."]
    fn tbt_budget(env, started: Moment, finished: Moment,
        options { calendar: Calendar, policy: EscalationPolicy } = "Omit<EscalationOptions, 'excused'>")
        -> "T.BudgetCheck" = esc::tbt_budget(&started, &finished, &calendar, &policy);
    #[doc = "Certs and TBTs together from the agent's start (ISO date) to `finished`, against the"]
    #[doc = "combined budget of post-training business days."]
    fn combined_budget(env, start: IsoDate, finished: Moment, options { calendar: Calendar,
        excused: ExcusedDays, policy: EscalationPolicy } = "EscalationOptions") -> "T.BudgetCheck" =
        esc::combined_budget(start, &finished, &calendar, &excused, &policy);
}

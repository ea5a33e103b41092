//! The working-time budgets: a cert session's and the TBTs' hours, and certs and TBTs
//! together in post-training business days.

use super::{long, Days, EscalationPolicy, Excused, Moment};
use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::explain::{rule, PolicyRef, Reason};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which budget a [`BudgetCheck`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BudgetKind {
    /// A call-cert session, from the certifier's connection.
    CertSession,
    /// The TBTs.
    Tbt,
    /// Certs and TBTs together, in post-training business days.
    Combined,
}

/// The unit of a [`BudgetCheck`]'s numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BudgetUnit {
    /// Elapsed seconds (real time, across daylight-saving changes).
    Seconds,
    /// Post-training business days.
    BusinessDays,
}

/// Time used against a budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BudgetCheck {
    /// Which budget.
    pub budget: BudgetKind,
    /// The unit of `limit`, `used` and `over_by`.
    pub unit: BudgetUnit,
    /// The budget.
    pub limit: i64,
    /// What was used.
    pub used: i64,
    /// How much over the budget (0 when within).
    pub over_by: i64,
    /// Whether `used <= limit`.
    pub within: bool,
    /// Why.
    pub reasons: Vec<Reason>,
    /// The policy used.
    pub policy: PolicyRef,
}

impl fmt::Display for BudgetCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.reasons {
            writeln!(f, "{r}")?;
        }
        write!(f, "policy: {}", self.policy)
    }
}

/// A call-cert session from the certifier's connection to its end, against
/// [`Budgets::cert_session_hours`].
///
/// [`Budgets::cert_session_hours`]: super::Budgets::cert_session_hours
pub fn cert_session_budget(
    connected: &Moment,
    finished: &Moment,
    calendar: &Calendar,
    policy: &EscalationPolicy,
) -> Result<BudgetCheck> {
    hours_budget(
        BudgetKind::CertSession,
        rule::BUDGET_CERT_SESSION,
        "the call-cert session",
        policy.budgets.cert_session_hours,
        connected,
        finished,
        calendar,
        policy,
    )
}

/// The TBTs from start to finish, against [`Budgets::tbt_hours`].
///
/// [`Budgets::tbt_hours`]: super::Budgets::tbt_hours
pub fn tbt_budget(
    started: &Moment,
    finished: &Moment,
    calendar: &Calendar,
    policy: &EscalationPolicy,
) -> Result<BudgetCheck> {
    hours_budget(
        BudgetKind::Tbt,
        rule::BUDGET_TBT,
        "the TBTs",
        policy.budgets.tbt_hours,
        started,
        finished,
        calendar,
        policy,
    )
}

#[allow(clippy::too_many_arguments)]
fn hours_budget(
    kind: BudgetKind,
    rule: &'static str,
    what: &str,
    hours: f64,
    from: &Moment,
    to: &Moment,
    calendar: &Calendar,
    policy: &EscalationPolicy,
) -> Result<BudgetCheck> {
    policy.validate()?;
    for m in [from, to] {
        if !m.has_time() {
            return Err(Error::invalid_date(
                m.to_string(),
                "a budget needs a time, e.g. 2026-03-08T09:30, not only a date",
            ));
        }
    }
    let a = from.in_zone(calendar)?;
    let b = to.in_zone(calendar)?;
    let used = b.timestamp().as_second() - a.timestamp().as_second();
    if used < 0 {
        return Err(Error::invalid_input(format!(
            "the end {to} is before the start {from}; give the start first"
        )));
    }
    let limit = (hours * 3600.0).round() as i64;
    let over_by = (used - limit).max(0);
    let within = used <= limit;
    let mut message = format!(
        "{what} from {} to {} took {} of elapsed time; the budget is {}",
        a.strftime("%Y-%m-%d %H:%M %Z"),
        b.strftime("%Y-%m-%d %H:%M %Z"),
        hms(used),
        hms(limit)
    );
    if within {
        message.push_str(", so it is within budget");
    } else {
        message.push_str(&format!(", so it is over by {}", hms(over_by)));
    }
    let mut reasons = vec![Reason::new(rule, format!("{from} to {to}"), message)];
    let wall = a.datetime().duration_until(b.datetime()).as_secs();
    if wall != used {
        reasons.push(Reason::new(
            rule::BUDGET_DST,
            calendar.time_zone_name().to_string(),
            format!(
                "the clocks changed in between: the wall clock shows {}, but {} really elapsed",
                hms(wall),
                hms(used)
            ),
        ));
    }
    Ok(BudgetCheck {
        budget: kind,
        unit: BudgetUnit::Seconds,
        limit,
        used,
        over_by,
        within,
        reasons,
        policy: policy.policy_ref(),
    })
}

/// Certs and TBTs together, from the agent's start to `finished`, against
/// [`Budgets::combined_business_days`] post-training business days (excused days do not
/// count).
///
/// [`Budgets::combined_business_days`]: super::Budgets::combined_business_days
pub fn combined_budget(
    start: Date,
    finished: &Moment,
    calendar: &Calendar,
    excused: &[Excused],
    policy: &EscalationPolicy,
) -> Result<BudgetCheck> {
    policy.validate()?;
    let days = Days::new(calendar, start, excused)?;
    let done = finished.in_zone(calendar)?.date();
    if done < start {
        return Err(Error::invalid_input(format!(
            "the end {finished} is before the start {start}; give the start first"
        )));
    }
    let used = i64::from(days.number(done)?);
    let limit = i64::from(policy.budgets.combined_business_days);
    let over_by = (used - limit).max(0);
    let within = used <= limit;
    let mut message = format!(
        "certs and TBTs finished on {} used {used} post-training business day(s) from day 1, {}; the budget is {limit}",
        long(done),
        long(days.date(1)?)
    );
    if within {
        message.push_str(", so they are within budget");
    } else {
        message.push_str(&format!(", so they are over by {over_by}"));
    }
    Ok(BudgetCheck {
        budget: BudgetKind::Combined,
        unit: BudgetUnit::BusinessDays,
        limit,
        used,
        over_by,
        within,
        reasons: vec![Reason::new(
            rule::BUDGET_COMBINED,
            format!("{start} to {finished}"),
            message,
        )],
        policy: policy.policy_ref(),
    })
}

fn hms(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    match (m, s) {
        (0, 0) => format!("{h}h"),
        (_, 0) => format!("{h}h {m:02}m"),
        _ => format!("{h}h {m:02}m {s:02}s"),
    }
}

//! An agent's escalation timeline: post-training days 1 and 2, the expected completion and
//! the date each step of the ladder falls due, with excused days.

use super::{long, Days, EscalationPolicy};
use crate::calendar::Calendar;
use crate::error::Result;
use crate::explain::{rule, PolicyRef, Reason};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A business day that does not count (equipment or IT issue, approved absence).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Excused {
    /// The date.
    pub date: Date,
    /// Why it is excused, kept in the explanation.
    pub reason: String,
}

impl Excused {
    /// An excused date.
    pub fn new(date: Date, reason: impl Into<String>) -> Excused {
        Excused {
            date,
            reason: reason.into(),
        }
    }
}

/// A step with the date it falls due for one agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StepDue {
    /// The step's id.
    pub id: String,
    /// The step's name.
    pub name: String,
    /// Its post-training day.
    pub day: u32,
    /// Its date: due from the start of this business day.
    pub date: Date,
}

/// An agent's escalation timeline from their start date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Timeline {
    /// The start date as given.
    pub start: Date,
    /// Post-training day 1.
    pub day1: Date,
    /// Post-training day 2.
    pub day2: Date,
    /// The last day to complete certs and TBTs (the end of day
    /// [`Budgets::combined_business_days`]).
    ///
    /// [`Budgets::combined_business_days`]: super::Budgets::combined_business_days
    pub expected_completion: Date,
    /// Each step of the ladder with its date.
    pub steps: Vec<StepDue>,
    /// The excused business days that moved the timeline, in date order.
    pub excused: Vec<Excused>,
    /// The calendar's name (`us-federal`, `none`, `custom`).
    pub calendar: String,
    /// The site's time zone.
    pub time_zone: String,
    /// Why each date is what it is.
    pub reasons: Vec<Reason>,
    /// The policy used.
    pub policy: PolicyRef,
}

impl fmt::Display for Timeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "escalation timeline for a start on {} ({} calendar, {})",
            self.start, self.calendar, self.time_zone
        )?;
        let mut rows = vec![
            ("day 1".to_string(), long(self.day1)),
            ("day 2".to_string(), long(self.day2)),
            (
                "expected completion".to_string(),
                format!("{} (end of day)", long(self.expected_completion)),
            ),
        ];
        for s in &self.steps {
            rows.push((format!("day {}: {}", s.day, s.name), long(s.date)));
        }
        let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
        for (label, value) in rows {
            writeln!(f, "  {label:<width$}  {value}")?;
        }
        writeln!(f, "why:")?;
        for r in &self.reasons {
            writeln!(f, "  - {r}")?;
        }
        write!(f, "policy: {}", self.policy)
    }
}

/// The escalation timeline of an agent who starts on `start`.
///
/// # Errors
///
/// [`Error::InvalidPolicy`] for an invalid policy; [`Error::InvalidDate`] for a start, or a
/// step's date, outside the calendar's supported range (1900-01-01 to 2200-12-31).
///
/// ```
/// use care_core::{escalation, Calendar, EscalationPolicy};
/// use jiff::civil::date;
/// let cal = Calendar::by_name("us-federal", "America/New_York")?;
/// let t = escalation::timeline(date(2026, 7, 2), &cal, &[], &EscalationPolicy::default())?;
/// assert_eq!(t.day1, date(2026, 7, 2));
/// assert!(escalation::timeline(date(2201, 1, 1), &cal, &[], &EscalationPolicy::default()).is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
///
/// [`Error::InvalidPolicy`]: crate::Error::InvalidPolicy
/// [`Error::InvalidDate`]: crate::Error::InvalidDate
pub fn timeline(
    start: Date,
    calendar: &Calendar,
    excused: &[Excused],
    policy: &EscalationPolicy,
) -> Result<Timeline> {
    policy.validate()?;
    let days = Days::new(calendar, start, excused)?;
    let mut reasons = Vec::new();
    let day1 = days.date(1)?;
    let raw = days.raw_day1;
    let msg = if raw == start {
        format!("post-training day 1 is the start date, {}", long(start))
    } else {
        format!(
            "{} is not a business day on the {} calendar, so post-training day 1 rolls forward to {}",
            long(start),
            calendar.name(),
            long(raw)
        )
    };
    reasons.push(Reason::new("escalation.day1", start.to_string(), msg));
    // The days applied, in order, and as a set: a long list stays linear.
    let (mut applied, mut seen) = (Vec::new(), std::collections::HashSet::new());
    for e in excused {
        let (rule_msg, used) = if days.excused.binary_search(&e.date).is_ok() {
            if seen.contains(&e.date) {
                (
                    format!("{} is excused more than once; it counts once", e.date),
                    false,
                )
            } else {
                (
                    format!(
                        "{} is excused ({}): it does not count and moves every later day back by one business day",
                        long(e.date),
                        e.reason
                    ),
                    true,
                )
            }
        } else if e.date < raw {
            (
                format!(
                    "{} is excused ({}) but is before post-training day 1, so it changes nothing",
                    e.date, e.reason
                ),
                false,
            )
        } else {
            (
                format!(
                    "{} is excused ({}) but is not a business day, so it changes nothing",
                    e.date, e.reason
                ),
                false,
            )
        };
        if used {
            seen.insert(e.date);
            applied.push(e.clone());
        }
        reasons.push(Reason::new(
            rule::ESCALATION_EXCUSED,
            e.date.to_string(),
            rule_msg,
        ));
    }
    applied.sort_by_key(|e| e.date);
    let holidays_at = reasons.len();
    let n = policy.budgets.combined_business_days;
    let expected_completion = days.date(n)?;
    reasons.push(Reason::new(
        rule::ESCALATION_EXPECTED_COMPLETION,
        format!("day {n}"),
        format!(
            "call certs and TBTs are expected to be complete by the end of day {n}, {}",
            long(expected_completion)
        ),
    ));
    let mut steps = Vec::with_capacity(policy.steps.len());
    for s in &policy.steps {
        let date = days.date(s.day)?;
        reasons.push(Reason::new(
            rule::ESCALATION_STEP,
            s.id.clone(),
            format!(
                "if not complete, {} is due on day {}, {}",
                s.name,
                s.day,
                long(date)
            ),
        ));
        steps.push(StepDue {
            id: s.id.clone(),
            name: s.name.clone(),
            day: s.day,
            date,
        });
    }
    let end = steps.last().map_or(expected_completion, |s| s.date);
    let mut holiday_reasons = Vec::new();
    for h in calendar.holidays_between(raw, end)? {
        holiday_reasons.push(Reason::new(
            rule::ESCALATION_HOLIDAY,
            h.to_string(),
            format!(
                "{} is a holiday on the {} calendar, so it does not count",
                long(h),
                calendar.name()
            ),
        ));
    }
    reasons.splice(holidays_at..holidays_at, holiday_reasons);
    if let Some(last) = policy.steps.last() {
        reasons.push(Reason::new(
            rule::ESCALATION_REVIEW_ONLY,
            last.id.clone(),
            format!(
                "the {} is a flag for a person to review; care-core never decides termination",
                last.name
            ),
        ));
    }
    Ok(Timeline {
        start,
        day1,
        day2: days.date(2)?,
        expected_completion,
        steps,
        excused: applied,
        calendar: calendar.name().to_string(),
        time_zone: calendar.time_zone_name().to_string(),
        reasons,
        policy: policy.policy_ref(),
    })
}

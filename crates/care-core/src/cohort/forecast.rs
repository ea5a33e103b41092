//! A forecast: with N agents starting together and M certifiers, when does everyone finish
//! and who reaches which escalation step?
//!
//! The model, deterministic and stated in the forecast's reasons:
//!
//! - every agent starts on the same day; post-training day 1 is the first business day on
//!   or after it; day 1 is training, so the first sessions are on the role-play day
//!   ([`CohortPolicy::role_play_day`], day 2), in the hours the role plays leave
//!   ([`CohortPolicy::sessions_on_role_play_day`]: 1 session per certifier by default);
//! - from the next day on, each certifier takes [`CohortPolicy::sessions_per_certifier`]
//!   sessions (2) a day; each agent needs one session for all the calls, and agents are
//!   served in order (agent 1 first);
//! - the TBTs fit in the time an agent waits (within their own budget), there are no
//!   equipment issues or excused days, and nobody retakes a call;
//! - an agent who finishes on post-training day d has reached every escalation step of a day
//!   up to d (a step is due from the start of its day).

use super::{CohortPolicy, MAX_AGENTS};
use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::explain::rule;
use crate::explain::{PolicyRef, Reason};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The most certifiers a forecast takes.
pub const MAX_CERTIFIERS: u32 = 100_000;

/// One business day of the forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ForecastDay {
    /// The post-training day.
    pub day: u32,
    /// Its date.
    pub date: Date,
    /// Sessions held that day.
    pub sessions: u32,
    /// The first agent (1-based) who finishes that day, if any do.
    pub first_agent: Option<u32>,
    /// The last agent who finishes that day, if any do.
    pub last_agent: Option<u32>,
    /// Agents finished by the end of that day.
    pub finished: u32,
    /// The highest escalation step the agents finishing that day have reached, if any.
    pub step: Option<String>,
}

/// How many agents reach one escalation step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StepForecast {
    /// The step's id.
    pub step: String,
    /// The step's name.
    pub name: String,
    /// Its post-training day.
    pub day: u32,
    /// Its date.
    pub date: Date,
    /// How many agents reach it.
    pub agents: u32,
    /// The first agent who reaches it, if any.
    pub first_agent: Option<u32>,
}

/// When a cohort finishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Forecast {
    /// Agents.
    pub agents: u32,
    /// Certifiers.
    pub certifiers: u32,
    /// The start date as given.
    pub start: Date,
    /// Post-training day 1.
    pub day1: Date,
    /// Sessions per certifier on a full day.
    pub sessions_per_certifier: u32,
    /// Sessions per certifier on the role-play day.
    pub sessions_on_role_play_day: u32,
    /// The post-training day the last agent finishes (0 with no agents).
    pub finish_day: u32,
    /// Its date (day 1 with no agents).
    pub finish_date: Date,
    /// Agents who finish after the expected completion (day 2 by default).
    pub late: u32,
    /// Each business day from the first session to the finish.
    pub days: Vec<ForecastDay>,
    /// Each escalation step and how many agents reach it.
    pub steps: Vec<StepForecast>,
    /// Why.
    pub reasons: Vec<Reason>,
    /// The policy used.
    pub policy: PolicyRef,
}

/// Forecasts `agents` agents starting on `start` with `certifiers` certifiers.
pub fn forecast(
    agents: u32,
    certifiers: u32,
    start: Date,
    calendar: &Calendar,
    policy: &CohortPolicy,
) -> Result<Forecast> {
    policy.validate()?;
    if agents as usize > MAX_AGENTS {
        return Err(Error::TooLarge {
            what: "forecast agents",
            limit: MAX_AGENTS,
            actual: agents as usize,
        });
    }
    if certifiers > MAX_CERTIFIERS {
        return Err(Error::TooLarge {
            what: "forecast certifiers",
            limit: MAX_CERTIFIERS as usize,
            actual: certifiers as usize,
        });
    }
    if certifiers == 0 && agents > 0 {
        return Err(Error::invalid_input(
            "a forecast needs at least one certifier for its agents; give at least one certifier",
        ));
    }
    let tl = crate::escalation::timeline(start, calendar, &[], &policy.escalation)?;
    let full = policy.sessions_per_certifier();
    let rp = policy.sessions_on_role_play_day();
    let first = policy.role_play_day;
    let expected = policy.escalation.budgets.combined_business_days;
    let mut reasons = vec![
        Reason::new(
            "forecast.day1",
            start.to_string(),
            format!("post-training day 1 is {}; day 1 is training", tl.day1),
        ),
        Reason::new(
            rule::FORECAST_CAPACITY,
            "certifiers",
            format!(
                "{certifiers} certifier(s) take {rp} session(s) each on day {first} (after the role plays) and {full} each on later days ({} certifier hours / {}-hour sessions)",
                policy.certifier_hours_per_day, policy.escalation.budgets.cert_session_hours
            ),
        ),
        Reason::new(
            rule::FORECAST_ASSUMPTIONS,
            "agents",
            "each agent needs one session for all the calls, agents are served in order, TBTs fit in the waiting time, no equipment issues, excused days or retakes",
        ),
    ];
    let mut days = Vec::new();
    let mut steps: Vec<StepForecast> = tl
        .steps
        .iter()
        .map(|s| StepForecast {
            step: s.id.clone(),
            name: s.name.clone(),
            day: s.day,
            date: s.date,
            agents: 0,
            first_agent: None,
        })
        .collect();
    let mut done: u32 = 0;
    let mut late = 0u32;
    let mut day = first;
    let mut finish_day = 0;
    while done < agents {
        let per = if day == first { rp } else { full };
        let cap = per.saturating_mul(certifiers);
        let served = cap.min(agents - done);
        let date = calendar.add_business_days(tl.day1, i64::from(day) - 1)?;
        let step = policy
            .escalation
            .steps
            .iter()
            .rev()
            .find(|s| s.day <= day)
            .map(|s| s.id.clone());
        if served > 0 {
            for s in steps.iter_mut().filter(|s| s.day <= day) {
                s.agents += served;
                s.first_agent.get_or_insert(done + 1);
            }
            if day > expected {
                late += served;
            }
            finish_day = day;
        }
        days.push(ForecastDay {
            day,
            date,
            sessions: served,
            first_agent: (served > 0).then_some(done + 1),
            last_agent: (served > 0).then_some(done + served),
            finished: done + served,
            step: step.filter(|_| served > 0),
        });
        done += served;
        day = day.saturating_add(1);
        if day == u32::MAX {
            return Err(Error::invalid_input("the forecast does not end"));
        }
    }
    let finish_date = if finish_day == 0 {
        tl.day1
    } else {
        calendar.add_business_days(tl.day1, i64::from(finish_day) - 1)?
    };
    reasons.push(Reason::new(
        rule::FORECAST_FINISH,
        format!("{agents} agents"),
        if agents == 0 {
            "no agents, nothing to finish".to_string()
        } else {
            format!("the last agent finishes on day {finish_day}, {finish_date}")
        },
    ));
    if late > 0 {
        reasons.push(Reason::new(
            rule::FORECAST_LATE,
            format!("day {expected}"),
            format!("{late} agent(s) finish after the expected completion on day {expected}"),
        ));
    }
    for s in &steps {
        if s.agents > 0 {
            reasons.push(Reason::new(
                rule::FORECAST_STEP,
                s.step.clone(),
                format!(
                    "{} agent(s) reach {} (day {}, {}), from agent {}",
                    s.agents,
                    s.name,
                    s.day,
                    s.date,
                    s.first_agent.unwrap_or(0)
                ),
            ));
        }
    }
    Ok(Forecast {
        agents,
        certifiers,
        start,
        day1: tl.day1,
        sessions_per_certifier: full,
        sessions_on_role_play_day: rp,
        finish_day,
        finish_date,
        late,
        days,
        steps,
        reasons,
        policy: policy.policy_ref(),
    })
}

impl fmt::Display for Forecast {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "forecast: {} agents, {} certifiers, start {} (day 1 {})",
            self.agents, self.certifiers, self.start, self.day1
        )?;
        for d in &self.days {
            let who = match (d.first_agent, d.last_agent) {
                (Some(a), Some(b)) if a == b => format!("agent {a}"),
                (Some(a), Some(b)) => format!("agents {a}-{b}"),
                _ => "nobody".to_string(),
            };
            let step = d
                .step
                .as_ref()
                .map(|s| format!("; reached {s}"))
                .unwrap_or_default();
            writeln!(
                f,
                "  day {} {}: {} session(s), {who} finish ({} done){step}",
                d.day,
                d.date.strftime("%a %Y-%m-%d"),
                d.sessions,
                d.finished
            )?;
        }
        writeln!(
            f,
            "finish: day {}, {}",
            self.finish_day,
            self.finish_date.strftime("%a %Y-%m-%d")
        )?;
        writeln!(f, "why:")?;
        for r in &self.reasons {
            writeln!(f, "  - {r}")?;
        }
        write!(f, "policy: {}", self.policy)
    }
}

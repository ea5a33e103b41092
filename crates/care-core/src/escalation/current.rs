//! An agent's escalation status as of a moment: the step due, the post-training day and why.

use super::{long, timeline, Days, EscalationPolicy, Excused, Moment, StepDue};
use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::explain::{rule, PolicyRef, Reason};
use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The escalation step codes of [`escalation_steps`] and [`Status::step_code`].
///
/// A code is the number of the ladder's steps that are due, i.e. the 1-based position of the
/// current step in [`EscalationPolicy::steps`]; the names are those of the default ladder.
/// 255 marks an agent whose start date is outside the calendar's range.
///
/// [`escalation_steps`]: super::escalation_steps
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum StepCode {
    /// 0: no step due (not started, within the expected time, or completed in time).
    None = 0,
    /// 1: documented coaching (day 4).
    Coaching = 1,
    /// 2: written CAP (day 5).
    WrittenCap = 2,
    /// 3: final CAP (day 6).
    FinalCap = 3,
    /// 4: termination review (day 7), flagged for a person to decide.
    TerminationReview = 4,
    /// 255: the start date is outside the calendar's supported range.
    OutOfRange = 255,
}

impl StepCode {
    /// The code's byte.
    pub fn as_u8(self) -> u8 {
        self as u8
    }

    /// Every named code, in code order (`OutOfRange`, 255, last).
    pub const ALL: [StepCode; 6] = [
        StepCode::None,
        StepCode::Coaching,
        StepCode::WrittenCap,
        StepCode::FinalCap,
        StepCode::TerminationReview,
        StepCode::OutOfRange,
    ];

    /// The code's name as serde writes it: `"none"`, `"coaching"`, `"written_cap"`,
    /// `"final_cap"`, `"termination_review"`, `"out_of_range"`.
    pub fn name(self) -> &'static str {
        match self {
            StepCode::None => "none",
            StepCode::Coaching => "coaching",
            StepCode::WrittenCap => "written_cap",
            StepCode::FinalCap => "final_cap",
            StepCode::TerminationReview => "termination_review",
            StepCode::OutOfRange => "out_of_range",
        }
    }

    /// The names by byte: `names_by_code()[code]` is the name of that step code, `None` for a byte
    /// that is no code (the bindings export it to name a batch's codes).
    pub fn names_by_code() -> [Option<&'static str>; 256] {
        let mut names = [None; 256];
        for s in StepCode::ALL {
            names[usize::from(s.as_u8())] = Some(s.name());
        }
        names
    }

    /// The named code for a byte, if it has a name.
    pub fn from_u8(code: u8) -> Option<StepCode> {
        Some(match code {
            0 => StepCode::None,
            1 => StepCode::Coaching,
            2 => StepCode::WrittenCap,
            3 => StepCode::FinalCap,
            4 => StepCode::TerminationReview,
            255 => StepCode::OutOfRange,
            _ => return None,
        })
    }
}

/// An agent's escalation status as of a date or time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "EscalationStatus")
)]
pub struct Status {
    /// The start date as given.
    pub start: Date,
    /// The as-of date in the site's time zone.
    pub as_of: Date,
    /// The as-of time of day, when a time was given.
    pub as_of_time: Option<Time>,
    /// The post-training day as of then (0 before day 1; on a non-business day, the last
    /// business day's number).
    pub day: u32,
    /// The last day to complete certs and TBTs.
    pub expected_completion: Date,
    /// Whether certs and TBTs were complete as of then.
    pub completed: bool,
    /// The completion date, when complete as of then.
    pub completed_on: Option<Date>,
    /// Business days past the expected completion: as of then, or at completion.
    pub days_late: u32,
    /// The current step: the last one that fell due (none when none did).
    pub current_step: Option<StepDue>,
    /// The step code: 1-based position of the current step, 0 when none.
    pub step_code: u8,
    /// The next step and its date, unless complete or at the end of the ladder.
    pub next_step: Option<StepDue>,
    /// Why.
    pub reasons: Vec<Reason>,
    /// The policy used.
    pub policy: PolicyRef,
    /// The smallest change that avoids the next step: completing by the last business day
    /// before it (none when complete or at the end of the ladder).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterfactual: Option<crate::counterfactual::Counterfactual>,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = match self.as_of_time {
            Some(t) => format!("{} {}", self.as_of, t.strftime("%H:%M")),
            None => self.as_of.to_string(),
        };
        writeln!(f, "escalation status as of {at} (start {})", self.start)?;
        writeln!(f, "  post-training day      {}", self.day)?;
        writeln!(
            f,
            "  expected completion    {}",
            long(self.expected_completion)
        )?;
        match self.completed_on {
            Some(d) => writeln!(f, "  completed              {}", long(d))?,
            None => writeln!(f, "  completed              no")?,
        }
        writeln!(f, "  business days late     {}", self.days_late)?;
        // Once certs and TBTs are complete the ladder stops: the last step that fell due is
        // the step reached before completing (DECISIONS.md), not a current one.
        let label = if self.completed {
            "step before completing"
        } else {
            "current step          "
        };
        match &self.current_step {
            Some(s) => writeln!(f, "  {label} {} (due {})", s.name, long(s.date))?,
            None => writeln!(f, "  {label} none")?,
        }
        match &self.next_step {
            Some(s) => writeln!(f, "  next step              {} on {}", s.name, long(s.date))?,
            None => writeln!(f, "  next step              none")?,
        }
        if let Some(c) = &self.counterfactual {
            writeln!(f, "  to avoid it            {c}")?;
        }
        writeln!(f, "why:")?;
        for r in &self.reasons {
            writeln!(f, "  - {r}")?;
        }
        write!(f, "policy: {}", self.policy)
    }
}
/// An agent's escalation status as of `as_of`, with the time certs and TBTs were completed
/// if they were. See the [module docs](super) for when a step is due.
///
/// # Errors
///
/// As [`timeline`]; [`Error::InvalidDate`] for an as-of or completion moment outside the
/// calendar's range ([`Moment::in_zone`]); [`Error::InvalidInput`] for a completion before
/// the start.
///
/// ```
/// use care_core::escalation::{self, Moment};
/// use care_core::{Calendar, EscalationPolicy};
/// use jiff::civil::date;
/// let cal = Calendar::by_name("us-federal", "America/New_York")?;
/// let p = EscalationPolicy::default();
/// let as_of = Moment::Date(date(2026, 7, 8)); // day 4 (July 3rd is a holiday)
/// let s = escalation::status(date(2026, 7, 2), &as_of, None, &cal, &[], &p)?;
/// assert_eq!(s.current_step.unwrap().id, "coaching");
/// let late = Moment::Date(date(9999, 12, 31));
/// assert!(escalation::status(date(2026, 7, 2), &late, None, &cal, &[], &p).is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn status(
    start: Date,
    as_of: &Moment,
    completed: Option<&Moment>,
    calendar: &Calendar,
    excused: &[Excused],
    policy: &EscalationPolicy,
) -> Result<Status> {
    let tl = timeline(start, calendar, excused, policy)?;
    let days = Days::new(calendar, start, excused)?;
    let as_of_z = as_of.in_zone(calendar)?;
    let as_of_date = as_of_z.date();
    let mut reasons = Vec::new();
    let day = days.number(as_of_date)?;
    reasons.push(Reason::new(
        rule::ESCALATION_DAY,
        as_of.to_string(),
        if day == 0 {
            format!(
                "{as_of_date} is before post-training day 1, {}",
                long(tl.day1)
            )
        } else {
            format!("{as_of_date} is in post-training day {day}")
        },
    ));
    // The completion, if it happened by the as-of moment.
    let mut completed_on = None;
    if let Some(c) = completed {
        let cz = c.in_zone(calendar)?;
        if cz.date() < start {
            return Err(Error::invalid_input(format!(
                "the completion {c} is before the start {start}; certs and TBTs cannot be completed before the agent starts"
            )));
        }
        if cz.timestamp() <= as_of_z.timestamp() {
            completed_on = Some(cz.date());
        } else {
            reasons.push(Reason::new(
                rule::ESCALATION_COMPLETED,
                c.to_string(),
                format!("the completion at {c} is after the as-of time, so it does not count yet"),
            ));
        }
    }
    let effective = completed_on.unwrap_or(as_of_date);
    let effective_day = days.number(effective)?;
    let n = policy.budgets.combined_business_days;
    let days_late = effective_day.saturating_sub(n);
    if let Some(cd) = completed_on {
        let done_day = effective_day.max(1);
        reasons.push(Reason::new(
            rule::ESCALATION_COMPLETED,
            cd.to_string(),
            if days_late == 0 {
                format!(
                    "certs and TBTs were completed on {} (day {done_day}), within the expected {n} business days; the ladder stops",
                    long(cd)
                )
            } else {
                format!(
                    "certs and TBTs were completed on {} (day {done_day}), {days_late} business day(s) late; the ladder stops there",
                    long(cd)
                )
            },
        ));
    } else if days_late > 0 {
        reasons.push(Reason::new(
            rule::ESCALATION_LATE,
            as_of_date.to_string(),
            format!(
                "certs and TBTs are not complete {days_late} business day(s) after the expected completion, {}",
                long(tl.expected_completion)
            ),
        ));
    }
    let due = policy
        .steps
        .iter()
        .take_while(|s| s.day <= effective_day)
        .count();
    let current_step = due.checked_sub(1).and_then(|i| tl.steps.get(i)).cloned();
    let next_step = if completed_on.is_some() {
        None
    } else {
        tl.steps.get(due).cloned()
    };
    for s in tl.steps.iter().take(due) {
        let last = tl.steps.len() == due && Some(s) == current_step.as_ref();
        reasons.push(Reason::new(
            rule::ESCALATION_STEP,
            s.id.clone(),
            format!(
                "{} fell due on day {}, {}, because certs and TBTs were not complete by then{}",
                s.name,
                s.day,
                long(s.date),
                if last {
                    "; this is a flag for a person to review, care-core never decides termination"
                } else {
                    ""
                }
            ),
        ));
    }
    if let Some(s) = &next_step {
        reasons.push(Reason::new(
            rule::ESCALATION_STEP,
            s.id.clone(),
            format!(
                "if still not complete, {} is due on day {}, {}",
                s.name,
                s.day,
                long(s.date)
            ),
        ));
    }
    if let Some(cd) = completed_on {
        if let Some(s) = tl.steps.get(due) {
            reasons.push(Reason::new(
                rule::ESCALATION_STEP,
                s.id.clone(),
                format!(
                    "{} (day {}, {}) never happens: completion on {cd} came before it",
                    s.name,
                    s.day,
                    long(s.date)
                ),
            ));
        }
    }
    for r in tl
        .reasons
        .iter()
        .filter(|r| r.rule == rule::ESCALATION_EXCUSED)
    {
        reasons.push(r.clone());
    }
    let counterfactual = match &next_step {
        Some(s) => {
            // The last business day before the step's (its post-training number is below
            // the step's day), or the as-of date when no business day is left before it.
            let mut d = s.date;
            let mut by = as_of_date;
            while let Ok(y) = d.yesterday() {
                if y < as_of_date {
                    break;
                }
                d = y;
                if calendar.is_business_day(y)? && days.number(y)? < s.day {
                    by = y;
                    break;
                }
            }
            let d = by;
            Some(crate::counterfactual::escalation(
                d,
                &s.id,
                &s.name,
                u8::try_from(due + 1).unwrap_or(u8::MAX),
            ))
        }
        None => None,
    };
    Ok(Status {
        counterfactual,
        start,
        as_of: as_of_date,
        as_of_time: as_of.has_time().then(|| as_of_z.time()),
        day,
        expected_completion: tl.expected_completion,
        completed: completed_on.is_some(),
        completed_on,
        days_late,
        current_step,
        step_code: u8::try_from(due).unwrap_or(u8::MAX),
        next_step,
        reasons,
        policy: tl.policy,
    })
}

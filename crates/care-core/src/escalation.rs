//! The escalation ladder and the working-time budgets of call certification.
//!
//! An agent's post-training **day 1** is the first business day on or after their start
//! date (a start on a weekend or holiday rolls forward). Days are counted in business days of
//! a [`Calendar`]; each [`Excused`] business day (an equipment or IT issue, an approved
//! absence) does not count, so it pushes day 1 (if it is day 1) and every later step back by
//! exactly one business day, and its reason is kept.
//!
//! With the default [`EscalationPolicy`]: call certs and TBTs are expected to be complete by
//! the end of day 2; when they are not, documented coaching is due on day 4 (after 3 full
//! days), a written CAP on day 5, a final CAP on day 6 and a termination review on day 7.
//! The termination review is a flag for a person: care-core never decides termination.
//!
//! # When a step is due
//!
//! A step is due from the **start** of its business day (midnight in the site's time zone).
//! A completion at any time before that start means the step never happens; a completion
//! later on the due day still leaves that step due (the agent had not finished "after N full
//! days"). An as-of **date** without a time means the end of that day, so a completion
//! anywhere on that date counts as done; a date-only completion means the end of its day.
//!
//! # Budgets
//!
//! [`cert_session_budget`] and [`tbt_budget`] measure real elapsed time between two instants
//! (timestamp difference), so a session across a daylight-saving change is measured
//! correctly; [`combined_budget`] counts post-training business days used.
//!
//! # Batch
//!
//! [`escalation_steps`] computes the [`StepCode`] of millions of agents as of one date from
//! start dates given as days since 1970-01-01, without allocating per agent. It applies the
//! same rule as [`status`] for an agent with no excused days and no completion.

use crate::calendar::{epoch_day, Calendar};
use crate::error::{Error, Problem, Result};
use crate::explain::rule;
use crate::explain::{PolicyRef, Reason};
use jiff::civil::{Date, DateTime, Time};
use jiff::{Timestamp, Zoned};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

mod excused_days;
pub use excused_days::ExcusedDays;

/// The default id of the escalation policy.
pub const POLICY_ID: &str = "care.escalation";

/// The longest ladder: step codes are bytes and 255 is [`StepCode::OutOfRange`].
pub const MAX_STEPS: usize = 254;

/// One step of the escalation ladder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// A stable id, e.g. `"coaching"`.
    pub id: String,
    /// What is delivered, for people, e.g. `"documented coaching"`.
    pub name: String,
    /// The post-training business day it is due on (day 1 is the first).
    pub day: u32,
}

impl Step {
    fn new(id: &str, name: &str, day: u32) -> Step {
        Step {
            id: id.to_string(),
            name: name.to_string(),
            day,
        }
    }
}

/// The working-time budgets of certification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Budgets {
    /// Hours a call-cert session may take from the certifier's connection; default 4.
    pub cert_session_hours: f64,
    /// Hours the TBTs may take; default 8.
    pub tbt_hours: f64,
    /// Post-training business days certs and TBTs may take together; default 2. The end of
    /// this day is also the expected completion.
    pub combined_business_days: u32,
}

impl Default for Budgets {
    fn default() -> Budgets {
        Budgets {
            cert_session_hours: 4.0,
            tbt_hours: 8.0,
            combined_business_days: 2,
        }
    }
}

/// The escalation policy: the ladder's steps and the budgets. Every field has the
/// documents' value as its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct EscalationPolicy {
    /// The policy's id; default `care.escalation`.
    pub id: String,
    /// The policy's version; default `1`.
    pub version: String,
    /// The ladder, in order of day; default coaching (day 4), written CAP (5), final CAP (6),
    /// termination review (7).
    pub steps: Vec<Step>,
    /// The time budgets.
    pub budgets: Budgets,
}

impl Default for EscalationPolicy {
    fn default() -> EscalationPolicy {
        EscalationPolicy {
            id: POLICY_ID.to_string(),
            version: "1".to_string(),
            steps: vec![
                Step::new("coaching", "documented coaching", 4),
                Step::new("written-cap", "written CAP", 5),
                Step::new("final-cap", "final CAP", 6),
                Step::new("termination-review", "termination review", 7),
            ],
            budgets: Budgets::default(),
        }
    }
}

crate::policy::loadable!(
    EscalationPolicy,
    "an escalation policy (fields left out keep the documents' values)"
);

impl EscalationPolicy {
    /// Checks the policy and returns every problem found.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        if self.id.trim().is_empty() {
            problems.push(Problem::new("id", "must not be empty"));
        }
        if self.version.trim().is_empty() {
            problems.push(Problem::new("version", "must not be empty"));
        }
        if self.steps.len() > MAX_STEPS {
            problems.push(Problem::new(
                "steps",
                format!("{} steps is more than {MAX_STEPS}", self.steps.len()),
            ));
        }
        let b = &self.budgets;
        for (place, h) in [
            ("budgets.cert_session_hours", b.cert_session_hours),
            ("budgets.tbt_hours", b.tbt_hours),
        ] {
            if !(h.is_finite() && h > 0.0 && h <= 8784.0) {
                problems.push(Problem::new(
                    place,
                    format!("{h} is not a number of hours above 0 and at most 8784"),
                ));
            }
        }
        if !(1..=10_000).contains(&b.combined_business_days) {
            problems.push(Problem::new(
                "budgets.combined_business_days",
                format!("{} is outside 1..=10000", b.combined_business_days),
            ));
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut previous: Option<u32> = None;
        for (i, s) in self.steps.iter().enumerate() {
            if s.id.trim().is_empty() {
                problems.push(Problem::new(format!("steps[{i}].id"), "must not be empty"));
            } else if seen.contains(&s.id.as_str()) {
                problems.push(Problem::new(
                    format!("steps[{i}].id"),
                    format!("duplicate id {:?}", s.id),
                ));
            } else {
                seen.push(&s.id);
            }
            if s.name.trim().is_empty() {
                problems.push(Problem::new(
                    format!("steps[{i}].name"),
                    "must not be empty",
                ));
            }
            if s.day <= b.combined_business_days || s.day > 10_000 {
                problems.push(Problem::new(
                    format!("steps[{i}].day"),
                    format!(
                        "{} must be after the expected completion (day {}) and at most 10000",
                        s.day, b.combined_business_days
                    ),
                ));
            }
            if let Some(p) = previous {
                if s.day <= p {
                    problems.push(Problem::new(
                        format!("steps[{i}].day"),
                        format!("{} must be later than the step before (day {p})", s.day),
                    ));
                }
            }
            previous = Some(s.day);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidPolicy {
                policy: self.id.clone(),
                problems,
            })
        }
    }

    /// The [`PolicyRef`] outcomes carry.
    pub fn policy_ref(&self) -> PolicyRef {
        PolicyRef {
            id: self.id.clone(),
            version: self.version.clone(),
        }
    }
}

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

fn long(d: Date) -> String {
    d.strftime("%a %Y-%m-%d").to_string()
}

/// A point in time as the rules take it: a date (meaning the end of that day), a civil date
/// and time in the site's time zone, an instant with an offset, or a zoned date-time.
///
/// Parsed from text with [`FromStr`]: `2026-07-09`, `2026-07-09T10:30`,
/// `2026-07-09T14:30:00Z`, `2026-07-09T10:30-04:00[America/New_York]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(try_from = "String", into = "String")]
pub enum Moment {
    /// A whole day: the end of it, in the site's time zone.
    Date(Date),
    /// A civil date and time in the site's time zone.
    DateTime(DateTime),
    /// An instant.
    Timestamp(Timestamp),
    /// A zoned date-time (converted to the site's time zone).
    Zoned(Zoned),
}

impl Moment {
    /// This moment as a zoned date-time in `calendar`'s time zone; a date is the last
    /// nanosecond of that day.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDate`] for a moment whose date is outside the calendar's supported
    /// range ([`FIRST_SUPPORTED`](crate::calendar::FIRST_SUPPORTED) to
    /// [`LAST_SUPPORTED`](crate::calendar::LAST_SUPPORTED)): the same message as every other
    /// date out of range, never a time-zone library's overflow.
    ///
    /// ```
    /// use care_core::escalation::Moment;
    /// use care_core::Calendar;
    /// let cal = Calendar::by_name("none", "UTC")?;
    /// let m: Moment = "9999-12-31".parse()?;
    /// assert_eq!(
    ///     m.in_zone(&cal).unwrap_err().to_string(),
    ///     "invalid date \"9999-12-31\": the date is outside the calendar's supported range 1900-01-01 to 2200-12-31"
    /// );
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn in_zone(&self, calendar: &Calendar) -> Result<Zoned> {
        use crate::calendar::{FIRST_SUPPORTED, LAST_SUPPORTED};
        let civil = match self {
            Moment::Date(d) => Some(*d),
            Moment::DateTime(dt) => Some(dt.date()),
            Moment::Timestamp(_) | Moment::Zoned(_) => None,
        };
        let out = || crate::calendar::out_of_range(&self.to_string(), "the date");
        if civil.is_some_and(|d| !(FIRST_SUPPORTED..=LAST_SUPPORTED).contains(&d)) {
            return Err(out());
        }
        let tz = calendar.time_zone().clone();
        let r = match self {
            Moment::Date(d) => d.at(23, 59, 59, 999_999_999).to_zoned(tz),
            Moment::DateTime(dt) => dt.to_zoned(tz),
            Moment::Timestamp(t) => Ok(t.to_zoned(tz)),
            Moment::Zoned(z) => Ok(z.with_time_zone(tz)),
        };
        let z = r.map_err(|e| Error::invalid_date(self.to_string(), e.to_string()))?;
        if !(FIRST_SUPPORTED..=LAST_SUPPORTED).contains(&z.date()) {
            return Err(out());
        }
        Ok(z)
    }

    /// The time of day, if the moment has one.
    fn has_time(&self) -> bool {
        !matches!(self, Moment::Date(_))
    }
}

impl FromStr for Moment {
    type Err = Error;
    fn from_str(s: &str) -> Result<Moment> {
        let s = s.trim();
        if let Ok(z) = s.parse::<Zoned>() {
            return Ok(Moment::Zoned(z));
        }
        if let Ok(t) = s.parse::<Timestamp>() {
            return Ok(Moment::Timestamp(t));
        }
        if s.len() > 10 {
            if let Ok(dt) = s.parse::<DateTime>() {
                return Ok(Moment::DateTime(dt));
            }
        }
        s.parse::<Date>().map(Moment::Date).map_err(|e| {
            Error::invalid_date(
                crate::suggest::clip(s),
                format!(
                    "expected a date like 2026-07-09 or a date and time like 2026-07-09T10:30 ({e})"
                ),
            )
        })
    }
}

impl TryFrom<String> for Moment {
    type Error = Error;
    fn try_from(s: String) -> Result<Moment> {
        s.parse()
    }
}

impl From<Moment> for String {
    fn from(m: Moment) -> String {
        m.to_string()
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Moment::Date(d) => write!(f, "{d}"),
            Moment::DateTime(dt) => write!(f, "{dt}"),
            Moment::Timestamp(t) => write!(f, "{t}"),
            Moment::Zoned(z) => write!(f, "{z}"),
        }
    }
}

impl From<Date> for Moment {
    fn from(d: Date) -> Moment {
        Moment::Date(d)
    }
}
impl From<DateTime> for Moment {
    fn from(d: DateTime) -> Moment {
        Moment::DateTime(d)
    }
}
impl From<Zoned> for Moment {
    fn from(z: Zoned) -> Moment {
        Moment::Zoned(z)
    }
}
impl From<Timestamp> for Moment {
    fn from(t: Timestamp) -> Moment {
        Moment::Timestamp(t)
    }
}

/// The escalation step codes of [`escalation_steps`] and [`Status::step_code`].
///
/// A code is the number of the ladder's steps that are due, i.e. the 1-based position of the
/// current step in [`EscalationPolicy::steps`]; the names are those of the default ladder.
/// 255 marks an agent whose start date is outside the calendar's range.
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

/// Counting of post-training days for one agent: business days from the raw day 1, minus
/// excused business days.
struct Days<'a> {
    calendar: &'a Calendar,
    /// The first business day on or after the start.
    raw_day1: Date,
    /// Excused business days on or after `raw_day1`, sorted, unique.
    excused: Vec<Date>,
}

impl<'a> Days<'a> {
    fn new(calendar: &'a Calendar, start: Date, excused: &[Excused]) -> Result<Days<'a>> {
        let raw_day1 = calendar.roll_forward(start)?;
        let mut days = Vec::new();
        for e in excused {
            if e.date >= raw_day1 && calendar.is_business_day(e.date)? {
                days.push(e.date);
            }
        }
        days.sort_unstable();
        days.dedup();
        Ok(Days {
            calendar,
            raw_day1,
            excused: days,
        })
    }

    /// The date of post-training day `n` (n >= 1).
    fn date(&self, n: u32) -> Result<Date> {
        let mut d = self
            .calendar
            .add_business_days(self.raw_day1, i64::from(n.max(1)) - 1)?;
        for e in &self.excused {
            if *e <= d {
                d = self.calendar.add_business_days(d, 1)?;
            }
        }
        Ok(d)
    }

    /// The post-training day number of `date`: counted days on or before it (0 before day 1).
    fn number(&self, date: Date) -> Result<u32> {
        let through = self.calendar.business_days_between(self.raw_day1, date)?
            + i64::from(self.calendar.is_business_day(date)?);
        let excused = self.excused.iter().take_while(|e| **e <= date).count() as i64;
        Ok(u32::try_from((through - excused).max(0)).unwrap_or(u32::MAX))
    }
}

/// The post-training day `date` is in for an agent who started on `start` (0 before day 1;
/// excused business days do not count): [`Status::day`] without the timeline and reasons,
/// for callers that rank many agents (the morning pairing).
pub(crate) fn post_training_day(
    start: Date,
    date: Date,
    calendar: &Calendar,
    excused: &[Excused],
) -> Result<u32> {
    Days::new(calendar, start, excused)?.number(date)
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
    let mut applied = Vec::new();
    for e in excused {
        let (rule_msg, used) = if days.excused.contains(&e.date) {
            if applied.iter().any(|a: &Excused| a.date == e.date) {
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

/// An agent's escalation status as of `as_of`, with the time certs and TBTs were completed
/// if they were. See the [module docs](self) for when a step is due.
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

/// The [`StepCode`] byte of each agent as of `as_of`, from start dates given as days since
/// 1970-01-01 (numpy `datetime64[D]`, a JS `Int32Array`). No excused days, no completion:
/// the same answer as [`status`] for such an agent. `out` must be as long as `starts`.
///
/// Constant time per agent and no allocation per agent.
pub fn escalation_steps(
    starts: &[i32],
    as_of: Date,
    calendar: &Calendar,
    policy: &EscalationPolicy,
    out: &mut [u8],
) -> Result<()> {
    let w = batch_setup(starts.len(), out.len(), as_of, calendar, policy)?;
    for (s, o) in starts.iter().zip(out.iter_mut()) {
        *o = w.code(i64::from(*s));
    }
    Ok(())
}

/// [`escalation_steps`] for start dates as 64-bit days since 1970-01-01 (numpy's
/// `datetime64[D]` as `int64`, a JS `BigInt64Array`).
pub fn escalation_steps_i64(
    starts: &[i64],
    as_of: Date,
    calendar: &Calendar,
    policy: &EscalationPolicy,
    out: &mut [u8],
) -> Result<()> {
    let w = batch_setup(starts.len(), out.len(), as_of, calendar, policy)?;
    for (s, o) in starts.iter().zip(out.iter_mut()) {
        *o = w.code(*s);
    }
    Ok(())
}

/// The step code of every start day, precomputed for one as-of date: every start on or
/// before `lo` has the top code, every start after the as-of date has 0, and the few days in
/// between are looked up in `codes` (`codes[0]` is `lo`'s code).
struct Window {
    first: i64,
    last: i64,
    lo: i64,
    codes: Vec<u8>,
}

impl Window {
    #[inline(always)]
    fn code(&self, start: i64) -> u8 {
        if start < self.first || start > self.last {
            return StepCode::OutOfRange as u8;
        }
        let i = (start - self.lo).clamp(0, self.codes.len() as i64 - 1) as usize;
        self.codes.get(i).copied().unwrap_or(0)
    }
}

/// Checks the inputs and precomputes the [`Window`] for `as_of`.
fn batch_setup(
    starts: usize,
    out: usize,
    as_of: Date,
    calendar: &Calendar,
    policy: &EscalationPolicy,
) -> Result<Window> {
    policy.validate()?;
    if starts != out {
        return Err(Error::invalid_input(format!(
            "the output has {out} places for {starts} start dates; give one place per agent"
        )));
    }
    let as_of_day = epoch_day(as_of);
    let as_of_rank = calendar.rank_inclusive_epoch(as_of_day).ok_or_else(|| {
        Error::invalid_date(
            as_of.to_string(),
            format!(
                "the as-of date is outside the calendar's supported range {} to {}",
                crate::calendar::FIRST_SUPPORTED,
                crate::calendar::LAST_SUPPORTED
            ),
        )
    })?;
    let max_day = policy.steps.last().map_or(0, |s| s.day);
    let top = u8::try_from(policy.steps.len()).unwrap_or(u8::MAX);
    let code_of = |rank: u32| -> u8 {
        let day = as_of_rank.saturating_sub(rank);
        let due = policy.steps.iter().take_while(|s| s.day <= day).count();
        u8::try_from(due).unwrap_or(u8::MAX)
    };
    let first = i64::from(epoch_day(crate::calendar::FIRST_SUPPORTED));
    let last = i64::from(epoch_day(crate::calendar::LAST_SUPPORTED));
    // Starts whose rank is at most as_of_rank - max_day have reached the last step; the
    // business day with that rank bounds the window below.
    let lo = as_of_rank
        .checked_sub(max_day)
        .and_then(|r| calendar.business_day_epoch(r))
        .map_or(first, i64::from);
    let hi = i64::from(as_of_day) + 1; // the first day with code 0 for sure
    let mut codes = Vec::with_capacity(usize::try_from(hi - lo + 1).unwrap_or(0));
    for day in lo..=hi {
        let code = match i32::try_from(day).ok().and_then(|d| calendar.rank_epoch(d)) {
            Some(r) => code_of(r),
            None if day > last => 0,
            None => top,
        };
        codes.push(code);
    }
    Ok(Window {
        first,
        last,
        lo,
        codes,
    })
}

// ---------------------------------------------------------------------------------------
// Budgets

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

#[cfg(test)]
mod tests;

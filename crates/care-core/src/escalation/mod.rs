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

use crate::calendar::Calendar;
use crate::error::Result;
use jiff::civil::Date;

/// The default id of the escalation policy.
pub const POLICY_ID: &str = "care.escalation";

/// The longest ladder: step codes are bytes and 255 is [`StepCode::OutOfRange`].
pub const MAX_STEPS: usize = 254;

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

fn long(d: Date) -> String {
    d.strftime("%a %Y-%m-%d").to_string()
}

mod batch;
mod budget;
mod current;
mod excused_days;
mod ladder;
mod moment;
mod policy;
#[cfg(test)]
mod tests;

pub use batch::{escalation_steps, escalation_steps_i64};
pub use budget::{
    cert_session_budget, combined_budget, tbt_budget, BudgetCheck, BudgetKind, BudgetUnit,
};
pub use current::{status, Status, StepCode};
pub use excused_days::ExcusedDays;
pub use ladder::{timeline, Excused, StepDue, Timeline};
pub use moment::Moment;
pub use policy::{Budgets, EscalationPolicy, Step};

//! The step codes of many agents as of one date, from start dates as day numbers: constant
//! time and no allocation per agent.

use super::{EscalationPolicy, StepCode};
use crate::calendar::{epoch_day, Calendar};
use crate::error::{Error, Result};
use jiff::civil::Date;

/// The [`StepCode`] byte of each agent as of `as_of`, from start dates given as days since
/// 1970-01-01 (numpy `datetime64[D]`, a JS `Int32Array`). No excused days, no completion:
/// the same answer as [`status`] for such an agent. `out` must be as long as `starts`.
///
/// Constant time per agent and no allocation per agent.
///
/// [`status`]: super::status
pub fn escalation_steps(
    starts: &[i32],
    as_of: Date,
    calendar: &Calendar,
    policy: &EscalationPolicy,
    out: &mut [u8],
) -> Result<()> {
    fill(starts, as_of, calendar, policy, out)
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
    fill(starts, as_of, calendar, policy, out)
}

/// The loop of [`escalation_steps`] and [`escalation_steps_i64`]: `out[i]` is the code of the
/// agent who started on day `starts[i]`.
fn fill<T: Copy + Into<i64>>(
    starts: &[T],
    as_of: Date,
    calendar: &Calendar,
    policy: &EscalationPolicy,
    out: &mut [u8],
) -> Result<()> {
    let w = batch_setup(starts.len(), out.len(), as_of, calendar, policy)?;
    for (&s, o) in starts.iter().zip(out.iter_mut()) {
        *o = w.code(s.into());
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

//! Business-day calendars: working weekdays, holidays and the site's time zone.
//!
//! A [`Calendar`] answers "is this a business day?", "which business day is n business days
//! from this date?" and "how many business days lie between these dates?" in constant time:
//! when it is built it precomputes, for every day from [`FIRST_SUPPORTED`] to
//! [`LAST_SUPPORTED`], a bitmap of business days, the number of business days before each
//! 64-day block and each month, and the list of business days in order (as day numbers and
//! as dates). Building takes a few milliseconds; the tables take about 700 KiB, shared
//! behind an `Arc`, so a calendar is cheap to clone and `Send + Sync`. There is no global
//! state: build a calendar and pass it.
//!
//! # Conventions
//!
//! - [`Calendar::add_business_days`] first rolls a non-business day forward, then moves `n`
//!   business days (negative `n` moves back); `n = 0` is [`Calendar::roll_forward`]. This is
//!   numpy's `busday_offset(..., roll="forward")`.
//! - [`Calendar::business_days_between`] counts the business days in the half-open range
//!   `[a, b)`: `a` counts, `b` does not; it is negative when `b < a`. The two agree:
//!   `business_days_between(d, add_business_days(d, n)) == n` for every date and `n`.
//! - Dates outside the supported range give [`Error::InvalidDate`], never a panic.
//!
//! # Holidays
//!
//! Holidays are explicit dates, the built-in US federal calendar ([`us_federal_holidays`]),
//! or both. The federal calendar uses today's rules (5 U.S.C. 6103) for every year, with
//! Martin Luther King Jr. Day from 1986 and Juneteenth from 2021; a holiday on a Saturday is
//! observed the Friday before (New Year's Day on a Saturday: December 31 of the year before),
//! on a Sunday the Monday after. Both the day itself and its observed day are holidays.

use crate::error::Error;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The first date a calendar covers: 1900-01-01.
pub const FIRST_SUPPORTED: Date = jiff::civil::date(1900, 1, 1);
/// The last date a calendar covers: 2200-12-31.
pub const LAST_SUPPORTED: Date = jiff::civil::date(2200, 12, 31);

/// The names of the built-in calendars accepted by [`Calendar::by_name`] and
/// [`CalendarSpec::builtin`].
pub const BUILTIN_NAMES: [&str; 2] = ["none", "us-federal"];
/// A business-day calendar with precomputed tables. See the [module docs](self).
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(try_from = "CalendarSpec", into = "CalendarSpec")]
pub struct Calendar {
    inner: Arc<Inner>,
}

struct Inner {
    spec: CalendarSpec,
    time_zone: TimeZone,
    table: Table,
}

/// The precomputed tables. Day indexes count from [`FIRST_SUPPORTED`].
struct Table {
    /// Epoch day (days since 1970-01-01) of [`FIRST_SUPPORTED`].
    first: i32,
    /// Number of days covered.
    len: i32,
    /// Bit `i % 64` of word `i / 64` is set when day `i` is a business day.
    bits: Vec<u64>,
    /// Business days before word `w`'s first day.
    block_rank: Vec<u32>,
    /// The epoch day of every business day, in order: `business[r]` has rank `r`.
    business: Vec<i32>,
    /// The same days as dates, so that date arithmetic needs no conversion on the way out.
    business_dates: Vec<Date>,
    /// One entry per month from [`FIRST_SUPPORTED`]'s January, at index
    /// `(year - first year) * 12 + month - 1`: a date's rank is its month's rank plus the
    /// business days before it in the month, with no conversion to a day number.
    months: Vec<Month>,
}

/// A month of the table.
#[derive(Debug, Clone, Copy, Default)]
struct Month {
    /// Business days before the month's first day.
    rank: u32,
    /// Bit `d - 1` is set when day `d` of the month is a business day.
    bits: u32,
    /// `before[d - 1]`: business days of the month before day `d` (a lookup, not a popcount,
    /// which the baseline x86-64 target has no instruction for).
    before: [u8; 32],
}

impl Table {
    /// One pass over the covered days, month by month: the weekday and the date advance by
    /// counting, so no day needs a division or a date conversion.
    fn build(working: [bool; 7], holidays: &[i32]) -> Table {
        let first = epoch_day(FIRST_SUPPORTED);
        let len = epoch_day(LAST_SUPPORTED) - first + 1;
        let words = (len as usize).div_ceil(64);
        let (y0, y1) = (FIRST_SUPPORTED.year(), LAST_SUPPORTED.year());
        let mut bits = vec![0u64; words];
        let working_days = working.iter().filter(|w| **w).count();
        let capacity = len as usize * working_days / 7 + 64;
        let mut business = Vec::with_capacity(capacity);
        let mut business_dates = Vec::with_capacity(capacity);
        let mut months = Vec::with_capacity(usize::try_from(y1 - y0 + 1).unwrap_or(0) * 12);
        let mut sorted: Vec<i32> = holidays.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut next_holiday = sorted.iter().copied().peekable();
        let mut weekday = weekday_monday_zero(first) as usize;
        let (mut index, mut rank) = (0u32, 0u32);
        for year in y0..=y1 {
            for month in 1..=12i8 {
                let mut entry = Month {
                    rank,
                    ..Month::default()
                };
                let mut count = 0u8;
                for day in 1..=days_in_month(year, month) {
                    let epoch = first + index as i32;
                    while next_holiday.next_if(|h| *h < epoch).is_some() {}
                    let holiday = next_holiday.peek() == Some(&epoch);
                    if let Some(slot) = entry.before.get_mut(day as usize - 1) {
                        *slot = count;
                    }
                    if working.get(weekday).copied().unwrap_or(false) && !holiday {
                        if let Some(w) = bits.get_mut((index / 64) as usize) {
                            *w |= 1u64 << (index % 64);
                        }
                        entry.bits |= 1 << (day - 1);
                        count += 1;
                        business.push(epoch);
                        business_dates.push(Date::new(year, month, day).unwrap_or(FIRST_SUPPORTED));
                    }
                    weekday = if weekday == 6 { 0 } else { weekday + 1 };
                    index += 1;
                }
                rank += u32::from(count);
                months.push(entry);
            }
        }
        let mut block_rank = Vec::with_capacity(words);
        let mut acc = 0u32;
        for w in &bits {
            block_rank.push(acc);
            acc += w.count_ones();
        }
        Table {
            first,
            len,
            bits,
            block_rank,
            business,
            business_dates,
            months,
        }
    }

    /// The month entry of `date` and its day of month from 0, if covered.
    #[inline(always)]
    fn month_of(&self, date: Date) -> Option<(&Month, u32)> {
        let ym = (i32::from(date.year()) - i32::from(FIRST_SUPPORTED.year())) * 12
            + i32::from(date.month())
            - 1;
        let m = usize::try_from(ym)
            .ok()
            .and_then(|ym| self.months.get(ym))?;
        Some((m, (date.day() - 1) as u32 & 31))
    }

    /// Business days before `date`, if covered: no day number, one table entry.
    #[inline(always)]
    fn rank_of_date(&self, date: Date) -> Option<u32> {
        let (m, d) = self.month_of(date)?;
        Some(m.rank + u32::from(m.before.get(d as usize).copied().unwrap_or(0)))
    }

    /// The index of `day` in the table, if covered.
    #[inline(always)]
    fn index(&self, day: i32) -> Option<u32> {
        let i = day.wrapping_sub(self.first);
        if i >= 0 && i < self.len {
            Some(i as u32)
        } else {
            None
        }
    }

    /// Whether the covered day at `index` is a business day.
    #[inline(always)]
    fn is_business(&self, index: u32) -> bool {
        self.bits
            .get((index / 64) as usize)
            .is_some_and(|w| w >> (index % 64) & 1 == 1)
    }

    /// Business days before the covered day at `index`.
    #[inline(always)]
    fn rank(&self, index: u32) -> u32 {
        let w = (index / 64) as usize;
        let (Some(bits), Some(base)) = (self.bits.get(w), self.block_rank.get(w)) else {
            return 0;
        };
        let mask = (1u64 << (index % 64)).wrapping_sub(1);
        base + (bits & mask).count_ones()
    }

    /// Business days on or before the covered day at `index`.
    #[inline(always)]
    fn rank_inclusive(&self, index: u32) -> u32 {
        self.rank(index) + u32::from(self.is_business(index))
    }
}
fn in_range(date: Date) -> bool {
    (FIRST_SUPPORTED..=LAST_SUPPORTED).contains(&date)
}

#[cold]
#[inline(never)]
fn date_out_of_range(date: Date) -> Error {
    out_of_range(&date.to_string(), "the date")
}

pub(crate) fn out_of_range(input: &str, what: &str) -> Error {
    Error::invalid_date(
        input,
        format!(
            "{what} is outside the calendar's supported range {FIRST_SUPPORTED} to {LAST_SUPPORTED}"
        ),
    )
}

mod business;
mod days;
mod federal;
mod spec;
#[cfg(test)]
mod tests;

pub use days::{date_from_epoch_day, epoch_day};
pub use federal::{time_zone, us_federal_holidays};
pub use spec::{CalendarSpec, Holiday, Weekday};

use days::{date_of, days_in_month, weekday_monday_zero};
use federal::{builtin, Builtin};

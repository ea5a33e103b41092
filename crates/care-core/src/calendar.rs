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

use crate::error::{Error, Result};
use jiff::civil::{Date, Weekday as JiffWeekday};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// The first date a calendar covers: 1900-01-01.
pub const FIRST_SUPPORTED: Date = jiff::civil::date(1900, 1, 1);
/// The last date a calendar covers: 2200-12-31.
pub const LAST_SUPPORTED: Date = jiff::civil::date(2200, 12, 31);

/// The names of the built-in calendars accepted by [`Calendar::by_name`] and
/// [`CalendarSpec::builtin`].
pub const BUILTIN_NAMES: [&str; 2] = ["none", "us-federal"];

/// A day of the week, as written in calendar files (`"monday"`, or `"mon"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    /// Monday.
    #[serde(alias = "mon")]
    Monday,
    /// Tuesday.
    #[serde(alias = "tue")]
    Tuesday,
    /// Wednesday.
    #[serde(alias = "wed")]
    Wednesday,
    /// Thursday.
    #[serde(alias = "thu")]
    Thursday,
    /// Friday.
    #[serde(alias = "fri")]
    Friday,
    /// Saturday.
    #[serde(alias = "sat")]
    Saturday,
    /// Sunday.
    #[serde(alias = "sun")]
    Sunday,
}

impl Weekday {
    /// Monday to Friday, the default working week.
    pub const MONDAY_TO_FRIDAY: [Weekday; 5] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
    ];

    /// 0 for Monday to 6 for Sunday.
    pub fn monday_zero(self) -> u8 {
        self as u8
    }

    /// The same day as jiff's type.
    pub fn to_jiff(self) -> JiffWeekday {
        match self {
            Weekday::Monday => JiffWeekday::Monday,
            Weekday::Tuesday => JiffWeekday::Tuesday,
            Weekday::Wednesday => JiffWeekday::Wednesday,
            Weekday::Thursday => JiffWeekday::Thursday,
            Weekday::Friday => JiffWeekday::Friday,
            Weekday::Saturday => JiffWeekday::Saturday,
            Weekday::Sunday => JiffWeekday::Sunday,
        }
    }
}

/// A calendar as data: what a TOML or JSON file says. Every field has a default, so a file
/// only names what it changes.
///
/// ```toml
/// builtin = "us-federal"
/// time_zone = "America/New_York"
/// holidays = ["2026-12-24"]
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CalendarSpec {
    /// The working weekdays; default Monday to Friday.
    pub weekdays: Vec<Weekday>,
    /// Extra holidays, as dates. Dates outside the supported range are ignored.
    pub holidays: Vec<Date>,
    /// A built-in holiday calendar: `"us-federal"` or `"none"`; default none.
    pub builtin: Option<String>,
    /// The site's IANA time zone, e.g. `"America/New_York"`; default `"UTC"`.
    pub time_zone: String,
}

impl Default for CalendarSpec {
    fn default() -> CalendarSpec {
        CalendarSpec {
            weekdays: Weekday::MONDAY_TO_FRIDAY.to_vec(),
            holidays: Vec::new(),
            builtin: None,
            time_zone: "UTC".to_string(),
        }
    }
}

impl CalendarSpec {
    /// Builds the calendar this spec describes.
    pub fn build(&self) -> Result<Calendar> {
        Calendar::new(self.clone())
    }
}

/// One holiday of a built-in calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Holiday {
    /// The holiday's name, e.g. `"Independence Day"`.
    pub name: String,
    /// The date itself.
    pub date: Date,
    /// The day it is observed (the Friday before a Saturday, the Monday after a Sunday).
    pub observed: Date,
}

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

impl Calendar {
    /// Builds a calendar from its spec: checks the weekdays, the built-in name and the time
    /// zone, then precomputes the tables.
    pub fn new(spec: CalendarSpec) -> Result<Calendar> {
        if spec.weekdays.is_empty() {
            return Err(Error::invalid_input(
                "calendar weekdays are empty: name at least one working day, e.g. [\"monday\"]",
            ));
        }
        let time_zone = time_zone(&spec.time_zone)?;
        let mut working = [false; 7];
        for wd in &spec.weekdays {
            if let Some(w) = working.get_mut(wd.monday_zero() as usize) {
                *w = true;
            }
        }
        let mut holidays: Vec<i32> = spec
            .holidays
            .iter()
            .filter(|d| in_range(**d))
            .map(|d| epoch_day(*d))
            .collect();
        match builtin(spec.builtin.as_deref())? {
            Builtin::None => {}
            Builtin::UsFederal => {
                let (y0, y1) = (FIRST_SUPPORTED.year(), LAST_SUPPORTED.year() + 1);
                for year in y0..=y1 {
                    for h in us_federal_holidays(year)? {
                        for d in [h.date, h.observed] {
                            if in_range(d) {
                                holidays.push(epoch_day(d));
                            }
                        }
                    }
                }
            }
        }
        let table = Table::build(working, &holidays);
        Ok(Calendar {
            inner: Arc::new(Inner {
                spec,
                time_zone,
                table,
            }),
        })
    }

    /// Monday to Friday with the US federal holidays, in the time zone named `tz`.
    pub fn us_federal(tz: &str) -> Result<Calendar> {
        Calendar::by_name("us-federal", tz)
    }

    /// Monday to Friday with no holidays, in the time zone named `tz`.
    pub fn weekdays_only(tz: &str) -> Result<Calendar> {
        Calendar::by_name("none", tz)
    }

    /// A built-in calendar by name (`"us-federal"` or `"none"`, see [`BUILTIN_NAMES`]) in the
    /// time zone named `tz`. An unknown name suggests the closest.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] for an unknown calendar or time zone, with the closest name.
    ///
    /// ```
    /// use care_core::{Calendar, ErrorKind};
    /// let cal = Calendar::by_name("us-federal", "America/New_York")?;
    /// assert!(!cal.is_business_day(jiff::civil::date(2026, 7, 3))?); // Independence Day, observed
    /// let e = Calendar::by_name("us-fedral", "UTC").unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::UnknownName);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn by_name(name: &str, tz: &str) -> Result<Calendar> {
        builtin(Some(name))?;
        Calendar::new(CalendarSpec {
            builtin: Some(name.to_string()),
            time_zone: tz.to_string(),
            ..CalendarSpec::default()
        })
    }

    /// Loads a calendar spec from TOML and builds it.
    pub fn from_toml(text: &str) -> Result<Calendar> {
        crate::policy::from_toml::<CalendarSpec>(text)?.build()
    }

    /// Loads a calendar spec from JSON and builds it.
    pub fn from_json(text: &str) -> Result<Calendar> {
        crate::policy::from_json::<CalendarSpec>(text)?.build()
    }

    /// The spec this calendar was built from.
    pub fn spec(&self) -> &CalendarSpec {
        &self.inner.spec
    }

    /// A short name: the built-in holiday calendar's name, `"custom"` when explicit holidays
    /// or other weekdays were given.
    pub fn name(&self) -> &str {
        let spec = &self.inner.spec;
        let plain = spec.holidays.is_empty() && spec.weekdays == Weekday::MONDAY_TO_FRIDAY;
        match builtin(spec.builtin.as_deref()) {
            _ if !plain => "custom",
            Ok(Builtin::UsFederal) => "us-federal",
            _ => "none",
        }
    }

    /// The site's time zone.
    pub fn time_zone(&self) -> &TimeZone {
        &self.inner.time_zone
    }

    /// The site's time zone's name as given in the spec.
    pub fn time_zone_name(&self) -> &str {
        &self.inner.spec.time_zone
    }

    /// Whether `date` is a business day: a working weekday that is not a holiday.
    pub fn is_business_day(&self, date: Date) -> Result<bool> {
        match self.inner.table.month_of(date) {
            Some((m, d)) => Ok(m.bits >> d & 1 == 1),
            None => Err(date_out_of_range(date)),
        }
    }

    /// The business day `n` business days after `date` (before it when `n < 0`); a
    /// non-business `date` first rolls forward, so `n = 0` is [`Calendar::roll_forward`].
    #[inline]
    pub fn add_business_days(&self, date: Date, n: i64) -> Result<Date> {
        let t = &self.inner.table;
        let day = t
            .rank_of_date(date)
            .and_then(|r| i64::from(r).checked_add(n))
            .and_then(|r| usize::try_from(r).ok())
            .and_then(|r| t.business_dates.get(r));
        match day {
            Some(day) => Ok(*day),
            None => Err(self.add_error(date, n)),
        }
    }

    #[cold]
    #[inline(never)]
    fn add_error(&self, date: Date, n: i64) -> Error {
        if self.inner.table.month_of(date).is_none() {
            return date_out_of_range(date);
        }
        out_of_range(&format!("{date} + {n} business days"), "the result")
    }

    /// The number of business days in `[a, b)`: `a` counts, `b` does not. Negative (minus
    /// the business days in `[b, a)`) when `b < a`.
    pub fn business_days_between(&self, a: Date, b: Date) -> Result<i64> {
        let ia = self.index_of(a)?;
        let ib = self.index_of(b)?;
        let t = &self.inner.table;
        Ok(i64::from(t.rank(ib)) - i64::from(t.rank(ia)))
    }

    /// `date` if it is a business day, else the next business day after it.
    pub fn roll_forward(&self, date: Date) -> Result<Date> {
        self.add_business_days(date, 0)
    }

    /// `date` if it is a business day, else the last business day before it.
    pub fn roll_backward(&self, date: Date) -> Result<Date> {
        let i = self.index_of(date)?;
        let t = &self.inner.table;
        let r = t.rank_inclusive(i);
        match r
            .checked_sub(1)
            .and_then(|r| t.business_dates.get(r as usize))
        {
            Some(day) => Ok(*day),
            None => Err(out_of_range(
                &date.to_string(),
                "the business day on or before it",
            )),
        }
    }

    /// The first business day strictly after `date`.
    pub fn next_business_day(&self, date: Date) -> Result<Date> {
        let i = self.index_of(date)?;
        let t = &self.inner.table;
        match t.business_dates.get(t.rank_inclusive(i) as usize) {
            Some(day) => Ok(*day),
            None => Err(out_of_range(&date.to_string(), "the business day after it")),
        }
    }

    /// The last business day strictly before `date`.
    pub fn previous_business_day(&self, date: Date) -> Result<Date> {
        let i = self.index_of(date)?;
        let t = &self.inner.table;
        match t
            .rank(i)
            .checked_sub(1)
            .and_then(|r| t.business_dates.get(r as usize))
        {
            Some(day) => Ok(*day),
            None => Err(out_of_range(
                &date.to_string(),
                "the business day before it",
            )),
        }
    }

    /// The holidays (explicit and built-in observed dates) between `from` and `to`
    /// inclusive that fall on working weekdays, i.e. the weekdays this calendar takes off.
    /// `to` before `from` is an [`Error::InvalidInput`], not an empty list.
    pub fn holidays_between(&self, from: Date, to: Date) -> Result<Vec<Date>> {
        if to < from {
            return Err(Error::invalid_input(format!(
                "the end {to} is before the start {from}; give the start first"
            )));
        }
        let a = self.index_of(from)?;
        let b = self.index_of(to)?;
        let t = &self.inner.table;
        let mut working = [false; 7];
        for wd in &self.inner.spec.weekdays {
            if let Some(w) = working.get_mut(wd.monday_zero() as usize) {
                *w = true;
            }
        }
        let mut out = Vec::new();
        for i in a..=b {
            let day = t.first + i as i32;
            let wd = weekday_monday_zero(day) as usize;
            if working.get(wd).copied().unwrap_or(false) && !t.is_business(i) {
                out.push(date_of(day));
            }
        }
        Ok(out)
    }

    // ----- epoch-day interface, for batch code -----

    /// Business days before the day `epoch_day` days after 1970-01-01 (its rank), or `None`
    /// outside the supported range. Two ranks subtract to [`Calendar::business_days_between`].
    #[inline]
    pub fn rank_epoch(&self, epoch_day: i32) -> Option<u32> {
        let t = &self.inner.table;
        t.index(epoch_day).map(|i| t.rank(i))
    }

    /// Business days on or before the day `epoch_day` days after 1970-01-01, or `None`
    /// outside the supported range.
    #[inline]
    pub fn rank_inclusive_epoch(&self, epoch_day: i32) -> Option<u32> {
        let t = &self.inner.table;
        t.index(epoch_day).map(|i| t.rank_inclusive(i))
    }

    /// [`Calendar::add_business_days`] on days since 1970-01-01; `None` when the date or the
    /// result is outside the supported range.
    #[inline]
    pub fn add_business_days_epoch(&self, epoch_day: i32, n: i32) -> Option<i32> {
        let t = &self.inner.table;
        let i = t.index(epoch_day)?;
        let r = i64::from(t.rank(i)) + i64::from(n);
        usize::try_from(r)
            .ok()
            .and_then(|r| t.business.get(r).copied())
    }

    /// The epoch day of the business day with rank `rank` (the `rank`-th business day from
    /// the start of the supported range, from 0), if there is one.
    #[inline]
    pub fn business_day_epoch(&self, rank: u32) -> Option<i32> {
        self.inner.table.business.get(rank as usize).copied()
    }

    #[inline]
    fn index_of(&self, date: Date) -> Result<u32> {
        match self.inner.table.index(epoch_day(date)) {
            Some(i) => Ok(i),
            None => Err(date_out_of_range(date)),
        }
    }
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("spec", &self.inner.spec)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Calendar {
    fn eq(&self, other: &Calendar) -> bool {
        self.inner.spec == other.inner.spec
    }
}

impl TryFrom<CalendarSpec> for Calendar {
    type Error = Error;
    fn try_from(spec: CalendarSpec) -> Result<Calendar> {
        Calendar::new(spec)
    }
}

impl From<Calendar> for CalendarSpec {
    fn from(c: Calendar) -> CalendarSpec {
        c.inner.spec.clone()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Builtin {
    None,
    UsFederal,
}

fn builtin(name: Option<&str>) -> Result<Builtin> {
    match name.map(|n| n.trim().to_ascii_lowercase()).as_deref() {
        None | Some("none") => Ok(Builtin::None),
        Some("us-federal") => Ok(Builtin::UsFederal),
        Some(_) => Err(Error::unknown_name(
            "holiday calendar",
            name.unwrap_or_default(),
            BUILTIN_NAMES,
        )),
    }
}

/// Looks up an IANA time zone by name (`"America/New_York"`, `"UTC"`); an unknown name
/// gives [`Error::UnknownName`] (what = `"time zone"`) with the closest known name.
///
/// care-core builds jiff with its bundled time zone database, so every name works on every
/// OS; a system database, where there is one, takes precedence (it is usually newer).
pub fn time_zone(name: &str) -> Result<TimeZone> {
    match TimeZone::get(name) {
        Ok(tz) => Ok(tz),
        Err(_) => {
            let db = jiff::tz::db();
            let names: Vec<String> = db.available().map(|n| n.as_str().to_string()).collect();
            Err(Error::unknown_name(
                "time zone",
                name,
                names.iter().map(String::as_str),
            ))
        }
    }
}

/// The US federal holidays of `year` (5 U.S.C. 6103 as it stands today), with the day each
/// is observed. Martin Luther King Jr. Day is included from 1986 and Juneteenth from 2021.
pub fn us_federal_holidays(year: i16) -> Result<Vec<Holiday>> {
    let bad = |e: jiff::Error| Error::invalid_date(year.to_string(), e.to_string());
    let fixed = |m: i8, d: i8| Date::new(year, m, d).map_err(bad);
    let nth = |m: i8, n: i8, wd: JiffWeekday| -> Result<Date> {
        Date::new(year, m, 1)
            .and_then(|d| d.nth_weekday_of_month(n, wd))
            .map_err(bad)
    };
    use JiffWeekday::{Monday, Thursday};
    let mut list: Vec<(&str, Date, bool)> = vec![("New Year's Day", fixed(1, 1)?, true)];
    if year >= 1986 {
        list.push((
            "Birthday of Martin Luther King, Jr.",
            nth(1, 3, Monday)?,
            false,
        ));
    }
    list.push(("Washington's Birthday", nth(2, 3, Monday)?, false));
    list.push(("Memorial Day", nth(5, -1, Monday)?, false));
    if year >= 2021 {
        list.push(("Juneteenth National Independence Day", fixed(6, 19)?, true));
    }
    list.push(("Independence Day", fixed(7, 4)?, true));
    list.push(("Labor Day", nth(9, 1, Monday)?, false));
    list.push(("Columbus Day", nth(10, 2, Monday)?, false));
    list.push(("Veterans Day", fixed(11, 11)?, true));
    list.push(("Thanksgiving Day", nth(11, 4, Thursday)?, false));
    list.push(("Christmas Day", fixed(12, 25)?, true));
    list.into_iter()
        .map(|(name, date, shifts)| {
            let observed = if shifts {
                observed_day(date).map_err(bad)?
            } else {
                date
            };
            Ok(Holiday {
                name: name.to_string(),
                date,
                observed,
            })
        })
        .collect()
}

/// Saturday -> the Friday before, Sunday -> the Monday after, other days unchanged.
fn observed_day(date: Date) -> std::result::Result<Date, jiff::Error> {
    match date.weekday() {
        JiffWeekday::Saturday => date.yesterday(),
        JiffWeekday::Sunday => date.tomorrow(),
        _ => Ok(date),
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

/// Days since 1970-01-01 of a date (negative before). Exact for every jiff date.
///
/// Neri and Schneider's algorithm ("Euclidean affine functions and their application to
/// calendar algorithms", 2022): unsigned arithmetic with divisions by 4, 32 and 100 only,
/// about half the work of Hinnant's `days_from_civil` (a test checks every jiff date).
#[inline]
pub fn epoch_day(date: Date) -> i32 {
    // Shift years by 82 eras of 400 years so that every jiff year (-9999..=9999) is positive.
    const ERAS: u32 = 82;
    const YEAR_SHIFT: u32 = 400 * ERAS;
    const DAY_SHIFT: u32 = 719_468 + 146_097 * ERAS;
    let (y, m, d) = (
        i32::from(date.year()),
        date.month() as u32,
        date.day() as u32,
    );
    // January and February count as months 13 and 14 of the year before.
    let jan_feb = u32::from(m <= 2);
    let y = (y as u32).wrapping_add(YEAR_SHIFT).wrapping_sub(jan_feb);
    let m = m + 12 * jan_feb;
    let century = y / 100;
    let year_days = 1461 * y / 4 - century + century / 4;
    let month_days = (979 * m - 2919) / 32;
    (year_days + month_days + d - 1).wrapping_sub(DAY_SHIFT) as i32
}

/// The date `epoch_day` days after 1970-01-01, or `None` outside jiff's range.
pub fn date_from_epoch_day(epoch_day: i32) -> Option<Date> {
    let (y, m, d) = civil_from_days(epoch_day);
    let y = i16::try_from(y).ok()?;
    Date::new(y, m as i8, d as i8).ok()
}

/// For table days, which are always valid dates.
fn date_of(epoch_day: i32) -> Date {
    date_from_epoch_day(epoch_day).unwrap_or(FIRST_SUPPORTED)
}

/// The number of days in `month` of `year` (Gregorian).
fn days_in_month(year: i16, month: i8) -> i8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday).
#[inline(always)]
fn weekday_monday_zero(epoch_day: i32) -> u8 {
    (epoch_day + 3).rem_euclid(7) as u8
}

// Howard Hinnant's days_from_civil (now the tests' reference) / civil_from_days.
#[cfg(test)]
fn days_from_civil(y: i32, m: i32, d: i32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn us() -> Calendar {
        thread_local! {
            static US: Calendar = Calendar::us_federal("America/New_York").unwrap();
        }
        US.with(Calendar::clone)
    }

    #[test]
    fn epoch_day_equals_hinnant_for_every_jiff_date() {
        let mut d = Date::MIN;
        let mut want = days_from_civil(-9999, 1, 1);
        loop {
            assert_eq!(
                epoch_day(d),
                days_from_civil(
                    i32::from(d.year()),
                    i32::from(d.month()),
                    i32::from(d.day())
                ),
                "{d}"
            );
            assert_eq!(epoch_day(d), want, "{d}");
            match d.tomorrow() {
                Ok(next) => d = next,
                Err(_) => break,
            }
            want += 1;
        }
        assert_eq!(d, Date::MAX);
    }

    #[test]
    fn epoch_days_round_trip() {
        assert_eq!(epoch_day(date(1970, 1, 1)), 0);
        assert_eq!(epoch_day(date(1969, 12, 31)), -1);
        assert_eq!(epoch_day(date(2000, 3, 1)), 11_017);
        for d in [-800_000, -1, 0, 59, 60, 11_016, 20_000, 100_000] {
            assert_eq!(epoch_day(date_from_epoch_day(d).unwrap()), d);
        }
        assert_eq!(weekday_monday_zero(0), 3);
    }

    #[test]
    fn federal_holidays_and_observed_days() {
        let h = us_federal_holidays(2026).unwrap();
        let july4 = h.iter().find(|h| h.name == "Independence Day").unwrap();
        assert_eq!(july4.observed, date(2026, 7, 3));
        assert_eq!(h.len(), 11);
        let c = us();
        assert!(!c.is_business_day(date(2026, 7, 3)).unwrap());
        assert!(!c.is_business_day(date(2026, 11, 26)).unwrap());
        assert!(c.is_business_day(date(2026, 11, 27)).unwrap());
        // 2022-01-01 is a Saturday: observed Friday 2021-12-31.
        assert!(!c.is_business_day(date(2021, 12, 31)).unwrap());
        assert!(c.is_business_day(date(2022, 1, 3)).unwrap());
        // 2023-01-01 is a Sunday: observed Monday 2023-01-02.
        assert!(!c.is_business_day(date(2023, 1, 2)).unwrap());
        // Juneteenth only from 2021.
        assert!(c.is_business_day(date(2020, 6, 19)).unwrap());
        assert!(!c.is_business_day(date(2025, 6, 19)).unwrap());
        assert_eq!(
            c.holidays_between(date(2026, 1, 1), date(2026, 12, 31))
                .unwrap()
                .len(),
            11
        );
        let e = c
            .holidays_between(date(2026, 7, 31), date(2026, 7, 1))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "the end 2026-07-01 is before the start 2026-07-31; give the start first"
        );
        assert_eq!(
            c.holidays_between(date(2026, 7, 3), date(2026, 7, 3))
                .unwrap(),
            [date(2026, 7, 3)]
        );
    }

    #[test]
    fn add_and_count() {
        let c = us();
        assert_eq!(
            c.add_business_days(date(2026, 7, 2), 1).unwrap(),
            date(2026, 7, 6)
        );
        assert_eq!(
            c.add_business_days(date(2026, 7, 4), 0).unwrap(),
            date(2026, 7, 6)
        );
        assert_eq!(
            c.add_business_days(date(2026, 7, 6), -1).unwrap(),
            date(2026, 7, 2)
        );
        assert_eq!(
            c.business_days_between(date(2026, 7, 2), date(2026, 7, 6))
                .unwrap(),
            1
        );
        assert_eq!(
            c.business_days_between(date(2026, 7, 6), date(2026, 7, 2))
                .unwrap(),
            -1
        );
        assert_eq!(c.roll_backward(date(2026, 7, 5)).unwrap(), date(2026, 7, 2));
        assert_eq!(c.roll_forward(date(2026, 7, 3)).unwrap(), date(2026, 7, 6));
        assert_eq!(
            c.next_business_day(date(2026, 7, 2)).unwrap(),
            date(2026, 7, 6)
        );
        assert_eq!(
            c.previous_business_day(date(2026, 7, 6)).unwrap(),
            date(2026, 7, 2)
        );
        assert_eq!(
            c.previous_business_day(date(2026, 7, 5)).unwrap(),
            date(2026, 7, 2)
        );
    }

    #[test]
    fn month_table_agrees_with_the_day_table_on_every_day() {
        let c = us();
        let t = &c.inner.table;
        for i in 0..t.len {
            let day = t.first + i;
            let d = date_of(day);
            let index = t.index(day).unwrap();
            assert_eq!(t.rank_of_date(d), Some(t.rank(index)), "{d}");
            assert_eq!(c.is_business_day(d).unwrap(), t.is_business(index), "{d}");
            for n in [-2i32, 0, 3] {
                let want = c.add_business_days_epoch(day, n).map(date_of);
                assert_eq!(c.add_business_days(d, i64::from(n)).ok(), want, "{d} {n}");
            }
        }
        assert_eq!(
            c.add_business_days(date(2200, 12, 30), 5)
                .unwrap_err()
                .to_string(),
            "invalid date \"2200-12-30 + 5 business days\": the result is outside the calendar's supported range 1900-01-01 to 2200-12-31"
        );
        assert_eq!(
            c.add_business_days(date(2201, 1, 1), 0)
                .unwrap_err()
                .to_string(),
            "invalid date \"2201-01-01\": the date is outside the calendar's supported range 1900-01-01 to 2200-12-31"
        );
    }

    #[test]
    fn out_of_range_is_an_error_not_a_panic() {
        let c = us();
        let e = c.is_business_day(date(1899, 12, 31)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid date \"1899-12-31\": the date is outside the calendar's supported range 1900-01-01 to 2200-12-31"
        );
        assert!(c.add_business_days(date(2200, 12, 1), 100).is_err());
        assert!(c.add_business_days(date(2000, 1, 1), i64::MAX).is_err());
        assert!(c.add_business_days(date(2000, 1, 1), i64::MIN).is_err());
        assert!(c.roll_backward(date(1900, 1, 1)).is_err()); // a holiday, the first day
        assert!(c.roll_backward(date(1900, 1, 2)).is_ok());
        assert!(c.previous_business_day(date(1900, 1, 1)).is_err());
        assert!(c.add_business_days(date(-9999, 1, 1), 0).is_err());
    }

    #[test]
    fn unknown_names_suggest() {
        let e = Calendar::us_federal("America/New_Yrok").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown time zone \"America/New_Yrok\" (did you mean \"America/New_York\"?)"
        );
        let e = Calendar::by_name("us-fedral", "UTC").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown holiday calendar \"us-fedral\" (did you mean \"us-federal\"?)"
        );
    }

    #[test]
    fn specs_load_from_toml_and_json() {
        let c = Calendar::from_toml(
            "builtin = \"us-federal\"\ntime_zone = \"America/Chicago\"\nholidays = [\"2026-12-24\"]\nweekdays = [\"mon\", \"tuesday\", \"wed\", \"thu\", \"fri\", \"sat\"]\n",
        )
        .unwrap();
        assert!(!c.is_business_day(date(2026, 12, 24)).unwrap());
        assert!(c.is_business_day(date(2026, 7, 11)).unwrap());
        assert_eq!(c.name(), "custom");
        let json = serde_json::to_string(&c).unwrap();
        let back: Calendar = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
        let e = Calendar::from_json("{\"weekdays\": []}").unwrap_err();
        assert!(e.to_string().contains("weekdays are empty"), "{e}");
        fn is_send_sync<T: Send + Sync>() {}
        is_send_sync::<Calendar>();
    }

    fn naive_is_business(c: &Calendar, d: Date) -> bool {
        let wd = Weekday::MONDAY_TO_FRIDAY
            .iter()
            .any(|w| w.to_jiff() == d.weekday());
        let holiday = us_federal_holidays(d.year())
            .unwrap()
            .into_iter()
            .chain(us_federal_holidays(d.year() + 1).unwrap())
            .any(|h| h.observed == d || h.date == d);
        let _ = c;
        wd && !holiday
    }

    fn naive_add(c: &Calendar, mut d: Date, n: i64) -> Date {
        while !naive_is_business(c, d) {
            d = d.tomorrow().unwrap();
        }
        let mut left = n;
        while left > 0 {
            d = d.tomorrow().unwrap();
            if naive_is_business(c, d) {
                left -= 1;
            }
        }
        while left < 0 {
            d = d.yesterday().unwrap();
            if naive_is_business(c, d) {
                left += 1;
            }
        }
        d
    }

    fn naive_between(c: &Calendar, a: Date, b: Date) -> i64 {
        let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let mut n = 0;
        let mut d = lo;
        while d < hi {
            if naive_is_business(c, d) {
                n += 1;
            }
            d = d.tomorrow().unwrap();
        }
        sign * n
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn table_equals_naive_loop(day in 0i32..30_000, n in -60i64..60, span in -90i32..90) {
            let c = us();
            let d = date_from_epoch_day(day).unwrap();
            prop_assert_eq!(c.is_business_day(d).unwrap(), naive_is_business(&c, d));
            prop_assert_eq!(c.add_business_days(d, n).unwrap(), naive_add(&c, d, n));
            let b = date_from_epoch_day(day + span).unwrap();
            prop_assert_eq!(c.business_days_between(d, b).unwrap(), naive_between(&c, d, b));
        }

        #[test]
        fn add_then_count_back_gives_n(day in -20_000i32..80_000, n in -3_000i64..3_000) {
            let c = us();
            let d = date_from_epoch_day(day).unwrap();
            let e = c.add_business_days(d, n).unwrap();
            prop_assert_eq!(c.business_days_between(d, e).unwrap(), n);
            prop_assert!(c.is_business_day(e).unwrap());
        }
    }
}

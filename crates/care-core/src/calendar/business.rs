//! The questions a [`Calendar`] answers: business days, adding and counting them, rolling
//! to one, holidays in a range, and the same on epoch day numbers for batch callers.

use super::{
    builtin, date_of, date_out_of_range, epoch_day, in_range, out_of_range, time_zone,
    us_federal_holidays, weekday_monday_zero, Builtin, Calendar, CalendarSpec, Inner, Table,
    Weekday, FIRST_SUPPORTED, LAST_SUPPORTED,
};
use crate::error::{Error, Result};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use std::fmt;
use std::sync::Arc;

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
    ///
    /// [`BUILTIN_NAMES`]: super::BUILTIN_NAMES
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

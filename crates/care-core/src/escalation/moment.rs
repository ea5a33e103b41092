//! A point in time as the rules take it: a date, a civil date-time, an instant or a zoned
//! date-time.

use crate::calendar::Calendar;
use crate::error::{Error, Result};
use jiff::civil::{Date, DateTime};
use jiff::{Timestamp, Zoned};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

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
    pub(super) fn has_time(&self) -> bool {
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

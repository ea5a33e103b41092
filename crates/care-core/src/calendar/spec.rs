//! A calendar as written in files: working weekdays, holidays, the built-in holiday calendar
//! and the time zone.

use super::Calendar;
use crate::error::Result;
use jiff::civil::{Date, Weekday as JiffWeekday};
use serde::{Deserialize, Serialize};

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

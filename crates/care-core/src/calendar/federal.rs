//! The built-in holiday calendars (US federal, with observed days) and time zone lookup.

use super::{Holiday, BUILTIN_NAMES};
use crate::error::{Error, Result};
use jiff::civil::{Date, Weekday as JiffWeekday};
use jiff::tz::TimeZone;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Builtin {
    None,
    UsFederal,
}

pub(super) fn builtin(name: Option<&str>) -> Result<Builtin> {
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

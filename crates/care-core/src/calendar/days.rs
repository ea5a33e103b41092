//! Day-number arithmetic: days since 1970-01-01 to and from dates, month lengths and weekdays
//! without date conversions.

use super::FIRST_SUPPORTED;
use jiff::civil::Date;

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
pub(super) fn date_of(epoch_day: i32) -> Date {
    date_from_epoch_day(epoch_day).unwrap_or(FIRST_SUPPORTED)
}

/// The number of days in `month` of `year` (Gregorian).
pub(super) fn days_in_month(year: i16, month: i8) -> i8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday).
#[inline(always)]
pub(super) fn weekday_monday_zero(epoch_day: i32) -> u8 {
    (epoch_day + 3).rem_euclid(7) as u8
}

// Howard Hinnant's days_from_civil (now the tests' reference) / civil_from_days.
#[cfg(test)]
pub(super) fn days_from_civil(y: i32, m: i32, d: i32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(super) fn civil_from_days(z: i32) -> (i32, u32, u32) {
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

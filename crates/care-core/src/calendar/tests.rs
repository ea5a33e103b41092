//! Tests of calendars: day numbers, federal holidays, adding and counting business days.

use super::days::days_from_civil;
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

use super::*;
use crate::calendar::date_from_epoch_day;
use crate::error::Error;
use jiff::civil::date;
use proptest::prelude::*;

fn us() -> Calendar {
    thread_local! {
        static US: Calendar = Calendar::us_federal("America/New_York").unwrap();
    }
    US.with(Calendar::clone)
}

fn m(s: &str) -> Moment {
    s.parse().unwrap()
}

#[test]
fn july_4th_2026_timeline() {
    let p = EscalationPolicy::default();
    let t = timeline(date(2026, 7, 2), &us(), &[], &p).unwrap();
    assert_eq!(t.day1, date(2026, 7, 2));
    assert_eq!(t.day2, date(2026, 7, 6)); // Fri 3rd is the observed holiday
    assert_eq!(t.expected_completion, date(2026, 7, 6));
    let dates: Vec<Date> = t.steps.iter().map(|s| s.date).collect();
    assert_eq!(
        dates,
        [
            date(2026, 7, 8),
            date(2026, 7, 9),
            date(2026, 7, 10),
            date(2026, 7, 13)
        ]
    );
    insta::assert_snapshot!("timeline_2026_07_02_us", t.to_string());
}

#[test]
fn excused_day_shifts_later_steps() {
    let p = EscalationPolicy::default();
    let ex = [Excused::new(date(2026, 7, 6), "IT issue")];
    let t = timeline(date(2026, 7, 2), &us(), &ex, &p).unwrap();
    assert_eq!(t.day2, date(2026, 7, 7));
    assert_eq!(t.steps[0].date, date(2026, 7, 9));
    assert_eq!(t.excused, ex);
    insta::assert_snapshot!("timeline_2026_07_02_us_excused", t.to_string());
}

#[test]
fn start_on_a_holiday_rolls_forward() {
    let p = EscalationPolicy::default();
    let t = timeline(date(2026, 11, 26), &us(), &[], &p).unwrap();
    assert_eq!(t.day1, date(2026, 11, 27));
    assert_eq!(t.day2, date(2026, 11, 30));
    assert!(t.reasons[0].message.contains("rolls forward"));
}

#[test]
fn status_moves_up_the_ladder_and_stops_at_completion() {
    let p = EscalationPolicy::default();
    let c = us();
    let s = status(date(2026, 7, 2), &m("2026-07-07"), None, &c, &[], &p).unwrap();
    assert_eq!((s.day, s.days_late, s.step_code), (3, 1, 0));
    assert_eq!(s.next_step.as_ref().unwrap().date, date(2026, 7, 8));
    let s = status(date(2026, 7, 2), &m("2026-07-08T00:00"), None, &c, &[], &p).unwrap();
    assert_eq!(s.current_step.unwrap().id, "coaching");
    let s = status(date(2026, 7, 2), &m("2026-07-20"), None, &c, &[], &p).unwrap();
    assert_eq!(s.step_code, StepCode::TerminationReview as u8);
    assert_eq!(s.next_step, None);
    // Completion before the start of the coaching day: no step.
    let s = status(
        date(2026, 7, 2),
        &m("2026-07-20"),
        Some(&m("2026-07-07T17:30")),
        &c,
        &[],
        &p,
    )
    .unwrap();
    assert_eq!((s.completed, s.step_code, s.days_late), (true, 0, 1));
    // Completion on the coaching day: coaching had fallen due, written CAP never happens.
    let s = status(
        date(2026, 7, 2),
        &m("2026-07-20"),
        Some(&m("2026-07-08T09:00")),
        &c,
        &[],
        &p,
    )
    .unwrap();
    assert_eq!(s.step_code, 1);
    assert_eq!(s.next_step, None);
    // A completion after the as-of time does not count yet.
    let s = status(
        date(2026, 7, 2),
        &m("2026-07-08T08:00"),
        Some(&m("2026-07-08T09:00")),
        &c,
        &[],
        &p,
    )
    .unwrap();
    assert!(!s.completed);
    insta::assert_snapshot!("status_completed_later", s.to_string());
}

#[test]
fn dst_budgets_in_new_york() {
    let p = EscalationPolicy::default();
    let c = us();
    // Spring forward 2026-03-08 02:00 -> 03:00: 4 wall-clock hours are 3 real hours.
    let b = cert_session_budget(&m("2026-03-08T00:30"), &m("2026-03-08T04:30"), &c, &p).unwrap();
    assert_eq!((b.used, b.within), (3 * 3600, true));
    // Fall back 2026-11-01 02:00 -> 01:00: 4 wall-clock hours are 5 real hours.
    let b = cert_session_budget(&m("2026-11-01T00:30"), &m("2026-11-01T04:30"), &c, &p).unwrap();
    assert_eq!((b.used, b.within, b.over_by), (5 * 3600, false, 3600));
    assert_eq!(b.reasons[1].rule, "budget.dst");
    let b = tbt_budget(&m("2026-11-01T00:30"), &m("2026-11-01T07:30"), &c, &p).unwrap();
    assert_eq!((b.used, b.within), (8 * 3600, true));
    let e = tbt_budget(&m("2026-11-01T07:30"), &m("2026-11-01T00:30"), &c, &p).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
    let b = combined_budget(date(2026, 7, 2), &m("2026-07-07T10:00"), &c, &[], &p).unwrap();
    assert_eq!((b.used, b.over_by, b.within), (3, 1, false));
}

#[test]
fn policy_validation_lists_every_problem() {
    let mut p = EscalationPolicy::default();
    p.steps[1].day = 4;
    p.steps[2].name = " ".into();
    p.steps[3].id = "coaching".into();
    p.budgets.tbt_hours = f64::NAN;
    let e = p.validate().unwrap_err();
    let Error::InvalidPolicy { problems, .. } = &e else {
        panic!("{e}")
    };
    assert_eq!(problems.len(), 4, "{e}");
    let p: EscalationPolicy =
        crate::policy::from_toml("[budgets]\ncert_session_hours = 3.5\n").unwrap();
    assert_eq!(p.budgets.tbt_hours, 8.0);
    assert_eq!(p.steps.len(), 4);
}

#[test]
fn batch_checks_lengths_and_ranges() {
    let p = EscalationPolicy::default();
    let c = us();
    let mut out = [0u8; 2];
    assert!(escalation_steps(&[0], date(2026, 7, 20), &c, &p, &mut out).is_err());
    escalation_steps(&[i32::MIN, 20_636], date(2026, 7, 20), &c, &p, &mut out).unwrap();
    assert_eq!(out, [255, 4]);
    escalation_steps_i64(&[i64::MAX, 20_636], date(2026, 7, 20), &c, &p, &mut out).unwrap();
    assert_eq!(out, [255, 4]);
}

fn step_of(start: Date, as_of: Date, excused: &[Excused]) -> u8 {
    status(
        start,
        &Moment::Date(as_of),
        None,
        &us(),
        excused,
        &EscalationPolicy::default(),
    )
    .unwrap()
    .step_code
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn ladder_only_moves_forward(start in 18_000i32..22_000, a in 0i32..40, b in 0i32..40) {
        let s = date_from_epoch_day(start).unwrap();
        let (lo, hi) = (a.min(b), a.max(b));
        let d1 = date_from_epoch_day(start + lo).unwrap();
        let d2 = date_from_epoch_day(start + hi).unwrap();
        prop_assert!(step_of(s, d1, &[]) <= step_of(s, d2, &[]));
    }

    #[test]
    fn each_excused_day_shifts_later_steps_by_one(start in 18_000i32..22_000, offs in proptest::collection::vec(0i64..12, 0..4)) {
        let c = us();
        let p = EscalationPolicy::default();
        let s = date_from_epoch_day(start).unwrap();
        let day1 = c.roll_forward(s).unwrap();
        let excused: Vec<Excused> = offs
            .iter()
            .map(|o| Excused::new(c.add_business_days(day1, *o).unwrap(), "absence"))
            .collect();
        let base = timeline(s, &c, &[], &p).unwrap();
        let moved = timeline(s, &c, &excused, &p).unwrap();
        let mut uniq: Vec<Date> = excused.iter().map(|e| e.date).collect();
        uniq.sort();
        uniq.dedup();
        for (b, m) in base.steps.iter().zip(&moved.steps) {
            // Every excused day on or before the (moved) step date pushes it one business day.
            let before = uniq.iter().filter(|e| **e <= m.date).count() as i64;
            prop_assert_eq!(c.business_days_between(b.date, m.date).unwrap(), before);
            prop_assert!(!uniq.contains(&m.date));
        }
    }

    #[test]
    fn batch_equals_single(starts in proptest::collection::vec(19_000i32..21_500, 1..20), as_of in 19_000i32..21_600) {
        let c = us();
        let p = EscalationPolicy::default();
        let a = date_from_epoch_day(as_of).unwrap();
        let mut out = vec![0u8; starts.len()];
        escalation_steps(&starts, a, &c, &p, &mut out).unwrap();
        for (s, code) in starts.iter().zip(&out) {
            prop_assert_eq!(*code, step_of(date_from_epoch_day(*s).unwrap(), a, &[]));
        }
    }
}

#[test]
fn policy_files_change_only_what_they_name() {
    let p = EscalationPolicy::from_toml("version = \"2\"\n[budgets]\ntbt_hours = 6.0\n").unwrap();
    assert_eq!(p.version, "2");
    assert_eq!(p.budgets.tbt_hours, 6.0);
    assert_eq!(p.steps, EscalationPolicy::default().steps);
    let e = EscalationPolicy::from_json(
        r#"{"steps": [{"id": "a", "name": "A", "day": 5}, {"id": "b", "name": "B", "day": 4}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::InvalidPolicy, "{e}");
}

#[test]
fn reversed_ranges_are_errors_not_answers() {
    let p = EscalationPolicy::default();
    let e = combined_budget(date(2026, 7, 10), &m("2026-07-01T10:00"), &us(), &[], &p).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the end 2026-07-01T10:00:00 is before the start 2026-07-10; give the start first"
    );
    // Finishing on the start day itself is fine.
    assert!(combined_budget(date(2026, 7, 2), &m("2026-07-02T17:00"), &us(), &[], &p).is_ok());
    let e = status(
        date(2026, 7, 2),
        &m("2026-07-20"),
        Some(&m("2026-06-01T10:00")),
        &us(),
        &[],
        &p,
    )
    .unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
    assert!(
        e.to_string()
            .starts_with("the completion 2026-06-01T10:00:00 is before the start 2026-07-02"),
        "{e}"
    );
}

#[test]
fn step_code_names_are_what_serde_writes() {
    for code in StepCode::ALL {
        assert_eq!(
            serde_json::to_value(code).unwrap(),
            serde_json::Value::from(code.name())
        );
        assert_eq!(StepCode::from_u8(code.as_u8()), Some(code));
    }
}

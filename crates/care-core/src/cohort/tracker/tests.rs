use super::*;

const HEAD: &str = "date,agent,start,equipment_issue,day1_done,role_plays_done,tbt_hours,tbt_done,call1,call2,call3,call4,call5,certifier,excused,note\n";

fn import(body: &str) -> Result<Cohort> {
    import_tracker(&format!("{HEAD}{body}"), &CohortPolicy::default())
}

fn place(e: &Error) -> String {
    match e {
        Error::Parse { place: Some(p), .. } => p.clone(),
        other => panic!("not a parse error: {other}"),
    }
}

#[test]
fn rows_build_agents() {
    let c = import(
        "2026-07-06,Ana Rivera,2026-07-06,open,,,,,,,,,,,,no laptop yet\n\
         2026-07-07,Ana Rivera,,closed,yes,yes,3,,100,90,,,,Omar Haddad,,certs started\n\
         7/8/2026,ana rivera,,,,,8,yes,,,88,91,,,,done - all five",
    )
    .unwrap();
    assert_eq!(c.agents.len(), 1);
    let a = &c.agents[0];
    assert_eq!(a.name, "Ana Rivera");
    assert_eq!(
        a.scores,
        vec![Some(100.0), Some(90.0), Some(88.0), Some(91.0)]
    );
    assert_eq!(a.equipment_issues.len(), 1);
    assert_eq!(
        a.equipment_issues[0].closed,
        Some(jiff::civil::date(2026, 7, 7))
    );
    assert_eq!(a.completed_on, Some(jiff::civil::date(2026, 7, 8)));
    assert_eq!(a.notes.len(), 3);
    assert_eq!(a.notes[2].note(), "done - all five");
    assert_eq!(a.certifier.as_deref(), Some("Omar Haddad"));
}

#[test]
fn errors_name_line_and_column() {
    let cases = [
        ("2026-07-06,Ana,2026-07-06\n", r#"line 2"#),
        (
            "2026-07-06,Ana,2026-07-06,,,,,,,,,,,,,\n2026-07-07,Bob,July 6,,,,,,,,,,,,,\n",
            r#"line 3, column "start""#,
        ),
        (
            "2026-07-06,Ana,,,,,,,,,,,,,,\n",
            r#"line 2, column "start""#,
        ),
        (
            "2026-07-06,Ana,2026-07-06,,maybe,,,,,,,,,,,\n",
            r#"line 2, column "day1_done""#,
        ),
        (
            "2026-07-06,Ana,2026-07-06,,,,,,100,101,,,,,,\n",
            r#"line 2, column "call2""#,
        ),
        (
            "2026-07-06,Ana,2026-07-06,,,,,,90,,,,,,,\n",
            r#"line 2, column "call1""#,
        ),
        (
            "2026-07-06,Ana,2026-07-06,,,,-1,,,,,,,,,\n",
            r#"line 2, column "tbt_hours""#,
        ),
        (
            "2026-07-06,Ana,2026-07-06,broken,,,,,,,,,,,,\n",
            r#"line 2, column "equipment_issue""#,
        ),
        (
            "2026-07-06,Ana,2026-07-06,,,,,,,,,,,,,\n2026-07-06,Ana,,,,,,,,,,,,,,\n",
            r#"line 3, column "date""#,
        ),
        (
            "2026-07-06,Ana,2026-07-06,,,,,,100,90,,,,,,\n2026-07-07,Ana,,,,,,,,80,,,,,,\n",
            r#"line 3, column "call2""#,
        ),
        (
            "2026-07-06,Ana,2026-07-06,,,,,,,,,,,,,\n2026-07-07,Ana,2026-07-07,,,,,,,,,,,,,\n",
            r#"line 3, column "start""#,
        ),
        (",Ana,2026-07-06,,,,,,,,,,,,,\n", r#"line 2, column "date""#),
        (
            "2026-07-06,,2026-07-06,,,,,,,,,,,,,\n",
            r#"line 2, column "agent""#,
        ),
    ];
    for (body, want) in cases {
        let e = import(body).unwrap_err();
        assert_eq!(place(&e), want, "{body}: {e}");
    }
    let e = import_tracker("date,agent,strat\n", &CohortPolicy::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"failed to parse CSV at line 1, column "strat": unknown column (did you mean "start"?)"#
    );
    let e = import_tracker("date,agent\n", &CohortPolicy::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"failed to parse CSV at line 1: the header has no "start" column; it is required"#
    );
    let e = import_tracker("date,agent,start,call6\n", &CohortPolicy::default()).unwrap_err();
    assert!(e.to_string().contains(r#"column "call6""#), "{e}");
    let e = import("2026-07-06,Ana,2026-07-06,,,,,,100,101,,,,,,\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"failed to parse CSV at line 2, column "call2": 101 is outside 0 to 100"#
    );
}

#[test]
fn size_limit() {
    let big = "x".repeat(MAX_TRACKER_BYTES + 1);
    let e = import_tracker(&big, &CohortPolicy::default()).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::TooLarge);
}

#[test]
fn no_row_is_dropped() {
    // Every data row either lands (as a day of some agent) or fails the import.
    let body = "2026-07-06,Ana,2026-07-06,,,,,,,,,,,,,a\n2026-07-07,Bob,2026-07-06,,,,,,,,,,,,,b\n2026-07-07,Ana,,,,,,,,,,,,,,c\n";
    let c = import(body).unwrap();
    let notes: usize = c.agents.iter().map(|a| a.notes.len()).sum();
    assert_eq!(notes, 3);
}

/// The cohort, or the error's text.
fn outcome(r: Result<Cohort>) -> std::result::Result<Cohort, String> {
    r.map_err(|e| e.to_string())
}

/// The held, sorted path ([`build`]) over the same rows.
fn sorted_path(csv: &str, as_of: Option<Date>) -> Result<Cohort> {
    let p = CohortPolicy::default();
    build(parse_rows(csv, as_of, &p)?, &p, &Places::Csv)
}

#[test]
fn rows_out_of_date_order_give_what_sorted_rows_give() {
    // Ana's second row is dated before her first: the fold falls back to the sorted path.
    let body = "2026-07-08,Ana,2026-07-06,,,,,,100,,,,,,,third\n\
                2026-07-07,Bob,2026-07-07,,,,,,,,,,,,,bob\n\
                2026-07-06,ana,,,,,,,,,,,,,,first\n\
                2026-07-07,Ana,,,,,,,,90,,,,,,second\n";
    let c = import(body).unwrap();
    let ana = &c.agents[0];
    assert_eq!(ana.name, "Ana");
    let notes: Vec<&str> = ana.notes.iter().map(|n| n.note()).collect();
    assert_eq!(notes, ["first", "second", "third"]);
    assert_eq!(c.agents[1].name, "Bob");
    let csv = format!("{HEAD}{body}");
    assert_eq!(outcome(Ok(c)), outcome(sorted_path(&csv, None)));
}

#[test]
fn the_first_error_is_the_sorted_paths_first_error() {
    // Errors found while folding are kept per agent and reported in the order the sorted
    // path finds them: agents in order of first appearance; a start that disagrees before
    // a second row for a day; a missing start before a changed score.
    let cases = [
        // Bob's duplicate day is read first, but Ana (named first) has a changed start.
        (
            "2026-07-06,Ana,2026-07-06,,,,,,,,,,,,,\n\
             2026-07-06,Bob,2026-07-06,,,,,,,,,,,,,\n\
             2026-07-06,Bob,,,,,,,,,,,,,,\n\
             2026-07-07,Ana,2026-07-07,,,,,,,,,,,,,\n",
            r#"line 5, column "start""#,
        ),
        // A second row for a day, then a start that disagrees: the start is reported.
        (
            "2026-07-06,Ana,2026-07-06,,,,,,,,,,,,,\n\
             2026-07-06,Ana,,,,,,,,,,,,,,\n\
             2026-07-08,Ana,2026-07-08,,,,,,,,,,,,,\n",
            r#"line 4, column "start""#,
        ),
        // A changed score, and no start anywhere: the start is reported, at the first row.
        (
            "2026-07-06,Ana,,,,,,,100,90,,,,,,\n\
             2026-07-07,Ana,,,,,,,,80,,,,,,\n",
            r#"line 2, column "start""#,
        ),
        // After an agent's first error, later rows still count for the start check only.
        (
            "2026-07-06,Ana,2026-07-06,,,,,,100,90,,,,,,\n\
             2026-07-07,Ana,,,,,,,,80,,,,,,\n\
             2026-07-08,Ana,,,,,,,,70,,,,,,\n",
            r#"line 3, column "call2""#,
        ),
    ];
    for (body, want) in cases {
        let e = import(body).unwrap_err();
        assert_eq!(place(&e), want, "{body}: {e}");
        let csv = format!("{HEAD}{body}");
        assert_eq!(outcome(Err(e)), outcome(sorted_path(&csv, None)), "{body}");
    }
}

#[test]
fn folding_agrees_with_sorting_on_random_trackers() {
    // A small deterministic generator: few agents and days, so duplicates, disagreeing
    // starts, changed scores and rows out of date order all happen.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let names = ["Ana", "Bob", "ana", "Cy"];
    let mut folded_ok = 0;
    for _ in 0..400 {
        let mut body = String::new();
        for _ in 0..(1 + next(8)) {
            let day = 6 + next(5);
            let name = names[next(4) as usize];
            let start = match next(4) {
                0 => String::new(),
                1 => "2026-07-07".into(),
                _ => "2026-07-06".into(),
            };
            let flag = ["", "yes", "no"][next(3) as usize];
            let call = |v: u64| {
                if v == 0 {
                    String::new()
                } else {
                    (80 + v * 5).to_string()
                }
            };
            let (c1, c2) = (call(next(5)), call(next(5)));
            let note = ["", "a note", "done"][next(3) as usize];
            body.push_str(&format!(
                "2026-07-{day:02},{name},{start},,{flag},,,{flag},{c1},{c2},,,,,,{note}\n"
            ));
        }
        let csv = format!("{HEAD}{body}");
        let p = CohortPolicy::default();
        for as_of in [None, Some(jiff::civil::date(2026, 7, 8))] {
            let folded = match as_of {
                None => import_tracker(&csv, &p),
                Some(d) => import_tracker_as_of(&csv, d, &p),
            };
            folded_ok += usize::from(folded.is_ok());
            assert_eq!(outcome(folded), outcome(sorted_path(&csv, as_of)), "{csv}");
        }
    }
    assert!(folded_ok > 20, "only {folded_ok} random trackers imported");
}

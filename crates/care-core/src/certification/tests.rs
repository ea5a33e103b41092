use super::*;
use proptest::prelude::*;

#[test]
fn status_names_are_what_serde_writes_in_code_order() {
    for (code, status) in Status::ALL.into_iter().enumerate() {
        assert_eq!(status.code() as usize, code);
        assert_eq!(
            serde_json::to_value(status).unwrap(),
            serde_json::Value::from(status.name())
        );
    }
}

proptest! {
    #[test]
    fn scores_path_agrees_with_the_session_path(
        agent in prop_oneof![Just("Rivera, Ana".to_string()), Just(" ".to_string()), ".{0,12}"],
        scores in proptest::collection::vec(
            prop_oneof![
                Just(f64::NAN),
                Just(100.0),
                Just(-1.0),
                Just(84.99),
                (0u8..=100).prop_map(f64::from)
            ],
            0..=6),
        early in any::<bool>(),
    ) {
        let policy = CertPolicy { early_decision: early, ..CertPolicy::default() };
        let session = Session::from_scores(agent.clone(), &scores);
        let by_session = evaluate(&session, &policy);
        let by_scores = evaluate_scores(&agent, &scores, &policy);
        prop_assert_eq!(&by_session, &by_scores);
        match (assess(&session, &policy), by_session) {
            (Ok(a), Ok(e)) => {
                prop_assert_eq!((a.status(), a.passes(), a.fails(), a.pending()),
                    (e.status, e.passes, e.fails, e.pending));
                prop_assert_eq!((a.decided_early(), a.pass_rate(), a.file_stem()),
                    (e.decided_early, e.pass_rate, e.file_stem.as_str()));
                prop_assert_eq!(a.calls(), e.calls.as_slice());
                prop_assert_eq!(a.to_evaluation(), e);
            }
            (Err(a), Err(e)) => prop_assert_eq!(a.to_string(), e.to_string()),
            (a, e) => prop_assert!(false, "assess {:?} but evaluate {:?}", a, e),
        }
    }
}

#[test]
fn call_inputs_are_constants_for_every_call_number() {
    for number in 0..=u8::MAX {
        let input = call_input(number);
        assert_eq!(input, format!("call {number}"));
        let borrowed = matches!(input, Text::Borrowed(_));
        assert_eq!(borrowed, (1..=MAX_CALLS).contains(&number), "call {number}");
    }
}

proptest! {
    #[test]
    fn standing_agrees_with_evaluate(
        scores in proptest::collection::vec(
            prop_oneof![Just(f64::NAN), (0u8..=100).prop_map(f64::from)], 0..=5),
    ) {
        let policy = CertPolicy::default();
        let mut scores = scores;
        if let Some(first) = scores.first_mut() {
            if !first.is_nan() {
                *first = policy.coached_score;
            }
        }
        let st = standing(&scores, &policy).unwrap();
        // The session lists the taken calls only; the rest are pending.
        let session = Session {
            agent: "A".into(),
            calls: scores
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.is_nan())
                .map(|(i, &s)| Call::scored(i as u8 + 1, s))
                .collect(),
        };
        let e = evaluate(&session, &policy).unwrap();
        prop_assert_eq!(st.status, e.status);
        prop_assert_eq!(st.decided_early, e.decided_early);
        prop_assert_eq!((st.passes, st.fails, st.pending), (e.passes, e.fails, e.pending));
        prop_assert_eq!(st.pass_rate, e.pass_rate);
    }
}

fn eval(scores: &[f64]) -> Evaluation {
    evaluate(
        &Session::from_scores("Rivera, Ana", scores),
        &CertPolicy::default(),
    )
    .unwrap()
}

fn err(scores: &[f64]) -> String {
    evaluate(
        &Session::from_scores("Rivera, Ana", scores),
        &CertPolicy::default(),
    )
    .unwrap_err()
    .to_string()
}

#[test]
fn default_policy_is_the_documents_and_round_trips() {
    let p = CertPolicy::default();
    p.validate().unwrap();
    assert_eq!((p.calls, p.pdp_calls, p.mapd_calls), (5, 3, 2));
    assert_eq!(
        (p.pass_mark, p.passes_needed, p.qa_audit_pass_mark),
        (85.0, 4, 95.0)
    );
    assert_eq!(p.fails_allowed() + 1, 2);
    let toml = crate::policy::to_toml(&p).unwrap();
    assert_eq!(CertPolicy::from_toml(&toml).unwrap(), p);
    assert_eq!(
        CertPolicy::from_toml("pass_mark = 80").unwrap().pass_mark,
        80.0
    );
    assert_eq!(CertPolicy::from_json("{}").unwrap(), p);
}

#[test]
fn bad_policies_list_every_problem() {
    let e = CertPolicy::from_toml(
        "calls = 5\npdp_calls = 3\nmapd_calls = 3\npasses_needed = 6\npass_mark = 101\ncoached_call = 7\nqa_audit_pass_mark = -1",
    )
    .unwrap_err();
    insta::assert_snapshot!(e.to_string(), @r#"invalid policy "care.certification": 5 problems: pdp_calls, mapd_calls: 3 PDP + 3 MAPD calls make 6, not the 5 calls of a session; passes_needed: 6 is outside 1 to 5 (the calls); coached_call: call 7 does not exist in a session of 5 calls (use 0 for no coached call); pass_mark: 101 is outside 0 to 100; qa_audit_pass_mark: -1 is outside 0 to 100"#);
    assert!(CertPolicy::from_toml("pass_mark = nan").is_err());
    assert!(CertPolicy::from_toml("calls = 0\npdp_calls = 0\nmapd_calls = 0").is_err());
    assert!(CertPolicy::from_toml("pass_mrak = 80").is_err());
}

#[test]
fn pass_mark_boundary() {
    assert_eq!(eval(&[100.0, 85.0]).calls[1].verdict, Verdict::Pass);
    assert_eq!(eval(&[100.0, 84.0]).calls[1].verdict, Verdict::Fail);
    assert_eq!(eval(&[100.0, 84.99]).calls[1].verdict, Verdict::Fail);
    assert_eq!(eval(&[100.0, 84.0]).calls[1].margin, Some(-1.0));
}

#[test]
fn all_sixteen_mixes_of_the_graded_calls() {
    for bits in 0u8..16 {
        let mut scores = vec![100.0];
        for i in 0..4 {
            scores.push(if bits & (1 << i) != 0 { 85.0 } else { 84.0 });
        }
        let e = eval(&scores);
        let passes = 1 + bits.count_ones() as u8;
        assert_eq!(e.passes, passes);
        assert_eq!(e.fails, 5 - passes);
        assert_eq!(e.pass_rate, passes * 20);
        let want = if passes >= 4 {
            Status::Certified
        } else {
            Status::Failed
        };
        assert_eq!(e.status, want, "{scores:?}");
        assert!(!e.decided_early);
        assert_eq!(e.file_stem, format!("Rivera_Ana_{}%", passes * 20));
    }
}

#[test]
fn early_decisions() {
    let e = eval(&[100.0, 90.0, 90.0, 90.0]);
    assert_eq!(
        (e.status, e.decided_early, e.pending),
        (Status::Certified, true, 1)
    );
    let e = eval(&[100.0, 50.0, 60.0]);
    assert_eq!(
        (e.status, e.decided_early, e.pending),
        (Status::Failed, true, 2)
    );
    let e = eval(&[100.0, 50.0, 90.0]);
    assert_eq!((e.status, e.decided_early), (Status::InProgress, false));
    let e = eval(&[]);
    assert_eq!(
        (e.status, e.pending, e.pass_rate),
        (Status::InProgress, 5, 0)
    );
    let late = CertPolicy {
        early_decision: false,
        ..CertPolicy::default()
    };
    let e = evaluate(
        &Session::from_scores("A B", &[100.0, 90.0, 90.0, 90.0]),
        &late,
    )
    .unwrap();
    assert_eq!(e.status, Status::InProgress);
}

#[test]
fn coached_call_is_automatic() {
    let s = Session {
        agent: "Ana Rivera".into(),
        calls: vec![Call {
            score: None,
            ..Call::scored(1, 0.0)
        }],
    };
    let e = evaluate(&s, &CertPolicy::default()).unwrap();
    assert_eq!(e.calls[0].score, Some(100.0));
    assert_eq!(e.passes, 1);
    assert_eq!(
        err(&[90.0]),
        "invalid score for call 1: call 1 is the coached practice call, scored 100 automatically; 90 was given"
    );
}

#[test]
fn bad_inputs_are_errors() {
    assert_eq!(
        err(&[100.0, f64::NAN]),
        "invalid score for call 2: not a number; give a score from 0 to 100"
    );
    assert_eq!(
        err(&[100.0, 101.0]),
        "invalid score for call 2: 101 is outside 0 to 100"
    );
    assert_eq!(
        err(&[100.0, -1.0]),
        "invalid score for call 2: -1 is outside 0 to 100"
    );
    assert_eq!(
        err(&[100.0, f64::INFINITY]),
        "invalid score for call 2: inf is outside 0 to 100"
    );
    assert_eq!(
        err(&[100.0; 6]),
        "the session has 6 calls; the policy has 5"
    );
    let mut s = Session::from_scores("A B", &[100.0, 90.0]);
    s.calls[1].number = 1;
    assert_eq!(
        evaluate(&s, &CertPolicy::default())
            .unwrap_err()
            .to_string(),
        "call 1 is given twice"
    );
    s.calls[1].number = 0;
    assert!(evaluate(&s, &CertPolicy::default())
        .unwrap_err()
        .to_string()
        .contains("outside 1 to 5"));
    let mut s = Session::from_scores("A B", &[100.0, 90.0, 90.0, 90.0]);
    for c in &mut s.calls {
        c.kind = Some(CallKind::Pdp);
    }
    assert_eq!(
        evaluate(&s, &CertPolicy::default())
            .unwrap_err()
            .to_string(),
        "call 4 would be PDP call number 4; a session has 3 PDP calls"
    );
    let s = Session::from_scores("///", &[100.0]);
    assert!(evaluate(&s, &CertPolicy::default()).is_err());
    let mut s = Session::from_scores("A B", &[100.0, 90.0]);
    s.calls[1].started = Some("2026-01-05T15:00:00Z".parse().unwrap());
    s.calls[1].ended = Some("2026-01-05T14:00:00Z".parse().unwrap());
    assert!(evaluate(&s, &CertPolicy::default())
        .unwrap_err()
        .to_string()
        .contains("before it started"));
}

#[test]
fn qa_audit_boundary() {
    let p = CertPolicy::default();
    assert!(qa_audit(95.0, &p).unwrap().passed);
    assert!(!qa_audit(94.0, &p).unwrap().passed);
    assert!(!qa_audit(94.99, &p).unwrap().passed);
    assert!(qa_audit(f64::NAN, &p).is_err());
    assert_eq!(
        qa_audit(94.0, &p).unwrap().reasons[0].message,
        "QA audit scored 94, below the audit pass mark of 95: fail (-1)"
    );
}

#[test]
fn file_stems_are_safe_everywhere() {
    let cases = [
        ("Rivera, Ana", 80, "Rivera_Ana_80%"),
        ("Ana Rivera", 100, "Rivera_Ana_100%"),
        ("Ana Maria  de la Cruz", 60, "Cruz_Ana-Maria-de-la_60%"),
        ("De La Cruz, Ana Maria", 60, "De-La-Cruz_Ana-Maria_60%"),
        ("Müller, Jürgen", 80, "Müller_Jürgen_80%"),
        ("王, 小明", 80, "王_小明_80%"),
        ("../../etc/passwd, x", 0, "etcpasswd_x_0%"),
        ("..hidden, a.", 0, "hidden_a_0%"),
        ("C:\\Win<d>o|w?s*, \"x\"", 0, "CWindows_x_0%"),
        ("Con", 20, "_Con_20%"),
        ("nul.txt", 20, "_nul.txt_20%"),
        ("COM1", 20, "_COM1_20%"),
        ("Rivera\u{0}\u{202E}, Ana\n", 80, "Rivera_Ana_80%"),
        ("snake_case, x", 80, "snake-case_x_80%"),
        ("Cher", 100, "Cher_100%"),
    ];
    for (name, rate, want) in cases {
        assert_eq!(file_stem(name, rate).unwrap(), want, "{name:?}");
    }
    assert!(file_stem("", 80).is_err());
    assert!(file_stem(" ..., ... ", 80).is_err());
    let long = "é".repeat(99);
    let stem = file_stem(&format!("{long}, {long}"), 80).unwrap();
    assert!(stem.len() <= 2 * MAX_NAME_PART_BYTES + 6);
    // Two agents sharing their first 100 bytes: the cut parts end in a hash of the whole.
    let (a, b) = (
        format!("{}a, Ana", "R".repeat(100)),
        format!("{}b, Ana", "R".repeat(100)),
    );
    let (sa, sb) = (file_stem(&a, 80).unwrap(), file_stem(&b, 80).unwrap());
    assert_ne!(sa, sb);
    assert_eq!(
        sa,
        format!("{}~{:06x}_Ana_80%", "R".repeat(93), cut_mark(&a[..101]))
    );
    assert!(sa.len() <= MAX_NAME_PART_BYTES + 8, "{sa}");
    // Numbers out of range are errors, not `_255%`.
    assert_eq!(
        file_stem("Rivera, Ana", 255).unwrap_err().to_string(),
        "pass rate 255 is outside 0 to 100"
    );
    let e = file_stem(&"x".repeat(1 << 20), 80).unwrap_err();
    assert_eq!(
        e.to_string(),
        "agent name (its length in characters) is too large: 1048576 is over the limit of 200"
    );
    assert!(file_stem(&"é".repeat(MAX_AGENT_NAME_CHARS), 80).is_ok());
    assert!(PersonName::parse(&"é".repeat(MAX_AGENT_NAME_CHARS + 1))
        .file_stem(80)
        .is_err());
}

#[test]
fn json_scores_name_non_finite_floats_and_reject_text() {
    let session = |score: &str| {
        crate::policy::from_json::<Session>(&format!(
            r#"{{"agent": "Ana Rivera", "calls": [{{"number": 2, "score": {score}}}]}}"#
        ))
    };
    for (score, message) in [
        (
            r#""NaN""#,
            "invalid score for call 2: not a number; give a score from 0 to 100",
        ),
        (
            r#""Infinity""#,
            "invalid score for call 2: inf is outside 0 to 100",
        ),
        (
            r#""-Infinity""#,
            "invalid score for call 2: -inf is outside 0 to 100",
        ),
    ] {
        let s = session(score).unwrap();
        let e = evaluate(&s, &CertPolicy::default()).unwrap_err();
        assert_eq!(e.to_string(), message);
    }
    assert_eq!(session("90").unwrap().calls[0].score, Some(90.0));
    assert_eq!(session("null").unwrap().calls[0].score, None);
    let e = session(r#""ninety""#).unwrap_err();
    assert!(
        e.to_string().ends_with(
            r#"invalid type: string "ninety", expected a score: a number from 0 to 100"#
        ),
        "{e}"
    );
    let e = session(r#""nan""#).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::Parse);
    let e = score_from_json("QA audit", &serde_json::json!(true)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid score for QA audit: true is not a number; give a score from 0 to 100"
    );
}

#[test]
fn numbers_are_written_as_format_writes_them() {
    for n in (0..2000u64).chain([u64::MAX, 10u64.pow(15), 99_999]) {
        let mut s = String::new();
        push_uint(&mut s, n);
        assert_eq!(s, n.to_string());
    }
    for x in [
        0.0,
        -0.0,
        1.0,
        -1.0,
        85.0,
        100.0,
        -15.0,
        1e14,
        999_999_999_999_999.0,
        1e15,
        84.5,
        84.99,
        -0.01,
        0.125,
        1e300,
        -1e300,
        f64::INFINITY,
        f64::NAN,
    ] {
        let old = if x.fract() == 0.0 && x.abs() < 1e15 {
            format!("{x:.0}")
        } else {
            let s = format!("{x:.2}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        // Two changes from the old writer: no `-0`, and a number two decimals cannot write
        // exactly is written in full (0.125, not 0.13).
        let want = match old.as_str() {
            "-0" => "0".to_string(),
            "0.12" => "0.125".to_string(),
            _ => old,
        };
        assert_eq!(fmt_score(x), want, "{x}");
    }
    assert_eq!(fmt_margin(-0.01), "-0.01");
    assert_eq!(fmt_margin(5.0), "+5");
}

#[test]
fn explanation_text() {
    insta::assert_snapshot!(eval(&[100.0, 90.0, 84.0, 88.0, 92.0]).explain());
    insta::assert_snapshot!(eval(&[100.0, 70.0, 84.5]).explain());
}

#[test]
fn batch_examples_and_errors() {
    let p = CertPolicy::default();
    let scores = [
        100, 90, 84, 88, 92, 100, 70, 80, 255, 255, 255, 255, 255, 255, 255,
    ];
    let b = evaluate_batch(&scores, &p).unwrap();
    assert_eq!(b.status, vec![1, 2, 0]);
    assert_eq!(b.passes, vec![4, 1, 0]);
    assert_eq!(b.pass_rate, vec![80, 20, 0]);
    let e = evaluate_batch(&[100, 90, 84, 88, 92, 100, 90, 101, 0, 0], &p).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid score for agent row 1, call 3: 101 is outside 0 to 100 (255 means not taken)"
    );
    let e = evaluate_batch(&[90, 90, 84, 88, 92], &p).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("invalid score for agent row 0, call 1: call 1 is the coached"),
        "{e}"
    );
    assert!(evaluate_batch(&[100, 90], &p)
        .unwrap_err()
        .to_string()
        .contains("whole rows"));
    let f = evaluate_batch_f64(&[100.0, 90.0, 84.5, f64::NAN, f64::NAN], &p).unwrap();
    assert_eq!((f.status[0], f.passes[0]), (0, 2));
    let e = evaluate_batch_f64(&[100.0, 90.0, f64::INFINITY, 1.0, 1.0], &p).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid score for agent row 0, call 3: inf is outside 0 to 100"
    );
    let mut short = BatchColumns::zeroed(1);
    assert!(evaluate_batch_into(&[100; 10], &p, &mut short.as_out()).is_err());
    // A policy of another size takes the general path.
    let three = CertPolicy {
        calls: 3,
        pdp_calls: 2,
        mapd_calls: 1,
        passes_needed: 2,
        ..p
    };
    let b = evaluate_batch(&[100, 85, 255, 100, 0, 0], &three).unwrap();
    assert_eq!(b.status, vec![1, 2]);
    assert_eq!(b.pass_rate, vec![66, 33]);
}

#[test]
fn batch_error_names_a_row_past_the_first_block() {
    let mut scores = [100u8, 90, 90, 90, 90].repeat(3000);
    scores[2500 * 5 + 3] = 200;
    let e = evaluate_batch(&scores, &CertPolicy::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid score for agent row 2500, call 4: 200 is outside 0 to 100 (255 means not taken)"
    );
}

/// `care cert score 100 84.9999999 ...` printed 'scored 85, below the pass mark of 85: fail
/// (-0)': the number shown must agree with the verdict.
#[test]
fn the_number_shown_agrees_with_the_verdict() {
    let p = CertPolicy::default();
    let ev = evaluate_scores(
        "Rivera, Ana",
        &[100.0, 84.9999999, 85.0000001, 90.0, 90.0],
        &p,
    )
    .unwrap();
    let text: Vec<String> = ev.reasons.iter().map(|r| r.message.to_string()).collect();
    let text = text.join("\n");
    assert!(
        text.contains("84.9999999, below the pass mark of 85: fail (-0.0000001)"),
        "{text}"
    );
    assert!(
        text.contains("85.0000001, at or above the pass mark of 85: pass (+0.0000001)"),
        "{text}"
    );
    assert!(!text.contains("(-0)"), "{text}");
    // The call's margin and the table agree too.
    assert!(ev.calls[1].margin.unwrap() < 0.0);
    assert!(ev.calls[2].margin.unwrap() > 0.0);
    assert!(
        ev.explain().contains("84.9999999  FAIL    -0.0000001"),
        "{}",
        ev.explain()
    );
    assert_eq!(format_score(-0.0, Some(85.0)), "0");
    assert_eq!(format_score(94.99, Some(95.0)), "94.99");
    assert_eq!(format_score(85.004, Some(85.0)), "85.004");
    assert_eq!(format_score(84.996, Some(85.0)), "84.996");
    assert_eq!(format_score(84.5, Some(85.0)), "84.5");
}

#[test]
fn floats_go_to_json_as_numbers_or_the_names_read_back() {
    for x in [0.0, -2.5, 100.0, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(score_from_json("call 1", &float_to_json(x)).unwrap(), x);
    }
    assert_eq!(float_to_json(f64::INFINITY), serde_json::json!("Infinity"));
    assert_eq!(float_to_json(f64::NAN), serde_json::json!("NaN"));
    assert!(score_from_json("call 1", &float_to_json(f64::NAN))
        .unwrap()
        .is_nan());
}

use super::*;
use crate::calendar::Calendar;
use jiff::civil::date;
use proptest::prelude::*;

fn federal() -> Calendar {
    Calendar::us_federal("America/New_York").unwrap()
}

fn sample_report() -> Report {
    report(
        &Cohort::sample(),
        date(2026, 7, 10),
        &federal(),
        &CohortPolicy::default(),
    )
    .unwrap()
}

#[test]
fn sample_files_load() {
    import_tracker(SAMPLE_TRACKER, &CohortPolicy::default()).unwrap();
    let staff = Staff::from_toml(SAMPLE_STAFF).unwrap();
    assert_eq!(staff.certifiers.len(), 10);
    let c = Cohort::sample();
    assert_eq!(c.agents.len(), 11);
    assert_eq!(c.coordinator, "Dana Whitfield");
    c.validate(&CohortPolicy::default()).unwrap();
}

#[test]
fn with_certifiers_keeps_the_coordinator_unless_given() {
    let c = Cohort::sample();
    let names: Vec<&str> = c.agent_names().collect();
    assert_eq!(names.len(), 11);
    assert_eq!(names[0], c.agents[0].name);
    let one = vec![Certifier {
        name: "Ann Lee".into(),
        off: vec![],
    }];
    let kept = c.clone().with_certifiers(one.clone(), None);
    assert_eq!(
        (kept.coordinator.as_str(), kept.certifiers.as_slice()),
        ("Dana Whitfield", &one[..])
    );
    assert_eq!(kept.agents, c.agents);
    let other = c.with_certifiers(Vec::new(), Some("Sam Ortiz".into()));
    assert_eq!(
        (other.coordinator.as_str(), other.certifiers.len()),
        ("Sam Ortiz", 0)
    );
}

#[test]
fn policy_defaults_derive_two_sessions() {
    let p = CohortPolicy::default();
    p.validate().unwrap();
    assert_eq!(p.sessions_per_certifier(), 2);
    assert_eq!(p.sessions_on_role_play_day(), 1);
    let toml = crate::policy::to_toml(&p).unwrap();
    assert_eq!(CohortPolicy::from_toml(&toml).unwrap(), p);
    let p = CohortPolicy::from_toml(
        "certifier_hours_per_day = 6\n[escalation.budgets]\ncert_session_hours = 2",
    )
    .unwrap();
    assert_eq!(p.sessions_per_certifier(), 3);
    let p = CohortPolicy::from_json(r#"{"pairing_order": "name"}"#).unwrap();
    assert_eq!(p.pairing_order, PairingOrder::Name);
    let e = CohortPolicy::from_toml(
        "certifier_hours_per_day = 3\nrole_play_day = 0\n[cert]\npass_mark = 101",
    )
    .unwrap_err();
    insta::assert_snapshot!(e.to_string(), @r#"invalid policy "care.cohort": 3 problems: certifier_hours_per_day: 3 hours hold no session of 4 hours; give at least the session budget; role_play_day: must be 1 or later; cert.pass_mark: 101 is outside 0 to 100"#);
}

#[test]
fn sample_states_mix() {
    let r = sample_report();
    let state = |n: &str| r.agents.iter().find(|a| a.name == n).unwrap().state;
    assert_eq!(state("Ana Rivera"), AgentState::Certified);
    assert_eq!(state("Marcus Bell"), AgentState::Failed);
    assert_eq!(state("Sofia Alvarez"), AgentState::BlockedByEquipment);
    assert_eq!(state("Liam O'Connor"), AgentState::InCertification);
    assert_eq!(state("Grace Okafor"), AgentState::Waiting);
    let liam = r.agents.iter().find(|a| a.name == "Liam O'Connor").unwrap();
    assert_eq!(liam.current_step.as_ref().unwrap().id, "coaching");
    assert_eq!(liam.missing_self_reports, vec![date(2026, 7, 9)]);
    let priya = r
        .agents
        .iter()
        .find(|a| a.name == "Priya Natarajan")
        .unwrap();
    // Certified: coaching fell due before she completed; it is no current step.
    assert!(priya.current_step.is_none());
    assert_eq!(
        priya.step_before_completion.as_ref().unwrap().id,
        "coaching"
    );
    assert!(priya.next_step.is_none());
    assert_eq!(r.open_equipment_issues, vec!["Sofia Alvarez".to_string()]);
    // The July 3rd holiday keeps Aisha (start Thursday July 2) from coaching; without it
    // she finishes on day 4.
    let aisha = |cal: &Calendar| {
        let r = report(
            &Cohort::sample(),
            date(2026, 7, 10),
            cal,
            &CohortPolicy::default(),
        )
        .unwrap();
        r.agents
            .into_iter()
            .find(|a| a.name == "Aisha Rahman")
            .unwrap()
    };
    assert!(aisha(&federal()).step_before_completion.is_none());
    let plain = Calendar::weekdays_only("America/New_York").unwrap();
    assert_eq!(aisha(&plain).step_before_completion.unwrap().id, "coaching");
}

#[test]
fn report_text_and_markdown() {
    let r = sample_report();
    insta::assert_snapshot!("report_text", r.to_text());
    insta::assert_snapshot!("report_markdown", r.to_markdown());
    insta::assert_snapshot!("report_csv", r.to_csv().unwrap());
}

#[test]
fn report_rows_carry_what_would_change_each_open_decision() {
    use crate::explain::rule;
    let r = sample_report();
    let row = |name: &str| r.agents.iter().find(|a| a.name == name).unwrap();
    // Certified and complete: nothing to reverse.
    assert!(row("Ana Rivera").counterfactuals.is_empty());
    assert_eq!(row("Ana Rivera").what_would_change_it(), "");
    // Failed: why no score can certify.
    let failed = row("Marcus Bell");
    assert_eq!(failed.counterfactuals.len(), 1);
    assert_eq!(failed.counterfactuals[0].rule, rule::CERT_PASSES_NEEDED);
    // Pending and late: the calls that must pass, then the day that avoids the next step.
    let liam = row("Liam O'Connor");
    assert_eq!(
        liam.counterfactuals
            .iter()
            .map(|c| c.rule.as_str())
            .collect::<Vec<_>>(),
        [rule::CERT_PASSES_NEEDED, rule::ESCALATION_STEP]
    );
    let want = "calls 4 and 5 each need 85 or more to certify; completing by Fri 2026-07-10 avoids the written CAP";
    assert_eq!(liam.what_would_change_it(), want);
    for text in [
        r.to_text(),
        r.to_markdown(),
        r.to_csv().unwrap(),
        crate::cohort::email::report_html(&r),
    ] {
        assert!(text.contains(want), "{text}");
        assert!(
            text.to_lowercase()
                .replace('_', " ")
                .contains("what would change it"),
            "{text}"
        );
    }
    // The data crosses in JSON; an empty list is left out.
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["agents"][0].get("counterfactuals").is_none());
    assert_eq!(
        json["agents"][1]["counterfactuals"][0]["rule"],
        rule::CERT_PASSES_NEEDED
    );
}

#[test]
fn csv_neutralises_formulas() {
    use report::neutralize_csv_cell as n;
    for (cell, want) in [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ana", "Ana"),
        ("", ""),
        ("a=b", "a=b"),
    ] {
        assert_eq!(n(cell), want);
    }
    let mut c = Cohort::sample();
    c.agents[0].name = "=HYPERLINK(\"http://x\")".into();
    c.agents[0].certifier = Some("@evil".into());
    let r = report(&c, date(2026, 7, 10), &federal(), &CohortPolicy::default()).unwrap();
    let csv = r.to_csv().unwrap();
    let mut rd = csv::Reader::from_reader(csv.as_bytes());
    for rec in rd.records() {
        for cell in rec.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell}"
            );
        }
    }
    assert!(csv.contains("'=HYPERLINK"));
    assert!(csv.contains("'@evil"));
}

#[test]
fn pairing_on_the_sample_day() {
    let p = pair(
        &Cohort::sample(),
        date(2026, 7, 10),
        &federal(),
        &CohortPolicy::default(),
    )
    .unwrap();
    insta::assert_snapshot!("pairing_text", p.to_string());
    let e = pair(
        &Cohort::sample(),
        date(2026, 7, 3),
        &federal(),
        &CohortPolicy::default(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid date \"2026-07-03\": Fri 2026-07-03 is not a business day on the us-federal calendar; the next one is 2026-07-06"
    );
}

fn ready_agent(name: String, start: jiff::civil::Date) -> Agent {
    Agent {
        day1_done: true,
        role_plays_done: true,
        ..Agent::new(name, start)
    }
}

#[test]
fn pairing_limits_and_order() {
    let mut c = Cohort {
        certifiers: vec![Certifier::new("A"), Certifier::new("B")],
        ..Cohort::default()
    };
    for i in 0..6 {
        c.agents.push(ready_agent(
            format!("Agent {i}"),
            date(2026, 7, 6 + i as i8 % 3),
        ));
    }
    let p = pair(&c, date(2026, 7, 10), &federal(), &CohortPolicy::default()).unwrap();
    assert_eq!(p.pairs.len(), 4);
    assert_eq!(p.unpaired.len(), 2);
    assert!(p
        .unpaired
        .iter()
        .all(|u| u.reason == pairing::UnpairedReason::NoCertifierFree));
    // Earliest starts (highest post-training day) first.
    assert_eq!(p.pairs[0].agent, "Agent 0");
    assert_eq!(p.pairs[1].agent, "Agent 3");
    let names: Vec<_> = p.unpaired.iter().map(|u| u.agent.as_str()).collect();
    assert_eq!(names, ["Agent 2", "Agent 5"]);
}

prop_compose! {
    fn arb_cohort()(
        certs in proptest::collection::vec(proptest::option::of(0u8..3), 0..6),
        agents in proptest::collection::vec((0i8..10, any::<bool>(), any::<bool>(), any::<bool>(), proptest::option::of(0usize..6), 0u8..4), 0..25),
    ) -> Cohort {
        let certifiers: Vec<Certifier> = certs.iter().enumerate().map(|(i, off)| Certifier {
            name: format!("C{i}"),
            off: off.map(|d| vec![date(2026, 7, 8 + d as i8)]).unwrap_or_default(),
        }).collect();
        let agents = agents.into_iter().enumerate().map(|(i, (s, issue, d1, rp, own, calls))| {
            let mut a = Agent::new(format!("A{i}"), date(2026, 6, 29).checked_add(jiff::Span::new().days(i64::from(s))).unwrap());
            a.day1_done = d1;
            a.role_plays_done = rp;
            if issue {
                a.equipment_issues.push(EquipmentIssue { opened: date(2026, 7, 1), closed: None });
            }
            a.certifier = own.map(|j| format!("C{j}"));
            a.scores = (0..calls).map(|k| Some(if k == 0 { 100.0 } else { 90.0 })).collect();
            a
        }).collect();
        Cohort { coordinator: String::new(), certifiers, agents }
    }
}

proptest! {
    #[test]
    fn pairing_never_breaks_the_limits(c in arb_cohort(), day in 6i8..11) {
        let day = date(2026, 7, day);
        let policy = CohortPolicy::default();
        let Ok(p) = pair(&c, day, &federal(), &policy) else { return Ok(()); };
        let cap = policy.sessions_per_certifier();
        for cd in &p.certifiers {
            let n = p.pairs.iter().filter(|x| x.certifier == cd.certifier).count() as u32;
            prop_assert!(n <= cap);
            prop_assert_eq!(n, cd.sessions);
            if !cd.available { prop_assert_eq!(n, 0); }
        }
        for x in &p.pairs {
            let a = c.agent(&x.agent).unwrap();
            prop_assert!(a.open_issue_on(day).is_none());
            prop_assert!(a.day1_done && a.role_plays_done);
        }
        // Every agent is either paired or listed once.
        prop_assert_eq!(p.pairs.len() + p.unpaired.len(), c.agents.len());
        // Nobody waits for lack of a certifier while one has a free session.
        let free = p.certifiers.iter().any(|cd| cd.available && cd.sessions < cap);
        if free {
            prop_assert!(p.unpaired.iter().all(|u| u.reason != pairing::UnpairedReason::NoCertifierFree));
        }
    }

    #[test]
    fn forecast_finishes_everyone(n in 0u32..300, m in 1u32..15, s in 0i8..20) {
        let start = date(2026, 6, 22).checked_add(jiff::Span::new().days(i64::from(s))).unwrap();
        let f = forecast(n, m, start, &federal(), &CohortPolicy::default()).unwrap();
        prop_assert_eq!(f.days.last().map_or(0, |d| d.finished), n);
        let total: u32 = f.days.iter().map(|d| d.sessions).sum();
        prop_assert_eq!(total, n);
        for d in &f.days {
            prop_assert!(d.sessions <= m * 2);
        }
    }
}

#[test]
fn forecast_example() {
    let f = forecast(
        50,
        10,
        date(2026, 6, 30),
        &federal(),
        &CohortPolicy::default(),
    )
    .unwrap();
    insta::assert_snapshot!("forecast_text", f.to_string());
    assert_eq!(f.finish_day, 4);
    assert_eq!(f.steps[0].agents, 20);
    assert!(forecast(
        5,
        0,
        date(2026, 6, 30),
        &federal(),
        &CohortPolicy::default()
    )
    .is_err());
    let none = forecast(
        0,
        0,
        date(2026, 6, 30),
        &federal(),
        &CohortPolicy::default(),
    )
    .unwrap();
    assert_eq!(none.finish_day, 0);
}

#[test]
fn notes_added_by_name() {
    let mut c = Cohort::sample();
    let notes = parse_notes("7/9/2026 - liam o'connor - forgot to report, sorry\n").unwrap();
    c.add_notes(notes).unwrap();
    let r = report(&c, date(2026, 7, 10), &federal(), &CohortPolicy::default()).unwrap();
    let liam = r.agents.iter().find(|a| a.name == "Liam O'Connor").unwrap();
    assert!(liam.missing_self_reports.is_empty());
    let e = c
        .add_notes(parse_notes("7/9/2026 - Liam OConor - x").unwrap())
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown agent \"Liam OConor\" (did you mean \"Liam O'Connor\"?)"
    );
}

/// `care pair` on a tracker of 247k agents did not finish in 300 s: unpaired agents were
/// sorted with a key that searched the cohort for each one. 40,000 agents, most of them
/// unpaired, must pair in seconds even in a debug build.
#[test]
fn pairing_is_linear_in_the_number_of_agents() {
    let mut c = Cohort {
        certifiers: (0..10).map(|i| Certifier::new(format!("C{i}"))).collect(),
        ..Cohort::default()
    };
    for i in 0..40_000u32 {
        // Every third agent is ready; the rest have not started yet.
        let start = if i % 3 == 0 {
            date(2026, 7, 6)
        } else {
            date(2026, 8, 3)
        };
        c.agents.push(ready_agent(format!("Agent {i:05}"), start));
    }
    let t = std::time::Instant::now();
    let p = pair(&c, date(2026, 7, 10), &federal(), &CohortPolicy::default()).unwrap();
    let took = t.elapsed();
    assert_eq!(p.pairs.len(), 20);
    assert_eq!(p.unpaired.len(), 40_000 - 20);
    // Still in cohort order.
    assert!(p.unpaired.windows(2).all(|w| w[0].agent < w[1].agent));
    assert!(took.as_secs() < 20, "pairing 40,000 agents took {took:?}");
}

#[test]
fn standing_agrees_with_the_evaluation() {
    let policy = CohortPolicy::default();
    let prepared = policy.cert.prepare().unwrap();
    let mut agents = Cohort::sample().agents;
    for scores in [
        vec![],
        vec![None, Some(90.0)],
        vec![Some(100.0), Some(84.0), Some(80.0)],
        vec![None, Some(90.0), Some(90.0), Some(90.0)],
        vec![Some(100.0), None, None, Some(99.0), Some(85.0)],
    ] {
        agents.push(Agent {
            scores,
            ..Agent::new("X", date(2026, 7, 6))
        });
    }
    for a in &agents {
        let ev = a.evaluation(&policy.cert).unwrap();
        let st = a.standing(&prepared).unwrap();
        assert_eq!(
            (st.status, st.passes, st.fails, st.pass_rate),
            (ev.status, ev.passes, ev.fails, ev.pass_rate),
            "{a:?}"
        );
    }
}

/// The report wrote 84.9999999 and 85.0000001 both as 85, and -0 as `'-0` in the CSV.
#[test]
fn report_scores_are_written_exactly() {
    let mut a = ready_agent("Rivera, Ana".into(), date(2026, 7, 6));
    a.scores = vec![Some(100.0), Some(-0.0), Some(84.9999999), Some(85.0000001)];
    let c = Cohort {
        agents: vec![a],
        ..Cohort::sample()
    };
    let r = report(&c, date(2026, 7, 10), &federal(), &CohortPolicy::default()).unwrap();
    let csv = r.to_csv().unwrap();
    assert!(csv.contains(",0,84.9999999,85.0000001,"), "{csv}");
    assert!(!csv.contains("'-0"), "{csv}");
    let text = r.to_text();
    assert!(text.contains("100 0 84.9999999 85.0000001"), "{text}");
}

/// The end-of-day report showed 'current step: documented coaching' for a certified agent:
/// once certs and TBTs are complete the step is the one reached before completing, labelled
/// so in every format.
#[test]
fn a_completed_agents_step_is_labelled_as_reached_before_completing() {
    let mut a = ready_agent("Rivera, Ana".into(), date(2026, 7, 1));
    a.scores = vec![Some(100.0), Some(90.0), Some(90.0), Some(90.0)];
    a.tbt_done = true;
    a.completed_on = Some(date(2026, 7, 9));
    let c = Cohort {
        agents: vec![a],
        ..Cohort::sample()
    };
    let r = report(&c, date(2026, 7, 10), &federal(), &CohortPolicy::default()).unwrap();
    let line = &r.agents[0];
    assert!(line.current_step.is_none());
    let before = line
        .step_before_completion
        .as_ref()
        .expect("a step fell due");
    for text in [r.to_text(), r.to_markdown()] {
        assert!(
            text.contains(&format!("step reached before completing: {}", before.name)),
            "{text}"
        );
    }
    let csv = r.to_csv().unwrap();
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .ends_with(",step_before_completion,what_would_change_it"));
    assert!(csv.contains(&before.id), "{csv}");
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["agents"][0]["current_step"].is_null());
    assert_eq!(
        json["agents"][0]["step_before_completion"]["id"],
        before.id.as_str()
    );
    assert_eq!(r.totals.at_escalation_step, 0);
}

#[test]
fn duplicate_agent_names_are_found_by_their_normalised_form() {
    let mut c = Cohort::sample();
    c.agents
        .push(Agent::new("  ana RIVERA! ", date(2026, 7, 6)));
    let e = c.validate(&CohortPolicy::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "agents[{}].name: duplicate agent \"  ana RIVERA! \"",
            c.agents.len() - 1
        )
    );
    // Names that differ only after normalising to different words are not duplicates.
    let mut c = Cohort::sample();
    c.agents.push(Agent::new("Ana Riviera", date(2026, 7, 6)));
    c.validate(&CohortPolicy::default()).unwrap();
}

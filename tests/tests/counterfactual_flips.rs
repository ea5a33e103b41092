//! Every counterfactual in the shared vectors, applied to its case's input, reverses the
//! decision; and it is the smallest such change (a score just under its mark, a month less,
//! a completion on the step's own date does not).

use care_core::certification::{self, CertPolicy, Session, Status};
use care_core::escalation::{self, EscalationPolicy, Excused, Moment};
use care_core::transition::{self, Person};
use care_core::{Calendar, Catalog, Change};
use serde_json::{json, Value};

fn cases(file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(care_tests::vector_path(file)).expect("vector file");
    let v: Value = serde_json::from_str(&text).expect("json");
    v["cases"].as_array().cloned().unwrap_or_default()
}

fn evaluate(session: &Value, policy: &CertPolicy) -> certification::Evaluation {
    let s: Session =
        care_core::policy::from_value("session", session.clone()).expect("session parses");
    certification::evaluate(&s, policy).expect("evaluates")
}

/// The session with the calls in `scores` added (number, score).
fn with_scores(session: &Value, scores: &[(u8, f64)]) -> Value {
    let mut s = session.clone();
    let calls = s["calls"].as_array_mut().expect("calls");
    for (n, score) in scores {
        calls.push(json!({ "number": n, "score": score }));
    }
    s
}

#[test]
fn certification_counterfactuals_flip_the_decision() {
    let mut checked = 0;
    for case in cases("certification.json") {
        if case["fn"] != "evaluate" || case.get("output").is_none() {
            continue;
        }
        let input = &case["input"];
        let policy = care_tests::certification::policy(input).expect("policy");
        let session = &input["session"];
        let e = evaluate(session, &policy);
        let name = case["name"].as_str().unwrap_or_default();
        let Some(cf) = &e.counterfactual else {
            assert_eq!(e.status, Status::Certified, "{name}: no counterfactual");
            continue;
        };
        assert_ne!(e.status, Status::Certified, "{name}");
        let pending: Vec<u8> = e
            .calls
            .iter()
            .filter(|c| c.score.is_none())
            .map(|c| c.number)
            .collect();
        let auto = |n: u8, s: f64| {
            if policy.coached_call == n {
                policy.coached_score
            } else {
                s
            }
        };
        for change in &cf.changes {
            match change {
                Change::CallScores {
                    passes,
                    calls,
                    at_least,
                } => {
                    let pass = &calls[..usize::from(*passes)];
                    // The chosen calls pass at the mark, every other pending call fails.
                    let mut scores: Vec<(u8, f64)> =
                        pass.iter().map(|&n| (n, auto(n, *at_least))).collect();
                    let others: Vec<(u8, f64)> = pending
                        .iter()
                        .filter(|n| !pass.contains(n))
                        .map(|&n| (n, auto(n, 0.0)))
                        .collect();
                    scores.extend(&others);
                    let after = evaluate(&with_scores(session, &scores), &policy);
                    assert_eq!(after.status, Status::Certified, "{name}: {}", cf.text);
                    // Minimal: one of them just under the mark does not certify.
                    if let Some(&first) = pass.iter().find(|&&n| policy.coached_call != n) {
                        if *at_least > 0.0 {
                            let mut under = scores.clone();
                            if let Some(s) = under.iter_mut().find(|(n, _)| *n == first) {
                                s.1 = at_least - 0.5;
                            }
                            let after = evaluate(&with_scores(session, &under), &policy);
                            assert_ne!(after.status, Status::Certified, "{name}: minimal");
                        }
                    }
                }
                Change::Impossible { .. } => {
                    // Even if every pending call passed, the agent is not certified.
                    let scores: Vec<(u8, f64)> =
                        pending.iter().map(|&n| (n, auto(n, 100.0))).collect();
                    let after = evaluate(&with_scores(session, &scores), &policy);
                    assert_ne!(after.status, Status::Certified, "{name}: {}", cf.text);
                }
                other => panic!("{name}: a certification change of another kind: {other:?}"),
            }
        }
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} certification counterfactuals");
}

#[test]
fn readiness_counterfactuals_flip_the_decision() {
    let catalog = Catalog::builtin().expect("catalog");
    let mut checked = 0;
    for case in cases("career.json") {
        if case["fn"] != "readiness" || case.get("output").is_none() {
            continue;
        }
        let input = &case["input"];
        let name = case["name"].as_str().unwrap_or_default();
        let mut person: Person =
            care_core::policy::from_value("person", input["person"].clone()).expect("person");
        let target = input["target"].as_str().unwrap_or_default();
        let r = transition::readiness(&catalog, &person, target).expect("readiness");
        let Some(cf) = &r.counterfactual else {
            assert!(r.eligible, "{name}");
            continue;
        };
        assert!(!r.eligible, "{name}");
        // Only months can be added to a person without new facts; apply those and check
        // that exactly the other changes remain missing.
        let mut others = 0;
        for change in &cf.changes {
            match change {
                Change::MonthsInRole { roles, months, .. } => {
                    let role = &roles[0];
                    let key = person
                        .months_in_role
                        .keys()
                        .find(|k| catalog.lookup(k).map(|x| &x.id == role).unwrap_or(false))
                        .cloned()
                        .unwrap_or_else(|| role.clone());
                    *person.months_in_role.entry(key).or_insert(0) += months;
                }
                _ => others += 1,
            }
        }
        let after = transition::readiness(&catalog, &person, target).expect("readiness");
        let left = after.required.iter().filter(|c| !c.met).count();
        assert_eq!(left, others, "{name}: {}", cf.text);
        assert_eq!(after.eligible, others == 0, "{name}");
        checked += 1;
    }
    assert!(checked >= 2, "only {checked} readiness counterfactuals");
}

#[test]
fn escalation_counterfactuals_avoid_the_step() {
    let policy = EscalationPolicy::default();
    let mut checked = 0;
    for case in cases("escalation.json") {
        if case["fn"] != "status" || case.get("output").is_none() {
            continue;
        }
        let input = &case["input"];
        let name = case["name"].as_str().unwrap_or_default();
        let tz = input["time_zone"].as_str().unwrap_or("UTC");
        let cal = match &input["calendar"] {
            Value::String(n) => Calendar::by_name(n, tz).expect("calendar"),
            _ => continue,
        };
        let excused: Vec<Excused> = match input.get("excused") {
            Some(e) => serde_json::from_value(e.clone()).expect("excused"),
            None => Vec::new(),
        };
        let start = serde_json::from_value(input["start"].clone()).expect("start");
        let as_of: Moment = input["as_of"].as_str().unwrap_or_default().parse().unwrap();
        let completed: Option<Moment> = input["completed"].as_str().map(|s| s.parse().unwrap());
        let st = escalation::status(start, &as_of, completed.as_ref(), &cal, &excused, &policy)
            .expect("status");
        let Some(cf) = &st.counterfactual else {
            assert!(st.completed || st.next_step.is_none(), "{name}");
            continue;
        };
        let Some(Change::CompleteBy {
            date, step_code, ..
        }) = cf.changes.first()
        else {
            panic!("{name}: {cf:?}");
        };
        let next = st.next_step.as_ref().expect("a next step");
        let done = Moment::Date(*date);
        let at = Moment::Date(next.date);
        let after =
            escalation::status(start, &at, Some(&done), &cal, &excused, &policy).expect("status");
        assert!(after.step_code < *step_code, "{name}: {}", cf.text);
        // Minimal: completing on the step's own date does not avoid it.
        let late = Moment::Date(next.date);
        let after =
            escalation::status(start, &at, Some(&late), &cal, &excused, &policy).expect("status");
        assert!(after.step_code >= *step_code, "{name}: on the step's date");
        checked += 1;
    }
    assert!(checked >= 2, "only {checked} escalation counterfactuals");
}

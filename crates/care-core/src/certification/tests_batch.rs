//! The batch kernels and file stems against reference implementations, and the property
//! tests over random sessions and policies.

use super::*;
use proptest::prelude::*;

/// Each row evaluated alone, the reference for the batch paths.
fn batch_by_rows(scores: &[u8], p: &CertPolicy) -> BatchColumns {
    let mut cols = BatchColumns::default();
    for row in scores.chunks_exact(usize::from(p.calls)) {
        let e = evaluate(&session_of(row), p).unwrap();
        cols.status.push(e.status.code());
        cols.passes.push(e.passes);
        cols.pass_rate.push(e.pass_rate);
    }
    cols
}

fn policies() -> Vec<CertPolicy> {
    let d = CertPolicy::default();
    let mut out = Vec::new();
    for need in 1..=5 {
        for early in [true, false] {
            for (mark, coached_call, coached_score) in [
                (85.0, 1, 100.0),
                (84.5, 3, 90.0),
                (0.0, 0, 100.0),
                (100.0, 5, 99.5),
                (60.0, 2, 0.0),
            ] {
                out.push(CertPolicy {
                    passes_needed: need,
                    early_decision: early,
                    pass_mark: mark,
                    coached_call,
                    coached_score,
                    ..d.clone()
                });
            }
        }
    }
    out
}

/// Scores valid under `p`, a deterministic mix of passes, fails and pending calls.
fn valid_rows(rows: usize, p: &CertPolicy, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    let mut out = Vec::with_capacity(rows * 5);
    for _ in 0..rows {
        for c in 1..=p.calls {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = (x % 110) as u8;
            let s = if v > 100 { NOT_TAKEN } else { v };
            let coached_ok = p.coached_score.fract() == 0.0;
            out.push(if p.is_coached(c) && s != NOT_TAKEN {
                if coached_ok {
                    p.coached_score as u8
                } else {
                    NOT_TAKEN
                }
            } else {
                s
            });
        }
    }
    out
}

#[test]
fn batch_paths_equal_single_evaluations_under_many_policies() {
    for (i, p) in policies().iter().enumerate() {
        p.validate().unwrap();
        let prepared = p.prepare().unwrap();
        for rows in [0, 1, 7, SMALL, BLOCK + 3, 3 * BLOCK] {
            let scores = valid_rows(rows, p, i as u64 * 1000 + rows as u64);
            let want = batch_by_rows(&scores, p);
            assert_eq!(evaluate_batch(&scores, p).unwrap(), want, "{p:?} {rows}");
            let floats: Vec<f64> = scores
                .iter()
                .map(|&s| {
                    if s == NOT_TAKEN {
                        f64::NAN
                    } else {
                        f64::from(s)
                    }
                })
                .collect();
            assert_eq!(
                evaluate_batch_f64(&floats, p).unwrap(),
                want,
                "{p:?} {rows}"
            );
            let mut cols = BatchColumns::zeroed(rows);
            prepared
                .evaluate_batch_into(&scores, &mut cols.as_out())
                .unwrap();
            assert_eq!(cols, want);
            prepared
                .evaluate_batch_f64_into(&floats, &mut cols.as_out())
                .unwrap();
            assert_eq!(cols, want);
        }
    }
}

#[test]
fn status_code_is_decide_for_every_count() {
    for p in policies() {
        let limits = Limits::new(&p).unwrap();
        for passes in 0..=5u8 {
            for fails in 0..=(5 - passes) {
                let pending = 5 - passes - fails;
                assert_eq!(
                    limits.status_code(passes, fails, pending),
                    decide_counts(passes, fails, pending, &p).status.code(),
                    "{p:?} {passes} {fails}"
                );
            }
        }
    }
}

#[test]
fn batch_errors_name_the_first_bad_score_and_write_the_rows_before() {
    let p = CertPolicy::default();
    for rows in [3, SMALL + 5, 2 * BLOCK + 10] {
        let mut scores = [100u8, 90, 90, 90, 90].repeat(rows);
        let bad_row = rows - 2;
        scores[bad_row * 5 + 2] = 130;
        scores[(rows - 1) * 5] = 90;
        let mut cols = BatchColumns::zeroed(rows);
        let e = evaluate_batch_into(&scores, &p, &mut cols.as_out()).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("invalid score for agent row {bad_row}, call 3: 130 is outside 0 to 100 (255 means not taken)")
        );
        assert!(cols.status[..bad_row].iter().all(|&s| s == 1), "{rows}");
        let mut floats: Vec<f64> = scores.iter().map(|&s| f64::from(s)).collect();
        floats[bad_row * 5 + 2] = 90.0;
        floats[bad_row * 5 + 4] = -0.5;
        let mut cols = BatchColumns::zeroed(rows);
        let e = evaluate_batch_f64_into(&floats, &p, &mut cols.as_out()).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("invalid score for agent row {bad_row}, call 5: -0.5 is outside 0 to 100")
        );
        assert!(cols.status[..bad_row].iter().all(|&s| s == 1), "{rows}");
        // The coached call scored otherwise.
        scores[5] = 90;
        let e = evaluate_batch(&scores, &p).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("invalid score for agent row 1, call 1: call 1 is the coached"),
            "{e}"
        );
    }
    let bad = CertPolicy {
        pass_mark: 101.0,
        ..p
    };
    assert!(bad.prepare().is_err());
    let prepared = CertPolicy::default().prepare().unwrap();
    let json = serde_json::to_string(&prepared).unwrap();
    let back: PreparedCertPolicy = serde_json::from_str(&json).unwrap();
    assert_eq!(back, prepared);
    assert_eq!(back.policy(), &CertPolicy::default());
}

/// The file stem as it was built before it was made allocation-free, the reference.
fn reference_file_stem(agent: &str, rate: u8) -> Option<String> {
    if agent.chars().count() > MAX_AGENT_NAME_CHARS {
        return None;
    }
    if rate > 100 {
        return None;
    }
    fn part(part: &str) -> String {
        let mut out = String::new();
        let mut dash = false;
        let mut cut = false;
        for c in part.chars() {
            if c.is_control()
                || is_invisible(c)
                || matches!(
                    c,
                    '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' | '%'
                )
            {
                continue;
            }
            if c.is_whitespace() || c == '_' || c == '-' {
                dash = true;
                continue;
            }
            if dash && !out.is_empty() {
                if out.len() + 1 > MAX_NAME_PART_BYTES {
                    cut = true;
                    break;
                }
                out.push('-');
            }
            dash = false;
            if out.is_empty() && c == '.' {
                continue;
            }
            if out.len() + c.len_utf8() > MAX_NAME_PART_BYTES {
                cut = true;
                break;
            }
            out.push(c);
        }
        while out.ends_with(['.', ' ', '-']) {
            out.pop();
        }
        if cut {
            let mut end = MAX_NAME_PART_BYTES - 7;
            while !out.is_char_boundary(end) {
                end -= 1;
            }
            out.truncate(end);
            while out.ends_with(['.', ' ', '-']) {
                out.pop();
            }
            out.push_str(&format!("~{:06x}", cut_mark(part)));
        }
        out
    }
    let name = PersonName::parse(agent);
    let (last, first) = (part(&name.last), part(&name.first));
    let mut stem = match (last.is_empty(), first.is_empty()) {
        (true, true) => return None,
        (false, true) => last,
        (true, false) => first,
        (false, false) => format!("{last}_{first}"),
    };
    let base = stem
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    let (head, tail) = (base.get(..3).unwrap_or(""), base.get(3..).unwrap_or(""));
    if matches!(
        base.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || ((head == "COM" || head == "LPT")
        && matches!(
            tail,
            "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
        ))
    {
        stem.insert(0, '_');
    }
    Some(format!("{stem}_{rate}%"))
}

fn score_strategy() -> impl Strategy<Value = u8> {
    prop_oneof![Just(NOT_TAKEN), 0u8..=100, 80u8..=90]
}

fn session_of(row: &[u8]) -> Session {
    Session {
        agent: "Rivera, Ana".into(),
        calls: row
            .iter()
            .enumerate()
            .filter(|(_, &s)| s != NOT_TAKEN)
            .map(|(i, &s)| Call::scored(i as u8 + 1, f64::from(s)))
            .collect(),
    }
}

/// Any f64 score, valid or not, weighted towards valid ones and the edges of the rule.
fn float_strategy() -> impl Strategy<Value = f64> {
    prop_oneof![
        400 => 0.0f64..=100.0,
        80 => Just(f64::NAN),
        40 => prop::sample::select(vec![-0.0, 0.0, 84.5, 84.999_999, 85.0, 100.0]),
        1 => prop::sample::select(vec![
            -0.5,
            -1e-300,
            100.000_001,
            f64::INFINITY,
            f64::NEG_INFINITY,
            255.0,
        ]),
    ]
}

proptest! {
    #[test]
    fn complete_sessions_certify_exactly_at_four_passes(graded in proptest::collection::vec(0u8..=100, 4)) {
        let mut row = vec![100u8];
        row.extend(&graded);
        let e = evaluate(&session_of(&row), &CertPolicy::default()).unwrap();
        let passes = row.iter().filter(|&&s| f64::from(s) >= 85.0).count() as u8;
        prop_assert_eq!(e.passes, passes);
        prop_assert_eq!(e.status == Status::Certified, passes >= 4);
        prop_assert_eq!(e.status == Status::Failed, passes < 4);
    }

    #[test]
    fn early_decisions_never_change(
        row in proptest::collection::vec(score_strategy(), 5),
        fill in proptest::collection::vec(0u8..=100, 5),
    ) {
        let mut row = row;
        if row[0] != NOT_TAKEN { row[0] = 100; }
        let p = CertPolicy::default();
        let early = evaluate(&session_of(&row), &p).unwrap();
        let mut done = row.clone();
        for (i, s) in done.iter_mut().enumerate() {
            if *s == NOT_TAKEN { *s = if i == 0 { 100 } else { fill[i] }; }
        }
        let last = evaluate(&session_of(&done), &p).unwrap();
        prop_assert_ne!(last.status, Status::InProgress);
        if early.status != Status::InProgress {
            prop_assert_eq!(early.status, last.status);
        }
    }

    #[test]
    fn batch_equals_single(rows in proptest::collection::vec(proptest::collection::vec(score_strategy(), 5), 0..40)) {
        let p = CertPolicy::default();
        let mut flat = Vec::new();
        for r in &rows {
            let mut r = r.clone();
            if r[0] != NOT_TAKEN { r[0] = 100; }
            flat.extend(r);
        }
        let b = evaluate_batch(&flat, &p).unwrap();
        let floats: Vec<f64> = flat.iter().map(|&s| if s == NOT_TAKEN { f64::NAN } else { f64::from(s) }).collect();
        let bf = evaluate_batch_f64(&floats, &p).unwrap();
        prop_assert_eq!(&b, &bf);
        for (i, row) in flat.chunks_exact(5).enumerate() {
            let e = evaluate(&session_of(row), &p).unwrap();
            prop_assert_eq!(b.status[i], e.status.code());
            prop_assert_eq!(b.passes[i], e.passes);
            prop_assert_eq!(b.pass_rate[i], e.pass_rate);
        }
    }

    #[test]
    fn file_stems_equal_the_reference(
        name in prop_oneof![".{0,40}", "[a-zé -]{90,130}(, [a-zé .-]{90,130})?", "[a-zA-Z ,._-]{0,30}", "(con|Com1|lpt¹|nul)[. ]?[a-z]{0,3}(, [a-z]{0,4})?"],
        rate in 0u8..=100,
    ) {
        prop_assert_eq!(file_stem(&name, rate).ok(), reference_file_stem(&name, rate));
    }

    #[test]
    fn file_stems_never_hold_unsafe_characters(name in ".{0,300}", rate in 0u8..=100) {
        if let Ok(stem) = file_stem(&name, rate) {
            prop_assert!(!stem.chars().any(|c| c.is_control() || "<>:\"/\\|?*".contains(c)));
            prop_assert!(!stem.starts_with('.'));
            prop_assert!(stem.len() <= 2 * MAX_NAME_PART_BYTES + 6);
        }
    }

    #[test]
    fn any_policy_and_scores_never_panic(calls in 1u8..8, need in 0u8..9, mark in -5.0f64..110.0, row in proptest::collection::vec(any::<u8>(), 0..20)) {
        let p = CertPolicy { calls, pdp_calls: calls, mapd_calls: 0, passes_needed: need, pass_mark: mark, ..CertPolicy::default() };
        let _ = evaluate_batch(&row, &p);
        let _ = evaluate(&session_of(&row), &p);
    }

    #[test]
    fn f64_block_path_equals_the_row_path(
        rows in proptest::collection::vec(proptest::collection::vec(float_strategy(), 5), SMALL..(2 * BLOCK + 40)),
        coached_kept in proptest::collection::vec(prop::bool::weighted(0.998), 2 * BLOCK + 40),
        policy in 0usize..4,
    ) {
        let p = match policy {
            0 => CertPolicy::default(),
            1 => CertPolicy { pass_mark: 84.5, ..CertPolicy::default() },
            2 => CertPolicy { coached_score: 90.5, early_decision: false, ..CertPolicy::default() },
            _ => CertPolicy { coached_call: 0, pass_mark: 0.0, ..CertPolicy::default() },
        };
        let prepared = p.prepare().unwrap();
        let mut flat = Vec::new();
        for (r, keep) in rows.iter().zip(&coached_kept) {
            let mut r = r.clone();
            // Mostly a valid coached call, so that errors come late as often as early.
            if *keep && p.coached_call == 1 && !r[0].is_nan() {
                r[0] = p.coached_score;
            }
            flat.extend(r);
        }
        // Row by row (fewer than SMALL rows take the per-row path).
        let mut want = BatchColumns::default();
        let mut want_err = None;
        for (i, row) in flat.chunks_exact(5).enumerate() {
            match prepared.evaluate_batch_f64(row) {
                Ok(c) => {
                    want.status.extend(c.status);
                    want.passes.extend(c.passes);
                    want.pass_rate.extend(c.pass_rate);
                }
                Err(e) => {
                    want_err = Some(e.to_string().replace("agent row 0,", &format!("agent row {i},")));
                    break;
                }
            }
        }
        let mut cols = BatchColumns::zeroed(rows.len());
        let got = prepared.evaluate_batch_f64_into(&flat, &mut cols.as_out());
        match want_err {
            None => prop_assert_eq!(cols, want),
            Some(w) => {
                prop_assert_eq!(got.unwrap_err().to_string(), w);
                // The rows before the bad one are written.
                let n = want.status.len();
                prop_assert_eq!(&cols.status[..n], &want.status[..]);
                prop_assert_eq!(&cols.passes[..n], &want.passes[..]);
            }
        }
    }
}

#[test]
fn column_names_are_the_serde_keys_in_order() {
    let cols = BatchColumns {
        status: vec![1],
        passes: vec![4],
        pass_rate: vec![80],
    };
    let json = serde_json::to_value(&cols).unwrap();
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut names = BatchColumns::NAMES.to_vec();
    keys.sort_unstable();
    names.sort_unstable();
    assert_eq!(keys, names);
    let named = cols.clone().into_named();
    assert_eq!(named.each_ref().map(|(n, _)| *n), BatchColumns::NAMES);
    for (name, col) in named {
        assert_eq!(json[name], serde_json::json!(col), "{name}");
    }
    let (mut a, mut b, mut c) = ([0u8; 1], [0u8; 1], [0u8; 1]);
    let out = BatchOut::from_named([&mut a, &mut b, &mut c]);
    assert_eq!(
        (out.status.len(), out.passes.len(), out.pass_rate.len()),
        (1, 1, 1)
    );
    out.pass_rate[0] = 80;
    assert_eq!(c, [80]);
}

//! The result of a calibration session: agreement per call and per item, and each certifier's
//! deviation, verdicts and alignment against the reference.

use super::{fmt_num, CalibrationPolicy, CalibrationSession};
use crate::agreement::{krippendorff_alpha, Agreement, Level};
use crate::error::Result;
use crate::explain::{PolicyRef, Reason};
use crate::scorecard::Mark;
use serde::{Deserialize, Serialize};

/// What the certifiers are compared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reference {
    /// The benchmark grader's score and marks.
    Benchmark {
        /// The benchmark grader.
        name: String,
    },
    /// The group's consensus: the median score of every grader, and per item the median
    /// (majority) mark; an item whose marks split evenly has no consensus on that call.
    Consensus,
}

/// A certifier's calibration status. `Review` is a flag for a person to look at, with the
/// reasons that raised it; it is not a judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CertifierStatus {
    /// Within every threshold of the policy.
    Consistent,
    /// Outside at least one threshold: for a person to review.
    Review,
}

/// One grader's score on one call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GraderScore {
    /// The grader.
    pub grader: String,
    /// The scorecard score.
    pub score: f64,
    /// Whether the score passes (at least the pass mark).
    pub passes: bool,
}

/// How the graders agree on one call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CallAgreement {
    /// The call's id.
    pub call: String,
    /// The call's title.
    pub title: String,
    /// Every grader's score, by name.
    pub scores: Vec<GraderScore>,
    /// The reference score (the benchmark's or the median).
    pub reference_score: f64,
    /// Whether the reference score passes.
    pub reference_passes: bool,
    /// The lowest and highest score.
    pub min_score: f64,
    /// The highest score.
    pub max_score: f64,
    /// How many graders passed the call.
    pub passes: usize,
    /// How many graders failed it.
    pub fails: usize,
    /// The share of grader pairs whose marks agree, over the items, in percent.
    pub pairwise_agreement: f64,
    /// Krippendorff's alpha (nominal) of the marks: graders x items.
    pub alpha: Agreement,
}

/// How the graders agree on one item across the calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ItemAgreement {
    /// The item's id.
    pub item: String,
    /// Its weight in the template.
    pub weight: f64,
    /// The share of grader pairs whose marks agree, over the calls, in percent.
    pub pairwise_agreement: f64,
    /// The share of certifiers' marks equal to the reference mark, in percent (`None` when
    /// the reference has no mark on any call).
    pub matches_reference: Option<f64>,
    /// Krippendorff's alpha (nominal) of the marks: graders x calls.
    pub alpha: Agreement,
    /// The calls on which the reference has no mark for the item (the marks split evenly).
    pub no_consensus: Vec<String>,
}

/// A certifier's score on one call against the reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CallDeviation {
    /// The call's id.
    pub call: String,
    /// The certifier's score.
    pub score: f64,
    /// The reference score.
    pub reference_score: f64,
    /// `score - reference_score`: above 0 is more lenient than the reference.
    pub points_off: f64,
    /// Whether the certifier's score passes.
    pub passes: bool,
    /// Whether the reference passes.
    pub reference_passes: bool,
}

/// One certifier against the reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CertifierCalibration {
    /// The certifier.
    pub certifier: String,
    /// Their score on each call they graded.
    pub calls: Vec<CallDeviation>,
    /// The mean of `points_off`: above 0 is lenient, below 0 strict.
    pub mean_points_off: f64,
    /// The largest `|points_off|`.
    pub max_points_off: f64,
    /// The calls on which their verdict differs from the reference's.
    pub verdict_mismatches: Vec<String>,
    /// Their alignment in percent: the rubric weight of the items on which their mark matches
    /// the reference, over the weight of every item the reference marked (MaestroQA's
    /// definition). `None` when the reference marked nothing.
    pub alignment: Option<f64>,
    /// Consistent, or for a person to review.
    pub status: CertifierStatus,
    /// Why: one reason per check.
    pub reasons: Vec<Reason>,
}

/// The result of [`calibrate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Calibration {
    /// The session's id.
    pub session: String,
    /// The scorecard template's id.
    pub template: String,
    /// What the certifiers are compared with.
    pub reference: Reference,
    /// Each certifier (the benchmark is not one), by name.
    pub certifiers: Vec<CertifierCalibration>,
    /// Each call.
    pub calls: Vec<CallAgreement>,
    /// Each item of the template.
    pub items: Vec<ItemAgreement>,
    /// Krippendorff's alpha (nominal) of every mark: graders x (call, item).
    pub alpha_marks: Agreement,
    /// Krippendorff's alpha (interval) of the scores: graders x calls.
    pub alpha_scores: Agreement,
    /// The session's summary.
    pub reasons: Vec<Reason>,
    /// The policy that set the thresholds.
    pub policy: PolicyRef,
}

fn code(m: Mark) -> f64 {
    match m {
        Mark::No => 0.0,
        Mark::Yes => 1.0,
        Mark::NotApplicable => 2.0,
    }
}

fn mark_word(m: Mark) -> &'static str {
    match m {
        Mark::Yes => "yes",
        Mark::No => "no",
        Mark::NotApplicable => "na",
    }
}

/// (agreeing ordered pairs, ordered pairs) of a set of marks.
fn pairs(marks: &[Mark]) -> (f64, f64) {
    let m = marks.len() as f64;
    let mut counts = [0.0f64; 3];
    for &x in marks {
        counts[code(x) as usize] += 1.0;
    }
    (counts.iter().map(|c| c * (c - 1.0)).sum(), m * (m - 1.0))
}

fn percent(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        100.0 * num / den
    } else {
        100.0
    }
}

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_unstable_by(f64::total_cmp);
    let n = xs.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => xs[n / 2],
        _ => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

/// The consensus mark: the one more than half the graders gave, else the plurality when it is
/// unique; `None` when the top marks tie.
fn consensus(marks: &[Mark]) -> Option<Mark> {
    let mut counts = [0usize; 3];
    for &x in marks {
        counts[code(x) as usize] += 1;
    }
    let top = *counts.iter().max()?;
    if top == 0 || counts.iter().filter(|&&c| c == top).count() > 1 {
        return None;
    }
    [Mark::No, Mark::Yes, Mark::NotApplicable]
        .into_iter()
        .find(|m| counts[code(*m) as usize] == top)
}

/// Compares the certifiers of a calibration session with the reference (the benchmark, or the
/// consensus), call by call and item by item, against the policy's thresholds.
///
/// # Errors
///
/// The policy's and the session's validation errors ([`CalibrationPolicy::validate`],
/// [`CalibrationSession::validate_complete`]), and a scorecard that cannot be scored
/// ([`crate::Error::InvalidScorecard`]).
pub fn calibrate(session: &CalibrationSession, policy: &CalibrationPolicy) -> Result<Calibration> {
    policy.validate()?;
    session.validate_complete()?;
    let graders: Vec<String> = session.graders().into_iter().map(String::from).collect();
    let bench = session.benchmark.as_deref();
    let items: Vec<(String, f64)> = session
        .template
        .items()
        .map(|(_, i)| (i.id.clone(), i.weight))
        .collect();
    let g_index = |name: &str| graders.iter().position(|g| g == name);

    // scores[c][g], marks[c][g][i]
    let mut scores: Vec<Vec<Option<f64>>> = Vec::with_capacity(session.calls.len());
    let mut marks: Vec<Vec<Option<Vec<Mark>>>> = Vec::with_capacity(session.calls.len());
    for call in &session.calls {
        let mut s = vec![None; graders.len()];
        let mut m = vec![None; graders.len()];
        for (grader, gm) in &call.grades {
            let Some(g) = g_index(grader) else { continue };
            s[g] = Some(session.template.score(gm)?.score);
            m[g] = Some(
                items
                    .iter()
                    .map(|(id, _)| gm.get(id).copied().unwrap_or(Mark::NotApplicable))
                    .collect(),
            );
        }
        scores.push(s);
        marks.push(m);
    }
    let bench_g = bench.and_then(g_index);

    // The reference per call: score and marks.
    let mut ref_scores = Vec::new();
    let mut ref_marks: Vec<Vec<Option<Mark>>> = Vec::new();
    for (c, _) in session.calls.iter().enumerate() {
        match bench_g {
            Some(b) => {
                ref_scores.push(scores[c][b].unwrap_or(0.0));
                ref_marks.push(
                    marks[c][b]
                        .as_ref()
                        .map(|m| m.iter().map(|x| Some(*x)).collect())
                        .unwrap_or_else(|| vec![None; items.len()]),
                );
            }
            None => {
                let mut s: Vec<f64> = scores[c].iter().flatten().copied().collect();
                ref_scores.push(median(&mut s));
                ref_marks.push(
                    (0..items.len())
                        .map(|i| {
                            let ms: Vec<Mark> = marks[c].iter().flatten().map(|m| m[i]).collect();
                            consensus(&ms)
                        })
                        .collect(),
                );
            }
        }
    }
    let passes = |s: f64| s >= policy.pass_mark;

    // Calls.
    let mut calls = Vec::new();
    for (c, call) in session.calls.iter().enumerate() {
        let graded: Vec<usize> = (0..graders.len())
            .filter(|&g| scores[c][g].is_some())
            .collect();
        let gs: Vec<GraderScore> = graded
            .iter()
            .map(|&g| {
                let score = scores[c][g].unwrap_or(0.0);
                GraderScore {
                    grader: graders[g].clone(),
                    score,
                    passes: passes(score),
                }
            })
            .collect();
        let (mut agree, mut total) = (0.0, 0.0);
        for i in 0..items.len() {
            let ms: Vec<Mark> = marks[c].iter().flatten().map(|m| m[i]).collect();
            let (a, t) = pairs(&ms);
            agree += a;
            total += t;
        }
        let matrix: Vec<Vec<f64>> = graded
            .iter()
            .filter_map(|&g| marks[c][g].as_ref())
            .map(|m| m.iter().map(|x| code(*x)).collect())
            .collect();
        let n_pass = gs.iter().filter(|s| s.passes).count();
        calls.push(CallAgreement {
            call: call.id.clone(),
            title: call.title.clone(),
            reference_score: ref_scores[c],
            reference_passes: passes(ref_scores[c]),
            min_score: gs.iter().map(|s| s.score).fold(f64::INFINITY, f64::min),
            max_score: gs.iter().map(|s| s.score).fold(f64::NEG_INFINITY, f64::max),
            passes: n_pass,
            fails: gs.len() - n_pass,
            scores: gs,
            pairwise_agreement: percent(agree, total),
            alpha: krippendorff_alpha(&matrix, Level::Nominal)?,
        });
    }

    // Items.
    let mut item_rows = Vec::new();
    for (i, (id, weight)) in items.iter().enumerate() {
        let (mut agree, mut total) = (0.0, 0.0);
        let (mut matched, mut compared) = (0.0, 0.0);
        let mut no_consensus = Vec::new();
        for (c, call) in session.calls.iter().enumerate() {
            let ms: Vec<Mark> = marks[c].iter().flatten().map(|m| m[i]).collect();
            let (a, t) = pairs(&ms);
            agree += a;
            total += t;
            match ref_marks[c][i] {
                None => no_consensus.push(call.id.clone()),
                Some(r) => {
                    for (g, m) in marks[c].iter().enumerate() {
                        if Some(g) == bench_g {
                            continue;
                        }
                        if let Some(m) = m {
                            compared += 1.0;
                            matched += f64::from(u8::from(m[i] == r));
                        }
                    }
                }
            }
        }
        let matrix: Vec<Vec<f64>> = (0..graders.len())
            .map(|g| {
                (0..session.calls.len())
                    .map(|c| marks[c][g].as_ref().map_or(f64::NAN, |m| code(m[i])))
                    .collect()
            })
            .collect();
        item_rows.push(ItemAgreement {
            item: id.clone(),
            weight: *weight,
            pairwise_agreement: percent(agree, total),
            matches_reference: (compared > 0.0).then(|| percent(matched, compared)),
            alpha: krippendorff_alpha(&matrix, Level::Nominal)?,
            no_consensus,
        });
    }

    // Certifiers.
    let mut certifiers = Vec::new();
    for (g, name) in graders.iter().enumerate() {
        if Some(g) == bench_g {
            continue;
        }
        let mut devs = Vec::new();
        let (mut w_match, mut w_total) = (0.0, 0.0);
        for (c, call) in session.calls.iter().enumerate() {
            let Some(score) = scores[c][g] else { continue };
            devs.push(CallDeviation {
                call: call.id.clone(),
                score,
                reference_score: ref_scores[c],
                points_off: score - ref_scores[c],
                passes: passes(score),
                reference_passes: passes(ref_scores[c]),
            });
            if let Some(m) = &marks[c][g] {
                for (i, (_, w)) in items.iter().enumerate() {
                    if let Some(r) = ref_marks[c][i] {
                        w_total += w;
                        if m[i] == r {
                            w_match += w;
                        }
                    }
                }
            }
        }
        certifiers.push(judge(
            name,
            devs,
            (w_total > 0.0).then(|| percent(w_match, w_total)),
            session,
            &items,
            &marks,
            &ref_marks,
            g,
            policy,
        ));
    }

    // Overall.
    let all_marks: Vec<Vec<f64>> = (0..graders.len())
        .map(|g| {
            (0..session.calls.len())
                .flat_map(|c| {
                    let m = marks[c][g].as_ref();
                    (0..items.len()).map(move |i| m.map_or(f64::NAN, |m| code(m[i])))
                })
                .collect()
        })
        .collect();
    let all_scores: Vec<Vec<f64>> = (0..graders.len())
        .map(|g| {
            (0..session.calls.len())
                .map(|c| scores[c][g].unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    let reference = match bench {
        Some(b) => Reference::Benchmark {
            name: b.to_string(),
        },
        None => Reference::Consensus,
    };
    let review = certifiers
        .iter()
        .filter(|c| c.status == CertifierStatus::Review)
        .count();
    let reasons = vec![
        Reason::new(
            "calibration.reference",
            "session",
            match bench {
                Some(b) => format!("certifiers are compared with the benchmark grader, {b}"),
                None => "no benchmark grader is named: certifiers are compared with the group's consensus (the median score, and the majority mark per item)".to_string(),
            },
        ),
        Reason::new(
            "calibration.summary",
            "session",
            format!(
                "{} of {} certifier{} flagged for review on {} call{}; a flag asks a person to look, it is not a judgement",
                review,
                certifiers.len(),
                if certifiers.len() == 1 { "" } else { "s" },
                session.calls.len(),
                if session.calls.len() == 1 { "" } else { "s" },
            ),
        ),
    ];
    Ok(Calibration {
        session: session.id.clone(),
        template: session.template.id.clone(),
        reference,
        certifiers,
        calls,
        items: item_rows,
        alpha_marks: krippendorff_alpha(&all_marks, Level::Nominal)?,
        alpha_scores: krippendorff_alpha(&all_scores, Level::Interval)?,
        reasons,
        policy: policy.policy_ref(),
    })
}

#[allow(clippy::too_many_arguments)]
fn judge(
    name: &str,
    devs: Vec<CallDeviation>,
    alignment: Option<f64>,
    session: &CalibrationSession,
    items: &[(String, f64)],
    marks: &[Vec<Option<Vec<Mark>>>],
    ref_marks: &[Vec<Option<Mark>>],
    g: usize,
    policy: &CalibrationPolicy,
) -> CertifierCalibration {
    let n = devs.len().max(1) as f64;
    let mean = devs.iter().map(|d| d.points_off).sum::<f64>() / n;
    let max = devs.iter().map(|d| d.points_off.abs()).fold(0.0, f64::max);
    let mismatches: Vec<String> = devs
        .iter()
        .filter(|d| d.passes != d.reference_passes)
        .map(|d| d.call.clone())
        .collect();
    let mut reasons = Vec::new();
    let mut review = false;
    let off: Vec<String> = devs
        .iter()
        .filter(|d| d.points_off.abs() > policy.max_points_off)
        .map(|d| format!("call {} by {} points", d.call, fmt_num(d.points_off)))
        .collect();
    if off.is_empty() {
        reasons.push(Reason::new(
            "calibration.points",
            name.to_string(),
            format!(
                "every score is within {} points of the reference (at most {} off, {} on average)",
                fmt_num(policy.max_points_off),
                fmt_num(max),
                fmt_num(mean)
            ),
        ));
    } else {
        review = true;
        reasons.push(Reason::new(
            "calibration.points",
            name.to_string(),
            format!(
                "more than {} points from the reference on {}: flagged for review",
                fmt_num(policy.max_points_off),
                off.join(", ")
            ),
        ));
    }
    if mismatches.is_empty() {
        reasons.push(Reason::new(
            "calibration.verdict",
            name.to_string(),
            "gives every call the reference's verdict".to_string(),
        ));
    } else {
        review |= policy.require_same_verdict;
        let details: Vec<String> = devs
            .iter()
            .filter(|d| d.passes != d.reference_passes)
            .map(|d| {
                format!(
                    "call {} {} at {} where the reference {} at {}",
                    d.call,
                    if d.passes { "passes" } else { "fails" },
                    fmt_num(d.score),
                    if d.reference_passes {
                        "passes"
                    } else {
                        "fails"
                    },
                    fmt_num(d.reference_score)
                )
            })
            .collect();
        reasons.push(Reason::new(
            "calibration.verdict",
            name.to_string(),
            format!(
                "a different verdict: {}{}",
                details.join("; "),
                if policy.require_same_verdict {
                    ": flagged for review"
                } else {
                    " (the policy does not require the same verdict)"
                }
            ),
        ));
    }
    match alignment {
        Some(a) if a + 1e-9 < policy.min_alignment => {
            review = true;
            let missed: Vec<String> = session
                .calls
                .iter()
                .enumerate()
                .flat_map(|(c, call)| {
                    let m = marks[c][g].as_ref();
                    items.iter().enumerate().filter_map(move |(i, (id, _))| {
                        let mine = m?[i];
                        let r = ref_marks[c][i]?;
                        (mine != r).then(|| {
                            format!(
                                "{}/{} {} (reference {})",
                                call.id,
                                id,
                                mark_word(mine),
                                mark_word(r)
                            )
                        })
                    })
                })
                .take(10)
                .collect();
            reasons.push(Reason::new(
                "calibration.alignment",
                name.to_string(),
                format!(
                    "alignment {}% is below {}%: marks that differ: {}: flagged for review",
                    fmt_num(a),
                    fmt_num(policy.min_alignment),
                    missed.join(", ")
                ),
            ));
        }
        Some(a) => reasons.push(Reason::new(
            "calibration.alignment",
            name.to_string(),
            format!(
                "alignment {}% is at least {}%",
                fmt_num(a),
                fmt_num(policy.min_alignment)
            ),
        )),
        None => reasons.push(Reason::new(
            "calibration.alignment",
            name.to_string(),
            "no alignment: the reference has no mark on any item this certifier graded".to_string(),
        )),
    }
    CertifierCalibration {
        certifier: name.to_string(),
        calls: devs,
        mean_points_off: mean,
        max_points_off: max,
        verdict_mismatches: mismatches,
        alignment,
        status: if review {
            CertifierStatus::Review
        } else {
            CertifierStatus::Consistent
        },
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::super::session::CalibrationSession;
    use super::*;

    const DOC_EXAMPLE: &str = r#"
id = "worked example"
benchmark = "Bench"
[template]
id = "four-items"
sections = [ { id = "all", items = [
  { id = "greeting", weight = 40 }, { id = "verification", weight = 30 },
  { id = "accuracy", weight = 20 }, { id = "closing", weight = 10 } ] } ]
[[calls]]
id = "call-1"
grades.Bench = { greeting = "yes", verification = "yes", accuracy = "no", closing = "yes" }
grades.Omar  = { greeting = "yes", verification = "no",  accuracy = "no", closing = "yes" }
grades.Ana   = { greeting = "yes", verification = "yes", accuracy = "no", closing = "no" }
"#;

    #[test]
    fn the_documented_worked_example() {
        let s = CalibrationSession::from_toml(DOC_EXAMPLE).unwrap();
        let r = calibrate(&s, &CalibrationPolicy::default()).unwrap();
        assert_eq!(
            r.reference,
            Reference::Benchmark {
                name: "Bench".into()
            }
        );
        let omar = r.certifiers.iter().find(|c| c.certifier == "Omar").unwrap();
        // Agrees on greeting (40), accuracy (20), closing (10): 70 of 100.
        assert_eq!(omar.alignment, Some(70.0));
        // Bench scores 80 (40 + 30 + 10), Omar 50: 30 points off, fail vs fail.
        assert_eq!(omar.calls[0].reference_score, 80.0);
        assert_eq!(omar.calls[0].points_off, -30.0);
        assert_eq!(omar.status, CertifierStatus::Review);
        let ana = r.certifiers.iter().find(|c| c.certifier == "Ana").unwrap();
        assert_eq!(ana.alignment, Some(90.0));
        assert_eq!(ana.calls[0].points_off, -10.0);
        assert_eq!(r.certifiers.len(), 2);
        let text: Vec<&str> = omar.reasons.iter().map(|r| &*r.message).collect();
        assert!(
            text[0].contains("more than 5 points from the reference on call call-1 by -30 points"),
            "{text:?}"
        );
        assert!(
            text[2].contains("call-1/verification no (reference yes)"),
            "{text:?}"
        );
    }

    #[test]
    fn consensus_is_the_median() {
        let s = CalibrationSession::from_toml(&DOC_EXAMPLE.replace("benchmark = \"Bench\"\n", ""))
            .unwrap();
        let r = calibrate(&s, &CalibrationPolicy::default()).unwrap();
        assert_eq!(r.reference, Reference::Consensus);
        assert_eq!(r.certifiers.len(), 3);
        // Scores 80, 50, 70: the median is 70.
        assert_eq!(r.calls[0].reference_score, 70.0);
        // Majority marks: yes, yes, no, yes = Bench's: alignment 100.
        let bench = r
            .certifiers
            .iter()
            .find(|c| c.certifier == "Bench")
            .unwrap();
        assert_eq!(bench.alignment, Some(100.0));
        assert_eq!(r.calls[0].fails, 3);
        assert!(r.alpha_marks.value.is_some() || r.alpha_marks.undefined.is_some());
        // Two graders splitting evenly: no consensus on that item.
        let two = s.calls[0]
            .grades
            .iter()
            .take(2)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut s2 = s.clone();
        s2.calls[0].grades = two;
        let r = calibrate(&s2, &CalibrationPolicy::default()).unwrap();
        let closing = r.items.iter().find(|i| i.item == "closing").unwrap();
        assert_eq!(closing.no_consensus, vec!["call-1".to_string()]);
    }
}

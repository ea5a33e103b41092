//! Certifier leniency from real data: each certifier's pass rate and mean score against the
//! pool's, from the calls they graded.
//!
//! [`graded_calls`] reads the cohort's tracker CSV (the same rules as
//! [`import_tracker`](crate::cohort::import_tracker)) and attributes each scored call to the
//! certifier named on the row that records it, or, when that row names none, to the
//! certifier of the agent's latest earlier row. The coached practice call (scored 100
//! automatically) is left out: no certifier graded it. A score with no certifier at all is
//! counted in [`TrackerCalls::unattributed`], never dropped silently.
//!
//! [`leniency`] then gives each certifier's pass rate with its Wilson score interval, and
//! mean score with its normal interval (`mean +- z sd / sqrt(n)`), next to the pool's (every
//! graded call). A certifier with at least [`CalibrationPolicy::min_calls`] calls whose pass
//! rate is more than [`CalibrationPolicy::max_pass_rate_gap`] points from the pool's, or whose
//! mean score is more than [`CalibrationPolicy::max_mean_score_gap`] points from it, is marked
//! for a person to review, with the numbers that made the mark. It runs in one pass over the
//! calls (1M calls in a few milliseconds).

use super::{fmt_num, CalibrationPolicy};
use crate::cohort::CohortPolicy;
use crate::error::{Error, Result};
use crate::explain::{PolicyRef, Reason};
use crate::suggest::normalize;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One call a certifier graded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GradedCall {
    /// The certifier who graded it.
    pub certifier: String,
    /// The agent whose call it was.
    pub agent: String,
    /// The call's number (2 to 5 with the documents' policy).
    pub call: u8,
    /// Its score, 0 to 100.
    pub score: f64,
}

/// The graded calls of a tracker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrackerCalls {
    /// Each call scored by a certifier, in the tracker's agent order.
    pub calls: Vec<GradedCall>,
    /// The scored calls with no certifier on their row or any earlier row of the agent
    /// (`"Ana Rivera call 2 (line 5)"`).
    pub unattributed: Vec<String>,
}

/// Reads the certifier of every scored call from a tracker CSV (see the [module docs](self)).
///
/// # Errors
///
/// Every error of [`import_tracker`](crate::cohort::import_tracker): the tracker is
/// validated whole, naming the line and column of a bad cell.
pub fn graded_calls(tracker_csv: &str, policy: &CohortPolicy) -> Result<TrackerCalls> {
    let rows = crate::cohort::tracker::validated_rows(tracker_csv, policy)?;
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let key = normalize(&row.agent);
        groups
            .entry(key.clone())
            .or_insert_with(|| {
                order.push(key);
                Vec::new()
            })
            .push(i);
    }
    let mut out = TrackerCalls {
        calls: Vec::new(),
        unattributed: Vec::new(),
    };
    for key in order {
        let Some(mut idx) = groups.remove(&key) else {
            continue;
        };
        idx.sort_by_key(|&i| (rows[i].date, rows[i].line));
        let name = idx
            .first()
            .map(|&i| rows[i].agent.clone())
            .unwrap_or_default();
        let mut current: Option<&str> = None;
        let mut seen = vec![false; usize::from(policy.cert.calls) + 1];
        for &i in &idx {
            let row = &rows[i];
            if let Some(c) = &row.certifier {
                current = Some(c);
            }
            for &(n, score) in &row.calls {
                let slot = usize::from(n);
                if seen.get(slot).copied().unwrap_or(true) {
                    continue; // recorded on an earlier row (the same score: validated)
                }
                seen[slot] = true;
                if policy.cert.coached_call != 0 && n == policy.cert.coached_call {
                    continue;
                }
                match current {
                    Some(c) => out.calls.push(GradedCall {
                        certifier: c.to_string(),
                        agent: name.clone(),
                        call: n,
                        score,
                    }),
                    None => out
                        .unattributed
                        .push(format!("{name} call {n} (line {})", row.line)),
                }
            }
        }
    }
    Ok(out)
}

/// Pass rate and mean score of a set of calls, with intervals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CallStats {
    /// The calls.
    pub calls: usize,
    /// The calls at or above the pass mark.
    pub passes: usize,
    /// `passes / calls`, in percent.
    pub pass_rate: f64,
    /// The Wilson score interval of the pass rate, in percent: `[low, high]`.
    pub pass_rate_interval: [f64; 2],
    /// The mean score.
    pub mean_score: f64,
    /// The normal interval of the mean score: `mean +- z sd / sqrt(n)`.
    pub mean_score_interval: [f64; 2],
    /// The sample standard deviation of the scores (0 for one call).
    pub sd: f64,
}

/// Whether a certifier is in line with the pool. `Review` is for a person to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LeniencyStatus {
    /// Within the policy's gaps of the pool.
    InLine,
    /// Outside a gap, with enough calls: for a person to review.
    Review,
    /// Fewer calls than the policy's minimum: not compared.
    TooFewCalls,
}

/// One certifier against the pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CertifierLeniency {
    /// The certifier.
    pub certifier: String,
    /// Their calls' figures.
    pub stats: CallStats,
    /// Their pass rate minus the pool's, in percentage points (above 0: more lenient).
    pub pass_rate_gap: f64,
    /// Their mean score minus the pool's, in points (above 0: more lenient).
    pub mean_score_gap: f64,
    /// In line, for review, or too few calls to say.
    pub status: LeniencyStatus,
    /// Why.
    pub reasons: Vec<Reason>,
}

/// The result of [`leniency`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Leniency {
    /// Every graded call together.
    pub pool: CallStats,
    /// Each certifier, by name.
    pub certifiers: Vec<CertifierLeniency>,
    /// The summary.
    pub reasons: Vec<Reason>,
    /// The policy that set the thresholds.
    pub policy: PolicyRef,
}

#[derive(Default, Clone, Copy)]
struct Acc {
    n: usize,
    passes: usize,
    sum: f64,
    sumsq: f64,
}

impl Acc {
    fn add(&mut self, score: f64, pass: bool) {
        self.n += 1;
        self.passes += usize::from(pass);
        // Shifted by 50 so that the sum of squares keeps its precision.
        let x = score - 50.0;
        self.sum += x;
        self.sumsq += x * x;
    }

    fn stats(&self, z: f64) -> CallStats {
        let n = self.n as f64;
        let p = self.passes as f64 / n;
        let z2 = z * z;
        let denom = 1.0 + z2 / n;
        let center = (p + z2 / (2.0 * n)) / denom;
        let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
        let mean = self.sum / n;
        let var = if self.n > 1 {
            ((self.sumsq - n * mean * mean) / (n - 1.0)).max(0.0)
        } else {
            0.0
        };
        let sd = var.sqrt();
        let se = sd / n.sqrt();
        CallStats {
            calls: self.n,
            passes: self.passes,
            pass_rate: 100.0 * p,
            pass_rate_interval: [
                100.0 * (center - half).max(0.0),
                100.0 * (center + half).min(1.0),
            ],
            mean_score: mean + 50.0,
            mean_score_interval: [mean + 50.0 - z * se, mean + 50.0 + z * se],
            sd,
        }
    }
}

/// Each certifier's pass rate and mean score against the pool's (see the [module
/// docs](self)).
///
/// # Errors
///
/// [`Error::InvalidPolicy`] for an invalid policy; [`Error::InvalidInput`] when there are no
/// calls or a certifier's name is empty; [`Error::InvalidScore`] naming the call
/// (`graded call 17 (Ana Rivera, call 3)`) when a score is not 0 to 100.
pub fn leniency(calls: &[GradedCall], policy: &CalibrationPolicy) -> Result<Leniency> {
    policy.validate()?;
    if calls.is_empty() {
        return Err(Error::invalid_input(
            "no graded calls: leniency needs calls with a certifier and a score",
        ));
    }
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut accs: Vec<(&str, Acc)> = Vec::new();
    let mut pool = Acc::default();
    for (i, c) in calls.iter().enumerate() {
        if !(0.0..=100.0).contains(&c.score) {
            return Err(Error::invalid_score(
                format!("graded call {i} ({}, call {})", c.agent, c.call),
                format!("{} is outside 0 to 100", c.score),
            ));
        }
        let pass = c.score >= policy.pass_mark;
        pool.add(c.score, pass);
        let k = match index.get(c.certifier.as_str()) {
            Some(&k) => k,
            None => {
                if c.certifier.trim().is_empty() {
                    return Err(Error::invalid_input(format!(
                        "graded call {i} ({}, call {}) has no certifier",
                        c.agent, c.call
                    )));
                }
                index.insert(&c.certifier, accs.len());
                accs.push((&c.certifier, Acc::default()));
                accs.len() - 1
            }
        };
        accs[k].1.add(c.score, pass);
    }
    accs.sort_by(|a, b| a.0.cmp(b.0));
    let pool_stats = pool.stats(policy.z);
    let mut certifiers = Vec::with_capacity(accs.len());
    for (name, acc) in accs {
        let stats = acc.stats(policy.z);
        let rate_gap = stats.pass_rate - pool_stats.pass_rate;
        let mean_gap = stats.mean_score - pool_stats.mean_score;
        let mut reasons = Vec::new();
        let status = if stats.calls < policy.min_calls {
            reasons.push(Reason::new(
                "leniency.min_calls",
                name.to_string(),
                format!(
                    "{} graded call{}, fewer than the {} the policy needs to compare with the pool",
                    stats.calls,
                    if stats.calls == 1 { "" } else { "s" },
                    policy.min_calls
                ),
            ));
            LeniencyStatus::TooFewCalls
        } else {
            let mut review = false;
            let lean = |gap: f64| {
                if gap > 0.0 {
                    "more lenient"
                } else {
                    "stricter"
                }
            };
            let rate = format!(
                "pass rate {}% ({} of {}, 95% interval {} to {}%) against the pool's {}%",
                fmt_num(stats.pass_rate),
                stats.passes,
                stats.calls,
                fmt_num(stats.pass_rate_interval[0]),
                fmt_num(stats.pass_rate_interval[1]),
                fmt_num(pool_stats.pass_rate)
            );
            if rate_gap.abs() > policy.max_pass_rate_gap {
                review = true;
                reasons.push(Reason::new(
                    "leniency.pass_rate",
                    name.to_string(),
                    format!(
                        "{rate}: {} points {}, more than the {} allowed: flagged for review",
                        fmt_num(rate_gap.abs()),
                        lean(rate_gap),
                        fmt_num(policy.max_pass_rate_gap)
                    ),
                ));
            } else {
                reasons.push(Reason::new(
                    "leniency.pass_rate",
                    name.to_string(),
                    format!(
                        "{rate}: within {} points",
                        fmt_num(policy.max_pass_rate_gap)
                    ),
                ));
            }
            let mean = format!(
                "mean score {} (interval {} to {}) against the pool's {}",
                fmt_num(stats.mean_score),
                fmt_num(stats.mean_score_interval[0]),
                fmt_num(stats.mean_score_interval[1]),
                fmt_num(pool_stats.mean_score)
            );
            if mean_gap.abs() > policy.max_mean_score_gap {
                review = true;
                reasons.push(Reason::new(
                    "leniency.mean_score",
                    name.to_string(),
                    format!(
                        "{mean}: {} points {}, more than the {} allowed: flagged for review",
                        fmt_num(mean_gap.abs()),
                        lean(mean_gap),
                        fmt_num(policy.max_mean_score_gap)
                    ),
                ));
            } else {
                reasons.push(Reason::new(
                    "leniency.mean_score",
                    name.to_string(),
                    format!(
                        "{mean}: within {} points",
                        fmt_num(policy.max_mean_score_gap)
                    ),
                ));
            }
            if review {
                LeniencyStatus::Review
            } else {
                LeniencyStatus::InLine
            }
        };
        certifiers.push(CertifierLeniency {
            certifier: name.to_string(),
            stats,
            pass_rate_gap: rate_gap,
            mean_score_gap: mean_gap,
            status,
            reasons,
        });
    }
    let review = certifiers
        .iter()
        .filter(|c| c.status == LeniencyStatus::Review)
        .count();
    let reasons = vec![Reason::new(
        "leniency.summary",
        "tracker",
        format!(
            "{} graded calls by {} certifiers; {} flagged for review (a flag asks a person to look, it is not a judgement)",
            pool_stats.calls,
            certifiers.len(),
            review
        ),
    )];
    Ok(Leniency {
        pool: pool_stats,
        certifiers,
        reasons,
        policy: policy.policy_ref(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(certifier: &str, score: f64) -> GradedCall {
        GradedCall {
            certifier: certifier.into(),
            agent: "A".into(),
            call: 2,
            score,
        }
    }

    #[test]
    fn wilson_and_flags() {
        let mut calls = Vec::new();
        for i in 0..40 {
            calls.push(call("Strict", if i % 2 == 0 { 80.0 } else { 90.0 }));
            calls.push(call("Usual", if i % 5 == 0 { 80.0 } else { 90.0 }));
            calls.push(call("Usual2", if i % 5 == 0 { 80.0 } else { 90.0 }));
        }
        calls.push(call("New", 60.0));
        let l = leniency(&calls, &CalibrationPolicy::default()).unwrap();
        assert_eq!(l.pool.calls, 121);
        let strict = &l.certifiers[1];
        assert_eq!(strict.certifier, "Strict");
        assert_eq!(strict.stats.pass_rate, 50.0);
        // Wilson 95% for 20 of 40: 35.20% to 64.80%.
        assert!(
            (strict.stats.pass_rate_interval[0] - 35.20).abs() < 0.01,
            "{:?}",
            strict.stats
        );
        assert!((strict.stats.pass_rate_interval[1] - 64.80).abs() < 0.01);
        assert_eq!(strict.status, LeniencyStatus::Review);
        assert!(
            strict.reasons[0]
                .message
                .contains("stricter, more than the 15 allowed: flagged for review"),
            "{}",
            strict.reasons[0].message
        );
        assert_eq!(l.certifiers[0].status, LeniencyStatus::TooFewCalls);
        assert_eq!(l.certifiers[2].status, LeniencyStatus::InLine);
        let e = leniency(&[call("X", 101.0)], &CalibrationPolicy::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid score for graded call 0 (A, call 2): 101 is outside 0 to 100"
        );
        assert!(leniency(&[], &CalibrationPolicy::default()).is_err());
    }

    #[test]
    fn tracker_calls_follow_the_rows_certifier() {
        let csv = "date,agent,start,call1,call2,call3,certifier\n\
                   2026-07-06,Ana,2026-07-06,100,90,,Omar\n\
                   2026-07-07,Ana,,,,70,\n\
                   2026-07-07,Ana B,2026-07-06,100,88,,\n";
        let t = graded_calls(csv, &CohortPolicy::default()).unwrap();
        assert_eq!(t.calls.len(), 2);
        assert_eq!(
            (t.calls[1].certifier.as_str(), t.calls[1].call),
            ("Omar", 3)
        );
        assert_eq!(t.unattributed, vec!["Ana B call 2 (line 4)".to_string()]);
    }
}

//! Counterfactuals: the smallest change that would reverse a negative or pending decision,
//! as data ([`Change`]) and as a sentence.
//!
//! - certification ([`Evaluation::counterfactual`](crate::certification::Evaluation)): the
//!   pending calls that must pass ("call 5 needs 85 or more to certify"), or why no change
//!   to the calls still to come can certify ("cannot certify: 2 fails already, only 1 may
//!   fail");
//! - readiness ([`Readiness::counterfactual`](crate::transition::Readiness)): each missing
//!   required prerequisite ("4 more months as a Care Rep"), with the date time in the
//!   current role is reached when an as-of date is given
//!   ([`Readiness::counterfactual_as_of`](crate::transition::Readiness::counterfactual_as_of));
//! - escalation ([`Status::counterfactual`](crate::escalation::Status)): the last day a
//!   completion avoids the next step ("completing by Tue 2026-07-07 avoids the written CAP").
//!
//! A positive decision (certified, eligible, complete) has none.

use crate::certification::{format_score, CertPolicy, Status as CertStatus, Verdict};
use crate::transition::Shortfall;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The smallest change that would reverse a decision: the rule it reverses, the changes (all
/// of them are needed together) and the whole in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Counterfactual {
    /// The id of the rule whose outcome would change (`cert.passes_needed`,
    /// `ready.eligible`, `escalation.step`).
    pub rule: String,
    /// What would have to change; every change together.
    pub changes: Vec<Change>,
    /// The change in a sentence.
    pub text: String,
}

impl fmt::Display for Counterfactual {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// One typed change of a [`Counterfactual`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "CounterfactualChange"))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// `passes` of the calls `calls` (all pending) must score `at_least` (the pass mark; a
    /// coached call scores its automatic score). With early decisions off, every pending call
    /// must still be taken.
    CallScores {
        /// How many of `calls` must pass.
        passes: u8,
        /// The pending calls that can pass, in number order.
        calls: Vec<u8>,
        /// The lowest passing score.
        at_least: f64,
    },
    /// No score of the calls still to come can reverse the decision.
    Impossible {
        /// Failing calls so far.
        fails: u8,
        /// How many calls may fail and still certify.
        fails_allowed: u8,
        /// Passes so far.
        passes: u8,
        /// Passes needed to certify.
        passes_needed: u8,
        /// Calls still pending that could pass.
        pending: u8,
    },
    /// More months in one of `roles`; `from` is the date they are reached when the person is
    /// in one of them now and an as-of date was given.
    MonthsInRole {
        /// Any of these roles (ids).
        roles: Vec<String>,
        /// How many more months.
        months: u32,
        /// The date from which the months are met (as-of date plus the months).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<Date>,
    },
    /// Another missing prerequisite (experience, years, a credential).
    Prerequisite {
        /// What is missing.
        missing: Shortfall,
    },
    /// Certs and TBTs completed on or before `date` (in the site's zone) avoid the step.
    CompleteBy {
        /// The last business day a completion avoids the step.
        date: Date,
        /// The id of the step avoided.
        avoids: String,
        /// Its step code (1-based position on the ladder).
        step_code: u8,
    },
}

// `at_least` is a validated pass mark (0 to 100, never NaN), so equality is total.
impl Eq for Change {}

/// The counterfactual of a certification outcome with these calls, or `None` when certified.
pub(crate) fn certification(
    status: CertStatus,
    passes: u8,
    fails: u8,
    calls: &[(u8, Verdict, bool)],
    policy: &CertPolicy,
) -> Option<Counterfactual> {
    if status == CertStatus::Certified {
        return None;
    }
    let passable: Vec<u8> = calls
        .iter()
        .filter(|(_, v, coached)| {
            *v == Verdict::Pending && (!coached || policy.coached_score >= policy.pass_mark)
        })
        .map(|(n, _, _)| *n)
        .collect();
    let more = policy.passes_needed.saturating_sub(passes);
    let pending = u8::try_from(passable.len()).unwrap_or(u8::MAX);
    if status == CertStatus::Failed || more > pending {
        let text = if fails > policy.fails_allowed() {
            format!(
                "cannot certify: {} already, only {} may fail",
                count(fails, "fail"),
                policy.fails_allowed()
            )
        } else {
            format!(
                "cannot certify: {} and {} that can pass, {} needed",
                count(passes, "pass"),
                count(pending, "pending call"),
                policy.passes_needed
            )
        };
        return Some(Counterfactual {
            rule: crate::explain::rule::CERT_PASSES_NEEDED.to_string(),
            changes: vec![Change::Impossible {
                fails,
                fails_allowed: policy.fails_allowed(),
                passes,
                passes_needed: policy.passes_needed,
                pending,
            }],
            text,
        });
    }
    let mark = format_score(policy.pass_mark, None);
    let list = number_list(&passable);
    let mut text = if usize::from(more) == passable.len() {
        if more == 1 {
            format!("call {list} needs {mark} or more to certify")
        } else {
            format!("calls {list} each need {mark} or more to certify")
        }
    } else {
        format!("{more} of calls {list} need {mark} or more to certify")
    };
    if !policy.early_decision && usize::from(more) < passable.len() {
        text.push_str("; every pending call must still be taken");
    }
    Some(Counterfactual {
        rule: crate::explain::rule::CERT_PASSES_NEEDED.to_string(),
        changes: vec![Change::CallScores {
            passes: more,
            calls: passable,
            at_least: policy.pass_mark,
        }],
        text,
    })
}

fn count(n: u8, what: &str) -> String {
    let plural = match what {
        "pass" => "passes",
        "fail" => "fails",
        _ => "",
    };
    if n == 1 {
        format!("1 {what}")
    } else if plural.is_empty() {
        format!("{n} {what}s")
    } else {
        format!("{n} {plural}")
    }
}

fn number_list(numbers: &[u8]) -> String {
    let parts: Vec<String> = numbers.iter().map(u8::to_string).collect();
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

/// The counterfactual of a readiness check: each missing required prerequisite; `as_of`
/// dates the months in the current role.
pub(crate) fn readiness(
    current: &str,
    missing: &[(&Shortfall, &str)],
    as_of: Option<Date>,
) -> Option<Counterfactual> {
    if missing.is_empty() {
        return None;
    }
    let mut changes = Vec::with_capacity(missing.len());
    let mut parts = Vec::with_capacity(missing.len());
    for (shortfall, message) in missing {
        match shortfall {
            Shortfall::Months { months, roles } => {
                let from = as_of
                    .filter(|_| roles.iter().any(|r| r == current))
                    .and_then(|d| d.checked_add(jiff::Span::new().months(*months)).ok());
                parts.push(match from {
                    Some(d) => format!("{message}: eligible from {d}"),
                    None => (*message).to_string(),
                });
                changes.push(Change::MonthsInRole {
                    roles: roles.clone(),
                    months: *months,
                    from,
                });
            }
            other => {
                parts.push((*message).to_string());
                changes.push(Change::Prerequisite {
                    missing: (*other).clone(),
                });
            }
        }
    }
    Some(Counterfactual {
        rule: crate::explain::rule::READY_ELIGIBLE.to_string(),
        changes,
        text: parts.join("; "),
    })
}

/// The counterfactual of an escalation status: completing by `date` avoids the step
/// `avoids` (named `name`, at position `step_code`).
pub(crate) fn escalation(date: Date, avoids: &str, name: &str, step_code: u8) -> Counterfactual {
    Counterfactual {
        rule: crate::explain::rule::ESCALATION_STEP.to_string(),
        changes: vec![Change::CompleteBy {
            date,
            avoids: avoids.to_string(),
            step_code,
        }],
        text: format!(
            "completing by {} avoids the {}",
            date.strftime("%a %Y-%m-%d"),
            name
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certification::{evaluate, Call, Session};
    use proptest::prelude::*;

    fn session(scores: &[Option<f64>]) -> Session {
        Session {
            agent: "Rivera, Ana".to_string(),
            calls: scores
                .iter()
                .enumerate()
                .filter_map(|(i, s)| s.map(|s| Call::scored(i as u8 + 1, s)))
                .collect(),
        }
    }

    proptest! {
        /// Applying a certification counterfactual certifies (the other pending calls
        /// failing, or left pending under early decisions); a score half a point under the
        /// mark does not; an impossible one stays uncertified with every pending call at 100.
        #[test]
        fn certification_counterfactuals_flip_random_sessions(
            raw in proptest::collection::vec(prop_oneof![Just(None), (0u8..=100).prop_map(|s| Some(f64::from(s)))], 5),
            pass_mark in prop_oneof![Just(70.0), Just(85.0), Just(90.5)],
            passes_needed in 1u8..=5,
            early_decision in any::<bool>(),
            coached in any::<bool>(),
        ) {
            let policy = CertPolicy {
                pass_mark,
                passes_needed,
                early_decision,
                coached_call: u8::from(coached),
                ..CertPolicy::default()
            };
            let mut scores = raw;
            let fix = |n: usize, s: f64| if coached && n == 0 { policy.coached_score } else { s };
            if let Some(first) = scores.first_mut() {
                *first = first.map(|s| fix(0, s));
            }
            let e = evaluate(&session(&scores), &policy).unwrap();
            prop_assert_eq!(e.counterfactual.is_none(), e.status == CertStatus::Certified);
            let Some(cf) = e.counterfactual else { return Ok(()) };
            match &cf.changes[..] {
                [Change::CallScores { passes, calls, at_least }] => {
                    let chosen = &calls[..usize::from(*passes)];
                    let mut applied = scores.clone();
                    for (i, s) in applied.iter_mut().enumerate() {
                        if s.is_none() {
                            let n = i as u8 + 1;
                            *s = Some(fix(i, if chosen.contains(&n) { *at_least } else { 0.0 }));
                        }
                    }
                    let after = evaluate(&session(&applied), &policy).unwrap();
                    prop_assert_eq!(after.status, CertStatus::Certified, "{}", cf.text);
                    if let Some(&n) = chosen.iter().find(|&&n| !(coached && n == 1)) {
                        applied[usize::from(n) - 1] = Some(at_least - 0.5);
                        let after = evaluate(&session(&applied), &policy).unwrap();
                        prop_assert_ne!(after.status, CertStatus::Certified, "minimal: {}", cf.text);
                    }
                }
                [Change::Impossible { .. }] => {
                    let applied: Vec<Option<f64>> = scores
                        .iter()
                        .enumerate()
                        .map(|(i, s)| s.or(Some(fix(i, 100.0))))
                        .collect();
                    let after = evaluate(&session(&applied), &policy).unwrap();
                    prop_assert_ne!(after.status, CertStatus::Certified, "{}", cf.text);
                }
                other => prop_assert!(false, "{:?}", other),
            }
        }
    }
}

//! Replay: every agent of a cohort re-decided under two policy versions, and each outcome
//! that flips (certification status; escalation step or its date) listed with both sides'
//! reasons and summary counts.
//!
//! [`replay`] takes a cohort (a tracker imported as of a date) and is exact: an agent's
//! completion, excused days and equipment issues count as in the end-of-day report.
//! [`replay_batch`] takes the batch columns (N x calls `u8` scores, start days since
//! 1970-01-01) and counts flips for millions of agents through the batch paths.

use crate::calendar::Calendar;
use crate::certification::{self, BatchColumns, Status as CertStatus};
use crate::cohort::{Agent, Cohort, CohortPolicy};
use crate::error::{Error, Result};
use crate::escalation::{self, Moment, StepCode};
use crate::explain::{rule, PolicyRef, Reason};
use crate::history::History;
use crate::lint::FileKind;
use crate::policy::Format;
use crate::{CertPolicy, EscalationPolicy};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Which decision flipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ReplayDecision"))]
#[serde(rename_all = "snake_case")]
pub enum Decided {
    /// The certification status.
    Certification,
    /// The escalation step (or the date it fell due).
    Escalation,
}

/// One side of a flip: the outcome under one policy version and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ReplaySide"))]
pub struct Side {
    /// The outcome: a certification status (`certified`, `failed`, `in_progress`) or an
    /// escalation step id (`none` when no step is due).
    pub outcome: String,
    /// The date the escalation step fell due (none for certification or no step).
    pub date: Option<Date>,
    /// The reasons that differ: the calls whose verdict changed and the session's outcome,
    /// or the escalation steps and lateness.
    pub reasons: Vec<Reason>,
}

/// An outcome that differs between the two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ReplayFlip"))]
pub struct Flip {
    /// The agent's name.
    pub agent: String,
    /// Which decision.
    pub decision: Decided,
    /// Under the old version.
    pub from: Side,
    /// Under the new version.
    pub to: Side,
}

/// The counts of a replay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ReplaySummary"))]
pub struct Summary {
    /// Agents re-decided.
    pub agents: u64,
    /// Agents whose certification status flips.
    pub certification_flips: u64,
    /// Agents whose escalation step or its date changes.
    pub escalation_flips: u64,
    /// Flips by change, `certified -> failed`, `none -> written-cap`, with their counts.
    pub changes: BTreeMap<String, u64>,
}

/// The versions of a cohort policy and its two parts that a replay compares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ReplayVersions"))]
pub struct Versions {
    /// The cohort policy.
    pub cohort: PolicyRef,
    /// Its certification policy.
    pub certification: PolicyRef,
    /// Its escalation policy.
    pub escalation: PolicyRef,
}

impl Versions {
    /// The versions of `policy`.
    pub fn of(policy: &CohortPolicy) -> Versions {
        Versions {
            cohort: policy.policy_ref(),
            certification: policy.cert.policy_ref(),
            escalation: policy.escalation.policy_ref(),
        }
    }
}

/// Every agent re-decided under two versions: the flips and their counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Replay {
    /// The date the decisions are made as of.
    pub as_of: Date,
    /// The old versions.
    pub from: Versions,
    /// The new versions.
    pub to: Versions,
    /// The counts.
    pub summary: Summary,
    /// Each flip, in the cohort's agent order (certification before escalation).
    pub flips: Vec<Flip>,
}

/// Re-decides every agent of `cohort` as of `as_of` under `from` and `to` (their
/// certification and escalation parts) and lists what flips.
///
/// # Errors
///
/// An invalid policy; an agent the rules refuse (more scores than calls, a completion before
/// the start...), naming the agent.
pub fn replay(
    cohort: &Cohort,
    as_of: Date,
    calendar: &Calendar,
    from: &CohortPolicy,
    to: &CohortPolicy,
) -> Result<Replay> {
    from.validate()?;
    to.validate()?;
    let (pf, pt) = (from.cert.prepare()?, to.cert.prepare()?);
    let mut summary = Summary::default();
    let mut flips = Vec::new();
    let named = |a: &Agent, e: Error| match e {
        Error::InvalidInput { message } => {
            Error::invalid_input(format!("agent {}: {message}", a.name))
        }
        other => other,
    };
    for a in &cohort.agents {
        summary.agents += 1;
        let (sf, st) = (
            a.standing(&pf).map_err(|e| named(a, e))?,
            a.standing(&pt).map_err(|e| named(a, e))?,
        );
        if sf.status != st.status {
            let (ef, et) = (a.evaluation(&from.cert)?, a.evaluation(&to.cert)?);
            summary.certification_flips += 1;
            *summary
                .changes
                .entry(format!("{} -> {}", ef.status.name(), et.status.name()))
                .or_default() += 1;
            let differs = |n: u8| {
                ef.calls.iter().find(|c| c.number == n).map(|c| c.verdict)
                    != et.calls.iter().find(|c| c.number == n).map(|c| c.verdict)
            };
            let side = |e: &certification::Evaluation| Side {
                outcome: e.status.name().to_string(),
                date: None,
                reasons: e
                    .reasons
                    .iter()
                    .filter(|r| {
                        r.rule == rule::CERT_PASSES_NEEDED
                            || r.rule == rule::CERT_EARLY_DECISION
                            || (r.rule == rule::CERT_PASS_MARK
                                && r.input
                                    .strip_prefix("call ")
                                    .and_then(|n| n.parse::<u8>().ok())
                                    .is_some_and(differs))
                    })
                    .cloned()
                    .collect(),
            };
            flips.push(Flip {
                agent: a.name.clone(),
                decision: Decided::Certification,
                from: side(&ef),
                to: side(&et),
            });
        }
        let side_of = |p: &CohortPolicy| -> Result<escalation::Status> {
            let excused = a.excused_days(as_of, calendar, p)?;
            let done = a.completed_on.map(Moment::Date);
            escalation::status(
                a.start,
                &Moment::Date(as_of),
                done.as_ref(),
                calendar,
                &excused,
                &p.escalation,
            )
            .map_err(|e| named(a, e))
        };
        let (xf, xt) = (side_of(from)?, side_of(to)?);
        let key = |s: &escalation::Status| {
            (
                s.current_step.as_ref().map(|c| c.id.clone()),
                s.current_step.as_ref().map(|c| c.date),
            )
        };
        if key(&xf) != key(&xt) {
            summary.escalation_flips += 1;
            let side = |s: &escalation::Status| Side {
                outcome: s
                    .current_step
                    .as_ref()
                    .map_or_else(|| "none".to_string(), |c| c.id.clone()),
                date: s.current_step.as_ref().map(|c| c.date),
                reasons: s
                    .reasons
                    .iter()
                    .filter(|r| {
                        r.rule == rule::ESCALATION_STEP
                            || r.rule == rule::ESCALATION_LATE
                            || r.rule == rule::ESCALATION_COMPLETED
                    })
                    .cloned()
                    .collect(),
            };
            let (f, t) = (side(&xf), side(&xt));
            *summary
                .changes
                .entry(format!("{} -> {}", f.outcome, t.outcome))
                .or_default() += 1;
            flips.push(Flip {
                agent: a.name.clone(),
                decision: Decided::Escalation,
                from: f,
                to: t,
            });
        }
    }
    Ok(Replay {
        as_of,
        from: Versions::of(from),
        to: Versions::of(to),
        summary,
        flips,
    })
}

impl fmt::Display for Replay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "replay as of {}", self.as_of)?;
        for (a, b) in [
            (&self.from.cohort, &self.to.cohort),
            (&self.from.certification, &self.to.certification),
            (&self.from.escalation, &self.to.escalation),
        ] {
            if a != b || (a == &self.from.cohort) {
                writeln!(f, "  {a} -> {b}")?;
            }
        }
        let s = &self.summary;
        writeln!(
            f,
            "  {} agents; {} certification flips; {} escalation flips",
            s.agents, s.certification_flips, s.escalation_flips
        )?;
        for (change, n) in &s.changes {
            writeln!(f, "  {n:>6}  {change}")?;
        }
        for flip in &self.flips {
            let side = |x: &Side| match x.date {
                Some(d) => format!("{} ({d})", x.outcome),
                None => x.outcome.clone(),
            };
            let what = match flip.decision {
                Decided::Certification => "certification",
                Decided::Escalation => "escalation",
            };
            writeln!(
                f,
                "{}: {what} {} -> {}",
                flip.agent,
                side(&flip.from),
                side(&flip.to)
            )?;
            for (label, x) in [("was", &flip.from), ("now", &flip.to)] {
                for r in &x.reasons {
                    writeln!(f, "  {label}: {}", r.message)?;
                }
            }
        }
        Ok(())
    }
}

/// The counts of a batch replay, and the rows that flip.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BatchReplay {
    /// The counts (changes keyed as in [`Summary`]: status names, step code names).
    pub summary: Summary,
    /// The rows whose certification status flips.
    pub certification_rows: Vec<u32>,
    /// The rows whose escalation step flips.
    pub escalation_rows: Vec<u32>,
}

/// [`replay`] for millions of agents through the batch paths: `scores` holds N rows of the
/// policies' calls as `u8` ([`certification::NOT_TAKEN`] for a call not taken), `starts` N
/// start days since 1970-01-01; no completions or excused days (as
/// [`escalation::escalation_steps`]). Both policies must have the same number of calls.
///
/// # Errors
///
/// An invalid policy; policies with different numbers of calls; `scores` not `starts.len()`
/// rows; a score the batch path refuses.
pub fn replay_batch(
    scores: &[u8],
    starts: &[i32],
    as_of: Date,
    calendar: &Calendar,
    from: &CohortPolicy,
    to: &CohortPolicy,
) -> Result<BatchReplay> {
    from.validate()?;
    to.validate()?;
    if from.cert.calls != to.cert.calls {
        return Err(Error::invalid_input(format!(
            "the versions have {} and {} calls; a batch replay needs the same",
            from.cert.calls, to.cert.calls
        )));
    }
    let n = starts.len();
    if scores.len() != n * usize::from(from.cert.calls) {
        return Err(Error::invalid_input(format!(
            "{} scores are not {n} rows of {} calls",
            scores.len(),
            from.cert.calls
        )));
    }
    let (mut cf, mut ct) = (BatchColumns::zeroed(n), BatchColumns::zeroed(n));
    from.cert
        .prepare()?
        .evaluate_batch_into(scores, &mut cf.as_out())?;
    to.cert
        .prepare()?
        .evaluate_batch_into(scores, &mut ct.as_out())?;
    let (mut xf, mut xt) = (vec![0u8; n], vec![0u8; n]);
    escalation::escalation_steps(starts, as_of, calendar, &from.escalation, &mut xf)?;
    escalation::escalation_steps(starts, as_of, calendar, &to.escalation, &mut xt)?;
    let mut out = BatchReplay::default();
    out.summary.agents = n as u64;
    let mut cert = [[0u64; 3]; 3];
    let mut esc = [[0u64; 256]; 5];
    for i in 0..n {
        let (a, b) = (cf.status[i], ct.status[i]);
        if a != b {
            cert[usize::from(a.min(2))][usize::from(b.min(2))] += 1;
            out.certification_rows.push(i as u32);
        }
        let (a, b) = (xf[i], xt[i]);
        if a != b {
            esc[usize::from(a.min(4))][usize::from(b)] += 1;
            out.escalation_rows.push(i as u32);
        }
    }
    out.summary.certification_flips = out.certification_rows.len() as u64;
    out.summary.escalation_flips = out.escalation_rows.len() as u64;
    for (a, row) in cert.iter().enumerate() {
        for (b, &k) in row.iter().enumerate() {
            if k > 0 {
                let name =
                    |c: usize| CertStatus::from_code(c as u8).map_or("unknown", CertStatus::name);
                out.summary
                    .changes
                    .insert(format!("{} -> {}", name(a), name(b)), k);
            }
        }
    }
    for (a, row) in esc.iter().enumerate() {
        for (b, &k) in row.iter().enumerate() {
            if k > 0 {
                let name = |c: usize| StepCode::from_u8(c as u8).map_or("step", StepCode::name);
                out.summary
                    .changes
                    .insert(format!("{} -> {}", name(a), name(b)), k);
            }
        }
    }
    Ok(out)
}

/// One side of a replay read from a policy file's text, as `care replay --from/--to` and the
/// Python and Node `replay` read a text argument: a cohort policy as it is; a certification
/// or escalation policy inside the documents' cohort policy; any of the three as a history
/// of versions, of which the one in force on `as_of` is used. `format` `None` tells it from
/// the text (JSON when it starts with `{`, else TOML).
///
/// # Errors
///
/// When no version is in force on `as_of`, that error ([`Error::InvalidInput`]); when the
/// text reads as none of the three kinds, the loader's error for the kind its fields tell
/// (a certification policy with `pass_mark = 101` is [`Error::InvalidPolicy`]), else the
/// cohort policy loader's (the place named).
pub fn policy_side(text: &str, format: Option<Format>, as_of: Date) -> Result<CohortPolicy> {
    let format = format.unwrap_or(if text.trim_start().starts_with('{') {
        Format::Json
    } else {
        Format::Toml
    });
    let cohort = History::<CohortPolicy>::load(text, format);
    if let Ok(h) = &cohort {
        return Ok(h.in_force(as_of)?.clone());
    }
    let cert = History::<CertPolicy>::load(text, format);
    if let Ok(h) = &cert {
        return Ok(CohortPolicy {
            cert: h.in_force(as_of)?.clone(),
            ..CohortPolicy::default()
        });
    }
    let escalation = History::<EscalationPolicy>::load(text, format);
    if let Ok(h) = &escalation {
        return Ok(CohortPolicy {
            escalation: h.in_force(as_of)?.clone(),
            ..CohortPolicy::default()
        });
    }
    // None reads: the error of the kind the fields tell (as lint tells it), else the cohort's.
    let kind = crate::lint::parse_value(text, format)
        .ok()
        .and_then(|v| crate::lint::detect_kind(&v));
    Err(match (kind, cohort, cert, escalation) {
        (Some(FileKind::CertPolicy), _, Err(e), _)
        | (Some(FileKind::EscalationPolicy), _, _, Err(e))
        | (_, Err(e), _, _) => e,
        // Unreachable: every reading failed to get here.
        _ => Error::invalid_input("not a cohort, certification or escalation policy"),
    })
}

/// One side of a replay as a front end is given it: a cohort policy, or a policy file's text
/// that [`policy_side`] reads as of the replay's day. The Python and Node `replay` take either.
#[derive(Debug, Clone)]
pub enum PolicySource<'a> {
    /// A cohort policy, used as it is.
    Policy(&'a CohortPolicy),
    /// A policy file's text (TOML, or JSON when it starts with `{`): any policy kind, or a
    /// history of one.
    Text(String),
}

impl PolicySource<'_> {
    /// The cohort policy this side stands for on `as_of`.
    ///
    /// # Errors
    ///
    /// For text, those of [`policy_side`].
    ///
    /// ```
    /// use care_core::replay::PolicySource;
    /// let day = jiff::civil::date(2026, 7, 10);
    /// let p = PolicySource::Text("pass_mark = 90".into()).policy(day)?;
    /// assert_eq!(p.cert.pass_mark, 90.0);
    /// assert!(PolicySource::Text("pass_mark = 101".into()).policy(day).is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn policy(&self, as_of: Date) -> Result<CohortPolicy> {
        match self {
            PolicySource::Policy(p) => Ok((*p).clone()),
            PolicySource::Text(text) => policy_side(text, None, as_of),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stricter() -> CohortPolicy {
        let mut p = CohortPolicy {
            version: "2".to_string(),
            ..CohortPolicy::default()
        };
        p.cert.pass_mark = 90.0;
        p.escalation.version = "2".to_string();
        p.escalation.steps[0].day = 3;
        p
    }

    #[test]
    fn the_sample_replayed_under_a_stricter_version_lists_its_flips() {
        let as_of = jiff::civil::date(2026, 7, 10);
        let cal = Calendar::us_federal("America/New_York").unwrap();
        let cohort = Cohort::sample_as_of(as_of);
        let same = replay(
            &cohort,
            as_of,
            &cal,
            &CohortPolicy::default(),
            &CohortPolicy::default(),
        )
        .unwrap();
        assert!(same.flips.is_empty());
        assert_eq!(same.summary.agents, cohort.agents.len() as u64);
        let r = replay(&cohort, as_of, &cal, &CohortPolicy::default(), &stricter()).unwrap();
        assert_eq!(
            r.summary.certification_flips + r.summary.escalation_flips,
            r.flips.len() as u64
        );
        assert!(!r.flips.is_empty(), "{r}");
        for f in &r.flips {
            assert_ne!((&f.from.outcome, f.from.date), (&f.to.outcome, f.to.date));
        }
        let text = r.to_string();
        assert!(text.contains("care.cohort v1 -> care.cohort v2"), "{text}");
    }

    #[test]
    fn the_batch_replay_agrees_with_per_agent_decisions() {
        let as_of = jiff::civil::date(2026, 7, 10);
        let cal = Calendar::us_federal("America/New_York").unwrap();
        let rows: [[u8; 5]; 4] = [
            [100, 88, 89, 92, 95],
            [100, 86, 87, 88, 89],
            [100, 84, 255, 255, 255],
            [100, 95, 95, 95, 95],
        ];
        let scores: Vec<u8> = rows.iter().flatten().copied().collect();
        let day = |d: Date| crate::calendar::epoch_day(d);
        let starts = vec![
            day(jiff::civil::date(2026, 7, 1)),
            day(jiff::civil::date(2026, 7, 6)),
            day(jiff::civil::date(2026, 7, 2)),
            day(jiff::civil::date(2026, 7, 8)),
        ];
        let b = replay_batch(
            &scores,
            &starts,
            as_of,
            &cal,
            &CohortPolicy::default(),
            &stricter(),
        )
        .unwrap();
        assert_eq!(b.certification_rows, vec![0, 1]);
        // The single-agent path agrees row by row.
        for (i, row) in rows.iter().enumerate() {
            let s: Vec<f64> = row
                .iter()
                .map(|&x| if x == 255 { f64::NAN } else { f64::from(x) })
                .collect();
            let a = certification::standing(&s, &CohortPolicy::default().cert).unwrap();
            let b2 = certification::standing(&s, &stricter().cert).unwrap();
            assert_eq!(
                a.status != b2.status,
                b.certification_rows.contains(&(i as u32))
            );
        }
        assert_eq!(b.summary.changes.get("certified -> failed"), Some(&2));
        assert_eq!(b.escalation_rows, vec![3]);
        assert_eq!(b.summary.changes.get("none -> coaching"), Some(&1));
        assert!(
            replay_batch(&scores[1..], &starts, as_of, &cal, &stricter(), &stricter()).is_err()
        );
    }

    #[test]
    fn a_side_reads_any_policy_kind_or_history_in_force_on_the_day() {
        let d = |s: &str| -> Date { s.parse().unwrap() };
        let on = d("2026-07-10");
        let cert = policy_side("pass_mark = 90", None, on).unwrap();
        assert_eq!(cert.cert.pass_mark, 90.0);
        assert_eq!(cert.escalation, EscalationPolicy::default());
        let esc = policy_side(r#"{"steps": []}"#, None, on).unwrap();
        assert!(esc.escalation.steps.is_empty());
        let cohort = policy_side(
            "certifier_hours_per_day = 6.0\n[cert]\npass_mark = 88",
            None,
            on,
        );
        assert_eq!(cohort.unwrap().cert.pass_mark, 88.0);
        let history = include_str!("../../../examples/policies/certification-history.toml");
        let before = policy_side(history, Some(Format::Toml), d("2026-08-31")).unwrap();
        let after = policy_side(history, Some(Format::Toml), d("2026-09-01")).unwrap();
        assert_eq!(
            (before.cert.version.as_str(), after.cert.version.as_str()),
            ("1", "2")
        );
        let e = policy_side("pass_mark = 101", None, on).unwrap_err();
        assert!(
            e.to_string().contains("pass_mark") || e.to_string().contains("unknown"),
            "{e}"
        );
        assert!(policy_side("not toml [", None, on).is_err());
    }
}

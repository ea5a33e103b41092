//! The morning pairing: free certifiers with ready agents.
//!
//! An agent is **ready** on a day when they have started (post-training day 1 has come),
//! have no open equipment issue, are not excused that day, have done day-1 training and the
//! role plays, and their certification is not finished. Every other agent is listed as
//! unpaired with the reason.
//!
//! Ready agents are taken in the policy's [`PairingOrder`] (by default the agent closest to
//! an escalation step first). Each gets, in that order: the certifier they already work with
//! if that certifier is available and has a free session (the document has one certifier
//! complete all five calls on one spreadsheet); otherwise the available certifier with the
//! fewest sessions so far, ties going to the earlier certifier in the list. A certifier takes
//! at most [`CohortPolicy::sessions_per_certifier`] sessions a day and an agent one session
//! (all remaining calls). When no certifier has a free session, the agent waits with the
//! reason `no_certifier_free`.

use super::{Agent, Cohort, CohortPolicy, PairingOrder};
use crate::calendar::Calendar;
use crate::certification::Status as CertStatus;
use crate::error::{Error, Result};
use crate::escalation::{self, Excused, Moment, StepDue};
use crate::explain::rule;
use crate::explain::{PolicyRef, Reason};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// One agent paired with a certifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Pair {
    /// The agent.
    pub agent: String,
    /// The certifier.
    pub certifier: String,
    /// Which of the certifier's sessions that day this is (1 = the first).
    pub session: u32,
    /// The agent's post-training day (excused days do not count).
    pub day: u32,
    /// The agent's next escalation step, if certs are still not complete.
    pub next_step: Option<StepDue>,
    /// Why this pair.
    pub reasons: Vec<Reason>,
}

/// Why an agent is not paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnpairedReason {
    /// Certification is finished (certified or failed).
    Finished,
    /// Post-training day 1 has not come yet.
    NotStarted,
    /// An equipment issue is open.
    EquipmentIssue,
    /// The day is excused for the agent.
    Excused,
    /// Day-1 training or the role plays are not done.
    NotReady,
    /// Every available certifier's sessions are taken.
    NoCertifierFree,
}

/// An agent who is not paired today, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Unpaired {
    /// The agent.
    pub agent: String,
    /// Why, as a code.
    pub reason: UnpairedReason,
    /// Why, in a sentence.
    pub message: String,
}

/// A certifier's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CertifierDay {
    /// The certifier.
    pub certifier: String,
    /// Whether the certifier works that day.
    pub available: bool,
    /// Sessions assigned.
    pub sessions: u32,
}

/// The pairing of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Pairing {
    /// The day.
    pub day: Date,
    /// The most sessions a certifier takes that day.
    pub sessions_per_certifier: u32,
    /// The order ready agents were taken in.
    pub order: PairingOrder,
    /// The pairs, in the order they were made.
    pub pairs: Vec<Pair>,
    /// Agents not paired, in cohort order.
    pub unpaired: Vec<Unpaired>,
    /// Each certifier's day, in list order.
    pub certifiers: Vec<CertifierDay>,
    /// The rules applied.
    pub reasons: Vec<Reason>,
    /// The policy used.
    pub policy: PolicyRef,
}

struct Ready<'a> {
    index: usize,
    /// The name's first 16 bytes, big-endian, zero-padded: orders as the name does, or ties.
    name_prefix: u128,
    agent: &'a Agent,
    day: u32,
    excused: Vec<Excused>,
    day1: Date,
}

/// Pairs free certifiers with ready agents on `day` (a business day of `calendar`).
///
/// The cohort is taken as recorded: import a tracker as of `day`
/// ([`import_tracker_as_of`](super::import_tracker_as_of)) so that later rows do not count.
/// Linear in the number of agents.
///
/// # Errors
///
/// [`Error::InvalidPolicy`] for an invalid policy; [`Error::InvalidInput`] for an invalid
/// cohort (a duplicate or empty name, too many scores); [`Error::InvalidDate`] for a day that
/// is not a business day (naming the next one) or outside the calendar's range; an agent's
/// scores' errors as [`crate::certification::standing`] gives them.
///
/// ```
/// use care_core::cohort::{self, Cohort, CohortPolicy};
/// use care_core::Calendar;
/// use jiff::civil::date;
/// let cal = Calendar::by_name("us-federal", "America/New_York")?;
/// let day = date(2026, 7, 10);
/// let p = cohort::pair(&Cohort::sample_as_of(day), day, &cal, &CohortPolicy::default())?;
/// assert!(!p.pairs.is_empty());
/// let saturday = date(2026, 7, 11);
/// assert!(cohort::pair(&Cohort::sample(), saturday, &cal, &CohortPolicy::default()).is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn pair(
    cohort: &Cohort,
    day: Date,
    calendar: &Calendar,
    policy: &CohortPolicy,
) -> Result<Pairing> {
    policy.validate()?;
    cohort.validate(policy)?;
    if !calendar.is_business_day(day)? {
        return Err(Error::invalid_date(
            day.to_string(),
            format!(
                "{} is not a business day on the {} calendar; the next one is {}",
                day.strftime("%a %Y-%m-%d"),
                calendar.name(),
                calendar.next_business_day(day)?
            ),
        ));
    }
    let cap = policy.sessions_per_certifier();
    let mut reasons = vec![Reason::new(
        rule::PAIR_CAPACITY,
        "certifiers",
        format!(
            "a session takes at most {} hours and a certifier has {} hours a day for sessions, so each certifier takes at most {cap} sessions a day",
            policy.escalation.budgets.cert_session_hours, policy.certifier_hours_per_day
        ),
    )];
    reasons.push(Reason::new(
        rule::PAIR_ORDER,
        "agents",
        match policy.pairing_order {
            PairingOrder::EscalationFirst => "ready agents are taken closest to an escalation step first: highest post-training day, then earliest start, then name",
            PairingOrder::LongestWaiting => "ready agents are taken longest waiting first: earliest start, then name",
            PairingOrder::Name => "ready agents are taken by name",
        },
    ));

    // Unpaired agents keep their cohort index, so that listing them in cohort order is
    // placing each in its slot (linear in the number of agents, never a search per agent).
    let cert = policy.cert.prepare()?;
    let mut unpaired: Vec<(usize, Unpaired)> = Vec::with_capacity(cohort.agents.len());
    let agent_count = cohort.agents.len();
    let mut ready = Vec::with_capacity(cohort.agents.len());
    for (index, agent) in cohort.agents.iter().enumerate() {
        // Only the status and pass rate are needed: the numbers, without a session or reasons.
        let ev = agent.standing(&cert)?;
        let day1 = calendar.roll_forward(agent.start)?;
        let mut skip = |reason, message: String| {
            unpaired.push((
                index,
                Unpaired {
                    agent: agent.name.clone(),
                    reason,
                    message,
                },
            ))
        };
        if ev.status != CertStatus::InProgress {
            skip(
                UnpairedReason::Finished,
                format!(
                    "{} is {} ({}% pass rate); no session is needed",
                    agent.name, ev.status, ev.pass_rate
                ),
            );
        } else if day < day1 {
            skip(
                UnpairedReason::NotStarted,
                format!("{}'s post-training day 1 is {day1}", agent.name),
            );
        } else if let Some(issue) = agent.open_issue_on(day) {
            skip(
                UnpairedReason::EquipmentIssue,
                format!(
                    "{} has an equipment issue open since {}; only agents without one are connected with a certifier",
                    agent.name, issue.opened
                ),
            );
        } else if let Some(e) = agent.excused.iter().find(|e| e.date == day) {
            skip(
                UnpairedReason::Excused,
                format!("{} is excused on {day} ({})", agent.name, e.reason),
            );
        } else if !agent.day1_done || !agent.role_plays_done {
            let missing: Vec<&str> = [
                (!agent.day1_done).then_some("day-1 training"),
                (!agent.role_plays_done).then_some("the role plays"),
            ]
            .into_iter()
            .flatten()
            .collect();
            skip(
                UnpairedReason::NotReady,
                format!("{} has not done {} yet", agent.name, missing.join(" or ")),
            );
        } else {
            // Ranking needs only the post-training day; the next step (a timeline with its
            // sentences) is worked out for the agents who get a certifier.
            let excused = agent.excused_days(day, calendar, policy)?;
            ready.push(Ready {
                index,
                name_prefix: name_prefix(&agent.name),
                agent,
                day: escalation::post_training_day(agent.start, day, calendar, &excused)?,
                excused,
                day1,
            });
        }
    }
    // Names are compared by their first 16 bytes held in the entry (no pointer chasing into
    // a million names), and in full only when those are equal.
    let by_name = |a: &Ready<'_>, b: &Ready<'_>| {
        a.name_prefix
            .cmp(&b.name_prefix)
            .then_with(|| a.agent.name.cmp(&b.agent.name))
            .then(a.index.cmp(&b.index))
    };
    match policy.pairing_order {
        PairingOrder::EscalationFirst => ready.sort_unstable_by(|a, b| {
            b.day
                .cmp(&a.day)
                .then(a.day1.cmp(&b.day1))
                .then_with(|| by_name(a, b))
        }),
        PairingOrder::LongestWaiting => {
            ready.sort_unstable_by(|a, b| a.day1.cmp(&b.day1).then_with(|| by_name(a, b)))
        }
        PairingOrder::Name => ready.sort_unstable_by(by_name),
    }

    let mut certifiers: Vec<CertifierDay> = cohort
        .certifiers
        .iter()
        .map(|c| CertifierDay {
            certifier: c.name.clone(),
            available: !c.off.contains(&day),
            sessions: 0,
        })
        .collect();
    let off: Vec<&str> = certifiers
        .iter()
        .filter(|c| !c.available)
        .map(|c| c.certifier.as_str())
        .collect();
    if !off.is_empty() {
        reasons.push(Reason::new(
            rule::PAIR_AVAILABILITY,
            "certifiers",
            format!("not available on {day}: {}", off.join(", ")),
        ));
    }
    // Certifiers by normalised name, computed once (not once per agent and certifier).
    let by_name: HashMap<String, usize> = certifiers
        .iter()
        .enumerate()
        .rev()
        .map(|(i, c)| (crate::suggest::normalize(&c.certifier), i))
        .collect();
    let mut free_sessions: u64 = certifiers
        .iter()
        .filter(|c| c.available)
        .map(|_| u64::from(cap))
        .sum();
    let mut pairs = Vec::new();
    for (rank, r) in ready.iter().enumerate() {
        if free_sessions == 0 {
            unpaired.push((r.index, no_certifier_free(r.agent, cap)));
            continue;
        }
        let own = r.agent.certifier.as_ref().and_then(|own| {
            by_name
                .get(&crate::suggest::normalize(own))
                .copied()
                .filter(|&i| {
                    certifiers
                        .get(i)
                        .is_some_and(|c| c.available && c.sessions < cap)
                })
        });
        let least = || {
            certifiers
                .iter()
                .enumerate()
                .filter(|(_, c)| c.available && c.sessions < cap)
                .min_by_key(|(i, c)| (c.sessions, *i))
                .map(|(i, _)| i)
        };
        let (choice, how) = match own {
            Some(i) => (Some(i), rule::PAIR_SAME_CERTIFIER),
            None => (least(), rule::PAIR_LEAST_LOADED),
        };
        let Some(c) = choice.and_then(|i| certifiers.get_mut(i)) else {
            unpaired.push((r.index, no_certifier_free(r.agent, cap)));
            continue;
        };
        c.sessions += 1;
        free_sessions = free_sessions.saturating_sub(1);
        let next_step = escalation::status(
            r.agent.start,
            &Moment::Date(day),
            None,
            calendar,
            &r.excused,
            &policy.escalation,
        )?
        .next_step;
        let mut why = vec![Reason::new(
            rule::PAIR_READY,
            r.agent.name.clone(),
            format!(
                "{} has no open equipment issue and has done day-1 training and the role plays; certification is in progress",
                r.agent.name
            ),
        )];
        let step = match &next_step {
            Some(s) => format!("; next escalation step {} on {}", s.name, s.date),
            None => String::new(),
        };
        why.push(Reason::new(
            rule::PAIR_ORDER,
            r.agent.name.clone(),
            format!(
                "number {} of {} ready agents: post-training day {}, day 1 {}{step}",
                rank + 1,
                ready.len(),
                r.day,
                r.day1
            ),
        ));
        why.push(Reason::new(
            how,
            c.certifier.clone(),
            if how == rule::PAIR_SAME_CERTIFIER {
                format!("{} already works with {} and has a free session", r.agent.name, c.certifier)
            } else {
                format!(
                    "{} is the available certifier with the fewest sessions; this is their session {} of {cap}",
                    c.certifier, c.sessions
                )
            },
        ));
        pairs.push(Pair {
            agent: r.agent.name.clone(),
            certifier: c.certifier.clone(),
            session: c.sessions,
            day: r.day,
            next_step,
            reasons: why,
        });
    }
    // Unpaired agents in cohort order (each agent is listed at most once).
    let mut slots: Vec<Option<Unpaired>> = Vec::new();
    slots.resize_with(agent_count, || None);
    for (index, u) in unpaired {
        if let Some(slot) = slots.get_mut(index) {
            *slot = Some(u);
        }
    }
    let unpaired = slots.into_iter().flatten().collect();
    Ok(Pairing {
        day,
        sessions_per_certifier: cap,
        order: policy.pairing_order,
        pairs,
        unpaired,
        certifiers,
        reasons,
        policy: policy.policy_ref(),
    })
}

fn name_prefix(name: &str) -> u128 {
    let mut bytes = [0u8; 16];
    for (slot, b) in bytes.iter_mut().zip(name.bytes()) {
        *slot = b;
    }
    u128::from_be_bytes(bytes)
}

fn no_certifier_free(agent: &Agent, cap: u32) -> Unpaired {
    Unpaired {
        agent: agent.name.clone(),
        reason: UnpairedReason::NoCertifierFree,
        message: format!(
            "{} is ready but every available certifier already has {cap} sessions",
            agent.name
        ),
    }
}

impl fmt::Display for UnpairedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnpairedReason::Finished => "finished",
            UnpairedReason::NotStarted => "not started",
            UnpairedReason::EquipmentIssue => "equipment issue",
            UnpairedReason::Excused => "excused",
            UnpairedReason::NotReady => "not ready",
            UnpairedReason::NoCertifierFree => "no certifier free",
        })
    }
}

impl fmt::Display for Pairing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "pairing for {} (at most {} sessions per certifier)",
            self.day.strftime("%a %Y-%m-%d"),
            self.sessions_per_certifier
        )?;
        let width = self
            .pairs
            .iter()
            .map(|p| p.agent.chars().count())
            .max()
            .unwrap_or(0);
        for p in &self.pairs {
            let step = p
                .next_step
                .as_ref()
                .map(|s| format!("; next step {} on {}", s.name, s.date))
                .unwrap_or_default();
            writeln!(
                f,
                "  {:<width$}  -> {} (session {}; day {}{step})",
                p.agent, p.certifier, p.session, p.day
            )?;
        }
        if !self.unpaired.is_empty() {
            writeln!(f, "not paired:")?;
            for u in &self.unpaired {
                writeln!(f, "  {} [{}]: {}", u.agent, u.reason, u.message)?;
            }
        }
        let idle: Vec<&str> = self
            .certifiers
            .iter()
            .filter(|c| c.available && c.sessions < self.sessions_per_certifier)
            .map(|c| c.certifier.as_str())
            .collect();
        if !idle.is_empty() {
            writeln!(f, "certifiers with free sessions: {}", idle.join(", "))?;
        }
        writeln!(f, "why:")?;
        for r in &self.reasons {
            writeln!(f, "  - {r}")?;
        }
        write!(f, "policy: {}", self.policy)
    }
}

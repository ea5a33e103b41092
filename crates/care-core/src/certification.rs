//! Call certification: the role-played certification calls scored against the pass mark, one
//! agent at a time ([`evaluate`]) or millions at once ([`evaluate_batch_into`]).
//!
//! The rules, all fields of [`CertPolicy`] (defaults from the call certification document and
//! `DECISIONS.md`):
//!
//! - a session has five calls, three PDP and two MAPD;
//! - call 1 is the coached practice call: it is scored 100 automatically and counts as a pass;
//! - a call passes at a score of at least 85;
//! - an agent is certified with at least 4 passing calls;
//! - the outcome is decided early once 4 calls passed (certified) or once so many calls failed
//!   that 4 passes are out of reach (failed: 2 fails with the defaults);
//! - the pass rate is passes / calls as a whole percent, rounded down (100, 80, 60...);
//! - the scorecard file is named `LastName_FirstName_NN%` ([`file_stem`]);
//! - after training, a QA audit passes at a score of at least 95 ([`qa_audit`]).
//!
//! One rule decides an agent's status from the counts of passing, failing and pending calls:
//! [`decide`]. [`evaluate`] calls it directly; the batch functions use a table filled by
//! calling it for every possible count, so both give the same answer by construction (and a
//! property test checks it on random input).

use crate::error::{Error, Problem, Result};
use crate::explain::{PolicyRef, Reason};
use crate::scorecard::{MarkedScorecard, ScorecardScore};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The most calls a certification policy may have.
pub const MAX_CALLS: u8 = 100;

/// The longest part (last or first name) of a file stem, in bytes of UTF-8; longer parts are
/// cut at a character boundary so the whole stem stays well under every file system's limit.
pub const MAX_NAME_PART_BYTES: usize = 100;

/// In a batch of `u8` scores, the value that means "this call has not been taken yet".
pub const NOT_TAKEN: u8 = 255;

/// The kind of a certification call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CallKind {
    /// A Medicare Part D prescription drug plan call.
    Pdp,
    /// A Medicare Advantage prescription drug plan call.
    Mapd,
}

impl fmt::Display for CallKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CallKind::Pdp => "PDP",
            CallKind::Mapd => "MAPD",
        })
    }
}

/// The rules of call certification. Every field defaults to the documents' value, so a TOML
/// or JSON file only names what it changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CertPolicy {
    /// The policy's id, `care.certification` by default.
    pub id: String,
    /// The policy's version.
    pub version: String,
    /// How many calls a session has: 5.
    pub calls: u8,
    /// How many of them are PDP calls: 3.
    pub pdp_calls: u8,
    /// How many of them are MAPD calls: 2.
    pub mapd_calls: u8,
    /// The number of the coached practice call: 1. `0` means the session has none.
    pub coached_call: u8,
    /// The score the coached call receives automatically: 100.
    pub coached_score: f64,
    /// The lowest passing score of a call: 85.
    pub pass_mark: f64,
    /// How many passing calls certify an agent: 4.
    pub passes_needed: u8,
    /// Whether a session is decided before all its calls are taken, once the outcome can no
    /// longer change: yes.
    pub early_decision: bool,
    /// The lowest passing score of a QA audit after training: 95.
    pub qa_audit_pass_mark: f64,
}

impl Default for CertPolicy {
    fn default() -> Self {
        CertPolicy {
            id: "care.certification".to_string(),
            version: "1".to_string(),
            calls: 5,
            pdp_calls: 3,
            mapd_calls: 2,
            coached_call: 1,
            coached_score: 100.0,
            pass_mark: 85.0,
            passes_needed: 4,
            early_decision: true,
            qa_audit_pass_mark: 95.0,
        }
    }
}

fn check_mark(problems: &mut Vec<Problem>, field: &str, value: f64) {
    if !(0.0..=100.0).contains(&value) {
        problems.push(Problem::new(field, format!("{value} is outside 0 to 100")));
    }
}

impl CertPolicy {
    /// Loads a policy from TOML and validates it.
    pub fn from_toml(text: &str) -> Result<CertPolicy> {
        let p: CertPolicy = crate::policy::from_toml(text)?;
        p.validate()?;
        Ok(p)
    }

    /// Loads a policy from JSON and validates it.
    pub fn from_json(text: &str) -> Result<CertPolicy> {
        let p: CertPolicy = crate::policy::from_json(text)?;
        p.validate()?;
        Ok(p)
    }

    /// Checks that the fields agree with each other; the error lists every problem.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        if self.id.trim().is_empty() {
            problems.push(Problem::new("id", "is empty"));
        }
        if self.version.trim().is_empty() {
            problems.push(Problem::new("version", "is empty"));
        }
        if self.calls == 0 || self.calls > MAX_CALLS {
            problems.push(Problem::new(
                "calls",
                format!("{} is outside 1 to {MAX_CALLS}", self.calls),
            ));
        }
        let mix = u16::from(self.pdp_calls) + u16::from(self.mapd_calls);
        if mix != u16::from(self.calls) {
            problems.push(Problem::new(
                "pdp_calls, mapd_calls",
                format!(
                    "{} PDP + {} MAPD calls make {mix}, not the {} calls of a session",
                    self.pdp_calls, self.mapd_calls, self.calls
                ),
            ));
        }
        if self.passes_needed == 0 || self.passes_needed > self.calls {
            problems.push(Problem::new(
                "passes_needed",
                format!(
                    "{} is outside 1 to {} (the calls)",
                    self.passes_needed, self.calls
                ),
            ));
        }
        if self.coached_call > self.calls {
            problems.push(Problem::new(
                "coached_call",
                format!(
                    "call {} does not exist in a session of {} calls (use 0 for no coached call)",
                    self.coached_call, self.calls
                ),
            ));
        }
        check_mark(&mut problems, "coached_score", self.coached_score);
        check_mark(&mut problems, "pass_mark", self.pass_mark);
        check_mark(&mut problems, "qa_audit_pass_mark", self.qa_audit_pass_mark);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidPolicy {
                policy: crate::suggest::clip(&self.id),
                problems,
            })
        }
    }

    /// The id and version of this policy, for outcomes.
    pub fn policy_ref(&self) -> PolicyRef {
        PolicyRef {
            id: self.id.clone(),
            version: self.version.clone(),
        }
    }

    /// How many calls may fail before certification is out of reach: calls - passes needed
    /// (1 with the defaults; a second fail decides the session).
    pub fn fails_allowed(&self) -> u8 {
        self.calls.saturating_sub(self.passes_needed)
    }

    /// How many calls of `kind` a session has.
    pub fn calls_of(&self, kind: CallKind) -> u8 {
        match kind {
            CallKind::Pdp => self.pdp_calls,
            CallKind::Mapd => self.mapd_calls,
        }
    }

    fn is_coached(&self, number: u8) -> bool {
        self.coached_call != 0 && number == self.coached_call
    }
}

/// The verdict on one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Scored at or above the pass mark.
    Pass,
    /// Scored below the pass mark (or a critical scorecard item was missed).
    Fail,
    /// Not taken yet.
    Pending,
}

/// Where a certification session stands. The `u8` values are stable: the batch functions
/// write them into [`BatchOut::status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Status {
    /// `0`: not decided yet, calls are still to be taken.
    InProgress = 0,
    /// `1`: enough calls passed.
    Certified = 1,
    /// `2`: enough calls failed that certification is out of reach.
    Failed = 2,
}

impl Status {
    /// The status with code `code` (0, 1 or 2).
    pub fn from_code(code: u8) -> Option<Status> {
        match code {
            0 => Some(Status::InProgress),
            1 => Some(Status::Certified),
            2 => Some(Status::Failed),
            _ => None,
        }
    }

    /// The stable code of this status.
    pub fn code(self) -> u8 {
        self as u8
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::InProgress => "in progress",
            Status::Certified => "certified",
            Status::Failed => "failed",
        })
    }
}

/// The outcome of the counting rule ([`decide`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Where the session stands.
    pub status: Status,
    /// Whether it was decided while calls were still pending.
    pub decided_early: bool,
}

/// The counting rule: the status of a session with `passes` passing, `fails` failing and
/// `pending` calls not taken yet. The single and batch evaluations both use it.
///
/// Certified once `passes >= passes_needed`; failed once `fails > calls - passes_needed`
/// (the passes needed are out of reach); otherwise in progress. With
/// [`CertPolicy::early_decision`] off, a session with pending calls is always in progress.
pub fn decide(passes: u8, fails: u8, pending: u8, policy: &CertPolicy) -> Decision {
    let status = if pending > 0 && !policy.early_decision {
        Status::InProgress
    } else if passes >= policy.passes_needed {
        Status::Certified
    } else if fails > policy.fails_allowed() || pending == 0 {
        Status::Failed
    } else {
        Status::InProgress
    };
    Decision {
        status,
        decided_early: pending > 0 && status != Status::InProgress,
    }
}

/// The pass rate: `passes / calls` as a whole percent, rounded down (4 of 5 is 80).
pub fn pass_rate(passes: u8, calls: u8) -> u8 {
    if calls == 0 {
        return 0;
    }
    let rate = u32::from(passes.min(calls)) * 100 / u32::from(calls);
    u8::try_from(rate).unwrap_or(100)
}

/// The verdict on one score for call `number`: checks it is a number from 0 to 100 (and the
/// coached call's automatic score), then compares it with the pass mark. The single and batch
/// evaluations both use it.
pub fn call_verdict(number: u8, score: f64, policy: &CertPolicy) -> Result<Verdict> {
    check_score(&format!("call {number}"), score)?;
    if policy.is_coached(number) && score != policy.coached_score {
        return Err(Error::invalid_score(
            format!("call {number}"),
            format!(
                "call {number} is the coached practice call, scored {} automatically; {score} was given",
                policy.coached_score
            ),
        ));
    }
    Ok(if score >= policy.pass_mark {
        Verdict::Pass
    } else {
        Verdict::Fail
    })
}

fn check_score(place: &str, score: f64) -> Result<()> {
    if score.is_nan() {
        return Err(Error::invalid_score(
            place,
            "not a number; give a score from 0 to 100",
        ));
    }
    if !(0.0..=100.0).contains(&score) {
        return Err(Error::invalid_score(
            place,
            format!("{score} is outside 0 to 100"),
        ));
    }
    Ok(())
}

/// One call of a certification session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    /// The call's number, 1 to the policy's calls.
    pub number: u8,
    /// PDP or MAPD, if recorded; recorded kinds are checked against the policy's mix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<CallKind>,
    /// The score the certifier gave, 0 to 100. With neither a score nor a scorecard the call
    /// is pending, except the coached call, which gets the policy's coached score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// A marked QA scorecard the score comes from (instead of `score`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scorecard: Option<MarkedScorecard>,
    /// Who certified the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certifier: Option<String>,
    /// When the call started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<jiff::Timestamp>,
    /// When the call ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<jiff::Timestamp>,
}

impl Call {
    /// Call `number` with `score`, nothing else recorded.
    pub fn scored(number: u8, score: f64) -> Call {
        Call {
            number,
            kind: None,
            score: Some(score),
            scorecard: None,
            certifier: None,
            started: None,
            ended: None,
        }
    }
}

/// One agent's certification session: the calls taken so far (calls not listed are pending).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// The agent's name: `"Rivera, Ana"` or `"Ana Rivera"`.
    pub agent: String,
    /// The calls, in any order.
    #[serde(default)]
    pub calls: Vec<Call>,
}

impl Session {
    /// A session of `agent` whose calls 1, 2, ... scored `scores` in order.
    pub fn from_scores(agent: impl Into<String>, scores: &[f64]) -> Session {
        Session {
            agent: agent.into(),
            calls: scores
                .iter()
                .enumerate()
                .map(|(i, &s)| Call::scored(u8::try_from(i + 1).unwrap_or(u8::MAX), s))
                .collect(),
        }
    }
}

/// The verdict on one call of an [`Evaluation`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallResult {
    /// The call's number.
    pub number: u8,
    /// PDP or MAPD, if recorded.
    pub kind: Option<CallKind>,
    /// Whether this is the coached practice call.
    pub coached: bool,
    /// The score, if the call was taken.
    pub score: Option<f64>,
    /// Pass, fail or pending.
    pub verdict: Verdict,
    /// The score minus the pass mark (negative below it), if the call was taken.
    pub margin: Option<f64>,
    /// Who certified the call, if recorded.
    pub certifier: Option<String>,
}

/// The outcome of one agent's certification session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The agent's name as given.
    pub agent: String,
    /// Where the session stands.
    pub status: Status,
    /// Whether the status was decided while calls were still pending.
    pub decided_early: bool,
    /// Passing calls.
    pub passes: u8,
    /// Failing calls.
    pub fails: u8,
    /// Calls not taken yet.
    pub pending: u8,
    /// Passes out of all the session's calls as a whole percent, rounded down.
    pub pass_rate: u8,
    /// Every call of the session, in number order, pending ones included.
    pub calls: Vec<CallResult>,
    /// The scorecard file stem, `LastName_FirstName_NN%`, with the pass rate so far.
    pub file_stem: String,
    /// Why.
    pub reasons: Vec<Reason>,
    /// The policy that decided.
    pub policy: PolicyRef,
}

fn fmt_score(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn fmt_margin(x: f64) -> String {
    if x >= 0.0 {
        format!("+{}", fmt_score(x))
    } else {
        format!("-{}", fmt_score(-x))
    }
}

/// Evaluates one agent's session under `policy`.
///
/// Errors (never a guess): an invalid policy; a call number outside 1 to the policy's calls or
/// given twice; more calls of a kind than the policy's mix; a score that is not a number from
/// 0 to 100 (naming the call); a coached call scored otherwise than the policy says; both a
/// score and a scorecard on one call; a call that ended before it started; an agent name that
/// leaves nothing for a file name.
pub fn evaluate(session: &Session, policy: &CertPolicy) -> Result<Evaluation> {
    policy.validate()?;
    let n = usize::from(policy.calls);
    if session.calls.len() > n {
        return Err(Error::invalid_input(format!(
            "the session has {} calls; the policy has {n}",
            session.calls.len()
        )));
    }
    let mut slots: Vec<Option<&Call>> = vec![None; n];
    let (mut pdp, mut mapd) = (0u8, 0u8);
    for call in &session.calls {
        let idx = usize::from(call.number);
        let slot = idx
            .checked_sub(1)
            .and_then(|i| slots.get_mut(i))
            .ok_or_else(|| {
                Error::invalid_input(format!("call number {} is outside 1 to {n}", call.number))
            })?;
        if slot.is_some() {
            return Err(Error::invalid_input(format!(
                "call {} is given twice",
                call.number
            )));
        }
        *slot = Some(call);
        if let Some(kind) = call.kind {
            let count = match kind {
                CallKind::Pdp => &mut pdp,
                CallKind::Mapd => &mut mapd,
            };
            *count = count.saturating_add(1);
            if *count > policy.calls_of(kind) {
                return Err(Error::invalid_input(format!(
                    "call {} would be {kind} call number {count}; a session has {} {kind} calls",
                    call.number,
                    policy.calls_of(kind)
                )));
            }
        }
        if let (Some(s), Some(e)) = (call.started, call.ended) {
            if e < s {
                return Err(Error::invalid_input(format!(
                    "call {} ended ({e}) before it started ({s})",
                    call.number
                )));
            }
        }
    }

    let mut reasons = Vec::new();
    let mut results = Vec::with_capacity(n);
    let (mut passes, mut fails, mut pending) = (0u8, 0u8, 0u8);
    for (i, slot) in slots.iter().enumerate() {
        let number = u8::try_from(i + 1).unwrap_or(u8::MAX);
        let coached = policy.is_coached(number);
        let input = format!("call {number}");
        let (score, card) = match slot {
            None => (None, None),
            Some(call) => match (call.score, &call.scorecard) {
                (Some(_), Some(_)) => {
                    return Err(Error::invalid_input(format!(
                        "call {number} has both a score and a scorecard; give one"
                    )))
                }
                (Some(s), None) => (Some(s), None),
                (None, Some(card)) => {
                    let scored = card.score().map_err(|e| match e {
                        Error::InvalidScorecard { problems } => Error::InvalidScorecard {
                            problems: problems
                                .into_iter()
                                .map(|p| Problem::new(format!("{input}: {}", p.place), p.message))
                                .collect(),
                        },
                        other => other,
                    })?;
                    (Some(scored.score), Some(scored))
                }
                (None, None) if coached => (Some(policy.coached_score), None),
                (None, None) => (None, None),
            },
        };
        let verdict = match score {
            None => Verdict::Pending,
            Some(s) => call_verdict(number, s, policy)?,
        };
        match verdict {
            Verdict::Pass => passes += 1,
            Verdict::Fail => fails += 1,
            Verdict::Pending => pending += 1,
        }
        push_call_reasons(
            &mut reasons,
            &input,
            coached,
            score,
            verdict,
            card.as_ref(),
            policy,
        );
        results.push(CallResult {
            number,
            kind: slot.and_then(|c| c.kind),
            coached,
            score,
            verdict,
            margin: score.map(|s| s - policy.pass_mark),
            certifier: slot.and_then(|c| c.certifier.clone()),
        });
    }

    let decision = decide(passes, fails, pending, policy);
    let rate = pass_rate(passes, policy.calls);
    push_outcome_reasons(&mut reasons, passes, fails, pending, decision, rate, policy);
    let stem = file_stem(&session.agent, rate)?;
    reasons.push(Reason::new(
        "cert.file_stem",
        "agent",
        format!("the scorecard file is named {stem}"),
    ));
    Ok(Evaluation {
        agent: session.agent.clone(),
        status: decision.status,
        decided_early: decision.decided_early,
        passes,
        fails,
        pending,
        pass_rate: rate,
        calls: results,
        file_stem: stem,
        reasons,
        policy: policy.policy_ref(),
    })
}

fn push_call_reasons(
    reasons: &mut Vec<Reason>,
    input: &str,
    coached: bool,
    score: Option<f64>,
    verdict: Verdict,
    card: Option<&ScorecardScore>,
    policy: &CertPolicy,
) {
    if let Some(card) = card {
        reasons.push(Reason::new(
            "cert.scorecard",
            input,
            format!(
                "{input} was scored {} on scorecard {}",
                fmt_score(card.score),
                card.scorecard
            ),
        ));
        for r in &card.reasons {
            if r.rule == "scorecard.critical" {
                reasons.push(Reason::new(&r.rule, input, &r.message));
            }
        }
    }
    let pm = fmt_score(policy.pass_mark);
    match (score, verdict) {
        (_, Verdict::Pending) => reasons.push(Reason::new(
            "cert.pending",
            input,
            format!("{input} has not been taken yet"),
        )),
        (Some(s), _) if coached => reasons.push(Reason::new(
            "cert.coached_call",
            input,
            format!(
                "{input} is the coached practice call, scored {} automatically: {}",
                fmt_score(s),
                if verdict == Verdict::Pass {
                    "a pass"
                } else {
                    "a fail"
                }
            ),
        )),
        (Some(s), Verdict::Pass) => reasons.push(Reason::new(
            "cert.pass_mark",
            input,
            format!(
                "{input} scored {}, at or above the pass mark of {pm}: pass ({})",
                fmt_score(s),
                fmt_margin(s - policy.pass_mark)
            ),
        )),
        (Some(s), _) => reasons.push(Reason::new(
            "cert.pass_mark",
            input,
            format!(
                "{input} scored {}, below the pass mark of {pm}: fail ({})",
                fmt_score(s),
                fmt_margin(s - policy.pass_mark)
            ),
        )),
        (None, _) => {}
    }
}

fn push_outcome_reasons(
    reasons: &mut Vec<Reason>,
    passes: u8,
    fails: u8,
    pending: u8,
    decision: Decision,
    rate: u8,
    policy: &CertPolicy,
) {
    let need = policy.passes_needed;
    let calls = policy.calls;
    let counts = format!("{passes} of {calls} calls passed, {fails} failed, {pending} pending");
    let message = match decision.status {
        Status::Certified => format!("{counts}; {need} passes certify: certified"),
        Status::Failed => format!(
            "{counts}; {need} passes are needed and at most {} are possible: failed",
            passes.saturating_add(pending)
        ),
        Status::InProgress => format!(
            "{counts}; {need} passes certify, {} fails end the session: in progress",
            policy.fails_allowed().saturating_add(1)
        ),
    };
    reasons.push(Reason::new("cert.passes_needed", "session", message));
    if decision.decided_early {
        reasons.push(Reason::new(
            "cert.early_decision",
            "session",
            format!(
                "decided with {pending} call{} still pending: the remaining calls cannot change the outcome",
                if pending == 1 { "" } else { "s" }
            ),
        ));
    }
    reasons.push(Reason::new(
        "cert.pass_rate",
        "session",
        format!("pass rate {rate}% ({passes} of {calls} calls)"),
    ));
}

impl Evaluation {
    /// The evaluation as text for people: each call's verdict, the status, pass rate, file
    /// stem and reasons.
    pub fn explain(&self) -> String {
        let mut s = format!("{}: {}", self.agent, self.status);
        if self.decided_early {
            s.push_str(" (decided early)");
        }
        s.push('\n');
        for c in &self.calls {
            let kind = c.kind.map(|k| format!(" {k}")).unwrap_or_default();
            let coached = if c.coached { " (coached)" } else { "" };
            let score = c.score.map(fmt_score).unwrap_or_else(|| "-".to_string());
            let margin = c.margin.map(fmt_margin).unwrap_or_default();
            let verdict = match c.verdict {
                Verdict::Pass => "pass",
                Verdict::Fail => "FAIL",
                Verdict::Pending => "pending",
            };
            let label = format!("call {}{kind}{coached}:", c.number);
            let line = format!("  {label:<22} {score:>6}  {verdict:<7} {margin}");
            s.push_str(line.trim_end());
            s.push('\n');
        }
        s.push_str(&format!(
            "passes {} / fails {} / pending {}; pass rate {}%\n",
            self.passes, self.fails, self.pending, self.pass_rate
        ));
        s.push_str(&format!("file: {}\n", self.file_stem));
        s.push_str(&format!("policy: {}\nreasons:\n", self.policy));
        for r in &self.reasons {
            s.push_str(&format!("  - {r}\n"));
        }
        s
    }
}

// ---------------------------------------------------------------------------------------
// QA audits

/// The outcome of a post-training QA audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditResult {
    /// The audit's score.
    pub score: f64,
    /// The audit pass mark it was compared with.
    pub pass_mark: f64,
    /// Whether the audit passed.
    pub passed: bool,
    /// The score minus the pass mark.
    pub margin: f64,
    /// Why.
    pub reasons: Vec<Reason>,
    /// The policy that decided.
    pub policy: PolicyRef,
}

/// A post-training QA audit: passes at [`CertPolicy::qa_audit_pass_mark`] (95) or above.
pub fn qa_audit(score: f64, policy: &CertPolicy) -> Result<AuditResult> {
    policy.validate()?;
    check_score("QA audit", score)?;
    let mark = policy.qa_audit_pass_mark;
    let passed = score >= mark;
    let message = format!(
        "QA audit scored {}, {} the audit pass mark of {}: {} ({})",
        fmt_score(score),
        if passed { "at or above" } else { "below" },
        fmt_score(mark),
        if passed { "pass" } else { "fail" },
        fmt_margin(score - mark)
    );
    Ok(AuditResult {
        score,
        pass_mark: mark,
        passed,
        margin: score - mark,
        reasons: vec![Reason::new("cert.qa_audit", "QA audit", message)],
        policy: policy.policy_ref(),
    })
}

// ---------------------------------------------------------------------------------------
// File stems

/// An agent's name split into last and first name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName {
    /// Family name.
    pub last: String,
    /// Given name(s); empty for a one-part name.
    pub first: String,
}

impl PersonName {
    /// Splits `"Rivera, Ana"` (last, first) or `"Ana Rivera"` (the last word is the last name).
    /// A one-word name is kept whole as the last name.
    pub fn parse(name: &str) -> PersonName {
        let name = name.trim();
        if let Some((last, first)) = name.split_once(',') {
            return PersonName {
                last: last.trim().to_string(),
                first: first.trim().to_string(),
            };
        }
        match name.rsplit_once(char::is_whitespace) {
            Some((first, last)) => PersonName {
                last: last.trim().to_string(),
                first: first.trim().to_string(),
            },
            None => PersonName {
                last: name.to_string(),
                first: String::new(),
            },
        }
    }

    /// The scorecard file stem `Last_First_NN%`, safe as a file name on every OS.
    pub fn file_stem(&self, pass_rate: u8) -> Result<String> {
        let last = safe_part(&self.last);
        let first = safe_part(&self.first);
        let mut stem = match (last.is_empty(), first.is_empty()) {
            (true, true) => {
                return Err(Error::invalid_input(format!(
                    "agent name {:?} leaves nothing usable in a file name",
                    crate::suggest::clip(&format!("{}, {}", self.last, self.first))
                )))
            }
            (false, true) => last,
            (true, false) => first,
            (false, false) => format!("{last}_{first}"),
        };
        if is_reserved_device_name(&stem) {
            stem.insert(0, '_');
        }
        stem.push_str(&format!("_{pass_rate}%"));
        Ok(stem)
    }
}

/// The scorecard file stem `LastName_FirstName_NN%` for an agent named `agent` (`"Rivera,
/// Ana"` or `"Ana Rivera"`) with `pass_rate` percent: `Rivera_Ana_80%`.
///
/// Each name part keeps letters of any script; whitespace runs and underscores become `-`
/// (the underscore separates the parts); control and invisible formatting characters and
/// `<>:"/\|?*` are removed; leading dots and dashes, trailing dots and spaces are trimmed;
/// each part is cut to [`MAX_NAME_PART_BYTES`]; a Windows device name (CON, PRN, AUX, NUL,
/// COM1-9, LPT1-9) gets a leading `_`. A name that leaves nothing is an error.
pub fn file_stem(agent: &str, pass_rate: u8) -> Result<String> {
    PersonName::parse(agent).file_stem(pass_rate)
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

fn safe_part(part: &str) -> String {
    let mut out = String::with_capacity(part.len().min(MAX_NAME_PART_BYTES));
    let mut dash = false;
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
                break;
            }
            out.push('-');
        }
        dash = false;
        if out.is_empty() && c == '.' {
            continue;
        }
        if out.len() + c.len_utf8() > MAX_NAME_PART_BYTES {
            break;
        }
        out.push(c);
    }
    while out.ends_with(['.', ' ', '-']) {
        out.pop();
    }
    out
}

fn is_reserved_device_name(stem: &str) -> bool {
    let base = stem
        .split('.')
        .next()
        .unwrap_or(stem)
        .trim_end()
        .to_ascii_uppercase();
    match base.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$" => true,
        _ => {
            let (head, tail) = (base.get(..3).unwrap_or(""), base.get(3..).unwrap_or(""));
            (head == "COM" || head == "LPT")
                && matches!(
                    tail,
                    "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
                )
        }
    }
}

// ---------------------------------------------------------------------------------------
// Batch

/// The batch results as owned columns, one entry per agent row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchColumns {
    /// [`Status`] codes: 0 in progress, 1 certified, 2 failed.
    pub status: Vec<u8>,
    /// Passing calls.
    pub passes: Vec<u8>,
    /// Pass rate, whole percent.
    pub pass_rate: Vec<u8>,
}

impl BatchColumns {
    /// Columns of `rows` zeros.
    pub fn zeroed(rows: usize) -> BatchColumns {
        BatchColumns {
            status: vec![0; rows],
            passes: vec![0; rows],
            pass_rate: vec![0; rows],
        }
    }

    /// The columns as a [`BatchOut`] to write into.
    pub fn as_out(&mut self) -> BatchOut<'_> {
        BatchOut {
            status: &mut self.status,
            passes: &mut self.passes,
            pass_rate: &mut self.pass_rate,
        }
    }
}

/// Where the batch functions write: three caller-owned columns of one entry per agent row
/// (a binding can pass the buffers of freshly made numpy or typed arrays).
#[derive(Debug)]
pub struct BatchOut<'a> {
    /// [`Status`] codes: 0 in progress, 1 certified, 2 failed.
    pub status: &'a mut [u8],
    /// Passing calls.
    pub passes: &'a mut [u8],
    /// Pass rate, whole percent.
    pub pass_rate: &'a mut [u8],
}

// Packed counts: one byte each for passes, fails, pending and invalid scores.
const PASS: u32 = 1;
const FAIL: u32 = 1 << 8;
const PENDING: u32 = 1 << 16;
const INVALID: u32 = 1 << 24;

/// Tables compiled from a policy: per call column, the packed count contribution of each `u8`
/// score, filled by [`call_verdict`]; per (passes, fails), the status from [`decide`].
struct Plan {
    policy: CertPolicy,
    calls: usize,
    column: Vec<[u32; 256]>,
    status: Vec<u8>,
    rate: Vec<u8>,
}

impl Plan {
    fn new(policy: &CertPolicy) -> Result<Plan> {
        policy.validate()?;
        let calls = usize::from(policy.calls);
        let mut column = Vec::with_capacity(calls);
        for number in 1..=policy.calls {
            let mut table = [INVALID; 256];
            for (s, slot) in table.iter_mut().enumerate() {
                let Ok(byte) = u8::try_from(s) else { continue };
                *slot = if byte == NOT_TAKEN {
                    PENDING
                } else {
                    match call_verdict(number, f64::from(byte), policy) {
                        Ok(Verdict::Pass) => PASS,
                        Ok(Verdict::Fail) => FAIL,
                        Ok(Verdict::Pending) => PENDING,
                        Err(_) => INVALID,
                    }
                };
            }
            column.push(table);
        }
        let side = calls + 1;
        let mut status = vec![0u8; side * side];
        for p in 0..=policy.calls {
            for f in 0..=(policy.calls - p) {
                let d = decide(p, f, policy.calls - p - f, policy);
                if let Some(slot) = status.get_mut(usize::from(p) * side + usize::from(f)) {
                    *slot = d.status.code();
                }
            }
        }
        let rate = (0..=policy.calls)
            .map(|p| pass_rate(p, policy.calls))
            .collect();
        Ok(Plan {
            policy: policy.clone(),
            calls,
            column,
            status,
            rate,
        })
    }

    fn rows(&self, len: usize, out: &BatchOut<'_>) -> Result<usize> {
        if len % self.calls != 0 {
            return Err(Error::invalid_input(format!(
                "{len} scores do not make whole rows of {} calls",
                self.calls
            )));
        }
        let rows = len / self.calls;
        for (name, col) in [
            ("status", out.status.len()),
            ("passes", out.passes.len()),
            ("pass_rate", out.pass_rate.len()),
        ] {
            if col != rows {
                return Err(Error::invalid_input(format!(
                    "output column {name} has {col} entries; the scores make {rows} rows"
                )));
            }
        }
        Ok(rows)
    }

    #[inline(always)]
    fn finish(&self, packed: u32, row: usize, out: &mut BatchOut<'_>) {
        let p = (packed & 0xFF) as usize;
        let f = ((packed >> 8) & 0xFF) as usize;
        if let (Some(st), Some(ps), Some(pr)) = (
            out.status.get_mut(row),
            out.passes.get_mut(row),
            out.pass_rate.get_mut(row),
        ) {
            *st = self
                .status
                .get(p * (self.calls + 1) + f)
                .copied()
                .unwrap_or(0);
            *ps = p as u8;
            *pr = self.rate.get(p).copied().unwrap_or(0);
        }
    }

    fn run_u8<const N: usize>(&self, scores: &[u8], out: &mut BatchOut<'_>) -> Result<()> {
        let cols: &[[u32; 256]; N] = self
            .column
            .as_slice()
            .try_into()
            .map_err(|_| Error::invalid_input("internal: column count mismatch"))?;
        let rows = scores.chunks_exact(N);
        let it = rows
            .zip(out.status.iter_mut())
            .zip(out.passes.iter_mut().zip(out.pass_rate.iter_mut()));
        let side = N + 1;
        for (row_index, ((row, st), (ps, pr))) in it.enumerate() {
            let mut packed = 0u32;
            for (c, &s) in row.iter().enumerate() {
                packed += cols[c][usize::from(s)];
            }
            if packed >= INVALID {
                return Err(self.row_error_u8(row_index, row));
            }
            let p = (packed & 0xFF) as usize;
            let f = ((packed >> 8) & 0xFF) as usize;
            *st = self.status.get(p * side + f).copied().unwrap_or(0);
            *ps = p as u8;
            *pr = self.rate.get(p).copied().unwrap_or(0);
        }
        Ok(())
    }

    fn run_u8_any(&self, scores: &[u8], out: &mut BatchOut<'_>) -> Result<()> {
        for (row_index, row) in scores.chunks_exact(self.calls).enumerate() {
            let mut packed = 0u32;
            for (table, &s) in self.column.iter().zip(row) {
                packed += table[usize::from(s)];
            }
            if packed >= INVALID {
                return Err(self.row_error_u8(row_index, row));
            }
            self.finish(packed, row_index, out);
        }
        Ok(())
    }

    fn row_error_u8(&self, row_index: usize, row: &[u8]) -> Error {
        for (table, (c, &s)) in self.column.iter().zip(row.iter().enumerate()) {
            if table[usize::from(s)] == INVALID {
                return self.score_error(row_index, c, f64::from(s));
            }
        }
        Error::invalid_input(format!("agent row {row_index}: invalid scores"))
    }

    fn score_error(&self, row_index: usize, c: usize, score: f64) -> Error {
        let number = u8::try_from(c + 1).unwrap_or(u8::MAX);
        let place = format!("agent row {row_index}, call {number}");
        let message = match call_verdict(number, score, &self.policy) {
            Err(Error::InvalidScore { message, .. }) => message,
            _ => "not a valid score".to_string(),
        };
        if score > 100.0 && score < f64::from(NOT_TAKEN) {
            Error::invalid_score(place, format!("{message} ({NOT_TAKEN} means not taken)"))
        } else {
            Error::invalid_score(place, message)
        }
    }

    fn run_f64(&self, scores: &[f64], out: &mut BatchOut<'_>) -> Result<()> {
        for (row_index, row) in scores.chunks_exact(self.calls).enumerate() {
            let mut packed = 0u32;
            for (c, &s) in row.iter().enumerate() {
                if s.is_nan() {
                    packed += PENDING;
                    continue;
                }
                let number = u8::try_from(c + 1).unwrap_or(u8::MAX);
                match call_verdict(number, s, &self.policy) {
                    Ok(Verdict::Pass) => packed += PASS,
                    Ok(Verdict::Fail) => packed += FAIL,
                    Ok(Verdict::Pending) => packed += PENDING,
                    Err(Error::InvalidScore { message, .. }) => {
                        return Err(Error::invalid_score(
                            format!("agent row {row_index}, call {number}"),
                            message,
                        ))
                    }
                    Err(e) => return Err(e),
                }
            }
            self.finish(packed, row_index, out);
        }
        Ok(())
    }
}

/// Evaluates many agents at once: `scores` holds `rows x calls` `u8` scores, row-major (one
/// row per agent, calls 1, 2, ... in order); [`NOT_TAKEN`] (255) marks a call not taken yet.
/// Writes each row's status code, passes and pass rate into `out`, whose columns must have
/// one entry per row. Allocates nothing per agent.
///
/// The call mix (PDP/MAPD) is not checked: a row carries scores only. A score from 101 to
/// 254, or a coached call scored otherwise than the policy says, is an error naming the agent
/// row (0-based) and call (1-based); rows before it have been written.
pub fn evaluate_batch_into(
    scores: &[u8],
    policy: &CertPolicy,
    out: &mut BatchOut<'_>,
) -> Result<()> {
    let plan = Plan::new(policy)?;
    plan.rows(scores.len(), out)?;
    match plan.calls {
        5 => plan.run_u8::<5>(scores, out),
        _ => plan.run_u8_any(scores, out),
    }
}

/// [`evaluate_batch_into`] into new columns.
pub fn evaluate_batch(scores: &[u8], policy: &CertPolicy) -> Result<BatchColumns> {
    let calls = usize::from(policy.calls.max(1));
    let mut cols = BatchColumns::zeroed(scores.len() / calls);
    evaluate_batch_into(scores, policy, &mut cols.as_out())?;
    Ok(cols)
}

/// Like [`evaluate_batch_into`] for `f64` scores (a numpy `float64` array as it is): NaN
/// marks a call not taken yet; an infinity, or a score outside 0 to 100, is an error naming
/// the agent row and call. Fractional scores are compared with the pass mark as they are.
pub fn evaluate_batch_f64_into(
    scores: &[f64],
    policy: &CertPolicy,
    out: &mut BatchOut<'_>,
) -> Result<()> {
    let plan = Plan::new(policy)?;
    plan.rows(scores.len(), out)?;
    plan.run_f64(scores, out)
}

/// [`evaluate_batch_f64_into`] into new columns.
pub fn evaluate_batch_f64(scores: &[f64], policy: &CertPolicy) -> Result<BatchColumns> {
    let calls = usize::from(policy.calls.max(1));
    let mut cols = BatchColumns::zeroed(scores.len() / calls);
    evaluate_batch_f64_into(scores, policy, &mut cols.as_out())?;
    Ok(cols)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
        let long = "é".repeat(10_000);
        let stem = file_stem(&format!("{long}, {long}"), 80).unwrap();
        assert!(stem.len() <= 2 * MAX_NAME_PART_BYTES + 6);
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
    }
}

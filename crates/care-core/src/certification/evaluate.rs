//! Evaluating one agent's session: the checks ([`assess`]) and the reasons written
//! ([`Assessment::into_evaluation`]).

use super::*;
#[allow(unused_imports)]
use crate::explain::rule;

/// Evaluates one agent's session under `policy`: [`assess`], then the reasons written
/// ([`Assessment::into_evaluation`]).
///
/// # Errors
///
/// Never a guess: [`Error::InvalidPolicy`] for an invalid policy; [`Error::InvalidInput`] for
/// a call number outside 1 to the policy's calls or given twice, more calls of a kind than the
/// policy's mix, both a score and a scorecard on one call, a call that ended before it
/// started, an agent name that leaves nothing for a file name; [`Error::InvalidScore`] for a
/// score that is not a number from 0 to 100 (naming the call) or a coached call scored
/// otherwise than the policy says; [`Error::TooLarge`] for an agent name of more than
/// [`MAX_AGENT_NAME_CHARS`] characters.
///
/// ```
/// use care_core::certification::{self, CertPolicy, Session, Status};
/// let p = CertPolicy::default();
/// let s = Session::from_scores("Rivera, Ana", &[100.0, 90.0, 84.0, 88.0, 92.0]);
/// let e = certification::evaluate(&s, &p)?;
/// assert_eq!((e.status, e.pass_rate, e.file_stem.as_str()), (Status::Certified, 80, "Rivera_Ana_80%"));
/// let bad = Session::from_scores("Rivera, Ana", &[100.0, 101.0]);
/// assert_eq!(
///     certification::evaluate(&bad, &p).unwrap_err().to_string(),
///     "invalid score for call 2: 101 is outside 0 to 100"
/// );
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn evaluate(session: &Session, policy: &CertPolicy) -> Result<Evaluation> {
    assess(session, policy).map(Assessment::into_evaluation)
}

/// [`evaluate`] of the session of `agent` whose calls 1, 2, ... scored `scores` in order:
/// the same as `evaluate(&Session::from_scores(agent, scores), policy)`, without building
/// the session.
pub fn evaluate_scores(agent: &str, scores: &[f64], policy: &CertPolicy) -> Result<Evaluation> {
    assess_scores(agent, scores, policy).map(Assessment::into_evaluation)
}

/// Everything [`evaluate`] decides and checks, without writing its sentences: every error
/// `evaluate` would give, and on success an [`Assessment`] whose
/// [`into_evaluation`](Assessment::into_evaluation) is exactly `evaluate`'s answer. For a
/// caller that often needs only the status and counts (a binding returns it and writes the
/// reasons when they are read): the reasons are most of an evaluation's cost.
pub fn assess(session: &Session, policy: &CertPolicy) -> Result<Assessment> {
    policy.validate()?;
    let n = check_call_count(session.calls.len(), policy)?;
    let mut slot_buf: [Option<&Call>; MAX_CALLS as usize] = [None; MAX_CALLS as usize];
    let slots = slot_buf.get_mut(..n).unwrap_or_default();
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
    let slots = &*slots;
    assess_calls(
        &session.agent,
        |i| {
            slots.get(i).copied().flatten().map(|c| Given {
                score: c.score,
                card: c.scorecard.as_ref(),
                kind: c.kind,
                certifier: c.certifier.as_deref(),
            })
        },
        policy,
    )
}

/// [`assess`] of the session of `agent` whose calls 1, 2, ... scored `scores` in order (see
/// [`evaluate_scores`]).
pub fn assess_scores(agent: &str, scores: &[f64], policy: &CertPolicy) -> Result<Assessment> {
    policy.validate()?;
    check_call_count(scores.len(), policy)?;
    assess_calls(
        agent,
        |i| {
            scores.get(i).map(|&s| Given {
                score: Some(s),
                card: None,
                kind: None,
                certifier: None,
            })
        },
        policy,
    )
}

/// The policy's calls, or an error when a session lists more calls than that.
pub(crate) fn check_call_count(given: usize, policy: &CertPolicy) -> Result<usize> {
    let n = usize::from(policy.calls);
    if given > n {
        return Err(Error::invalid_input(format!(
            "the session has {given} calls; the policy has {n}"
        )));
    }
    Ok(n)
}

/// What a session records for one call that was given.
pub(crate) struct Given<'a> {
    score: Option<f64>,
    card: Option<&'a MarkedScorecard>,
    kind: Option<CallKind>,
    certifier: Option<&'a str>,
}

/// The common part of [`assess`] and [`assess_scores`]: `given(i)` is the call at index `i`
/// (call number `i + 1`), if it was given; the policy is valid.
pub(crate) fn assess_calls<'a>(
    agent: &str,
    given: impl Fn(usize) -> Option<Given<'a>>,
    policy: &CertPolicy,
) -> Result<Assessment> {
    let n = usize::from(policy.calls);
    let mut calls = Vec::with_capacity(n);
    let mut cards = Vec::new();
    let (mut passes, mut fails, mut pending) = (0u8, 0u8, 0u8);
    for i in 0..n {
        let number = u8::try_from(i + 1).unwrap_or(u8::MAX);
        let coached = policy.is_coached(number);
        let slot = given(i);
        let (score, card) = match &slot {
            None => (None, None),
            Some(call) => match (call.score, call.card) {
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
                                .map(|p| {
                                    Problem::new(
                                        format!("{}: {}", call_input(number), p.place),
                                        p.message,
                                    )
                                })
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
            // classify is inlined and allocates nothing; call_verdict builds the error.
            Some(s) => match classify(number, s, policy) {
                Some(v) => v,
                None => call_verdict(number, s, policy)?,
            },
        };
        match verdict {
            Verdict::Pass => passes += 1,
            Verdict::Fail => fails += 1,
            Verdict::Pending => pending += 1,
        }
        if let Some(card) = card {
            cards.push((number, card));
        }
        calls.push(CallResult {
            number,
            kind: slot.as_ref().and_then(|c| c.kind),
            coached,
            score,
            verdict,
            margin: score.map(|s| margin(s, policy.pass_mark)),
            certifier: slot.as_ref().and_then(|c| c.certifier.map(str::to_string)),
        });
    }
    let decision = decide_counts(passes, fails, pending, policy);
    let rate = pass_rate_of(passes, policy.calls);
    let file_stem = file_stem(agent, rate)?;
    Ok(Assessment {
        agent: agent.to_string(),
        decision,
        passes,
        fails,
        pending,
        pass_rate: rate,
        calls,
        cards,
        file_stem,
        policy: policy.clone(),
    })
}

/// One agent's session assessed: every number and verdict of its [`Evaluation`], every input
/// checked, but the reasons not written yet ([`assess`]). Writing them
/// ([`Assessment::into_evaluation`]) cannot fail.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    agent: String,
    decision: Decision,
    passes: u8,
    fails: u8,
    pending: u8,
    pass_rate: u8,
    calls: Vec<CallResult>,
    /// The scorecards behind call scores, by call number (usually none).
    cards: Vec<(u8, ScorecardScore)>,
    file_stem: String,
    /// The policy it was assessed under (its id and version go into the evaluation, its
    /// numbers into the reasons).
    policy: CertPolicy,
}

impl Assessment {
    /// The agent's name as given.
    pub fn agent(&self) -> &str {
        &self.agent
    }

    /// Where the session stands.
    pub fn status(&self) -> Status {
        self.decision.status
    }

    /// Whether the status was decided while calls were still pending.
    pub fn decided_early(&self) -> bool {
        self.decision.decided_early
    }

    /// Passing calls.
    pub fn passes(&self) -> u8 {
        self.passes
    }

    /// Failing calls.
    pub fn fails(&self) -> u8 {
        self.fails
    }

    /// Calls not taken yet.
    pub fn pending(&self) -> u8 {
        self.pending
    }

    /// Passes out of all the session's calls as a whole percent, rounded down.
    pub fn pass_rate(&self) -> u8 {
        self.pass_rate
    }

    /// Every call of the session, in number order, pending ones included.
    pub fn calls(&self) -> &[CallResult] {
        &self.calls
    }

    /// The scorecard file stem, `LastName_FirstName_NN%`.
    pub fn file_stem(&self) -> &str {
        &self.file_stem
    }

    /// The policy that decided.
    pub fn policy(&self) -> &CertPolicy {
        &self.policy
    }

    /// The evaluation, reasons written: exactly what [`evaluate`] returns for the session.
    pub fn into_evaluation(self) -> Evaluation {
        let reasons = self.reasons();
        let counterfactual = self.counterfactual();
        let CertPolicy { id, version, .. } = self.policy;
        Evaluation {
            agent: self.agent,
            status: self.decision.status,
            decided_early: self.decision.decided_early,
            passes: self.passes,
            fails: self.fails,
            pending: self.pending,
            pass_rate: self.pass_rate,
            calls: self.calls,
            file_stem: self.file_stem,
            reasons,
            policy: PolicyRef { id, version },
            counterfactual,
        }
    }

    /// The smallest change that would certify, `None` when certified (see
    /// [`crate::counterfactual`]).
    pub fn counterfactual(&self) -> Option<crate::counterfactual::Counterfactual> {
        let calls: Vec<(u8, Verdict, bool)> = self
            .calls
            .iter()
            .map(|c| (c.number, c.verdict, c.coached))
            .collect();
        crate::counterfactual::certification(
            self.decision.status,
            self.passes,
            self.fails,
            &calls,
            &self.policy,
        )
    }

    /// [`Assessment::into_evaluation`] of a copy, keeping this assessment.
    pub fn to_evaluation(&self) -> Evaluation {
        self.clone().into_evaluation()
    }

    /// One reason per call (and its scorecard's), then at most four for the session.
    fn reasons(&self) -> Vec<Reason> {
        let policy = &self.policy;
        let mut reasons = Vec::with_capacity(self.calls.len() + 4 + self.cards.len() * 2);
        for c in &self.calls {
            let card = self
                .cards
                .iter()
                .find(|(number, _)| *number == c.number)
                .map(|(_, card)| card);
            push_call_reasons(
                &mut reasons,
                call_input(c.number),
                c.coached,
                c.score,
                c.verdict,
                card,
                policy,
            );
        }
        push_outcome_reasons(
            &mut reasons,
            self.passes,
            self.fails,
            self.pending,
            self.decision,
            self.pass_rate,
            policy,
        );
        let mut m = String::with_capacity(28 + self.file_stem.len());
        m.push_str("the scorecard file is named ");
        m.push_str(&self.file_stem);
        reasons.push(Reason::new(rule::CERT_FILE_STEM, "agent", m));
        reasons
    }
}

pub(crate) fn push_call_reasons(
    reasons: &mut Vec<Reason>,
    input: Text,
    coached: bool,
    score: Option<f64>,
    verdict: Verdict,
    card: Option<&ScorecardScore>,
    policy: &CertPolicy,
) {
    if let Some(card) = card {
        reasons.push(Reason::new(
            rule::CERT_SCORECARD,
            input.clone(),
            format!(
                "{input} was scored {} on scorecard {}",
                fmt_score(card.score),
                card.scorecard
            ),
        ));
        for r in &card.reasons {
            if r.rule == rule::SCORECARD_CRITICAL {
                reasons.push(Reason::new(
                    r.rule.clone(),
                    input.clone(),
                    r.message.clone(),
                ));
            }
        }
    }
    // The messages are built by appending (no `format!`): a single evaluation writes about a
    // dozen of them, and they are most of its cost.
    let mut m = String::with_capacity(96);
    m.push_str(&input);
    let rule = match (score, verdict) {
        (_, Verdict::Pending) => {
            m.push_str(" has not been taken yet");
            rule::CERT_PENDING
        }
        (Some(s), _) if coached => {
            m.push_str(" is the coached practice call, scored ");
            push_score(&mut m, s);
            m.push_str(if verdict == Verdict::Pass {
                " automatically: a pass"
            } else {
                " automatically: a fail"
            });
            rule::CERT_COACHED_CALL
        }
        (Some(s), _) => {
            m.push_str(" scored ");
            push_against_mark(
                &mut m,
                s,
                "pass mark",
                policy.pass_mark,
                verdict == Verdict::Pass,
            );
            rule::CERT_PASS_MARK
        }
        (None, _) => return,
    };
    reasons.push(Reason::new(rule, input, m));
}

pub(crate) fn push_outcome_reasons(
    reasons: &mut Vec<Reason>,
    passes: u8,
    fails: u8,
    pending: u8,
    decision: Decision,
    rate: u8,
    policy: &CertPolicy,
) {
    let need = u64::from(policy.passes_needed);
    let calls = u64::from(policy.calls);
    // "{passes} of {calls} calls passed, {fails} failed, {pending} pending; ..."
    let mut m = String::with_capacity(112);
    push_uint(&mut m, u64::from(passes));
    m.push_str(" of ");
    push_uint(&mut m, calls);
    m.push_str(" calls passed, ");
    push_uint(&mut m, u64::from(fails));
    m.push_str(" failed, ");
    push_uint(&mut m, u64::from(pending));
    m.push_str(" pending; ");
    push_uint(&mut m, need);
    match decision.status {
        Status::Certified => m.push_str(" passes certify: certified"),
        Status::Failed => {
            m.push_str(" passes are needed and at most ");
            push_uint(&mut m, u64::from(passes.saturating_add(pending)));
            m.push_str(" are possible: failed");
        }
        Status::InProgress => {
            m.push_str(" passes certify, ");
            push_uint(&mut m, u64::from(policy.fails_allowed().saturating_add(1)));
            m.push_str(" fails end the session: in progress");
        }
    }
    reasons.push(Reason::new(rule::CERT_PASSES_NEEDED, "session", m));
    if decision.decided_early {
        let mut m = String::with_capacity(96);
        m.push_str("decided with ");
        push_uint(&mut m, u64::from(pending));
        m.push_str(if pending == 1 { " call" } else { " calls" });
        m.push_str(" still pending: the remaining calls cannot change the outcome");
        reasons.push(Reason::new(rule::CERT_EARLY_DECISION, "session", m));
    }
    // "pass rate {rate}% ({passes} of {calls} calls)"
    let mut m = String::with_capacity(32);
    m.push_str("pass rate ");
    push_uint(&mut m, u64::from(rate));
    m.push_str("% (");
    push_uint(&mut m, u64::from(passes));
    m.push_str(" of ");
    push_uint(&mut m, calls);
    m.push_str(" calls)");
    reasons.push(Reason::new(rule::CERT_PASS_RATE, "session", m));
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
        if let Some(c) = &self.counterfactual {
            s.push_str(&format!("to reverse: {c}\n"));
        }
        s.push_str(&format!("policy: {}\nreasons:\n", self.policy));
        for r in &self.reasons {
            s.push_str(&format!("  - {r}\n"));
        }
        s
    }
}

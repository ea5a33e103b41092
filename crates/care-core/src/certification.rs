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
use crate::explain::{PolicyRef, Reason, Text};
use crate::scorecard::{MarkedScorecard, ScorecardScore};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The most calls a certification policy may have.
pub const MAX_CALLS: u8 = 100;

/// The longest part (last or first name) of a file stem, in bytes of UTF-8; longer parts are
/// cut at a character boundary so the whole stem stays well under every file system's limit.
pub const MAX_NAME_PART_BYTES: usize = 100;

/// The longest agent name, in characters (the same limit as a cohort's names); a longer one
/// is [`Error::TooLarge`] rather than a file stem cut from a megabyte of input.
pub const MAX_AGENT_NAME_CHARS: usize = 200;

/// In a batch of `u8` scores, the value that means "this call has not been taken yet".
pub const NOT_TAKEN: u8 = 255;

/// The kind of a certification call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

crate::policy::loadable!(
    CertPolicy,
    "a certification policy (fields left out keep the documents' values)"
);

impl CertPolicy {
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

    /// Every status, in code order: `ALL[code]` is the status with that code, so a batch's
    /// status column reads as `ALL[column[i]].name()` (the bindings export the names).
    pub const ALL: [Status; 3] = [Status::InProgress, Status::Certified, Status::Failed];

    /// The status's name as serde writes it: `"in_progress"`, `"certified"`, `"failed"`.
    pub fn name(self) -> &'static str {
        match self {
            Status::InProgress => "in_progress",
            Status::Certified => "certified",
            Status::Failed => "failed",
        }
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    if let Some(verdict) = classify(number, score, policy) {
        return Ok(verdict);
    }
    let place = format!("call {number}");
    check_score(&place, score)?;
    Err(Error::invalid_score(
        place,
        format!(
            "call {number} is the coached practice call, scored {} automatically; {score} was given",
            fmt_score(policy.coached_score)
        ),
    ))
}

/// The verdict on a taken call, `None` when the score is invalid (not 0 to 100, or a coached
/// call scored otherwise than the policy says). Allocates nothing: [`call_verdict`] and the
/// batch functions both use it.
#[inline(always)]
fn classify(number: u8, score: f64, policy: &CertPolicy) -> Option<Verdict> {
    if !(0.0..=100.0).contains(&score)
        || (policy.is_coached(number) && score != policy.coached_score)
    {
        None
    } else if score >= policy.pass_mark {
        Some(Verdict::Pass)
    } else {
        Some(Verdict::Fail)
    }
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

/// A score given as a JSON value, by a binding (a Python or JavaScript argument) or a data
/// file: a number, or one of the strings `"NaN"`, `"Infinity"` and `"-Infinity"`, the
/// floats JSON cannot hold (JavaScript's `String(x)` writes them so). The value is not
/// range-checked here; [`call_verdict`], [`evaluate`] and [`qa_audit`] do that.
///
/// Anything else, text such as `"ninety"` included, is an [`Error::InvalidScore`] for
/// `place` (e.g. `call 2`, `QA audit`).
///
/// ```
/// use care_core::certification::score_from_json;
/// assert!(score_from_json("call 2", &serde_json::json!("NaN")).unwrap().is_nan());
/// let e = score_from_json("call 2", &serde_json::json!("ninety")).unwrap_err();
/// assert_eq!(e.to_string(), r#"invalid score for call 2: "ninety" is not a number; give a score from 0 to 100"#);
/// ```
pub fn score_from_json(place: &str, value: &serde_json::Value) -> Result<f64> {
    use serde_json::Value;
    match value {
        Value::Number(n) => n.as_f64().ok_or_else(|| {
            Error::invalid_score(place, format!("{n} is not a number from 0 to 100"))
        }),
        Value::String(s) => non_finite(s).ok_or_else(|| {
            Error::invalid_score(
                place,
                format!(
                    "{:?} is not a number; give a score from 0 to 100",
                    crate::suggest::clip(s)
                ),
            )
        }),
        Value::Null => Err(Error::invalid_score(
            place,
            "no score (null); give a score from 0 to 100",
        )),
        Value::Bool(b) => Err(Error::invalid_score(
            place,
            format!("{b} is not a number; give a score from 0 to 100"),
        )),
        Value::Array(_) | Value::Object(_) => Err(Error::invalid_score(
            place,
            "a list or an object is not a number; give a score from 0 to 100",
        )),
    }
}

/// The float that `"NaN"`, `"Infinity"` or `"-Infinity"` stands for.
fn non_finite(s: &str) -> Option<f64> {
    match s {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

/// [`Call::score`] from JSON: a number, null, or a non-finite float's name (see
/// [`score_from_json`]).
fn deserialize_score<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Option<f64>, D::Error> {
    struct ScoreVisitor;
    impl<'de> serde::de::Visitor<'de> for ScoreVisitor {
        type Value = Option<f64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a score: a number from 0 to 100")
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Self::Value, E> {
            Ok(Some(v as f64))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
            Ok(Some(v as f64))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
            non_finite(v)
                .map(Some)
                .ok_or_else(|| E::invalid_type(serde::de::Unexpected::Str(v), &self))
        }
        fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: serde::Deserializer<'de>>(
            self,
            d: D2,
        ) -> std::result::Result<Self::Value, D2::Error> {
            d.deserialize_any(ScoreVisitor)
        }
    }
    deserializer.deserialize_option(ScoreVisitor)
}

/// One call of a certification session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Call {
    /// The call's number, 1 to the policy's calls.
    pub number: u8,
    /// PDP or MAPD, if recorded; recorded kinds are checked against the policy's mix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<CallKind>,
    /// The score the certifier gave, 0 to 100. With neither a score nor a scorecard the call
    /// is pending, except the coached call, which gets the policy's coached score. In JSON a
    /// number, or one of the strings `"NaN"`, `"Infinity"`, `"-Infinity"` for the floats JSON
    /// cannot hold (read as that float, then rejected as an [`Error::InvalidScore`] naming the
    /// call, see [`score_from_json`]).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_score"
    )]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// The agent's name: `"Rivera, Ana"` or `"Ana Rivera"`.
    pub agent: String,
    /// The calls, in any order.
    #[serde(default)]
    pub calls: Vec<Call>,
}

impl Session {
    /// A session of `agent` whose calls 1, 2, ... scored `scores` in order (a NaN or
    /// infinite score is an [`Error::InvalidScore`] when the session is evaluated).
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// `score - mark` rounded to six decimals, so that 94.99 - 95 is -0.01 and not
/// -0.010000000000005116; never negative zero.
fn margin(score: f64, mark: f64) -> f64 {
    ((score - mark) * 1e6).round() / 1e6 + 0.0
}

fn fmt_score(x: f64) -> String {
    let mut s = String::new();
    push_score(&mut s, x);
    s
}

/// Appends a score as people write it: `85`, `84.5`, `84.99` (at most two decimals).
fn push_score(out: &mut String, x: f64) {
    let whole = x.abs() as i64; // saturating; NaN gives 0
    if x.abs() < 1e15 && whole as f64 == x.abs() {
        // Exactly `format!("{x:.0}")` (which keeps the sign of -0), without float formatting.
        if x.is_sign_negative() {
            out.push('-');
        }
        push_uint(out, whole.unsigned_abs());
    } else {
        let s = format!("{x:.2}");
        out.push_str(s.trim_end_matches('0').trim_end_matches('.'));
    }
}

/// Appends the decimal digits of `n`; one or two digits, nearly all numbers here, take two
/// pushes and no loop.
#[inline]
fn push_uint(out: &mut String, n: u64) {
    if n >= 100 {
        push_long_uint(out, n);
        return;
    }
    if n >= 10 {
        out.push(char::from(b'0' + (n / 10) as u8));
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

#[inline(never)]
fn push_long_uint(out: &mut String, mut n: u64) {
    let mut digits = [b'0'; 20];
    let mut start = digits.len();
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        start -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in digits.get(start..).unwrap_or_default() {
        out.push(char::from(d));
    }
}

fn fmt_margin(x: f64) -> String {
    let mut s = String::new();
    push_margin(&mut s, x);
    s
}

/// Appends "{score}, {at or above|below} the {mark_name} of {mark}: {pass|fail} ({margin})",
/// the sentence of a call's and an audit's verdict, in one string (no `format!`).
fn push_against_mark(out: &mut String, score: f64, mark_name: &str, mark: f64, passed: bool) {
    push_score(out, score);
    out.push_str(if passed {
        ", at or above the "
    } else {
        ", below the "
    });
    out.push_str(mark_name);
    out.push_str(" of ");
    push_score(out, mark);
    out.push_str(if passed { ": pass (" } else { ": fail (" });
    push_margin(out, score - mark);
    out.push(')');
}

/// Appends a margin with its sign: `+5`, `-1`, `-0.01`.
fn push_margin(out: &mut String, x: f64) {
    if x >= 0.0 {
        out.push('+');
        push_score(out, x);
    } else {
        out.push('-');
        push_score(out, -x);
    }
}

/// `"call 1"` to `"call 100"` ([`MAX_CALLS`]) laid end to end, built at compile time so that
/// the `input` of a call's reasons is a borrowed constant ([`call_input`]).
const CALL_INPUTS: &str = match std::str::from_utf8(&CALL_INPUT_BYTES) {
    Ok(s) => s,
    Err(_) => panic!("call inputs are ASCII"),
};
const CALL_INPUT_BYTES: [u8; call_input_at(MAX_CALLS + 1)] = call_input_bytes();

/// Where `"call {number}"` starts in [`CALL_INPUTS`] (number 1 to [`MAX_CALLS`] + 1, the
/// latter giving the total length): "call 1" to "call 9" take 6 bytes, then 7, then 8.
const fn call_input_at(number: u8) -> usize {
    let n = number as usize;
    if n <= 10 {
        (n - 1) * 6
    } else if n <= 100 {
        54 + (n - 10) * 7
    } else {
        684 + (n - 100) * 8
    }
}

const fn call_input_bytes() -> [u8; call_input_at(MAX_CALLS + 1)] {
    let mut out = [0u8; call_input_at(MAX_CALLS + 1)];
    let mut number = 1u8;
    while number <= MAX_CALLS {
        let mut at = call_input_at(number);
        let prefix = b"call ";
        let mut i = 0;
        while i < prefix.len() {
            out[at] = prefix[i];
            at += 1;
            i += 1;
        }
        if number >= 100 {
            out[at] = b'0' + number / 100;
            at += 1;
        }
        if number >= 10 {
            out[at] = b'0' + number / 10 % 10;
            at += 1;
        }
        out[at] = b'0' + number % 10;
        number += 1;
    }
    out
}

/// The `input` of call `number`'s reasons, `"call 3"`: a borrowed constant for every call a
/// policy can have.
fn call_input(number: u8) -> Text {
    let n = number.clamp(1, MAX_CALLS);
    match CALL_INPUTS.get(call_input_at(n)..call_input_at(n + 1)) {
        Some(s) if n == number => Text::Borrowed(s),
        _ => Text::Owned(format!("call {number}")),
    }
}

/// Evaluates one agent's session under `policy`: [`assess`], then the reasons written
/// ([`Assessment::into_evaluation`]).
///
/// Errors (never a guess): an invalid policy; a call number outside 1 to the policy's calls or
/// given twice; more calls of a kind than the policy's mix; a score that is not a number from
/// 0 to 100 (naming the call); a coached call scored otherwise than the policy says; both a
/// score and a scorecard on one call; a call that ended before it started; an agent name that
/// leaves nothing for a file name.
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
fn check_call_count(given: usize, policy: &CertPolicy) -> Result<usize> {
    let n = usize::from(policy.calls);
    if given > n {
        return Err(Error::invalid_input(format!(
            "the session has {given} calls; the policy has {n}"
        )));
    }
    Ok(n)
}

/// What a session records for one call that was given.
struct Given<'a> {
    score: Option<f64>,
    card: Option<&'a MarkedScorecard>,
    kind: Option<CallKind>,
    certifier: Option<&'a str>,
}

/// The common part of [`assess`] and [`assess_scores`]: `given(i)` is the call at index `i`
/// (call number `i + 1`), if it was given; the policy is valid.
fn assess_calls<'a>(
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
    let decision = decide(passes, fails, pending, policy);
    let rate = pass_rate(passes, policy.calls);
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
        }
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
        reasons.push(Reason::new("cert.file_stem", "agent", m));
        reasons
    }
}

fn push_call_reasons(
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
            "cert.scorecard",
            input.clone(),
            format!(
                "{input} was scored {} on scorecard {}",
                fmt_score(card.score),
                card.scorecard
            ),
        ));
        for r in &card.reasons {
            if r.rule == "scorecard.critical" {
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
            "cert.pending"
        }
        (Some(s), _) if coached => {
            m.push_str(" is the coached practice call, scored ");
            push_score(&mut m, s);
            m.push_str(if verdict == Verdict::Pass {
                " automatically: a pass"
            } else {
                " automatically: a fail"
            });
            "cert.coached_call"
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
            "cert.pass_mark"
        }
        (None, _) => return,
    };
    reasons.push(Reason::new(rule, input, m));
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
    reasons.push(Reason::new("cert.passes_needed", "session", m));
    if decision.decided_early {
        let mut m = String::with_capacity(96);
        m.push_str("decided with ");
        push_uint(&mut m, u64::from(pending));
        m.push_str(if pending == 1 { " call" } else { " calls" });
        m.push_str(" still pending: the remaining calls cannot change the outcome");
        reasons.push(Reason::new("cert.early_decision", "session", m));
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
    reasons.push(Reason::new("cert.pass_rate", "session", m));
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    let mut message = String::with_capacity(80);
    message.push_str("QA audit scored ");
    push_against_mark(&mut message, score, "audit pass mark", mark, passed);
    Ok(AuditResult {
        score,
        pass_mark: mark,
        passed,
        margin: margin(score, mark),
        reasons: vec![Reason::new("cert.qa_audit", "QA audit", message)],
        policy: policy.policy_ref(),
    })
}

// ---------------------------------------------------------------------------------------
// File stems

/// An agent's name split into last and first name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
        let (last, first) = split_name(name);
        PersonName {
            last: last.to_string(),
            first: first.to_string(),
        }
    }

    /// The scorecard file stem `Last_First_NN%`, safe as a file name on every OS.
    pub fn file_stem(&self, pass_rate: u8) -> Result<String> {
        check_name_length(&self.last, &self.first)?;
        stem_of(&self.last, &self.first, pass_rate)
    }
}

/// [`PersonName::parse`] without allocating: (last, first), both trimmed.
fn split_name(name: &str) -> (&str, &str) {
    let name = name.trim();
    if let Some((last, first)) = name.split_once(',') {
        return (last.trim(), first.trim());
    }
    match name.rsplit_once(char::is_whitespace) {
        Some((first, last)) => (last.trim(), first.trim()),
        None => (name, ""),
    }
}

/// The file stem of the name parts `last` and `first`, built in one string.
fn stem_of(last: &str, first: &str, pass_rate: u8) -> Result<String> {
    let mut stem = String::with_capacity(
        last.len().min(MAX_NAME_PART_BYTES) + first.len().min(MAX_NAME_PART_BYTES) + 8,
    );
    push_safe_part(&mut stem, last);
    let last_len = stem.len();
    stem.push('_');
    push_safe_part(&mut stem, first);
    let first_empty = stem.len() == last_len + 1;
    match (last_len == 0, first_empty) {
        (true, true) => {
            let whole = if first.is_empty() {
                last.to_string()
            } else {
                format!("{last}, {first}")
            };
            return Err(Error::invalid_input(format!(
                "agent name {:?} leaves nothing usable in a file name; give letters or digits",
                crate::suggest::clip(&whole)
            )));
        }
        (false, true) => stem.truncate(last_len),
        (true, false) => {
            stem.remove(0);
        }
        (false, false) => {}
    }
    if is_reserved_device_name(&stem) {
        stem.insert(0, '_');
    }
    stem.push('_');
    push_uint(&mut stem, u64::from(pass_rate));
    stem.push('%');
    Ok(stem)
}

/// The scorecard file stem `LastName_FirstName_NN%` for an agent named `agent` (`"Rivera,
/// Ana"` or `"Ana Rivera"`) with `pass_rate` percent: `Rivera_Ana_80%`.
///
/// Each name part keeps letters of any script; whitespace runs and underscores become `-`
/// (the underscore separates the parts); control and invisible formatting characters and
/// `<>:"/\|?*` are removed; leading dots and dashes, trailing dots and spaces are trimmed;
/// each part is cut to [`MAX_NAME_PART_BYTES`]; a Windows device name (CON, PRN, AUX, NUL,
/// COM1-9, LPT1-9) gets a leading `_`. A name that leaves nothing is an error, and so is
/// one of more than [`MAX_AGENT_NAME_CHARS`] characters ([`Error::TooLarge`]).
pub fn file_stem(agent: &str, pass_rate: u8) -> Result<String> {
    check_name_length(agent, "")?;
    let (last, first) = split_name(agent);
    stem_of(last, first, pass_rate)
}

/// At most [`MAX_AGENT_NAME_CHARS`] characters in `a` and `b` together (a name, or its two
/// parts). Names of at most that many bytes, nearly all, are not counted.
fn check_name_length(a: &str, b: &str) -> Result<()> {
    if a.len() + b.len() <= MAX_AGENT_NAME_CHARS {
        return Ok(());
    }
    let chars = a.chars().count() + b.chars().count();
    if chars > MAX_AGENT_NAME_CHARS {
        return Err(Error::TooLarge {
            what: "agent name (its length in characters)",
            limit: MAX_AGENT_NAME_CHARS,
            actual: chars,
        });
    }
    Ok(())
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

/// Appends the safe form of one name part to `out` (the part's own bytes are those after
/// `out`'s current end; the limits and trims apply to them alone).
fn push_safe_part(out: &mut String, part: &str) {
    let base = out.len();
    let mut dash = false;
    for c in part.chars() {
        // ASCII letters and digits, nearly every character of a name, need no checks but
        // the dash before them and the length.
        if !c.is_ascii_alphanumeric() {
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
        }
        if dash && out.len() > base {
            if out.len() - base + 1 > MAX_NAME_PART_BYTES {
                break;
            }
            out.push('-');
        }
        dash = false;
        if out.len() == base && c == '.' {
            continue;
        }
        if out.len() - base + c.len_utf8() > MAX_NAME_PART_BYTES {
            break;
        }
        out.push(c);
    }
    while out.len() > base && out.ends_with(['.', ' ', '-']) {
        out.pop();
    }
}

fn is_reserved_device_name(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or(stem).trim_end();
    // The longest device names are 7 bytes (`CONOUT$`); compare without allocating.
    if base.len() > 7 {
        return false;
    }
    let is = |name: &str| base.eq_ignore_ascii_case(name);
    if ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
        .into_iter()
        .any(is)
    {
        return true;
    }
    let (head, tail) = (base.get(..3).unwrap_or(""), base.get(3..).unwrap_or(""));
    (head.eq_ignore_ascii_case("COM") || head.eq_ignore_ascii_case("LPT"))
        && matches!(
            tail,
            "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
        )
}

// ---------------------------------------------------------------------------------------
// Batch

/// The batch results as owned columns, one entry per agent row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// The numbers the batch functions compare scores with, derived from a validated policy in
/// O(calls) (no tables): building them costs a few nanoseconds, so a batch of one agent is
/// cheap even without [`PreparedCertPolicy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Limits {
    /// Calls per row.
    calls: usize,
    /// The lowest passing `u8` score: the pass mark rounded up (an integer score `s` passes
    /// exactly when `s >= ceil(pass_mark)`).
    pass_from: u8,
    /// The coached call's column (0-based), if the session has one.
    coached: Option<usize>,
    /// The coached call's only valid `u8` score; [`NOT_TAKEN`] when the coached score is not
    /// an integer, so that no taken `u8` score is valid there.
    coached_u8: u8,
    /// Passes that certify.
    need: u8,
    /// Fails that still leave certification in reach.
    allowed: u8,
    /// Whether sessions are decided early.
    early: bool,
}

impl Limits {
    fn new(policy: &CertPolicy) -> Result<Limits> {
        policy.validate()?;
        // validate() keeps both marks within 0 to 100, so the casts are exact.
        let pass_from = policy.pass_mark.ceil() as u8;
        let coached_u8 = if policy.coached_score.fract() == 0.0 {
            policy.coached_score as u8
        } else {
            NOT_TAKEN
        };
        Ok(Limits {
            calls: usize::from(policy.calls),
            pass_from,
            coached: usize::from(policy.coached_call).checked_sub(1),
            coached_u8,
            need: policy.passes_needed,
            allowed: policy.fails_allowed(),
            early: policy.early_decision,
        })
    }

    /// The valid taken `u8` scores of column `c` as `lo..=lo + span` (wrapping): 0 to 100,
    /// or only the coached score on the coached call.
    #[inline(always)]
    fn range_u8(&self, c: usize) -> (u8, u8) {
        if self.coached == Some(c) {
            (self.coached_u8, 0)
        } else {
            (0, 100)
        }
    }

    /// [`decide`] without branches, for lanes of counts (the same rule; a test checks every
    /// count under many policies).
    #[inline(always)]
    fn status_code(&self, passes: u8, fails: u8, pending: u8) -> u8 {
        let open = (pending != 0) & !self.early;
        let certified = !open & (passes >= self.need);
        let failed = !open & !certified & ((fails > self.allowed) | (pending == 0));
        u8::from(certified) | (u8::from(failed) << 1)
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
}

/// Rows of 5 calls are processed in blocks of this many rows: the scores of a block are
/// classified in one flat (vectorised) pass, then summed per row.
const BLOCK: usize = 256;
/// Batches of fewer rows than this take the plain per-row path, which needs no buffers.
const SMALL: usize = 32;
/// A call's code in a block's code buffer: passes count in bits 0-2, fails in bits 3-5, so
/// five codes sum to one byte.
const PASS_CODE: u8 = 1;
const FAIL_CODE: u8 = 8;

/// The sum of the five codes of the row starting at `at` (the bytes after them are ignored:
/// the multiply adds bytes 0 to 4 into byte 4, and no partial sum can carry).
#[inline(always)]
fn row_sum(codes: &[u8; BLOCK * 5 + 8], at: usize) -> u8 {
    let word = codes
        .get(at..at + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map_or(0, u64::from_le_bytes);
    (word.wrapping_mul(0x01_0101_0101) >> 32) as u8
}

/// Writes the outputs of a block's first `rows` rows (5 calls a row) from their codes.
#[inline(always)]
fn finish_block_5(
    limits: &Limits,
    codes: &[u8; BLOCK * 5 + 8],
    sums: &mut [u8; BLOCK],
    rows: usize,
    (st, ps, pr): (&mut [u8], &mut [u8], &mut [u8]),
) {
    // The pass rate of p passes out of 5 calls is p * 100 / 5 = 20 p exactly ([`pass_rate`]).
    const RATE_STEP: u8 = 100 / 5;
    // All BLOCK sums, also past `rows` in a last short block (those are never read): a
    // loop of constant length needs no bounds checks.
    for (i, sum) in sums.iter_mut().enumerate() {
        *sum = row_sum(codes, i * 5);
    }
    let sums = sums.get(..rows).unwrap_or(&[]);
    for ((&sum, st), (ps, pr)) in sums.iter().zip(st).zip(ps.iter_mut().zip(pr)) {
        let passes = sum & 7;
        let fails = sum >> 3;
        let pending = 5u8.wrapping_sub(passes).wrapping_sub(fails);
        *st = limits.status_code(passes, fails, pending);
        *ps = passes;
        *pr = passes.wrapping_mul(RATE_STEP);
    }
}

struct Plan<'a> {
    policy: &'a CertPolicy,
    limits: Limits,
}

impl Plan<'_> {
    fn run_u8(&self, scores: &[u8], out: &mut BatchOut<'_>) -> Result<()> {
        let rows = self.limits.rows(scores.len(), out)?;
        if self.limits.calls == 5 && rows >= SMALL {
            self.run_u8_5(scores, out)
        } else {
            self.run_u8_any(scores, out)
        }
    }

    fn run_f64(&self, scores: &[f64], out: &mut BatchOut<'_>) -> Result<()> {
        let rows = self.limits.rows(scores.len(), out)?;
        if self.limits.calls == 5 && rows >= SMALL {
            self.run_f64_5(scores, out)
        } else {
            self.run_f64_any(scores, out)
        }
    }

    /// The fast path for sessions of 5 calls. Per block: every score becomes a code (pass 1,
    /// fail 8, pending 0) and an invalid flag, OR-reduced over the block, in one flat loop
    /// that LLVM vectorises; each row's five codes are summed by one multiply; the outputs
    /// are computed from the sums without branches. Only a block with an invalid score is
    /// looked at again, to name the first one.
    fn run_u8_5(&self, scores: &[u8], out: &mut BatchOut<'_>) -> Result<()> {
        const N: usize = 5;
        let l = &self.limits;
        let mut lo = [0u8; BLOCK * N];
        let mut span = [0u8; BLOCK * N];
        for (i, (lo, span)) in lo.iter_mut().zip(span.iter_mut()).enumerate() {
            (*lo, *span) = l.range_u8(i % N);
        }
        let mut codes = [0u8; BLOCK * N + 8];
        let mut sums = [0u8; BLOCK];
        let pass_from = l.pass_from;
        let blocks = scores
            .chunks(BLOCK * N)
            .zip(out.status.chunks_mut(BLOCK))
            .zip(
                out.passes
                    .chunks_mut(BLOCK)
                    .zip(out.pass_rate.chunks_mut(BLOCK)),
            );
        for (block_index, ((block, st), (ps, pr))) in blocks.enumerate() {
            let mut bad = 0u8;
            for (((code, &s), &lo), &span) in codes.iter_mut().zip(block).zip(&lo).zip(&span) {
                let taken = s != NOT_TAKEN;
                bad |= u8::from(taken & (s.wrapping_sub(lo) > span));
                let pass = taken & (s >= pass_from);
                let fail = s < pass_from;
                *code = (u8::from(pass) * PASS_CODE) | (u8::from(fail) * FAIL_CODE);
            }
            if bad != 0 {
                // Rows before the first invalid one are written, as the docs promise.
                let (row, e) = self.block_error_u8(block_index * BLOCK, block);
                finish_block_5(l, &codes, &mut sums, row, (st, ps, pr));
                return Err(e);
            }
            let rows = st.len();
            finish_block_5(l, &codes, &mut sums, rows, (st, ps, pr));
        }
        Ok(())
    }

    /// Like [`Plan::run_u8_5`] for `f64` scores: NaN is pending.
    fn run_f64_5(&self, scores: &[f64], out: &mut BatchOut<'_>) -> Result<()> {
        const N: usize = 5;
        let mut lo = [0.0f64; BLOCK * N];
        let mut hi = [100.0f64; BLOCK * N];
        if let Some(c) = self.limits.coached {
            let cs = self.policy.coached_score;
            for (lo, hi) in lo.iter_mut().zip(hi.iter_mut()).skip(c).step_by(N) {
                (*lo, *hi) = (cs, cs);
            }
        }
        let mut codes = [0u8; BLOCK * N + 8];
        let mut sums = [0u8; BLOCK];
        let mark = self.policy.pass_mark;
        let blocks = scores
            .chunks(BLOCK * N)
            .zip(out.status.chunks_mut(BLOCK))
            .zip(
                out.passes
                    .chunks_mut(BLOCK)
                    .zip(out.pass_rate.chunks_mut(BLOCK)),
            );
        for (block_index, ((block, st), (ps, pr))) in blocks.enumerate() {
            let mut bad = false;
            for (((code, &s), &lo), &hi) in codes.iter_mut().zip(block).zip(&lo).zip(&hi) {
                // NaN is pending: it compares false with everything, so it is neither out of
                // range nor a pass nor a fail (two comparisons, no NaN test).
                bad |= (s < lo) | (s > hi);
                *code = (u8::from(s >= mark) * PASS_CODE) | (u8::from(s < mark) * FAIL_CODE);
            }
            if bad {
                // Rows before the first invalid one are written, as the docs promise.
                let (row, e) = self.block_error_f64(block_index * BLOCK, block);
                finish_block_5(&self.limits, &codes, &mut sums, row, (st, ps, pr));
                return Err(e);
            }
            let rows = st.len();
            finish_block_5(&self.limits, &codes, &mut sums, rows, (st, ps, pr));
        }
        Ok(())
    }

    /// Any number of calls, one row at a time; also every small batch.
    fn run_u8_any(&self, scores: &[u8], out: &mut BatchOut<'_>) -> Result<()> {
        let l = &self.limits;
        let it = scores
            .chunks_exact(l.calls)
            .zip(out.status.iter_mut())
            .zip(out.passes.iter_mut().zip(out.pass_rate.iter_mut()));
        for (row_index, ((row, st), (ps, pr))) in it.enumerate() {
            let (mut passes, mut fails, mut invalid) = (0u8, 0u8, false);
            for (c, &s) in row.iter().enumerate() {
                let (lo, span) = l.range_u8(c);
                let taken = s != NOT_TAKEN;
                invalid |= taken & (s.wrapping_sub(lo) > span);
                passes += u8::from(taken & (s >= l.pass_from));
                fails += u8::from(s < l.pass_from);
            }
            if invalid {
                return Err(self.row_error_u8(row_index, row));
            }
            self.finish_row(passes, fails, st, ps, pr);
        }
        Ok(())
    }

    fn run_f64_any(&self, scores: &[f64], out: &mut BatchOut<'_>) -> Result<()> {
        let policy = self.policy;
        let it = scores
            .chunks_exact(self.limits.calls)
            .zip(out.status.iter_mut())
            .zip(out.passes.iter_mut().zip(out.pass_rate.iter_mut()));
        for (row_index, ((row, st), (ps, pr))) in it.enumerate() {
            let (mut passes, mut fails) = (0u8, 0u8);
            for (c, &s) in row.iter().enumerate() {
                if s.is_nan() {
                    continue;
                }
                let number = u8::try_from(c + 1).unwrap_or(u8::MAX);
                match classify(number, s, policy) {
                    Some(Verdict::Pass) => passes += 1,
                    Some(Verdict::Fail) => fails += 1,
                    Some(Verdict::Pending) => {}
                    None => return Err(self.score_error_f64(row_index, c, s)),
                }
            }
            self.finish_row(passes, fails, st, ps, pr);
        }
        Ok(())
    }

    #[inline(always)]
    fn finish_row(&self, passes: u8, fails: u8, st: &mut u8, ps: &mut u8, pr: &mut u8) {
        let pending = self
            .policy
            .calls
            .saturating_sub(passes)
            .saturating_sub(fails);
        *st = decide(passes, fails, pending, self.policy).status.code();
        *ps = passes;
        *pr = pass_rate(passes, self.policy.calls);
    }

    /// The first invalid row of a block whose first row is `first_row` (its index in the
    /// block) and the error naming it.
    #[cold]
    #[inline(never)]
    fn block_error_u8(&self, first_row: usize, block: &[u8]) -> (usize, Error) {
        for (i, row) in block.chunks_exact(self.limits.calls).enumerate() {
            let invalid = row.iter().enumerate().any(|(c, &s)| {
                let (lo, span) = self.limits.range_u8(c);
                s != NOT_TAKEN && s.wrapping_sub(lo) > span
            });
            if invalid {
                return (i, self.row_error_u8(first_row + i, row));
            }
        }
        let e = Error::invalid_input(format!("agent rows from {first_row}: invalid scores"));
        (0, e)
    }

    #[cold]
    #[inline(never)]
    fn block_error_f64(&self, first_row: usize, block: &[f64]) -> (usize, Error) {
        for (i, row) in block.chunks_exact(self.limits.calls).enumerate() {
            for (c, &s) in row.iter().enumerate() {
                let number = u8::try_from(c + 1).unwrap_or(u8::MAX);
                if !s.is_nan() && classify(number, s, self.policy).is_none() {
                    return (i, self.score_error_f64(first_row + i, c, s));
                }
            }
        }
        let e = Error::invalid_input(format!("agent rows from {first_row}: invalid scores"));
        (0, e)
    }

    #[cold]
    #[inline(never)]
    fn row_error_u8(&self, row_index: usize, row: &[u8]) -> Error {
        for (c, &s) in row.iter().enumerate() {
            let number = u8::try_from(c + 1).unwrap_or(u8::MAX);
            if s != NOT_TAKEN && classify(number, f64::from(s), self.policy).is_none() {
                return self.score_error(row_index, c, f64::from(s));
            }
        }
        Error::invalid_input(format!("agent row {row_index}: invalid scores"))
    }

    #[cold]
    #[inline(never)]
    fn score_error(&self, row_index: usize, c: usize, score: f64) -> Error {
        let number = u8::try_from(c + 1).unwrap_or(u8::MAX);
        let place = format!("agent row {row_index}, call {number}");
        let message = match call_verdict(number, score, self.policy) {
            Err(Error::InvalidScore { message, .. }) => message,
            _ => "not a valid score".to_string(),
        };
        if score > 100.0 && score < f64::from(NOT_TAKEN) {
            Error::invalid_score(place, format!("{message} ({NOT_TAKEN} means not taken)"))
        } else {
            Error::invalid_score(place, message)
        }
    }

    #[cold]
    #[inline(never)]
    fn score_error_f64(&self, row_index: usize, c: usize, score: f64) -> Error {
        let number = u8::try_from(c + 1).unwrap_or(u8::MAX);
        match call_verdict(number, score, self.policy) {
            Err(Error::InvalidScore { message, .. }) => {
                Error::invalid_score(format!("agent row {row_index}, call {number}"), message)
            }
            Err(e) => e,
            Ok(_) => Error::invalid_input("internal: score classified twice"),
        }
    }
}

/// A certification policy checked once and ready for many batch calls: a binding can keep
/// one per policy and skip the validation on every call. Cheap to clone; serialises as its
/// policy (and deserialising checks it again).
///
/// ```
/// use care_core::certification::{BatchColumns, CertPolicy};
/// let prepared = CertPolicy::default().prepare().unwrap();
/// let mut cols = BatchColumns::zeroed(1);
/// prepared.evaluate_batch_into(&[100, 90, 84, 88, 92], &mut cols.as_out()).unwrap();
/// assert_eq!((cols.status[0], cols.passes[0], cols.pass_rate[0]), (1, 4, 80));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(try_from = "CertPolicy", into = "CertPolicy")]
pub struct PreparedCertPolicy {
    policy: CertPolicy,
    limits: Limits,
}

impl PreparedCertPolicy {
    /// The policy it was prepared from.
    pub fn policy(&self) -> &CertPolicy {
        &self.policy
    }

    /// [`evaluate_batch_into`] under this policy.
    pub fn evaluate_batch_into(&self, scores: &[u8], out: &mut BatchOut<'_>) -> Result<()> {
        self.plan().run_u8(scores, out)
    }

    /// [`evaluate_batch_f64_into`] under this policy.
    pub fn evaluate_batch_f64_into(&self, scores: &[f64], out: &mut BatchOut<'_>) -> Result<()> {
        self.plan().run_f64(scores, out)
    }

    /// [`evaluate_batch`] under this policy.
    pub fn evaluate_batch(&self, scores: &[u8]) -> Result<BatchColumns> {
        let mut cols = BatchColumns::zeroed(scores.len() / self.limits.calls.max(1));
        self.evaluate_batch_into(scores, &mut cols.as_out())?;
        Ok(cols)
    }

    /// [`evaluate_batch_f64`] under this policy.
    pub fn evaluate_batch_f64(&self, scores: &[f64]) -> Result<BatchColumns> {
        let mut cols = BatchColumns::zeroed(scores.len() / self.limits.calls.max(1));
        self.evaluate_batch_f64_into(scores, &mut cols.as_out())?;
        Ok(cols)
    }

    /// Where a session whose calls 1, 2, ... scored `scores` stands, in numbers only (NaN =
    /// not taken yet; calls past the end of `scores` are not taken yet either): exactly one
    /// row of [`evaluate_batch_f64_into`], with its status named and the fails, pending calls
    /// and early decision that follow from it. For dashboards that poll one agent often.
    pub fn standing(&self, scores: &[f64]) -> Result<Standing> {
        let calls = usize::from(self.policy.calls);
        if scores.len() > calls {
            return Err(Error::invalid_input(format!(
                "the session has {} calls; the policy has {calls}",
                scores.len()
            )));
        }
        let mut row = [f64::NAN; MAX_CALLS as usize];
        row[..scores.len()].copy_from_slice(scores);
        let row = &row[..calls];
        let (mut status, mut passes, mut pass_rate) = ([0u8], [0u8], [0u8]);
        self.evaluate_batch_f64_into(
            row,
            &mut BatchOut {
                status: &mut status,
                passes: &mut passes,
                pass_rate: &mut pass_rate,
            },
        )
        .map_err(|e| match e {
            // One session: name the call as `evaluate` does, not the batch row.
            Error::InvalidScore { place, message } => Error::InvalidScore {
                place: place
                    .strip_prefix("agent row 0, ")
                    .map_or(place.clone(), str::to_string),
                message,
            },
            other => other,
        })?;
        let status = Status::from_code(status[0]).unwrap_or(Status::InProgress);
        let pending = u8::try_from(row.iter().filter(|s| s.is_nan()).count()).unwrap_or(u8::MAX);
        let fails = self
            .policy
            .calls
            .saturating_sub(passes[0])
            .saturating_sub(pending);
        Ok(Standing {
            status,
            decided_early: pending > 0 && status != Status::InProgress,
            passes: passes[0],
            fails,
            pending,
            pass_rate: pass_rate[0],
        })
    }

    /// The status code of a row with these counts ([`decide`] without branches), for the
    /// columnar kernels of other modules (`arrow`).
    #[cfg(feature = "arrow")]
    #[inline(always)]
    pub(crate) fn status_code(&self, passes: u8, fails: u8, pending: u8) -> u8 {
        self.limits.status_code(passes, fails, pending)
    }

    /// The lowest passing integer score (the pass mark rounded up), the coached call's column
    /// (0-based) and its only valid integer score ([`NOT_TAKEN`] when the coached score is not
    /// a whole number), for the columnar kernels of other modules (`arrow`).
    #[cfg(feature = "arrow")]
    pub(crate) fn integer_limits(&self) -> (u8, Option<usize>, u8) {
        (
            self.limits.pass_from,
            self.limits.coached,
            self.limits.coached_u8,
        )
    }

    fn plan(&self) -> Plan<'_> {
        Plan {
            policy: &self.policy,
            limits: self.limits,
        }
    }
}

/// Where a session stands, in numbers only: see [`PreparedCertPolicy::standing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Standing {
    /// In progress, certified or failed.
    pub status: Status,
    /// Whether the status was decided while calls were still to be taken.
    pub decided_early: bool,
    /// Passing calls.
    pub passes: u8,
    /// Failing calls.
    pub fails: u8,
    /// Calls not taken yet.
    pub pending: u8,
    /// Passes as a whole percent of the policy's calls.
    pub pass_rate: u8,
}

/// [`PreparedCertPolicy::standing`] under `policy`.
pub fn standing(scores: &[f64], policy: &CertPolicy) -> Result<Standing> {
    policy.prepare()?.standing(scores)
}

impl TryFrom<CertPolicy> for PreparedCertPolicy {
    type Error = Error;
    fn try_from(policy: CertPolicy) -> Result<PreparedCertPolicy> {
        let limits = Limits::new(&policy)?;
        Ok(PreparedCertPolicy { policy, limits })
    }
}

impl From<PreparedCertPolicy> for CertPolicy {
    fn from(p: PreparedCertPolicy) -> CertPolicy {
        p.policy
    }
}

impl CertPolicy {
    /// Validates the policy once and returns it ready for many batch calls.
    pub fn prepare(&self) -> Result<PreparedCertPolicy> {
        PreparedCertPolicy::try_from(self.clone())
    }
}

fn plan(policy: &CertPolicy) -> Result<Plan<'_>> {
    Ok(Plan {
        policy,
        limits: Limits::new(policy)?,
    })
}

/// Evaluates many agents at once: `scores` holds `rows x calls` `u8` scores, row-major (one
/// row per agent, calls 1, 2, ... in order); [`NOT_TAKEN`] (255) marks a call not taken yet.
/// Writes each row's status code, passes and pass rate into `out`, whose columns must have
/// one entry per row. Allocates nothing. For many calls under one policy,
/// [`CertPolicy::prepare`] checks the policy once.
///
/// The call mix (PDP/MAPD) is not checked: a row carries scores only. A score from 101 to
/// 254, or a coached call scored otherwise than the policy says, is an error naming the agent
/// row (0-based) and call (1-based); rows before it have been written.
pub fn evaluate_batch_into(
    scores: &[u8],
    policy: &CertPolicy,
    out: &mut BatchOut<'_>,
) -> Result<()> {
    plan(policy)?.run_u8(scores, out)
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
    plan(policy)?.run_f64(scores, out)
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

    #[test]
    fn status_names_are_what_serde_writes_in_code_order() {
        for (code, status) in Status::ALL.into_iter().enumerate() {
            assert_eq!(status.code() as usize, code);
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                serde_json::Value::from(status.name())
            );
        }
    }

    proptest! {
        #[test]
        fn scores_path_agrees_with_the_session_path(
            agent in prop_oneof![Just("Rivera, Ana".to_string()), Just(" ".to_string()), ".{0,12}"],
            scores in proptest::collection::vec(
                prop_oneof![
                    Just(f64::NAN),
                    Just(100.0),
                    Just(-1.0),
                    Just(84.99),
                    (0u8..=100).prop_map(f64::from)
                ],
                0..=6),
            early in any::<bool>(),
        ) {
            let policy = CertPolicy { early_decision: early, ..CertPolicy::default() };
            let session = Session::from_scores(agent.clone(), &scores);
            let by_session = evaluate(&session, &policy);
            let by_scores = evaluate_scores(&agent, &scores, &policy);
            prop_assert_eq!(&by_session, &by_scores);
            match (assess(&session, &policy), by_session) {
                (Ok(a), Ok(e)) => {
                    prop_assert_eq!((a.status(), a.passes(), a.fails(), a.pending()),
                        (e.status, e.passes, e.fails, e.pending));
                    prop_assert_eq!((a.decided_early(), a.pass_rate(), a.file_stem()),
                        (e.decided_early, e.pass_rate, e.file_stem.as_str()));
                    prop_assert_eq!(a.calls(), e.calls.as_slice());
                    prop_assert_eq!(a.to_evaluation(), e);
                }
                (Err(a), Err(e)) => prop_assert_eq!(a.to_string(), e.to_string()),
                (a, e) => prop_assert!(false, "assess {:?} but evaluate {:?}", a, e),
            }
        }
    }

    #[test]
    fn call_inputs_are_constants_for_every_call_number() {
        for number in 0..=u8::MAX {
            let input = call_input(number);
            assert_eq!(input, format!("call {number}"));
            let borrowed = matches!(input, Text::Borrowed(_));
            assert_eq!(borrowed, (1..=MAX_CALLS).contains(&number), "call {number}");
        }
    }

    proptest! {
        #[test]
        fn standing_agrees_with_evaluate(
            scores in proptest::collection::vec(
                prop_oneof![Just(f64::NAN), (0u8..=100).prop_map(f64::from)], 0..=5),
        ) {
            let policy = CertPolicy::default();
            let mut scores = scores;
            if let Some(first) = scores.first_mut() {
                if !first.is_nan() {
                    *first = policy.coached_score;
                }
            }
            let st = standing(&scores, &policy).unwrap();
            // The session lists the taken calls only; the rest are pending.
            let session = Session {
                agent: "A".into(),
                calls: scores
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| !s.is_nan())
                    .map(|(i, &s)| Call::scored(i as u8 + 1, s))
                    .collect(),
            };
            let e = evaluate(&session, &policy).unwrap();
            prop_assert_eq!(st.status, e.status);
            prop_assert_eq!(st.decided_early, e.decided_early);
            prop_assert_eq!((st.passes, st.fails, st.pending), (e.passes, e.fails, e.pending));
            prop_assert_eq!(st.pass_rate, e.pass_rate);
        }
    }

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
        let long = "é".repeat(99);
        let stem = file_stem(&format!("{long}, {long}"), 80).unwrap();
        assert!(stem.len() <= 2 * MAX_NAME_PART_BYTES + 6);
        let e = file_stem(&"x".repeat(1 << 20), 80).unwrap_err();
        assert_eq!(
            e.to_string(),
            "agent name (its length in characters) is too large: 1048576 is over the limit of 200"
        );
        assert!(file_stem(&"é".repeat(MAX_AGENT_NAME_CHARS), 80).is_ok());
        assert!(PersonName::parse(&"é".repeat(MAX_AGENT_NAME_CHARS + 1))
            .file_stem(80)
            .is_err());
    }

    #[test]
    fn json_scores_name_non_finite_floats_and_reject_text() {
        let session = |score: &str| {
            crate::policy::from_json::<Session>(&format!(
                r#"{{"agent": "Ana Rivera", "calls": [{{"number": 2, "score": {score}}}]}}"#
            ))
        };
        for (score, message) in [
            (
                r#""NaN""#,
                "invalid score for call 2: not a number; give a score from 0 to 100",
            ),
            (
                r#""Infinity""#,
                "invalid score for call 2: inf is outside 0 to 100",
            ),
            (
                r#""-Infinity""#,
                "invalid score for call 2: -inf is outside 0 to 100",
            ),
        ] {
            let s = session(score).unwrap();
            let e = evaluate(&s, &CertPolicy::default()).unwrap_err();
            assert_eq!(e.to_string(), message);
        }
        assert_eq!(session("90").unwrap().calls[0].score, Some(90.0));
        assert_eq!(session("null").unwrap().calls[0].score, None);
        let e = session(r#""ninety""#).unwrap_err();
        assert!(
            e.to_string().ends_with(
                r#"invalid type: string "ninety", expected a score: a number from 0 to 100"#
            ),
            "{e}"
        );
        let e = session(r#""nan""#).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Parse);
        let e = score_from_json("QA audit", &serde_json::json!(true)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid score for QA audit: true is not a number; give a score from 0 to 100"
        );
    }

    #[test]
    fn numbers_are_written_as_format_writes_them() {
        for n in (0..2000u64).chain([u64::MAX, 10u64.pow(15), 99_999]) {
            let mut s = String::new();
            push_uint(&mut s, n);
            assert_eq!(s, n.to_string());
        }
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            85.0,
            100.0,
            -15.0,
            1e14,
            999_999_999_999_999.0,
            1e15,
            84.5,
            84.99,
            -0.01,
            0.125,
            1e300,
            -1e300,
            f64::INFINITY,
            f64::NAN,
        ] {
            let old = if x.fract() == 0.0 && x.abs() < 1e15 {
                format!("{x:.0}")
            } else {
                let s = format!("{x:.2}");
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            };
            assert_eq!(fmt_score(x), old, "{x}");
        }
        assert_eq!(fmt_margin(-0.01), "-0.01");
        assert_eq!(fmt_margin(5.0), "+5");
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

    #[test]
    fn batch_error_names_a_row_past_the_first_block() {
        let mut scores = [100u8, 90, 90, 90, 90].repeat(3000);
        scores[2500 * 5 + 3] = 200;
        let e = evaluate_batch(&scores, &CertPolicy::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid score for agent row 2500, call 4: 200 is outside 0 to 100 (255 means not taken)"
        );
    }

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
                        decide(passes, fails, pending, &p).status.code(),
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
        fn part(part: &str) -> String {
            let mut out = String::new();
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
    }
}

//! The input and output types of one agent's certification: calls, sessions, evaluations.

#[allow(unused_imports)]
use super::*;

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
    /// The smallest change that would certify (none when certified): the pending calls that
    /// must pass, or why no score still to come can.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterfactual: Option<crate::counterfactual::Counterfactual>,
}

//! Explanations: every decision says which rule made it, on which input, under which policy.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// A piece of explanation text: borrowed when it is a constant (rule ids, most inputs), owned
/// when it was written for this decision (most messages). It reads like a `&str` (`Deref`),
/// compares with `&str` and `String`, and serialises as a plain string.
pub type Text = Cow<'static, str>;

/// One step of an explanation: which rule applied to which input, and what it concluded.
///
/// `rule` is a stable dotted id (`cert.pass_mark`, `move.direction`, `escalation.step`) that
/// the docs' rules page lists with its source; `input` names the input it looked at
/// (`call 3`, `Care Operations/senior-rep`); `message` is the sentence a supervisor reads.
///
/// The fields are [`Text`] (`Cow<'static, str>`), so that the constant parts of a reason
/// (the rule id, an input such as `call 3` or `session`) cost no allocation: an evaluation
/// writes a dozen reasons, and copying constants was most of its cost. Read them as `&str`
/// (`&*r.message`, `r.rule == "cert.pass_mark"`, `r.input.as_ref()`); JSON is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reason {
    /// The rule's stable id.
    pub rule: Text,
    /// The input the rule looked at.
    pub input: Text,
    /// What the rule concluded, in a sentence.
    pub message: Text,
}

impl Reason {
    /// A reason for `rule` on `input`. Each part is a `&'static str` (kept as it is, no copy),
    /// a `String` (moved in) or a [`Text`]; give a borrowed `&str` as `s.to_string()`.
    pub fn new(rule: impl Into<Text>, input: impl Into<Text>, message: impl Into<Text>) -> Reason {
        Reason {
            rule: rule.into(),
            input: input.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}: {}]", self.message, self.rule, self.input)
    }
}

/// Which policy made a decision: its id and version, carried by every outcome.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PolicyRef {
    /// The policy's id, e.g. `care.certification`.
    pub id: String,
    /// The policy's version, e.g. `1`.
    pub version: String,
}

impl fmt::Display for PolicyRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} v{}", self.id, self.version)
    }
}

/// The rule ids of [`Reason::rule`], one constant each, so code that filters reasons (the
/// CLI keeps `move.well_matched`) names a rule the core defines. [`ALL`](rule::ALL) lists them.
pub mod rule {
    /// `budget.cert_session`.
    pub const BUDGET_CERT_SESSION: &str = "budget.cert_session";
    /// `budget.combined`.
    pub const BUDGET_COMBINED: &str = "budget.combined";
    /// `budget.dst`.
    pub const BUDGET_DST: &str = "budget.dst";
    /// `budget.tbt`.
    pub const BUDGET_TBT: &str = "budget.tbt";
    /// `cert.coached_call`.
    pub const CERT_COACHED_CALL: &str = "cert.coached_call";
    /// `cert.early_decision`.
    pub const CERT_EARLY_DECISION: &str = "cert.early_decision";
    /// `cert.file_stem`.
    pub const CERT_FILE_STEM: &str = "cert.file_stem";
    /// `cert.pass_mark`.
    pub const CERT_PASS_MARK: &str = "cert.pass_mark";
    /// `cert.pass_rate`.
    pub const CERT_PASS_RATE: &str = "cert.pass_rate";
    /// `cert.passes_needed`.
    pub const CERT_PASSES_NEEDED: &str = "cert.passes_needed";
    /// `cert.pending`.
    pub const CERT_PENDING: &str = "cert.pending";
    /// `cert.qa_audit`.
    pub const CERT_QA_AUDIT: &str = "cert.qa_audit";
    /// `cert.scorecard`.
    pub const CERT_SCORECARD: &str = "cert.scorecard";
    /// `escalation.completed`.
    pub const ESCALATION_COMPLETED: &str = "escalation.completed";
    /// `escalation.day`.
    pub const ESCALATION_DAY: &str = "escalation.day";
    /// `escalation.excused`.
    pub const ESCALATION_EXCUSED: &str = "escalation.excused";
    /// `escalation.expected_completion`.
    pub const ESCALATION_EXPECTED_COMPLETION: &str = "escalation.expected_completion";
    /// `escalation.holiday`.
    pub const ESCALATION_HOLIDAY: &str = "escalation.holiday";
    /// `escalation.late`.
    pub const ESCALATION_LATE: &str = "escalation.late";
    /// `escalation.review_only`.
    pub const ESCALATION_REVIEW_ONLY: &str = "escalation.review_only";
    /// `escalation.step`.
    pub const ESCALATION_STEP: &str = "escalation.step";
    /// `forecast.assumptions`.
    pub const FORECAST_ASSUMPTIONS: &str = "forecast.assumptions";
    /// `forecast.capacity`.
    pub const FORECAST_CAPACITY: &str = "forecast.capacity";
    /// `forecast.finish`.
    pub const FORECAST_FINISH: &str = "forecast.finish";
    /// `forecast.late`.
    pub const FORECAST_LATE: &str = "forecast.late";
    /// `forecast.step`.
    pub const FORECAST_STEP: &str = "forecast.step";
    /// `move.direction`.
    pub const MOVE_DIRECTION: &str = "move.direction";
    /// `move.prerequisites`.
    pub const MOVE_PREREQUISITES: &str = "move.prerequisites";
    /// `move.scope`.
    pub const MOVE_SCOPE: &str = "move.scope";
    /// `move.track`.
    pub const MOVE_TRACK: &str = "move.track";
    /// `move.well_matched`.
    pub const MOVE_WELL_MATCHED: &str = "move.well_matched";
    /// `pair.availability`.
    pub const PAIR_AVAILABILITY: &str = "pair.availability";
    /// `pair.capacity`.
    pub const PAIR_CAPACITY: &str = "pair.capacity";
    /// `pair.least_loaded`.
    pub const PAIR_LEAST_LOADED: &str = "pair.least_loaded";
    /// `pair.order`.
    pub const PAIR_ORDER: &str = "pair.order";
    /// `pair.ready`.
    pub const PAIR_READY: &str = "pair.ready";
    /// `pair.same_certifier`.
    pub const PAIR_SAME_CERTIFIER: &str = "pair.same_certifier";
    /// `ready.eligible`.
    pub const READY_ELIGIBLE: &str = "ready.eligible";
    /// `ready.prerequisite`.
    pub const READY_PREREQUISITE: &str = "ready.prerequisite";
    /// `report.completed`.
    pub const REPORT_COMPLETED: &str = "report.completed";
    /// `report.escalation`.
    pub const REPORT_ESCALATION: &str = "report.escalation";
    /// `report.failed`.
    pub const REPORT_FAILED: &str = "report.failed";
    /// `report.self_reports`.
    pub const REPORT_SELF_REPORTS: &str = "report.self_reports";
    /// `report.state`.
    pub const REPORT_STATE: &str = "report.state";
    /// `report.tbt_budget`.
    pub const REPORT_TBT_BUDGET: &str = "report.tbt_budget";
    /// `scorecard.bonus`.
    pub const SCORECARD_BONUS: &str = "scorecard.bonus";
    /// `scorecard.critical`.
    pub const SCORECARD_CRITICAL: &str = "scorecard.critical";
    /// `scorecard.not_applicable`.
    pub const SCORECARD_NOT_APPLICABLE: &str = "scorecard.not_applicable";
    /// `scorecard.weights`.
    pub const SCORECARD_WEIGHTS: &str = "scorecard.weights";

    /// Every rule id, sorted.
    pub const ALL: &[&str] = &[
        BUDGET_CERT_SESSION,
        BUDGET_COMBINED,
        BUDGET_DST,
        BUDGET_TBT,
        CERT_COACHED_CALL,
        CERT_EARLY_DECISION,
        CERT_FILE_STEM,
        CERT_PASS_MARK,
        CERT_PASS_RATE,
        CERT_PASSES_NEEDED,
        CERT_PENDING,
        CERT_QA_AUDIT,
        CERT_SCORECARD,
        ESCALATION_COMPLETED,
        ESCALATION_DAY,
        ESCALATION_EXCUSED,
        ESCALATION_EXPECTED_COMPLETION,
        ESCALATION_HOLIDAY,
        ESCALATION_LATE,
        ESCALATION_REVIEW_ONLY,
        ESCALATION_STEP,
        FORECAST_ASSUMPTIONS,
        FORECAST_CAPACITY,
        FORECAST_FINISH,
        FORECAST_LATE,
        FORECAST_STEP,
        MOVE_DIRECTION,
        MOVE_PREREQUISITES,
        MOVE_SCOPE,
        MOVE_TRACK,
        MOVE_WELL_MATCHED,
        PAIR_AVAILABILITY,
        PAIR_CAPACITY,
        PAIR_LEAST_LOADED,
        PAIR_ORDER,
        PAIR_READY,
        PAIR_SAME_CERTIFIER,
        READY_ELIGIBLE,
        READY_PREREQUISITE,
        REPORT_COMPLETED,
        REPORT_ESCALATION,
        REPORT_FAILED,
        REPORT_SELF_REPORTS,
        REPORT_STATE,
        REPORT_TBT_BUDGET,
        SCORECARD_BONUS,
        SCORECARD_CRITICAL,
        SCORECARD_NOT_APPLICABLE,
        SCORECARD_WEIGHTS,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_sorted_unique_and_named_by_their_constant() {
        assert!(rule::ALL.windows(2).all(|w| w[0] < w[1]), "{:?}", rule::ALL);
        assert_eq!(rule::MOVE_WELL_MATCHED, "move.well_matched");
        for id in rule::ALL {
            let (domain, name) = id.split_once('.').unwrap();
            assert!(!domain.is_empty() && !name.is_empty(), "{id}");
        }
    }

    #[test]
    fn constant_parts_are_borrowed_and_json_is_plain_strings() {
        let r = Reason::new("cert.pass_mark", "call 2", format!("call {} passed", 2));
        assert!(matches!(r.rule, Cow::Borrowed(_)));
        assert!(matches!(r.input, Cow::Borrowed(_)));
        assert!(matches!(r.message, Cow::Owned(_)));
        assert_eq!(r.rule, "cert.pass_mark");
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(
            json,
            r#"{"rule":"cert.pass_mark","input":"call 2","message":"call 2 passed"}"#
        );
        let back: Reason = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
        assert_eq!(r.to_string(), "call 2 passed [cert.pass_mark: call 2]");
    }
}

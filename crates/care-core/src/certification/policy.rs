//! The certification policy ([`CertPolicy`]) and its validation.

#[allow(unused_imports)]
use super::*;

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

pub(crate) fn check_mark(problems: &mut Vec<Problem>, field: &str, value: f64) {
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

    pub(crate) fn is_coached(&self, number: u8) -> bool {
        self.coached_call != 0 && number == self.coached_call
    }
}

//! Explanations: every decision says which rule made it, on which input, under which policy.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One step of an explanation: which rule applied to which input, and what it concluded.
///
/// `rule` is a stable dotted id (`cert.pass_mark`, `move.direction`, `escalation.step`) that
/// the docs' rules page lists with its source; `input` names the input it looked at
/// (`call 3`, `Care Operations/senior-rep`); `message` is the sentence a supervisor reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Reason {
    /// The rule's stable id.
    pub rule: String,
    /// The input the rule looked at.
    pub input: String,
    /// What the rule concluded, in a sentence.
    pub message: String,
}

impl Reason {
    /// A reason for `rule` on `input`.
    pub fn new(
        rule: impl Into<String>,
        input: impl Into<String>,
        message: impl Into<String>,
    ) -> Reason {
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

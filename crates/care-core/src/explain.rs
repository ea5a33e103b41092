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

#[cfg(test)]
mod tests {
    use super::*;

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

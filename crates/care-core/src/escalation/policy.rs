//! The escalation policy: the ladder's steps and the working-time budgets.

use super::{MAX_STEPS, POLICY_ID};
use crate::error::{Error, Problem, Result};
use crate::explain::PolicyRef;
use serde::{Deserialize, Serialize};

/// One step of the escalation ladder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// A stable id, e.g. `"coaching"`.
    pub id: String,
    /// What is delivered, for people, e.g. `"documented coaching"`.
    pub name: String,
    /// The post-training business day it is due on (day 1 is the first).
    pub day: u32,
}

impl Step {
    fn new(id: &str, name: &str, day: u32) -> Step {
        Step {
            id: id.to_string(),
            name: name.to_string(),
            day,
        }
    }
}

/// The working-time budgets of certification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Budgets {
    /// Hours a call-cert session may take from the certifier's connection; default 4.
    pub cert_session_hours: f64,
    /// Hours the TBTs may take; default 8.
    pub tbt_hours: f64,
    /// Post-training business days certs and TBTs may take together; default 2. The end of
    /// this day is also the expected completion.
    pub combined_business_days: u32,
}

impl Default for Budgets {
    fn default() -> Budgets {
        Budgets {
            cert_session_hours: 4.0,
            tbt_hours: 8.0,
            combined_business_days: 2,
        }
    }
}

/// The escalation policy: the ladder's steps and the budgets. Every field has the
/// documents' value as its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct EscalationPolicy {
    /// The policy's id; default `care.escalation`.
    pub id: String,
    /// The policy's version; default `1`.
    pub version: String,
    /// The ladder, in order of day; default coaching (day 4), written CAP (5), final CAP (6),
    /// termination review (7).
    pub steps: Vec<Step>,
    /// The time budgets.
    pub budgets: Budgets,
}

impl Default for EscalationPolicy {
    fn default() -> EscalationPolicy {
        EscalationPolicy {
            id: POLICY_ID.to_string(),
            version: "1".to_string(),
            steps: vec![
                Step::new("coaching", "documented coaching", 4),
                Step::new("written-cap", "written CAP", 5),
                Step::new("final-cap", "final CAP", 6),
                Step::new("termination-review", "termination review", 7),
            ],
            budgets: Budgets::default(),
        }
    }
}

crate::policy::loadable!(
    EscalationPolicy,
    "an escalation policy (fields left out keep the documents' values)"
);

impl EscalationPolicy {
    /// Checks the policy and returns every problem found.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Problem::id_and_version(&self.id, &self.version);
        if self.steps.len() > MAX_STEPS {
            problems.push(Problem::new(
                "steps",
                format!("{} steps is more than {MAX_STEPS}", self.steps.len()),
            ));
        }
        let b = &self.budgets;
        for (place, h) in [
            ("budgets.cert_session_hours", b.cert_session_hours),
            ("budgets.tbt_hours", b.tbt_hours),
        ] {
            if !(h.is_finite() && h > 0.0 && h <= 8784.0) {
                problems.push(Problem::new(
                    place,
                    format!("{h} is not a number of hours above 0 and at most 8784"),
                ));
            }
        }
        if !(1..=10_000).contains(&b.combined_business_days) {
            problems.push(Problem::new(
                "budgets.combined_business_days",
                format!("{} is outside 1..=10000", b.combined_business_days),
            ));
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut previous: Option<u32> = None;
        for (i, s) in self.steps.iter().enumerate() {
            if s.id.trim().is_empty() {
                problems.push(Problem::new(format!("steps[{i}].id"), "must not be empty"));
            } else if seen.contains(&s.id.as_str()) {
                problems.push(Problem::new(
                    format!("steps[{i}].id"),
                    format!("duplicate id {:?}", s.id),
                ));
            } else {
                seen.push(&s.id);
            }
            if s.name.trim().is_empty() {
                problems.push(Problem::new(
                    format!("steps[{i}].name"),
                    "must not be empty",
                ));
            }
            if s.day <= b.combined_business_days || s.day > 10_000 {
                problems.push(Problem::new(
                    format!("steps[{i}].day"),
                    format!(
                        "{} must be after the expected completion (day {}) and at most 10000",
                        s.day, b.combined_business_days
                    ),
                ));
            }
            if let Some(p) = previous {
                if s.day <= p {
                    problems.push(Problem::new(
                        format!("steps[{i}].day"),
                        format!("{} must be later than the step before (day {p})", s.day),
                    ));
                }
            }
            previous = Some(s.day);
        }
        Error::policy_check(&self.id, problems)
    }

    /// The [`PolicyRef`] outcomes carry.
    pub fn policy_ref(&self) -> PolicyRef {
        PolicyRef {
            id: self.id.clone(),
            version: self.version.clone(),
        }
    }
}

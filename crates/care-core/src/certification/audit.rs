//! The post-training QA audit.

use super::*;
#[allow(unused_imports)]
use crate::explain::rule;

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
///
/// # Errors
///
/// [`Error::InvalidPolicy`] for an invalid policy; [`Error::InvalidScore`] for a score that
/// is not a number from 0 to 100.
///
/// ```
/// use care_core::certification::{qa_audit, CertPolicy};
/// let p = CertPolicy::default();
/// assert!(qa_audit(95.0, &p)?.passed);
/// assert!(!qa_audit(94.99, &p)?.passed);
/// assert!(qa_audit(f64::NAN, &p).is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
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
        reasons: vec![Reason::new(rule::CERT_QA_AUDIT, "QA audit", message)],
        policy: policy.policy_ref(),
    })
}

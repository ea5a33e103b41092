//! Certifier calibration: are the certifiers fair and consistent when they grade on the QA
//! scorecard?
//!
//! The certification document expects the certifier to be "fair and consistent" when grading
//! on the QA Scorecard, and about ten certifiers grade a cohort. Two views answer it:
//!
//! - a **calibration session** ([`session`]): every certifier grades the same recorded
//!   call(s) on the scorecard template, optionally with a benchmark grader.
//!   [`calibrate`] says, per call and per item, how much they agree (Krippendorff's alpha
//!   and pairwise agreement), and per certifier how far their score is from the reference
//!   (the benchmark's, or the group's consensus: the median score and the median (majority)
//!   mark per item), whether they would give the same verdict, and their **alignment**:
//!   the rubric-weighted share of items on which their mark matches the reference
//!   (MaestroQA's definition; worked example in `docs/calibration.md`);
//! - **leniency from real data** ([`leniency`]): from the cohort's tracker, each certifier's
//!   pass rate and mean score, with Wilson intervals, against the pool's.
//!
//! Every threshold is a field of [`CalibrationPolicy`]. A certifier outside a threshold is
//! marked for a person to **review**, with the numbers that made the mark: it is never a
//! judgement of the certifier.

pub mod leniency;
mod render;
mod result;
pub mod session;

pub use leniency::{
    graded_calls, leniency, CallStats, CertifierLeniency, GradedCall, Leniency, LeniencyStatus,
    TrackerCalls,
};
#[cfg(feature = "xlsx")]
pub(crate) use render::{
    lstatus as leniency_label, status as status_label, DEVIATION_COLUMNS, STATS_COLUMNS,
};
pub use result::{
    calibrate, Calibration, CallAgreement, CallDeviation, CertifierCalibration, CertifierStatus,
    ItemAgreement, Reference,
};
pub use session::{CalibrationCall, CalibrationSession};

use crate::error::{Error, Problem, Result};
use crate::explain::PolicyRef;
use serde::{Deserialize, Serialize};

/// The default id of the calibration policy.
pub const POLICY_ID: &str = "care.calibration";

/// The thresholds of calibration and leniency. The documents give the pass mark (85); the
/// other defaults are this library's, to be tuned by each organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CalibrationPolicy {
    /// The policy's id; default `care.calibration`.
    pub id: String,
    /// The policy's version; default `1`.
    pub version: String,
    /// A call passes at this score or above: 85, the certification pass mark.
    pub pass_mark: f64,
    /// A certifier's score on a calibration call may be this many points from the
    /// reference score, either way; default 5.
    pub max_points_off: f64,
    /// Whether a certifier must give every calibration call the reference's verdict (pass or
    /// fail); default yes.
    pub require_same_verdict: bool,
    /// The lowest alignment (percent of rubric weight on which the certifier's marks match
    /// the reference) before review; default 90.
    pub min_alignment: f64,
    /// Leniency: the fewest graded calls before a certifier's pass rate or mean score is
    /// compared with the pool; default 20.
    pub min_calls: usize,
    /// Leniency: how far a certifier's pass rate may be from the pool's, in percentage
    /// points; default 15.
    pub max_pass_rate_gap: f64,
    /// Leniency: how far a certifier's mean score may be from the pool's, in points;
    /// default 5.
    pub max_mean_score_gap: f64,
    /// The normal quantile of the intervals: 1.96 (95%).
    pub z: f64,
}

impl Default for CalibrationPolicy {
    fn default() -> CalibrationPolicy {
        CalibrationPolicy {
            id: POLICY_ID.to_string(),
            version: "1".to_string(),
            pass_mark: crate::certification::CertPolicy::default().pass_mark,
            max_points_off: 5.0,
            require_same_verdict: true,
            min_alignment: 90.0,
            min_calls: 20,
            max_pass_rate_gap: 15.0,
            max_mean_score_gap: 5.0,
            z: 1.96,
        }
    }
}

crate::policy::loadable!(
    CalibrationPolicy,
    "a calibration policy (fields left out keep their defaults)"
);

impl CalibrationPolicy {
    /// Checks the policy; the error lists every problem.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] naming each field out of range.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Problem::id_and_version(&self.id, &self.version);
        let mut range = |name: &str, x: f64, lo: f64, hi: f64| {
            if !(x.is_finite() && (lo..=hi).contains(&x)) {
                problems.push(Problem::new(name, format!("{x} is outside {lo} to {hi}")));
            }
        };
        range("pass_mark", self.pass_mark, 0.0, 100.0);
        range("max_points_off", self.max_points_off, 0.0, 100.0);
        range("min_alignment", self.min_alignment, 0.0, 100.0);
        range("max_pass_rate_gap", self.max_pass_rate_gap, 0.0, 100.0);
        range("max_mean_score_gap", self.max_mean_score_gap, 0.0, 100.0);
        range("z", self.z, 0.0, 10.0);
        Error::policy_check(&self.id, problems)
    }

    /// The policy's id and version.
    pub fn policy_ref(&self) -> PolicyRef {
        PolicyRef {
            id: self.id.clone(),
            version: self.version.clone(),
        }
    }
}

/// A number for a sentence: at most two decimals, no trailing zeros.
pub(crate) fn fmt_num(x: f64) -> String {
    let s = format!("{:.2}", (x * 100.0).round() / 100.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_loads_and_validates() {
        let p = CalibrationPolicy::from_toml("max_points_off = 3\nmin_calls = 50").unwrap();
        assert_eq!(
            (p.max_points_off, p.min_calls, p.pass_mark),
            (3.0, 50, 85.0)
        );
        let e = CalibrationPolicy::from_toml("min_alignment = 120\nz = -1").unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"invalid policy "care.calibration": 2 problems: min_alignment: 120 is outside 0 to 100; z: -1 is outside 0 to 10"#
        );
        assert_eq!(fmt_num(-0.001), "0");
        assert_eq!(fmt_num(2.5), "2.5");
    }
}

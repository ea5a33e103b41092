//! Certification: one agent's calls, a numpy array of agents at once, QA audits, file stems
//! and QA scorecards.

use care_core::certification as core;
use care_core::scorecard as sc;
use numpy::{PyReadonlyArrayDyn, PyUntypedArrayMethods};
use pyo3::prelude::*;

use crate::errors::{care, invalid, raise, run};
use crate::values::{type_name, Column, Data, Opt, Score, Scores};
use std::borrow::Cow;

crate::results!(
    Evaluation(core::Evaluation) => explain,
    Standing(core::Standing),
    AuditResult(core::AuditResult),
    Decision(core::Decision),
    ScorecardScore(sc::ScorecardScore),
    CertWorkbook(care_core::workbook::certifier::CertWorkbook),
);

crate::data_class!(
    /// The rules of call certification. `CertPolicy()` is the documents' policy; keyword
    /// arguments (the fields of `to_dict()`) change only what they name. Checked once, when
    /// made (the core's `PreparedCertPolicy`).
    CertPolicy(core::PreparedCertPolicy), |s| s.inner.policy(), new "policy" core::CertPolicy => |p| p.prepare()
);

// The policy argument: a `CertPolicy`, or None for the documents' policy (checked once).
crate::class_arg!(CertPolicy => core::PreparedCertPolicy, |py| care(py, || core::CertPolicy::default().prepare())?);

crate::export! { impl CertPolicy;
    /// Evaluates one agent's session: `{"agent": ..., "calls": [{"number": 2, "score": 90}, ...]}`.
    fn evaluate(&self, py, session: core::Session) -> Evaluation = core::evaluate(&session, self.inner.policy());
    /// Evaluates the session of `agent` whose calls 1, 2, ... scored `scores` (calls not
    /// listed are still to be taken).
    fn evaluate_scores(&self, py, agent: String, scores: Scores<false>) -> Evaluation =
        core::evaluate_scores(&agent, &scores.0, self.inner.policy());
    /// Where the session of calls 1, 2, ... scored `scores` stands, in numbers (None or NaN:
    /// not taken yet): one row of `evaluate_batch`, named.
    fn standing(&self, py, scores: Scores<true>) -> Standing = self.inner.standing(&scores.0);
    /// The post-training QA audit of `score`.
    fn qa_audit(&self, py, score: Score) -> AuditResult = core::score_from_json("QA audit", &score)
        .and_then(|s| core::qa_audit(s, self.inner.policy()));
    /// Evaluates many agents at once: `scores` is an `N x calls` numpy array (or the rows
    /// laid end to end), uint8 (255 = not taken) or float64 (NaN = not taken). Returns the
    /// uint8 columns `(status, passes, pass_rate)`; `STATUS_NAMES` names the status codes.
    /// The GIL is released while care-core works.
    fn evaluate_batch(&self, py, scores: ArrayLike<'_, '_>) -> Columns = Ok(batch(py, &self.inner, scores));
}

/// The `scores` of `evaluate_batch`: any object, read by [`batch`].
type ArrayLike<'a, 'py> = Opt<'a, 'py>;
/// The status, passes and pass rate columns of `evaluate_batch`.
type Columns = (Column, Column, Column);

fn batch<'py>(
    py: Python<'py>, prepared: &core::PreparedCertPolicy, scores: ArrayLike<'_, 'py>,
) -> PyResult<Columns> {
    let none = py.None().into_bound(py);
    let scores = scores.unwrap_or(&none);
    crate::values::unmasked("scores", scores)?;
    let calls = usize::from(prepared.policy().calls);
    let (mut u8s, mut f64s) = (Vec::new(), Vec::new());
    let cols = if let Ok(a) = scores.extract::<PyReadonlyArrayDyn<'py, u8>>() {
        let rows = rows(&a, calls, &mut u8s)?;
        py.detach(|| run(|| prepared.evaluate_batch(rows)))
    } else if let Ok(a) = scores.extract::<PyReadonlyArrayDyn<'py, f64>>() {
        let rows = rows(&a, calls, &mut f64s)?;
        py.detach(|| run(|| prepared.evaluate_batch_f64(rows)))
    } else {
        let dtype = scores.getattr("dtype").map_or_else(|_| type_name(scores), |d| d.to_string());
        let give = "give a numpy array of uint8 (255 = not taken) or float64 (NaN = not taken)";
        return Err(invalid(py, format!("scores is {dtype}: {give}")));
    };
    let cols = cols.map_err(|e| raise(py, e))?;
    Ok((Column(cols.status), Column(cols.passes), Column(cols.pass_rate)))
}

/// The rows of an `N x calls` array (or of its rows laid end to end) in C order: a
/// Fortran-order array is copied into `owned`.
fn rows<'a, T: numpy::Element + Copy>(
    a: &'a PyReadonlyArrayDyn<'_, T>, calls: usize, owned: &'a mut Vec<T>,
) -> PyResult<&'a [T]> {
    let shape = a.shape();
    if shape.len() != 1 && (shape.len() != 2 || shape[1] != calls) {
        let give = format!("give one row per agent and {calls} columns (one per call)");
        return Err(invalid(a.py(), format!("scores has shape {shape:?}: {give}")));
    }
    Ok(crate::values::c_order(a, owned))
}

crate::export! {
    /// Evaluates one agent's session (see `CertPolicy.evaluate`).
    fn evaluate(py, session: core::Session, policy: &core::PreparedCertPolicy = None) -> Evaluation =
        core::evaluate(&session, policy.policy());
    /// Evaluates the session of `agent` whose calls 1, 2, ... scored `scores`.
    fn evaluate_scores(py, agent: String, scores: Scores<false>, policy: &core::PreparedCertPolicy = None) -> Evaluation =
        core::evaluate_scores(&agent, &scores.0, policy.policy());
    /// Where the session of calls 1, 2, ... scored `scores` stands (None or NaN: not taken yet).
    fn standing(py, scores: Scores<true>, policy: &core::PreparedCertPolicy = None) -> Standing =
        policy.standing(&scores.0);
    /// The post-training QA audit of `score`.
    fn qa_audit(py, score: Score, policy: &core::PreparedCertPolicy = None) -> AuditResult =
        core::score_from_json("QA audit", &score).and_then(|s| core::qa_audit(s, policy.policy()));
    /// The scorecard file stem `LastName_FirstName_NN%`, safe as a file name on every OS.
    fn file_stem(py, agent: String, pass_rate: u8) -> String = core::file_stem(&agent, pass_rate);
    /// The pass rate: passes / calls as a whole percent, rounded down.
    fn pass_rate(py, passes: u8, calls: u8) -> u8 = core::pass_rate(passes, calls);
    /// The counting rule: where a session with these counts stands.
    fn decide(py, passes: u8, fails: u8, pending: u8, policy: &core::PreparedCertPolicy = None) -> Decision =
        core::decide(passes, fails, pending, policy.policy());
    /// The verdict on call `number` scored `score`: `"pass"` or `"fail"`.
    fn call_verdict(py, number: u8, score: Score, policy: &core::PreparedCertPolicy = None) -> &'static str =
        core::score_from_json(&format!("call {number}"), &score)
            .and_then(|s| core::call_verdict(number, s, policy.policy()))
            .map(core::Verdict::name);
    /// Evaluates many agents at once (see `CertPolicy.evaluate_batch`).
    fn evaluate_batch(py, scores: ArrayLike<'_, '_>, policy: &core::PreparedCertPolicy = None) -> Columns =
        Ok(batch(py, policy, scores));
}

crate::data_class!(
    /// A QA scorecard template: weighted yes / no / not-applicable items in sections.
    Scorecard(sc::Scorecard), |s| &s.inner
);

crate::class_arg!(Scorecard => sc::Scorecard, |_py| sc::Scorecard::sample());

crate::export! { impl Scorecard;
    /// The sample template that ships with care-core.
    #[staticmethod]
    fn sample(py) -> Scorecard = Ok(sc::Scorecard::sample());
    /// Scores one call's marks: item id -> `"yes"`, `"no"` or `"na"`.
    fn score(&self, py, marks: sc::Marks) -> ScorecardScore = self.inner.score(&marks);
}

crate::export! {
    /// Reads and scores a filled Call Cert Tracking workbook (bytes or a file).
    fn read_cert_workbook(py, data: Data, policy: &core::PreparedCertPolicy = None) -> CertWorkbook =
        care_core::workbook::certifier::read_workbook(&data.bytes, policy.policy());
    /// The Call Cert Tracking workbook (xlsx) for `agent` (may be empty), with the scorecard's
    /// items (default the sample) and the policy's calls.
    fn cert_template_xlsx(py, agent: String, scorecard: &sc::Scorecard = None,
        policy: &core::PreparedCertPolicy = None) -> Cow<'static, [u8]> =
        care_core::workbook::certifier::template_xlsx(&agent, scorecard, policy.policy()).map(Cow::Owned);
}

crate::register! {
    [CertPolicy, Scorecard, Evaluation, Standing, AuditResult, Decision, ScorecardScore, CertWorkbook],
    [cert_template_xlsx, read_cert_workbook, evaluate, evaluate_scores, standing, qa_audit, evaluate_batch, file_stem, pass_rate, decide, call_verdict]
}

//! Certification: the five calls scored against the pass marks, one agent at a time or a
//! whole numpy array of agents at once; QA audits; scorecard file stems; QA scorecards.

use care_core::certification as core;
use care_core::scorecard as sc;
use numpy::{PyArray1, PyReadonlyArrayDyn, PyUntypedArrayMethods};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString};
use std::sync::OnceLock;

use crate::errors::{care, run};
use crate::record::{dumps, to_json_text, to_plain, to_value, Record, Scalars};
use crate::record_class;

record_class!(
    Evaluation,
    "Evaluation",
    "The outcome of one agent's certification session.",
    [
        agent,
        status,
        decided_early,
        passes,
        fails,
        pending,
        pass_rate,
        calls,
        file_stem,
        reasons,
        policy
    ],
    {
        /// The evaluation explained in sentences, one per line.
        fn explain(slf: &pyo3::Bound<'_, Self>) -> String {
            let base = slf.as_super();
            let record = base.get();
            if let Some(d) = record.value::<DeferredEvaluation>() {
                return d.evaluation().explain();
            }
            record
                .value::<core::Evaluation>()
                .map(core::Evaluation::explain)
                .unwrap_or_default()
        }
    }
);

/// An evaluation whose reasons are written when first read: `evaluate` returns it at once
/// (the checks and counts done), and the full `core::Evaluation` (the JSON, the dict) is
/// built only when an attribute other than the plain numbers and names is read.
pub struct DeferredEvaluation {
    assessment: core::Assessment,
    evaluation: OnceLock<core::Evaluation>,
}

impl DeferredEvaluation {
    fn new(assessment: core::Assessment) -> DeferredEvaluation {
        DeferredEvaluation {
            assessment,
            evaluation: OnceLock::new(),
        }
    }

    /// The evaluation, reasons written (once).
    pub fn evaluation(&self) -> &core::Evaluation {
        self.evaluation
            .get_or_init(|| self.assessment.to_evaluation())
    }

    /// An `Evaluation` object over `assessment`.
    fn create(py: Python<'_>, assessment: core::Assessment) -> PyResult<Py<Evaluation>> {
        Evaluation::from_record(
            py,
            Record::with_scalars("Evaluation", DeferredEvaluation::new(assessment)),
        )
    }
}

impl serde::Serialize for DeferredEvaluation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.evaluation().serialize(s)
    }
}

/// A status as serde names it.
fn status_name(s: core::Status) -> &'static str {
    match s {
        core::Status::InProgress => "in_progress",
        core::Status::Certified => "certified",
        core::Status::Failed => "failed",
    }
}

impl Scalars for DeferredEvaluation {
    fn scalar<'py>(&self, py: Python<'py>, key: &str) -> Option<PyResult<Bound<'py, PyAny>>> {
        let a = &self.assessment;
        let count = |n: u8| Some(Ok(n.into_pyobject(py).ok()?.into_any()));
        match key {
            "agent" => Some(Ok(PyString::new(py, a.agent()).into_any())),
            "file_stem" => Some(Ok(PyString::new(py, a.file_stem()).into_any())),
            "status" => Some(Ok(PyString::new(py, status_name(a.status())).into_any())),
            "decided_early" => Some(Ok(PyBool::new(py, a.decided_early()).to_owned().into_any())),
            "passes" => count(a.passes()),
            "fails" => count(a.fails()),
            "pending" => count(a.pending()),
            "pass_rate" => count(a.pass_rate()),
            _ => None,
        }
    }

    fn plain<'py>(&self, py: Python<'py>) -> Option<PyResult<Bound<'py, PyDict>>> {
        Some(evaluation_dict(py, self.evaluation()))
    }
}

/// A reason as the dict serde's JSON gives.
fn reason_dict<'py>(py: Python<'py>, r: &care_core::Reason) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "rule"), &*r.rule)?;
    d.set_item(intern!(py, "input"), &*r.input)?;
    d.set_item(intern!(py, "message"), &*r.message)?;
    Ok(d)
}

/// An evaluation as the dict serde's JSON gives (keys in serde's order; the Python tests
/// compare it with `json.loads(to_json())`).
fn evaluation_dict<'py>(py: Python<'py>, e: &core::Evaluation) -> PyResult<Bound<'py, PyDict>> {
    let verdict = |v: core::Verdict| match v {
        core::Verdict::Pass => intern!(py, "pass"),
        core::Verdict::Fail => intern!(py, "fail"),
        core::Verdict::Pending => intern!(py, "pending"),
    };
    let kind = |k: core::CallKind| match k {
        core::CallKind::Pdp => intern!(py, "pdp"),
        core::CallKind::Mapd => intern!(py, "mapd"),
    };
    let d = PyDict::new(py);
    d.set_item(intern!(py, "agent"), &e.agent)?;
    d.set_item(intern!(py, "status"), status_name(e.status))?;
    d.set_item(intern!(py, "decided_early"), e.decided_early)?;
    d.set_item(intern!(py, "passes"), e.passes)?;
    d.set_item(intern!(py, "fails"), e.fails)?;
    d.set_item(intern!(py, "pending"), e.pending)?;
    d.set_item(intern!(py, "pass_rate"), e.pass_rate)?;
    let calls = PyList::empty(py);
    for c in &e.calls {
        let cd = PyDict::new(py);
        cd.set_item(intern!(py, "number"), c.number)?;
        cd.set_item(intern!(py, "kind"), c.kind.map(kind))?;
        cd.set_item(intern!(py, "coached"), c.coached)?;
        cd.set_item(intern!(py, "score"), c.score)?;
        cd.set_item(intern!(py, "verdict"), verdict(c.verdict))?;
        cd.set_item(intern!(py, "margin"), c.margin)?;
        cd.set_item(intern!(py, "certifier"), c.certifier.as_deref())?;
        calls.append(cd)?;
    }
    d.set_item(intern!(py, "calls"), calls)?;
    d.set_item(intern!(py, "file_stem"), &e.file_stem)?;
    let reasons = PyList::empty(py);
    for r in &e.reasons {
        reasons.append(reason_dict(py, r)?)?;
    }
    d.set_item(intern!(py, "reasons"), reasons)?;
    let policy = PyDict::new(py);
    policy.set_item(intern!(py, "id"), &e.policy.id)?;
    policy.set_item(intern!(py, "version"), &e.policy.version)?;
    d.set_item(intern!(py, "policy"), policy)?;
    Ok(d)
}
record_class!(
    AuditResult,
    "AuditResult",
    "The outcome of a post-training QA audit.",
    [score, pass_mark, passed, margin, reasons, policy]
);
record_class!(
    Decision,
    "Decision",
    "The outcome of the counting rule: status and whether it was decided early.",
    [status, decided_early]
);
record_class!(
    ScorecardScore,
    "ScorecardScore",
    "A marked QA scorecard's score, item by item.",
    [
        scorecard,
        score,
        raw_score,
        bonus,
        critical_missed,
        items,
        reasons
    ]
);

/// The rules of call certification. `CertPolicy()` is the documents' policy; keyword
/// arguments (or a file) change only the fields they name.
#[pyclass(frozen, module = "care_core", eq)]
#[derive(PartialEq)]
pub struct CertPolicy {
    /// The policy.
    pub inner: core::CertPolicy,
    /// The same policy checked once, for `standing` and the batch (no check per call).
    prepared: core::PreparedCertPolicy,
}

impl CertPolicy {
    fn from_core(py: Python<'_>, inner: core::CertPolicy) -> PyResult<CertPolicy> {
        let prepared = care(py, || inner.prepare())?;
        Ok(CertPolicy { inner, prepared })
    }
}

fn default_policy() -> &'static core::CertPolicy {
    static DEFAULT: OnceLock<core::CertPolicy> = OnceLock::new();
    DEFAULT.get_or_init(core::CertPolicy::default)
}

/// The policy given, or the documents' default.
pub fn policy_or_default<'a>(policy: Option<&'a Bound<'_, CertPolicy>>) -> &'a core::CertPolicy {
    match policy {
        Some(p) => &p.get().inner,
        None => default_policy(),
    }
}

/// The policy given, or the documents' default, checked once.
fn prepared_or_default<'a>(
    py: Python<'_>,
    policy: Option<&'a Bound<'_, CertPolicy>>,
) -> PyResult<&'a core::PreparedCertPolicy> {
    static DEFAULT: OnceLock<Result<core::PreparedCertPolicy, care_core::Error>> = OnceLock::new();
    match policy {
        Some(p) => Ok(&p.get().prepared),
        None => DEFAULT
            .get_or_init(|| default_policy().prepare())
            .as_ref()
            .map_err(|e| crate::errors::to_pyerr(py, e)),
    }
}

#[pymethods]
impl CertPolicy {
    #[new]
    #[pyo3(signature = (**fields))]
    fn new(py: Python<'_>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<CertPolicy> {
        match fields {
            None => CertPolicy::from_core(py, core::CertPolicy::default()),
            Some(d) => {
                let text = dumps(d.as_any())?;
                CertPolicy::from_core(py, care(py, || core::CertPolicy::from_json(&text))?)
            }
        }
    }

    /// Loads and validates a policy from TOML text (fields not named keep their defaults).
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<CertPolicy> {
        CertPolicy::from_core(py, care(py, || core::CertPolicy::from_toml(text))?)
    }

    /// Loads and validates a policy from JSON text (fields not named keep their defaults).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<CertPolicy> {
        CertPolicy::from_core(py, care(py, || core::CertPolicy::from_json(text))?)
    }

    /// The policy as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_plain(py, &self.inner)
    }

    /// The policy as JSON text.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        to_json_text(py, &self.inner)
    }

    /// The policy as TOML text.
    fn to_toml(&self, py: Python<'_>) -> PyResult<String> {
        care(py, || care_core::policy::to_toml(&self.inner))
    }

    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }
    #[getter]
    fn version(&self) -> &str {
        &self.inner.version
    }
    #[getter]
    fn calls(&self) -> u8 {
        self.inner.calls
    }
    #[getter]
    fn pdp_calls(&self) -> u8 {
        self.inner.pdp_calls
    }
    #[getter]
    fn mapd_calls(&self) -> u8 {
        self.inner.mapd_calls
    }
    #[getter]
    fn coached_call(&self) -> u8 {
        self.inner.coached_call
    }
    #[getter]
    fn coached_score(&self) -> f64 {
        self.inner.coached_score
    }
    #[getter]
    fn pass_mark(&self) -> f64 {
        self.inner.pass_mark
    }
    #[getter]
    fn passes_needed(&self) -> u8 {
        self.inner.passes_needed
    }
    #[getter]
    fn early_decision(&self) -> bool {
        self.inner.early_decision
    }
    #[getter]
    fn qa_audit_pass_mark(&self) -> f64 {
        self.inner.qa_audit_pass_mark
    }

    fn __repr__(&self) -> String {
        let p = &self.inner;
        format!(
            "CertPolicy(id={:?}, version={:?}, calls={}, pass_mark={}, passes_needed={}, qa_audit_pass_mark={})",
            p.id, p.version, p.calls, p.pass_mark, p.passes_needed, p.qa_audit_pass_mark
        )
    }
}

/// A session from a dict in the JSON shape (`{"agent": ..., "calls": [{"number": 2,
/// "score": 90}, ...]}`), read by care-core so errors name the field (a NaN or infinite score
/// reaches care-core's invalid-score check), or from its JSON text.
fn session_from(py: Python<'_>, session: &Bound<'_, PyAny>) -> PyResult<core::Session> {
    if session.is_instance_of::<PyString>() {
        let text = session.extract::<String>()?;
        return care(py, || care_core::policy::from_json::<core::Session>(&text));
    }
    let value = to_value(session)?;
    care(py, || care_core::policy::from_value("session", value))
}

/// A score argument: a number, or else care-core's invalid-score error for `place` (text
/// such as `"ninety"` is not a score) rather than a bare `TypeError`.
fn score_arg(py: Python<'_>, place: &str, score: &Bound<'_, PyAny>) -> PyResult<f64> {
    if let Ok(x) = score.extract::<f64>() {
        return Ok(x);
    }
    let value = to_value(score)?;
    care(py, || core::score_from_json(place, &value))
}

/// A list of score arguments (calls 1, 2, ...); `None` is NaN when `none_is_nan`.
fn score_list(py: Python<'_>, scores: &Bound<'_, PyAny>, none_is_nan: bool) -> PyResult<Vec<f64>> {
    let mut out = Vec::with_capacity(scores.len().unwrap_or(0));
    for (i, s) in scores.try_iter()?.enumerate() {
        let s = s?;
        if none_is_nan && s.is_none() {
            out.push(f64::NAN);
        } else if let Ok(x) = s.extract::<f64>() {
            // A number: the usual case, with no place to write.
            out.push(x);
        } else {
            out.push(score_arg(py, &format!("call {}", i + 1), &s)?);
        }
    }
    Ok(out)
}

/// Evaluates one agent's certification session (a dict in the session's JSON shape, or its
/// JSON text).
#[pyfunction]
#[pyo3(signature = (session, policy=None))]
fn evaluate(
    py: Python<'_>,
    session: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, CertPolicy>>,
) -> PyResult<Py<Evaluation>> {
    let session = session_from(py, session)?;
    let policy = policy_or_default(policy);
    let a = care(py, || core::assess(&session, policy))?;
    DeferredEvaluation::create(py, a)
}

/// Evaluates the session of `agent` whose calls 1, 2, ... scored `scores`, in order (calls
/// not listed are still to be taken).
#[pyfunction]
#[pyo3(signature = (agent, scores, policy=None))]
fn evaluate_scores(
    py: Python<'_>,
    agent: &str,
    scores: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, CertPolicy>>,
) -> PyResult<Py<Evaluation>> {
    let scores = score_list(py, scores, false)?;
    let policy = policy_or_default(policy);
    let a = care(py, || core::assess_scores(agent, &scores, policy))?;
    DeferredEvaluation::create(py, a)
}

/// The post-training QA audit of `score`.
#[pyfunction]
#[pyo3(signature = (score, policy=None))]
fn qa_audit(
    py: Python<'_>,
    score: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, CertPolicy>>,
) -> PyResult<Py<AuditResult>> {
    let score = score_arg(py, "QA audit", score)?;
    let policy = policy_or_default(policy);
    let a = care(py, || core::qa_audit(score, policy))?;
    AuditResult::create(py, a)
}

/// The scorecard file stem `LastName_FirstName_NN%`, safe as a file name on every OS.
#[pyfunction]
fn file_stem(py: Python<'_>, agent: &str, pass_rate: u8) -> PyResult<String> {
    care(py, || core::file_stem(agent, pass_rate))
}

/// The pass rate: passes / calls as a whole percent, rounded down.
#[pyfunction]
fn pass_rate(passes: u8, calls: u8) -> u8 {
    core::pass_rate(passes, calls)
}

/// The counting rule: where a session with these counts stands.
#[pyfunction]
#[pyo3(signature = (passes, fails, pending, policy=None))]
fn decide(
    py: Python<'_>,
    passes: u8,
    fails: u8,
    pending: u8,
    policy: Option<&Bound<'_, CertPolicy>>,
) -> PyResult<Py<Decision>> {
    let policy = policy_or_default(policy);
    let d = care(py, || Ok(core::decide(passes, fails, pending, policy)))?;
    Decision::create(py, d)
}

/// The verdict on call `number` scored `score`: `"pass"` or `"fail"`.
#[pyfunction]
#[pyo3(signature = (number, score, policy=None))]
fn call_verdict<'py>(
    py: Python<'py>,
    number: u8,
    score: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, CertPolicy>>,
) -> PyResult<Bound<'py, PyAny>> {
    let score = score_arg(py, &format!("call {number}"), score)?;
    let policy = policy_or_default(policy);
    let v = care(py, || core::call_verdict(number, score, policy))?;
    to_plain(py, &v)
}

record_class!(
    Standing,
    "Standing",
    "Where one agent's session stands, in numbers only (one batch row).",
    [status, decided_early, passes, fails, pending, pass_rate]
);

/// Where the session of calls 1, 2, ... scored `scores` stands (None or NaN = call not taken
/// yet; calls not listed are still to be taken): `evaluate_batch` for one row, named.
#[pyfunction]
#[pyo3(signature = (scores, policy=None))]
fn standing(
    py: Python<'_>,
    scores: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, CertPolicy>>,
) -> PyResult<Py<Standing>> {
    let scores = score_list(py, scores, true)?;
    let prepared = prepared_or_default(py, policy)?;
    let s = care(py, || prepared.standing(&scores))?;
    Standing::create(py, s)
}

type Columns<'py> = (
    Bound<'py, PyArray1<u8>>,
    Bound<'py, PyArray1<u8>>,
    Bound<'py, PyArray1<u8>>,
);

/// Evaluates many agents at once. `scores` is an `N x calls` numpy array, one row per agent
/// (or a 1-D array of the rows laid end to end):
/// `uint8` (255 = call not taken yet) or `float64` (NaN = not taken). Returns the columns
/// `(status, passes, pass_rate)` as `uint8` arrays; status codes are 0 in progress,
/// 1 certified, 2 failed. The GIL is released while care-core works.
#[pyfunction]
#[pyo3(signature = (scores, policy=None))]
fn evaluate_batch<'py>(
    py: Python<'py>,
    scores: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, CertPolicy>>,
) -> PyResult<Columns<'py>> {
    let prepared = prepared_or_default(py, policy)?;
    let calls = usize::from(prepared.policy().calls);
    // A 1-D array is the rows laid end to end; care-core checks that they are whole.
    let check_shape = |shape: &[usize]| -> PyResult<()> {
        if shape.len() != 1 && (shape.len() != 2 || shape.get(1) != Some(&calls)) {
            return Err(crate::errors::to_pyerr(
                py,
                &care_core::Error::invalid_input(format!(
                    "scores has shape {shape:?}: give one row per agent and {calls} columns (one per call)"
                )),
            ));
        }
        Ok(())
    };
    let cols = if let Ok(a) = scores.extract::<PyReadonlyArrayDyn<'py, u8>>() {
        check_shape(a.shape())?;
        let owned;
        // `as_slice` also accepts a Fortran-order array, whose rows are not contiguous.
        let c_order = if a.is_c_contiguous() {
            a.as_slice().ok()
        } else {
            None
        };
        let slice = match c_order {
            Some(s) => s,
            None => {
                owned = a.as_array().iter().copied().collect::<Vec<u8>>();
                owned.as_slice()
            }
        };
        py.detach(|| run(|| prepared.evaluate_batch(slice)))
    } else if let Ok(a) = scores.extract::<PyReadonlyArrayDyn<'py, f64>>() {
        check_shape(a.shape())?;
        let owned;
        // `as_slice` also accepts a Fortran-order array, whose rows are not contiguous.
        let c_order = if a.is_c_contiguous() {
            a.as_slice().ok()
        } else {
            None
        };
        let slice = match c_order {
            Some(s) => s,
            None => {
                owned = a.as_array().iter().copied().collect::<Vec<f64>>();
                owned.as_slice()
            }
        };
        py.detach(|| run(|| prepared.evaluate_batch_f64(slice)))
    } else {
        let dtype = scores
            .getattr("dtype")
            .and_then(|d| d.str().map(|s| s.to_string()))
            .unwrap_or_else(|_| {
                scores
                    .get_type()
                    .name()
                    .map_or_else(|_| "?".into(), |n| n.to_string())
            });
        return Err(crate::errors::to_pyerr(
            py,
            &care_core::Error::invalid_input(format!(
                "scores is {dtype}: give a numpy array of uint8 (255 = not taken) or float64 (NaN = not taken)"
            )),
        ));
    };
    let cols = cols.map_err(|e| e.into_pyerr(py))?;
    Ok((
        PyArray1::from_vec(py, cols.status),
        PyArray1::from_vec(py, cols.passes),
        PyArray1::from_vec(py, cols.pass_rate),
    ))
}

/// A QA scorecard template: weighted yes / no / not-applicable items in sections.
#[pyclass(frozen, module = "care_core")]
pub struct Scorecard {
    inner: sc::Scorecard,
}

#[pymethods]
impl Scorecard {
    /// The sample template that ships with care-core.
    #[staticmethod]
    fn sample() -> Scorecard {
        Scorecard {
            inner: sc::Scorecard::sample(),
        }
    }

    /// Loads and validates a template from TOML text.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<Scorecard> {
        care(py, || sc::Scorecard::from_toml(text)).map(|inner| Scorecard { inner })
    }

    /// Loads and validates a template from JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Scorecard> {
        care(py, || sc::Scorecard::from_json(text)).map(|inner| Scorecard { inner })
    }

    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    #[getter]
    fn version(&self) -> &str {
        &self.inner.version
    }

    /// The ids of the items, in order.
    fn item_ids(&self) -> Vec<String> {
        self.inner.items().map(|(_, i)| i.id.clone()).collect()
    }

    /// Scores one call's marks: item id -> `"yes"`, `"no"` or `"na"`.
    fn score(&self, py: Python<'_>, marks: &Bound<'_, PyDict>) -> PyResult<Py<ScorecardScore>> {
        let text = dumps(marks.as_any())?;
        let s = care(py, || {
            let marks: sc::Marks = care_core::policy::from_json(&text)?;
            self.inner.score(&marks)
        })?;
        ScorecardScore::create(py, s)
    }

    /// The template as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_plain(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Scorecard(id={:?}, name={:?}, version={:?}, items={})",
            self.inner.id,
            self.inner.name,
            self.inner.version,
            self.inner.items().count()
        )
    }
}

/// Adds the classes and functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<CertPolicy>()?;
    m.add_class::<Evaluation>()?;
    m.add_class::<AuditResult>()?;
    m.add_class::<Decision>()?;
    m.add_class::<ScorecardScore>()?;
    m.add_class::<Scorecard>()?;
    m.add_class::<Standing>()?;
    m.add_function(wrap_pyfunction!(standing, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_scores, m)?)?;
    m.add_function(wrap_pyfunction!(qa_audit, m)?)?;
    m.add_function(wrap_pyfunction!(file_stem, m)?)?;
    m.add_function(wrap_pyfunction!(pass_rate, m)?)?;
    m.add_function(wrap_pyfunction!(decide, m)?)?;
    m.add_function(wrap_pyfunction!(call_verdict, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_batch, m)?)?;
    Ok(())
}

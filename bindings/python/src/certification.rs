//! Certification: one agent's calls, a numpy array of agents at once, QA audits, file stems
//! and QA scorecards.

use care_core::certification as core;
use care_core::scorecard as sc;
use numpy::{PyArray1, PyReadonlyArrayDyn, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::sync::OnceLock;

use crate::errors::{care, invalid, raise, run};
use crate::values::{arg, class_arg, kwargs, out, to_py, type_name, Opt};

crate::results!(
    Evaluation(core::Evaluation) => explain,
    Standing(core::Standing),
    AuditResult(core::AuditResult),
    Decision(core::Decision),
    ScorecardScore(sc::ScorecardScore),
    CertWorkbook(care_core::workbook::certifier::CertWorkbook),
);

/// The rules of call certification. `CertPolicy()` is the documents' policy; keyword
/// arguments (the fields of `to_dict()`) change only what they name.
#[pyclass(frozen, module = "care_core")]
pub struct CertPolicy {
    inner: core::CertPolicy,
    /// The same policy checked once, for `standing` and the batch.
    pub(crate) prepared: core::PreparedCertPolicy,
    json: OnceLock<serde_json::Value>,
}
crate::data_class!(@methods CertPolicy(core::CertPolicy), |s| &s.inner);

impl CertPolicy {
    fn wrap(py: Python<'_>, inner: core::CertPolicy) -> PyResult<CertPolicy> {
        let prepared = care(py, || inner.prepare())?;
        Ok(CertPolicy { inner, prepared, json: OnceLock::new() })
    }
}

/// The policy argument: a `CertPolicy`, or None for the documents' policy (checked once).
pub(crate) fn policy<'a>(py: Python<'_>, p: Opt<'a, '_>) -> PyResult<&'a CertPolicy> {
    static DEFAULT: OnceLock<CertPolicy> = OnceLock::new();
    match (class_arg("policy", p)?, DEFAULT.get()) {
        (Some(p), _) | (None, Some(p)) => Ok(p),
        (None, None) => {
            let d = CertPolicy::wrap(py, core::CertPolicy::default())?;
            Ok(DEFAULT.get_or_init(|| d))
        }
    }
}

#[pymethods]
impl CertPolicy {
    #[new]
    #[pyo3(signature = (**fields))]
    fn py_new(py: Python<'_>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<CertPolicy> {
        let inner: core::CertPolicy = kwargs(py, "policy", fields)?;
        care(py, || inner.validate())?;
        CertPolicy::wrap(py, inner)
    }

    /// (self, session: dict[str, Any]) -> Evaluation
    /// Evaluates one agent's session: `{"agent": ..., "calls": [{"number": 2, "score": 90}, ...]}`.
    fn evaluate(&self, py: Python<'_>, session: &Bound<'_, PyAny>) -> PyResult<Evaluation> {
        let session: core::Session = arg("session", session)?;
        out(py, || core::evaluate(&session, &self.inner))
    }

    /// (self, agent: str, scores: Iterable[float]) -> Evaluation
    /// Evaluates the session of `agent` whose calls 1, 2, ... scored `scores` (calls not
    /// listed are still to be taken).
    fn evaluate_scores(
        &self, py: Python<'_>, agent: &Bound<'_, PyAny>, scores: &Bound<'_, PyAny>,
    ) -> PyResult<Evaluation> {
        let agent: String = arg("agent", agent)?;
        let scores = crate::values::scores(scores, false)?;
        out(py, || core::evaluate_scores(&agent, &scores, &self.inner))
    }

    /// (self, scores: Iterable[float | None]) -> Standing
    /// Where the session of calls 1, 2, ... scored `scores` stands, in numbers (None or NaN:
    /// not taken yet): one row of `evaluate_batch`, named.
    fn standing(&self, py: Python<'_>, scores: &Bound<'_, PyAny>) -> PyResult<Standing> {
        let scores = crate::values::scores(scores, true)?;
        out(py, || self.prepared.standing(&scores))
    }

    /// (self, score: float) -> AuditResult
    /// The post-training QA audit of `score`.
    fn qa_audit(&self, py: Python<'_>, score: &Bound<'_, PyAny>) -> PyResult<AuditResult> {
        let score = crate::values::score(|| "QA audit".into(), score)?;
        out(py, || core::qa_audit(score, &self.inner))
    }

    /// (self, scores: numpy.typing.ArrayLike) -> tuple[numpy.typing.NDArray[numpy.uint8], numpy.typing.NDArray[numpy.uint8], numpy.typing.NDArray[numpy.uint8]]
    /// Evaluates many agents at once: `scores` is an `N x calls` numpy array (or the rows
    /// laid end to end), uint8 (255 = not taken) or float64 (NaN = not taken). Returns the
    /// uint8 columns `(status, passes, pass_rate)`; `STATUS_NAMES` names the status codes.
    /// The GIL is released while care-core works.
    fn evaluate_batch<'py>(&self, py: Python<'py>, scores: &Bound<'py, PyAny>) -> PyResult<Columns<'py>> {
        batch(py, &self.prepared, scores)
    }
}

type Columns<'py> = (Bound<'py, PyArray1<u8>>, Bound<'py, PyArray1<u8>>, Bound<'py, PyArray1<u8>>);

fn batch<'py>(
    py: Python<'py>, prepared: &core::PreparedCertPolicy, scores: &Bound<'py, PyAny>,
) -> PyResult<Columns<'py>> {
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
    let column = |c| PyArray1::from_vec(py, c);
    Ok((column(cols.status), column(cols.passes), column(cols.pass_rate)))
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
    match a.as_slice() {
        Ok(s) if a.is_c_contiguous() => Ok(s),
        _ => {
            *owned = a.as_array().iter().copied().collect();
            Ok(owned)
        }
    }
}

crate::delegate! { |py, policy| self::policy(py, policy)?;
    "(session: dict[str, Any], policy: CertPolicy | None = None) -> Evaluation"
    "Evaluates one agent's session (see `CertPolicy.evaluate`)."
    fn evaluate(session: &Bound<'_, PyAny>) = (session, policy=None) -> Evaluation;
    "(agent: str, scores: Iterable[float], policy: CertPolicy | None = None) -> Evaluation"
    "Evaluates the session of `agent` whose calls 1, 2, ... scored `scores`."
    fn evaluate_scores(agent: &Bound<'_, PyAny>, scores: &Bound<'_, PyAny>) = (agent, scores, policy=None) -> Evaluation;
    "(scores: Iterable[float | None], policy: CertPolicy | None = None) -> Standing"
    "Where the session of calls 1, 2, ... scored `scores` stands (None or NaN: not taken yet)."
    fn standing(scores: &Bound<'_, PyAny>) = (scores, policy=None) -> Standing;
    "(score: float, policy: CertPolicy | None = None) -> AuditResult"
    "The post-training QA audit of `score`."
    fn qa_audit(score: &Bound<'_, PyAny>) = (score, policy=None) -> AuditResult;
}

/// (scores: numpy.typing.ArrayLike, policy: CertPolicy | None = None) -> tuple[numpy.typing.NDArray[numpy.uint8], numpy.typing.NDArray[numpy.uint8], numpy.typing.NDArray[numpy.uint8]]
/// Evaluates many agents at once (see `CertPolicy.evaluate_batch`).
#[pyfunction]
#[pyo3(signature = (scores, policy=None))]
fn evaluate_batch<'py>(
    py: Python<'py>, scores: &Bound<'py, PyAny>, policy: Opt<'_, 'py>,
) -> PyResult<Columns<'py>> {
    batch(py, &self::policy(py, policy)?.prepared, scores)
}

/// (agent: str, pass_rate: int) -> str
/// The scorecard file stem `LastName_FirstName_NN%`, safe as a file name on every OS.
#[pyfunction]
fn file_stem(py: Python<'_>, agent: &Bound<'_, PyAny>, pass_rate: &Bound<'_, PyAny>) -> PyResult<String> {
    let (agent, rate): (String, u8) = (arg("agent", agent)?, arg("pass_rate", pass_rate)?);
    care(py, || core::file_stem(&agent, rate))
}

/// (passes: int, calls: int) -> int
/// The pass rate: passes / calls as a whole percent, rounded down.
#[pyfunction]
fn pass_rate(py: Python<'_>, passes: &Bound<'_, PyAny>, calls: &Bound<'_, PyAny>) -> PyResult<u8> {
    let (passes, calls) = (arg("passes", passes)?, arg("calls", calls)?);
    care(py, || core::pass_rate(passes, calls))
}

/// (passes: int, fails: int, pending: int, policy: CertPolicy | None = None) -> Decision
/// The counting rule: where a session with these counts stands.
#[pyfunction]
#[pyo3(signature = (passes, fails, pending, policy=None))]
fn decide(
    py: Python<'_>, passes: &Bound<'_, PyAny>, fails: &Bound<'_, PyAny>, pending: &Bound<'_, PyAny>,
    policy: Opt,
) -> PyResult<Decision> {
    let (p, f, n) = (arg("passes", passes)?, arg("fails", fails)?, arg("pending", pending)?);
    let policy = &self::policy(py, policy)?.inner;
    out(py, || core::decide(p, f, n, policy))
}

/// (number: int, score: float, policy: CertPolicy | None = None) -> str
/// The verdict on call `number` scored `score`: `"pass"` or `"fail"`.
#[pyfunction]
#[pyo3(signature = (number, score, policy=None))]
fn call_verdict<'py>(
    py: Python<'py>, number: &Bound<'py, PyAny>, score: &Bound<'py, PyAny>, policy: Opt<'_, 'py>,
) -> PyResult<Bound<'py, PyAny>> {
    let number: u8 = arg("number", number)?;
    let score = crate::values::score(|| format!("call {number}"), score)?;
    let policy = &self::policy(py, policy)?.inner;
    to_py(py, &care(py, || core::call_verdict(number, score, policy))?)
}

crate::data_class!(
    /// A QA scorecard template: weighted yes / no / not-applicable items in sections.
    Scorecard(sc::Scorecard), |s| &s.inner
);

impl Scorecard {
    /// The template argument: a `Scorecard`, or None for the sample.
    pub(crate) fn arg(t: Opt) -> PyResult<sc::Scorecard> {
        Ok(class_arg::<Scorecard>("template", t)?.map_or_else(sc::Scorecard::sample, |s| s.inner.clone()))
    }
}

#[pymethods]
impl Scorecard {
    /// () -> Scorecard
    /// The sample template that ships with care-core.
    #[staticmethod]
    fn sample(py: Python<'_>) -> PyResult<Scorecard> {
        Scorecard::wrap(py, sc::Scorecard::sample())
    }

    /// (self, marks: dict[str, str]) -> ScorecardScore
    /// Scores one call's marks: item id -> `"yes"`, `"no"` or `"na"`.
    fn score(&self, py: Python<'_>, marks: &Bound<'_, PyAny>) -> PyResult<ScorecardScore> {
        let marks: sc::Marks = arg("marks", marks)?;
        out(py, || self.inner.score(&marks))
    }
}

/// (agent: str, scorecard: Scorecard | None = None, policy: CertPolicy | None = None) -> bytes
/// The Call Cert Tracking workbook (xlsx) for `agent` (may be empty), with the scorecard's
/// items (default the sample) and the policy's calls.
#[pyfunction]
#[pyo3(signature = (agent, scorecard=None, policy=None))]
fn cert_template_xlsx<'py>(
    py: Python<'py>, agent: &Bound<'_, PyAny>, scorecard: Opt, policy: Opt,
) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
    let (agent, t) = (arg::<String>("agent", agent)?, Scorecard::arg(scorecard)?);
    let p = &self::policy(py, policy)?.inner;
    let book = care(py, || care_core::workbook::certifier::template_xlsx(&agent, &t, p))?;
    Ok(pyo3::types::PyBytes::new(py, &book))
}

/// (data: bytes | str | os.PathLike[str], policy: CertPolicy | None = None) -> CertWorkbook
/// Reads and scores a filled Call Cert Tracking workbook (bytes or a file).
#[pyfunction]
#[pyo3(signature = (data, policy=None))]
fn read_cert_workbook(py: Python<'_>, data: &Bound<'_, PyAny>, policy: Opt) -> PyResult<CertWorkbook> {
    let (bytes, _) = crate::cohort::bytes_or_path(data)?;
    let p = &self::policy(py, policy)?.inner;
    out(py, || care_core::workbook::certifier::read_workbook(&bytes, p))
}

crate::register! {
    [CertPolicy, Scorecard, Evaluation, Standing, AuditResult, Decision, ScorecardScore, CertWorkbook],
    [cert_template_xlsx, read_cert_workbook, evaluate, evaluate_scores, standing, qa_audit, evaluate_batch, file_stem, pass_rate, decide, call_verdict]
}

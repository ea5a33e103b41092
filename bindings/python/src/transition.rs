//! Career moves: `classify`, `readiness`, `next_steps` and `paths` (as `Catalog` methods and
//! as module functions over the built-in catalog), and the `Person` they take.

use care_core::catalog as cat;
use care_core::transition as core;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString};

use crate::catalog::Catalog;
use crate::errors::care;
use crate::record::{dumps, to_plain, to_value};
use crate::record_class;

record_class!(
    Move,
    "Move",
    "A move from one role to another, classified: direction, scope, match and prerequisites.",
    [
        from_ => "from",
        to,
        direction,
        scope,
        grade_steps,
        unit_steps,
        well_matched,
        matched_by,
        prerequisites,
        reasons,
        policy
    ],
    {
        /// The move explained in sentences, one per line.
        fn explain(slf: &pyo3::Bound<'_, Self>) -> String {
            slf.as_super()
                .get()
                .value::<core::Move>()
                .map(core::Move::explain)
                .unwrap_or_default()
        }
    }
);

record_class!(
    Readiness,
    "Readiness",
    "Whether a person may move to a target role: each prerequisite checked.",
    [
        current,
        target,
        eligible,
        step,
        required,
        recommended,
        reasons,
        policy
    ],
    {
        /// The readiness explained in sentences, one per line.
        fn explain(slf: &pyo3::Bound<'_, Self>) -> String {
            slf.as_super()
                .get()
                .value::<core::Readiness>()
                .map(core::Readiness::explain)
                .unwrap_or_default()
        }
    }
);

record_class!(
    CareerPath,
    "CareerPath",
    "One career path: the role ids in order, its cross-functional transfers and each step.",
    [roles, transfers, steps]
);

/// A person: current role, months in roles, years of call-center experience, credentials.
#[pyclass(frozen, module = "care_core")]
pub struct Person {
    /// The care-core value.
    pub inner: core::Person,
}

fn person_from_json(py: Python<'_>, text: &str) -> PyResult<core::Person> {
    care(py, || care_core::policy::from_json::<core::Person>(text))
}

#[pymethods]
impl Person {
    /// A person from the fields `current_role`, `months_in_role` (role -> months),
    /// `call_center_years` and `credentials`.
    #[new]
    #[pyo3(signature = (**fields))]
    fn new(py: Python<'_>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<Person> {
        let text = match fields {
            Some(d) => dumps(d.as_any())?,
            None => "{}".to_string(),
        };
        person_from_json(py, &text).map(|inner| Person { inner })
    }

    /// The current role (id or name).
    #[getter]
    fn current_role(&self) -> &str {
        &self.inner.current_role
    }

    /// Months spent in roles (ids or names).
    #[getter]
    fn months_in_role(&self) -> std::collections::BTreeMap<String, u32> {
        self.inner.months_in_role.clone()
    }

    /// Whole years of call-center experience.
    #[getter]
    fn call_center_years(&self) -> u32 {
        self.inner.call_center_years
    }

    /// Credentials held.
    #[getter]
    fn credentials(&self) -> Vec<String> {
        self.inner.credentials.clone()
    }

    /// The person as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_plain(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Person(current_role={:?}, months_in_role={:?}, call_center_years={}, credentials={:?})",
            self.inner.current_role,
            self.inner.months_in_role,
            self.inner.call_center_years,
            self.inner.credentials
        )
    }
}

/// A person from a `Person`, a dict in its JSON shape (read by care-core, errors name the
/// field) or JSON text.
pub fn person_from(py: Python<'_>, ob: &Bound<'_, PyAny>) -> PyResult<core::Person> {
    if let Ok(p) = ob.cast::<Person>() {
        return Ok(p.get().inner.clone());
    }
    if ob.is_instance_of::<PyString>() {
        return person_from_json(py, &ob.extract::<String>()?);
    }
    let value = to_value(ob)?;
    care(py, || care_core::policy::from_value("person", value))
}

/// `classify` on `catalog`.
pub fn classify_in(py: Python<'_>, c: &cat::Catalog, from: &str, to: &str) -> PyResult<Py<Move>> {
    let m = care(py, || core::classify(c, from, to))?;
    Move::create(py, m)
}

/// `readiness` on `catalog`.
pub fn readiness_in(
    py: Python<'_>,
    c: &cat::Catalog,
    person: &Bound<'_, PyAny>,
    target: &str,
) -> PyResult<Py<Readiness>> {
    let person = person_from(py, person)?;
    let r = care(py, || core::readiness(c, &person, target))?;
    Readiness::create(py, r)
}

/// `next_steps` on `catalog`.
pub fn next_steps_in(py: Python<'_>, c: &cat::Catalog, role: &str) -> PyResult<Vec<Py<Move>>> {
    let moves = care(py, || core::next_steps(c, role))?;
    moves.into_iter().map(|m| Move::create(py, m)).collect()
}

/// `paths` on `catalog`.
pub fn paths_in(
    py: Python<'_>,
    c: &cat::Catalog,
    from: &str,
    to: &str,
    k: usize,
    track: Option<&str>,
    units: Option<Vec<String>>,
) -> PyResult<Vec<Py<CareerPath>>> {
    let found = care(py, || {
        let options = core::PathOptions {
            k,
            track: track.map(cat::Track::parse).transpose()?,
            units: units.unwrap_or_default(),
        };
        core::paths(c, from, to, &options)
    })?;
    found
        .into_iter()
        .map(|p| CareerPath::create(py, p))
        .collect()
}

static BUILTIN: PyOnceLock<Py<Catalog>> = PyOnceLock::new();

/// The built-in catalog, loaded once.
pub fn builtin(py: Python<'_>) -> PyResult<&Py<Catalog>> {
    BUILTIN.get_or_try_init(py, || Py::new(py, Catalog::load_builtin(py)?))
}

/// Classifies the move from role `from_` to role `to` on the built-in catalog.
#[pyfunction]
fn classify(py: Python<'_>, from_: &str, to: &str) -> PyResult<Py<Move>> {
    classify_in(py, &builtin(py)?.get().inner, from_, to)
}

/// Whether `person` (a `Person`, a dict or JSON text) may move to `target` on the built-in
/// catalog.
#[pyfunction]
fn readiness(py: Python<'_>, person: &Bound<'_, PyAny>, target: &str) -> PyResult<Py<Readiness>> {
    readiness_in(py, &builtin(py)?.get().inner, person, target)
}

/// The well-matched moves up from `role` on the built-in catalog.
#[pyfunction]
fn next_steps(py: Python<'_>, role: &str) -> PyResult<Vec<Py<Move>>> {
    next_steps_in(py, &builtin(py)?.get().inner, role)
}

/// Up to `k` shortest career paths from `from_` to `to` on the built-in catalog, optionally
/// kept to a `track` and to `units`.
#[pyfunction]
#[pyo3(signature = (from_, to, k=3, track=None, units=None))]
fn paths(
    py: Python<'_>,
    from_: &str,
    to: &str,
    k: usize,
    track: Option<&str>,
    units: Option<Vec<String>>,
) -> PyResult<Vec<Py<CareerPath>>> {
    paths_in(py, &builtin(py)?.get().inner, from_, to, k, track, units)
}

/// Adds the classes and functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Move>()?;
    m.add_class::<Readiness>()?;
    m.add_class::<CareerPath>()?;
    m.add_class::<Person>()?;
    m.add_function(wrap_pyfunction!(classify, m)?)?;
    m.add_function(wrap_pyfunction!(readiness, m)?)?;
    m.add_function(wrap_pyfunction!(next_steps, m)?)?;
    m.add_function(wrap_pyfunction!(paths, m)?)?;
    Ok(())
}

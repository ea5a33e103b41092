//! Exceptions: `CareError` and one subclass per `care_core::ErrorKind`, and the one function
//! that turns a `care_core::Error` (or, should one ever happen, a Rust panic) into them.

use care_core::{Error, ErrorKind};
use pyo3::exceptions::{PyException, PyLookupError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple, PyType};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The kind of the base class, used for a panic caught at the boundary (a bug in care-core).
pub const INTERNAL: &str = "internal";

/// Python class name of each kind, in `ErrorKind::ALL` order.
fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::UnknownRole => "UnknownRoleError",
        ErrorKind::AmbiguousRole => "AmbiguousRoleError",
        ErrorKind::UnknownName => "UnknownNameError",
        ErrorKind::InvalidInput => "InvalidInputError",
        ErrorKind::InvalidScore => "InvalidScoreError",
        ErrorKind::InvalidPolicy => "InvalidPolicyError",
        ErrorKind::InvalidCatalog => "InvalidCatalogError",
        ErrorKind::InvalidScorecard => "InvalidScorecardError",
        ErrorKind::InvalidDate => "InvalidDateError",
        ErrorKind::Parse => "ParseError",
        ErrorKind::TooLarge => "TooLargeError",
        // `ErrorKind` is non-exhaustive: a kind added later falls back to the base class
        // until it gets a class of its own.
        _ => "CareError",
    }
}

fn class_doc(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::UnknownRole => "No role has this id or title.",
        ErrorKind::AmbiguousRole => "A title matches several roles; use a unit-qualified id.",
        ErrorKind::UnknownName => {
            "A unit, time zone, calendar, agent, certifier or other name is not known."
        }
        ErrorKind::InvalidInput => "The input asks for something the rules do not define.",
        ErrorKind::InvalidScore => "A score is outside 0 to 100 or not allowed where it is.",
        ErrorKind::InvalidPolicy => "A policy's fields contradict each other or are out of range.",
        ErrorKind::InvalidCatalog => "A catalog (the career map) failed validation.",
        ErrorKind::InvalidScorecard => "A QA scorecard failed validation.",
        ErrorKind::InvalidDate => "A date, time, time zone or range is malformed or impossible.",
        ErrorKind::Parse => "A text could not be parsed in its format (TOML, JSON, CSV...).",
        ErrorKind::TooLarge => "An input is larger than the documented limit.",
        _ => "An error from care-core.",
    }
}

/// The exception classes, created once per interpreter.
struct Classes {
    base: Py<PyType>,
    by_kind: Vec<(ErrorKind, Py<PyType>)>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

fn make_class<'py>(
    py: Python<'py>,
    name: &str,
    bases: Bound<'py, PyTuple>,
    kind: &str,
    doc: &str,
) -> PyResult<Bound<'py, PyType>> {
    let ns = PyDict::new(py);
    ns.set_item("__module__", "care_core")?;
    ns.set_item("__doc__", doc)?;
    ns.set_item("kind", kind)?;
    let class = py
        .get_type::<PyType>()
        .call1((name, bases, ns))?
        .cast_into::<PyType>()?;
    Ok(class)
}

fn classes(py: Python<'_>) -> PyResult<&Classes> {
    CLASSES.get_or_try_init(py, || {
        let base = make_class(
            py,
            "CareError",
            PyTuple::new(py, [py.get_type::<PyException>()])?,
            INTERNAL,
            "Base class of every error care-core raises. `kind` is the error's stable code \
             (`unknown_role`, `invalid_score`...); `str(error)` is care-core's message, whole.",
        )?;
        let mut by_kind = Vec::with_capacity(ErrorKind::ALL.len());
        for &kind in ErrorKind::ALL {
            let mut bases = vec![base.clone().into_any()];
            if matches!(kind, ErrorKind::UnknownRole | ErrorKind::UnknownName) {
                bases.push(py.get_type::<PyLookupError>().into_any());
            }
            bases.push(py.get_type::<PyValueError>().into_any());
            let class = make_class(
                py,
                class_name(kind),
                PyTuple::new(py, bases)?,
                kind.code(),
                class_doc(kind),
            )?;
            by_kind.push((kind, class.unbind()));
        }
        Ok::<_, PyErr>(Classes {
            base: base.unbind(),
            by_kind,
        })
    })
}

/// Adds `CareError` and its subclasses to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let classes = classes(py)?;
    m.add("CareError", classes.base.bind(py))?;
    for (kind, class) in &classes.by_kind {
        m.add(class_name(*kind), class.bind(py))?;
    }
    Ok(())
}

/// A failure at the boundary: care-core's error, or a panic caught before it reached Python.
#[derive(Debug)]
pub enum Failure {
    /// care-core said no.
    Core(Error),
    /// care-core panicked (a bug); the payload's text, if it had one.
    Panic(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

/// Runs `f`, catching a panic so that it can never unwind into Python. Safe to call without
/// the GIL (inside `py.detach`).
pub fn run<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Failure> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(Failure::Core(e)),
        Err(payload) => {
            let text = if let Some(s) = payload.downcast_ref::<&str>() {
                (*s).to_string()
            } else if let Some(s) = payload.downcast_ref::<String>() {
                s.clone()
            } else {
                "no message".to_string()
            };
            Err(Failure::Panic(text))
        }
    }
}

/// [`run`], with a failure turned into the matching exception.
pub fn care<T>(py: Python<'_>, f: impl FnOnce() -> Result<T, Error>) -> PyResult<T> {
    run(f).map_err(|e| e.into_pyerr(py))
}

impl Failure {
    /// The exception for this failure.
    pub fn into_pyerr(self, py: Python<'_>) -> PyErr {
        match self {
            Failure::Core(e) => to_pyerr(py, &e),
            Failure::Panic(text) => raise(
                py,
                None,
                format!("internal error in care-core (please report it): {text}"),
                None,
                Vec::new(),
            ),
        }
    }
}

/// The one conversion from `care_core::Error` to a Python exception: the class for its kind,
/// the message whole, `kind`, and `suggestion` / `candidates` / `problems` where the error
/// has them.
pub fn to_pyerr(py: Python<'_>, e: &Error) -> PyErr {
    let (suggestion, problems) = match e {
        Error::UnknownRole { suggestion, .. } | Error::UnknownName { suggestion, .. } => {
            (suggestion.clone(), Vec::new())
        }
        Error::InvalidPolicy { problems, .. }
        | Error::InvalidCatalog { problems }
        | Error::InvalidScorecard { problems } => (
            None,
            problems
                .iter()
                .map(|p| (p.place.clone(), p.message.clone()))
                .collect(),
        ),
        _ => (None, Vec::new()),
    };
    raise(py, Some(e.kind()), e.to_string(), suggestion, problems)
}

fn raise(
    py: Python<'_>,
    kind: Option<ErrorKind>,
    message: String,
    suggestion: Option<String>,
    problems: Vec<(String, String)>,
) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let classes = classes(py)?;
        let class = kind
            .and_then(|k| classes.by_kind.iter().find(|(kk, _)| *kk == k))
            .map_or(&classes.base, |(_, c)| c);
        let exc = class.bind(py).call1((message.as_str(),))?;
        exc.setattr("suggestion", suggestion.as_deref())?;
        let list = PyList::empty(py);
        for (place, msg) in &problems {
            let d = PyDict::new(py);
            d.set_item("place", place)?;
            d.set_item("message", msg)?;
            list.append(d)?;
        }
        exc.setattr("problems", list)?;
        Ok(PyErr::from_value(exc))
    };
    match build() {
        Ok(err) => err,
        // Building the exception itself failed (out of memory...): raise that instead.
        Err(err) => err,
    }
}

//! Exceptions, declared once: `CareError` and one subclass per kind of
//! `care_core::for_each_error_kind!`, and the one conversion from `care_core::Error` (or a
//! panic, should one ever happen) to them.

use care_core::{Error, ErrorKind};
use pyo3::create_exception;
use pyo3::exceptions::{PyLookupError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyType;

create_exception!(
    care_core,
    CareError,
    PyValueError,
    "Base class of every error care-core raises. `kind` is the stable code (`unknown_role`...), \
     `code` the same in capitals (as Node's), `suggestion` the closest known name or None, \
     `problems` a list of `{place, message}`; `str(error)` is care-core's message, whole."
);

macro_rules! exceptions {
    ($(($variant:ident, $class:ident, $code:literal, $summary:literal)),* $(,)?) => {
        $( create_exception!(care_core, $class, CareError, $summary); )*

        fn class_of(py: Python<'_>, kind: ErrorKind) -> Bound<'_, PyType> {
            match kind {
                $( ErrorKind::$variant => py.get_type::<$class>(), )*
                _ => py.get_type::<CareError>(),
            }
        }

        /// Adds `CareError` and its subclasses, with their `kind` and `code`, to the module.
        pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
            let py = m.py();
            add(m, py.get_type::<CareError>(), "internal")?;
            $( add(m, py.get_type::<$class>(), $code)?; )*
            // A role that is not found is also a `LookupError`, as Python's own lookups are.
            let lookup = (py.get_type::<CareError>(), py.get_type::<PyLookupError>());
            py.get_type::<UnknownRoleError>().setattr("__bases__", lookup)
        }
    };
}
care_core::for_each_error_kind!(exceptions);

fn add(m: &Bound<'_, PyModule>, class: Bound<'_, PyType>, kind: &str) -> PyResult<()> {
    class.setattr("kind", kind)?;
    class.setattr("code", kind.to_uppercase())?;
    class.setattr("suggestion", m.py().None())?;
    class.setattr("problems", pyo3::types::PyList::empty(m.py()))?;
    m.add(class.name()?, class)
}

/// A failure at the boundary: care-core's error, or a panic (a bug) as its exception.
pub type Failure = Result<Error, PyErr>;

/// Runs `f`, catching a panic so that it never unwinds into Python (a panic becomes a
/// `CareError` of kind `internal`). Safe to call without the GIL.
pub fn run<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Failure> {
    care_core::error::catch_panic(f).map_err(|text| Err(CareError::new_err(text)))?.map_err(Ok)
}

/// The exception for a failure.
pub fn raise(py: Python<'_>, f: Failure) -> PyErr {
    f.map_or_else(|panic| panic, |e| to_pyerr(py, &e))
}

/// [`run`], with a failure turned into its exception.
pub fn care<T>(py: Python<'_>, f: impl FnOnce() -> Result<T, Error>) -> PyResult<T> {
    run(f).map_err(|e| raise(py, e))
}

/// The exception for `e`: the class of its kind, its message whole, `suggestion` and
/// `problems` where it has them.
pub fn to_pyerr(py: Python<'_>, e: &Error) -> PyErr {
    let err = PyErr::from_type(class_of(py, e.kind()), e.to_string());
    let value = err.value(py);
    let set = value.setattr("suggestion", e.suggestion());
    match set.and_then(|()| value.setattr("problems", pythonize::pythonize(py, e.problems())?)) {
        Ok(()) => err,
        Err(other) => other,
    }
}

/// An `InvalidInputError` with this message.
pub fn invalid(py: Python<'_>, message: impl Into<String>) -> PyErr {
    to_pyerr(py, &Error::invalid_input(message))
}

//! `care_core._native`: the Python bindings of care-core. They only convert types and errors;
//! every rule lives in the `care-core` crate. The public package is `care_core`, a thin facade
//! over this module (see `python/care_core/__init__.py`).
//!
//! No Rust panic reaches Python: every call into care-core goes through [`errors::care`] or
//! [`errors::run`], which turn a panic into a `CareError`.

#![forbid(unsafe_code)]

use pyo3::prelude::*;

pub mod arrow;
pub mod catalog;
pub mod certification;
pub mod cohort;
pub mod errors;
pub mod escalation;
pub mod record;
pub mod transition;
pub mod troubleshoot;

/// The error codes (`ErrorKind::code()`), in declaration order.
#[pyfunction]
fn error_kinds() -> Vec<&'static str> {
    care_core::ErrorKind::ALL.iter().map(|k| k.code()).collect()
}

/// Test hook: unwinds inside the boundary guard exactly as a bug in care-core would, to show
/// that it arrives as a `CareError` of kind `internal` and never as a crash.
#[pyfunction]
fn _check_panic_guard(py: Python<'_>) -> PyResult<()> {
    errors::care(py, || -> care_core::Result<()> {
        std::panic::resume_unwind(Box::new("boundary check"))
    })
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    m.add_class::<record::Record>()?;
    catalog::register(m)?;
    certification::register(m)?;
    escalation::register(m)?;
    troubleshoot::register(m)?;
    transition::register(m)?;
    cohort::register(m)?;
    arrow::register(m)?;
    m.add_function(wrap_pyfunction!(error_kinds, m)?)?;
    m.add_function(wrap_pyfunction!(_check_panic_guard, m)?)?;
    // The module is private: the public names and `__all__` are the facade's.
    m.delattr("__all__")?;
    Ok(())
}

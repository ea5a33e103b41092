//! `care_core._native`: the Python bindings of care-core, behind the facade
//! `python/care_core/__init__.py`. They convert values ([`values`]) and errors ([`errors`],
//! which also turn a panic into a `CareError`) and nothing else: every rule is the core's.

#![forbid(unsafe_code)]

use pyo3::prelude::*;

pub mod agreement;
pub mod arrow;
pub mod calibration;
pub mod catalog;
pub mod certification;
pub mod cohort;
pub mod errors;
pub mod escalation;
pub mod values;

crate::export! {
    /// The error kinds (`CareError.kind` of each subclass), in declaration order.
    fn error_kinds(py) -> Vec<&'static str> =
        Ok(care_core::ErrorKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>());
    /// The fields of every data type with their Python types (`{"Evaluation": [[name, type,
    /// description], ...]}`, as the core renders them from the JSON Schemas), for the stub generator.
    fn _fields(py) -> String = Ok(care_core::schema::python_fields().to_string());
    /// Test hook: unwinds inside the boundary guard as a bug in care-core would.
    fn _check_panic_guard(py) -> () =
        Ok(()).map(|()| -> () { std::panic::resume_unwind(Box::new("boundary check")) });
}

crate::register!([], [error_kinds, _fields, _check_panic_guard]);

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    use care_core::{certification::Status, escalation::StepCode};
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // Batch codes' names by code; a step code is a byte, 255 is `out_of_range`.
    m.add("STATUS_NAMES", Status::ALL.map(Status::name).to_vec())?;
    m.add("STEP_NAMES", StepCode::names_by_code().to_vec())?;
    errors::register(m)?;
    catalog::register(m)?;
    catalog::register_builtin(m)?;
    certification::register(m)?;
    escalation::register(m)?;
    cohort::register(m)?;
    agreement::register(m)?;
    calibration::register(m)?;
    arrow::register(m)?;
    register(m)?;
    // The module is private: the public names and `__all__` are the facade's.
    m.delattr("__all__")
}

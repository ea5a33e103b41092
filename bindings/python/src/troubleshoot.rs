//! `care_core.Troubleshooting`: the documents' technical fixes, looked up by symptom.

use care_core::troubleshoot as core;
use pyo3::prelude::*;

use crate::errors::care;
use crate::record::to_plain;
use crate::record_class;

record_class!(
    Fix,
    "Fix",
    "The answer to a troubleshooting lookup: the entry that matched, its matched keywords, \
     the reasons and the list that answered.",
    [entry, matched, reasons, policy]
);

/// A list of known technical problems and their fixes.
#[pyclass(frozen, module = "care_core")]
pub struct Troubleshooting {
    inner: core::Troubleshooting,
}

#[pymethods]
impl Troubleshooting {
    /// The documents' four fixes.
    #[staticmethod]
    fn builtin() -> Troubleshooting {
        Troubleshooting {
            inner: core::Troubleshooting::builtin(),
        }
    }

    /// Loads and validates a list from TOML text.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<Troubleshooting> {
        let inner = care(py, || core::Troubleshooting::from_toml(text))?;
        Ok(Troubleshooting { inner })
    }

    /// Loads and validates a list from JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Troubleshooting> {
        let inner = care(py, || core::Troubleshooting::from_json(text))?;
        Ok(Troubleshooting { inner })
    }

    /// The list's id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// The list's version.
    #[getter]
    fn version(&self) -> &str {
        &self.inner.version
    }

    /// The fix for a symptom described in free text.
    fn lookup(&self, py: Python<'_>, symptom: &str) -> PyResult<Py<Fix>> {
        let fix = care(py, || self.inner.lookup(symptom))?;
        Fix::create(py, fix)
    }

    /// The list as plain Python objects (the JSON serde writes).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_plain(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Troubleshooting(id={:?}, version={:?}, entries={})",
            self.inner.id,
            self.inner.version,
            self.inner.entries.len()
        )
    }
}

/// Adds the classes to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Troubleshooting>()?;
    m.add_class::<Fix>()?;
    Ok(())
}

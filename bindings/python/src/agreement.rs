//! Agreement statistics over numpy matrices: Krippendorff's alpha, Fleiss' and Cohen's kappa,
//! ICC. The matrix is borrowed (float64, C order) or copied once (another numeric dtype, or
//! Fortran order); the GIL is released while care-core computes.

use care_core::agreement as core;
use numpy::{PyReadonlyArrayDyn, PyUntypedArrayMethods};
use pyo3::prelude::*;

use crate::errors::{care, invalid, raise, run};
use crate::values::{c_order, type_name, Arg, Opt};

crate::results!(Agreement(core::Agreement) => to_string);

/// Argument `name` as a float64 numpy array of `ndim` dimensions: a float64 array as it is,
/// an integer, unsigned or float array (or a list) converted once; bool, object and text
/// arrays refused.
fn array<'py>(name: &str, obj: &Bound<'py, PyAny>, ndim: usize) -> PyResult<PyReadonlyArrayDyn<'py, f64>> {
    let py = obj.py();
    let give =
        if ndim == 2 { "a 2-D float64 numpy array (NaN = missing)" } else { "a 1-D numpy array of numbers" };
    let np = py.import("numpy")?;
    let arr = if obj.is_instance(&np.getattr("ndarray")?)? {
        obj.clone()
    } else {
        np.call_method1("asarray", (obj,)).map_err(|e| {
            let what = format!("{name} is a {} that numpy cannot read", type_name(obj));
            invalid(py, format!("{what} ({}): give {give}", e.value(py)))
        })?
    };
    let kind: String = arr.getattr("dtype")?.getattr("kind")?.extract()?;
    if !matches!(kind.as_str(), "f" | "i" | "u") {
        let dtype = arr.getattr("dtype")?.to_string();
        return Err(invalid(py, format!("{name} has dtype {dtype}: give {give}")));
    }
    let arr = match arr.extract::<PyReadonlyArrayDyn<'py, f64>>() {
        Ok(a) => a,
        Err(_) => arr.call_method1("astype", ("float64",))?.extract()?,
    };
    if arr.ndim() != ndim {
        let shape = arr.getattr("shape")?.repr()?;
        return Err(invalid(py, format!("{name} has shape {shape}: give {give}")));
    }
    Ok(arr)
}

/// Runs `f` over the rows of 2-D `matrix` (argument `name`) without the GIL.
fn with_rows(
    py: Python<'_>, name: &str, matrix: &Bound<'_, PyAny>,
    f: impl FnOnce(&[&[f64]]) -> care_core::Result<core::Agreement> + Send,
) -> PyResult<Agreement> {
    let a = array(name, matrix, 2)?;
    let (rows, cols) = (a.shape()[0], a.shape()[1]);
    let mut owned = Vec::new();
    let data = c_order(&a, &mut owned);
    let rows: Vec<&[f64]> = match cols {
        0 => vec![&[][..]; rows],
        _ => data.chunks_exact(cols).collect(),
    };
    let r = py.detach(|| run(|| f(&rows)));
    r.map(crate::values::Out::out).map_err(|e| raise(py, e))
}

/// (matrix: numpy.typing.ArrayLike, level: str = "interval") -> Agreement
/// Krippendorff's alpha of a raters x units matrix (float64; NaN = a missing rating) at
/// `level` `"nominal"`, `"ordinal"`, `"interval"` or `"ratio"`. The GIL is released.
#[pyfunction]
#[pyo3(signature = (matrix, level="interval"))]
fn krippendorff_alpha(py: Python<'_>, matrix: &Bound<'_, PyAny>, level: &str) -> PyResult<Agreement> {
    let level: core::Level = care(py, || care_core::policy::from_value("level", level.into()))?;
    with_rows(py, "matrix", matrix, |rows| core::krippendorff_alpha(rows, level))
}

/// (counts: numpy.typing.ArrayLike) -> Agreement
/// Fleiss' kappa of a units x categories matrix of counts (how many raters put each unit in
/// each category). The GIL is released.
#[pyfunction]
fn fleiss_kappa(py: Python<'_>, counts: &Bound<'_, PyAny>) -> PyResult<Agreement> {
    with_rows(py, "counts", counts, |rows| core::fleiss_kappa(rows))
}

/// (matrix: numpy.typing.ArrayLike, kind: str = "2,1") -> Agreement
/// The intraclass correlation ICC(`kind`) of a units x raters matrix of complete ratings:
/// `kind` `"1,1"`, `"2,1"` (absolute agreement) or `"3,1"` (consistency). The GIL is released.
#[pyfunction]
#[pyo3(signature = (matrix, kind="2,1"))]
fn icc(py: Python<'_>, matrix: &Bound<'_, PyAny>, kind: &str) -> PyResult<Agreement> {
    let form: core::IccForm = care(py, || kind.parse())?;
    with_rows(py, "matrix", matrix, |rows| core::icc(rows, form))
}

/// (a: numpy.typing.ArrayLike, b: numpy.typing.ArrayLike, weights: str | None = None) -> Agreement
/// Cohen's kappa of two raters' labels for the same units (numbers), unweighted (None) or
/// with `"linear"` or `"quadratic"` weights.
#[pyfunction]
#[pyo3(signature = (a, b, weights=None))]
fn cohen_kappa(
    py: Python<'_>, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>, weights: Opt,
) -> PyResult<Agreement> {
    let weights = Option::<core::Weights>::arg(py, "weights", weights)?.unwrap_or_default();
    let (a, b) = (array("a", a, 1)?, array("b", b, 1)?);
    let (mut oa, mut ob) = (Vec::new(), Vec::new());
    let (a, b) = (c_order(&a, &mut oa), c_order(&b, &mut ob));
    let r = py.detach(|| run(|| core::cohen_kappa(a, b, weights)));
    r.map(crate::values::Out::out).map_err(|e| raise(py, e))
}

crate::register! {
    [Agreement],
    [krippendorff_alpha, fleiss_kappa, icc, cohen_kappa]
}

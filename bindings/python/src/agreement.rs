//! Agreement statistics over numpy matrices: Krippendorff's alpha, Fleiss' and Cohen's kappa,
//! ICC. The matrix is borrowed (float64, C order) or copied once (another numeric dtype, or
//! Fortran order); the GIL is released while care-core computes.

use care_core::agreement as core;
use numpy::{PyReadonlyArrayDyn, PyUntypedArrayMethods};
use pyo3::prelude::*;

use crate::errors::invalid;
use crate::values::{c_order, type_name, Arg};

crate::results!(Agreement(core::Agreement) => to_string);

/// Argument `name` as a float64 numpy array of `ndim` dimensions: a float64 array as it is,
/// an integer, unsigned or float array (or a list) converted once; bool, object and text
/// arrays refused.
fn array<'py>(name: &str, obj: &Bound<'py, PyAny>, ndim: usize) -> PyResult<PyReadonlyArrayDyn<'py, f64>> {
    let py = obj.py();
    let give =
        if ndim == 2 { "a 2-D float64 numpy array (NaN = missing)" } else { "a 1-D numpy array of numbers" };
    crate::values::unmasked(name, obj)?;
    // An array as it is (`asarray` makes no copy of an ndarray), anything else read by numpy.
    let arr = py.import("numpy")?.call_method1("asarray", (obj,)).map_err(|e| {
        let what = format!("{name} is a {} that numpy cannot read", type_name(obj));
        invalid(py, format!("{what} ({}): give {give}", e.value(py)))
    })?;
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

/// A numpy array argument of `N` dimensions (see [`array`]).
pub struct Floats<'py, const N: usize>(PyReadonlyArrayDyn<'py, f64>);

impl<'a, 'py, const N: usize> Arg<'a, 'py> for Floats<'py, N> {
    fn arg(py: Python<'py>, name: &str, obj: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self> {
        array(name, obj.unwrap_or(&py.None().into_bound(py)), N).map(Floats)
    }
}

impl<const N: usize> Floats<'_, N> {
    /// Runs `f` over the rows of the matrix (in C order, [`c_order`]) without the GIL.
    fn rows<T: Send>(
        &self, py: Python<'_>, f: impl FnOnce(&[&[f64]]) -> care_core::Result<T> + Send,
    ) -> care_core::Result<T> {
        let (rows, cols, mut owned) = (self.0.shape()[0], self.0.shape()[N - 1], Vec::new());
        let rows = core::rows("matrix", c_order(&self.0, &mut owned), rows, cols)?;
        py.detach(|| f(&rows))
    }
}

crate::export! {
    /// Krippendorff's alpha of a raters x units matrix (float64; NaN = a missing rating) at
    /// `level` `"nominal"`, `"ordinal"`, `"interval"` (None, the default) or `"ratio"`. The
    /// GIL is released.
    fn krippendorff_alpha(py, matrix: Floats<'_, 2>, level: Option<core::Level> = None) -> Agreement =
        matrix.rows(py, |rows| core::krippendorff_alpha(rows, level.unwrap_or_default()));
    /// Fleiss' kappa of a units x categories matrix of counts (how many raters put each unit in
    /// each category). The GIL is released.
    fn fleiss_kappa(py, counts: Floats<'_, 2>) -> Agreement = counts.rows(py, |rows| core::fleiss_kappa(rows));
    /// The intraclass correlation ICC(`kind`) of a units x raters matrix of complete ratings:
    /// `kind` `"1,1"`, `"2,1"` (absolute agreement; None, the default) or `"3,1"`
    /// (consistency). The GIL is released.
    fn icc(py, matrix: Floats<'_, 2>, kind: Option<core::IccForm> = None) -> Agreement =
        matrix.rows(py, |rows| core::icc(rows, kind.unwrap_or_default()));
    /// Cohen's kappa of two raters' labels for the same units (numbers), unweighted (None) or
    /// with `"linear"` or `"quadratic"` weights. The GIL is released.
    fn cohen_kappa(py, a: Floats<'_, 1>, b: Floats<'_, 1>, weights: Option<core::Weights> = None) -> Agreement = {
        let (mut oa, mut ob) = (Vec::new(), Vec::new());
        let (a, b) = (c_order(&a.0, &mut oa), c_order(&b.0, &mut ob));
        py.detach(|| core::cohen_kappa(a, b, weights.unwrap_or_default()))
    };
}

crate::register! {
    [Agreement],
    [krippendorff_alpha, fleiss_kappa, icc, cohen_kappa]
}

//! Agreement statistics: `krippendorffAlpha`, `fleissKappa`, `cohenKappa`, `icc`. A matrix
//! is one object `{ data: Float64Array, rows, cols }` (the cells row by row), read without
//! a copy: its memory is borrowed after every other argument has been read.

use crate::js::{self, borrow, core, Raw, Result, Typed};
use care_core::agreement as ag;
use napi::bindgen_prelude::{JsValue, Unknown};
use napi::{Env, ValueType};

const MATRIX: &str = "expected a matrix { data: Float64Array, rows, cols }";

/// The shape and data of matrix argument `what`: its `rows` and `cols` are read (getters may
/// run JavaScript), `data` not yet borrowed.
fn matrix<'a>(env: &Env, what: &'static str, v: Unknown<'a>) -> Result<(usize, usize, Unknown<'a>)> {
    let bad = || js::invalid(env, what, MATRIX);
    if v.get_type()? != ValueType::Object || v.is_array()? || v.is_typedarray()? {
        return Err(bad());
    }
    let [data, rows, cols] = js::options(env, Some(v), ["data", "rows", "cols"])?;
    let (Some(data), Some(rows), Some(cols)) = (data, rows, cols) else {
        return Err(bad());
    };
    if !data.is_typedarray()? {
        return Err(js::invalid(env, what, "data must be a Float64Array"));
    }
    Ok((js::arg(env, "rows", rows)?, js::arg(env, "cols", cols)?, data))
}

/// Borrows the cells of a matrix and runs `f` over its rows. No JavaScript runs meanwhile.
fn with_rows(
    env: &Env, what: &'static str, (rows, cols, data): (usize, usize, Unknown<'_>),
    f: impl FnOnce(&[&[f64]]) -> care_core::Result<ag::Agreement>,
) -> Result<ag::Agreement> {
    let Typed::F64(cells) = borrow(env, what, &data)? else {
        return Err(js::invalid(env, what, "data must be a Float64Array"));
    };
    core(env, ag::rows(what, cells, rows, cols).and_then(|split| f(&split)))
}

crate::export! {
    #[doc = "Krippendorff's alpha of a raters x units matrix (NaN = a missing rating) at `level`"]
    #[doc = "`\"nominal\"`, `\"ordinal\"`, `\"interval\"` (default) or `\"ratio\"`."]
    fn krippendorff_alpha(env, matrix: Raw = "Matrix",
        options: Option<Raw> = "{ level?: 'nominal' | 'ordinal' | 'interval' | 'ratio' }")
        -> "T.Agreement" = {
        let o: ag::AgreementOptions = js::opts(env, "level", options, ["level"])?;
        let m = self::matrix(env, "matrix", matrix)?;
        Ok(with_rows(env, "matrix", m, |r| ag::krippendorff_alpha(r, o.level()))?)
    };
    #[doc = "The intraclass correlation ICC(`kind`) of a units x raters matrix of complete ratings:"]
    #[doc = "`\"1,1\"`, `\"2,1\"` (default, absolute agreement) or `\"3,1\"` (consistency)."]
    fn icc(env, matrix: Raw = "Matrix", options: Option<Raw> = "{ kind?: '1,1' | '2,1' | '3,1' }")
        -> "T.Agreement" = {
        let o: ag::AgreementOptions = js::opts(env, "kind", options, ["kind"])?;
        let form = core(env, o.icc_form())?;
        let m = self::matrix(env, "matrix", matrix)?;
        Ok(with_rows(env, "matrix", m, |r| ag::icc(r, form))?)
    };
    #[doc = "Fleiss' kappa of a units x categories matrix of counts."]
    fn fleiss_kappa(env, counts: Raw = "Matrix") -> "T.Agreement" =
        Ok(with_rows(env, "counts", self::matrix(env, "counts", counts)?, |r| ag::fleiss_kappa(r))?);
    #[doc = "Cohen's kappa of two raters' labels (numbers) for the same units, unweighted or with"]
    #[doc = "`\"linear\"` or `\"quadratic\"` weights."]
    fn cohen_kappa(env, a: Raw = "Float64Array", b: Raw = "Float64Array",
        options: Option<Raw> = "{ weights?: 'unweighted' | 'linear' | 'quadratic' | null }")
        -> "T.Agreement" = {
        let o: ag::AgreementOptions = js::opts(env, "weights", options, ["weights"])?;
        let weights = o.weights.unwrap_or_default();
        for (what, v) in [("a", &a), ("b", &b)] {
            if !v.is_typedarray()? {
                return Err(js::invalid(env, what, "expected a Float64Array of labels"));
            }
        }
        // Both arguments are in hand: borrowing runs no JavaScript.
        let (Typed::F64(a), Typed::F64(b)) = (borrow(env, "a", &a)?, borrow(env, "b", &b)?) else {
            return Err(js::invalid(env, "labels", "a and b must be Float64Arrays"));
        };
        ag::cohen_kappa(a, b, weights)
    };
}

//! Agreement statistics between raters, as plain functions over matrices of numbers.
//!
//! - [`krippendorff_alpha`]: Krippendorff's alpha for nominal, ordinal, interval and ratio data,
//!   raters x units, `NaN` = missing rating ([`Level`]);
//! - [`fleiss_kappa`]: Fleiss' kappa over a units x categories matrix of counts;
//! - [`cohen_kappa`]: Cohen's kappa of two raters, unweighted or with linear or quadratic
//!   weights ([`Weights`]);
//! - [`icc`]: the intraclass correlations ICC(1,1), ICC(2,1) and ICC(3,1) over a units x
//!   raters matrix of complete ratings ([`IccForm`]).
//!
//! Every statistic answers an [`Agreement`]: its `value`, or, when the statistic is not
//! defined for the data, no value and an [`Undefined`] that says why (one rater, no variation
//! in the ratings, too few units, no unit rated twice). An answer is never `NaN`.
//!
//! A malformed input is an [`Error`] that names it (`ratings`, `counts`): no rows or no
//! columns, ragged rows, a count that is negative, fractional or `NaN`, a rating that is
//! infinite, more than [`MAX_CELLS`] cells ([`Error::TooLarge`]).
//!
//! The values match the reference implementations (`krippendorff` on PyPI, statsmodels'
//! `fleiss_kappa`, scikit-learn's `cohen_kappa_score`, pingouin's `intraclass_corr`) to 1e-9
//! on the vectors in `tests/vectors/agreement.json`, which `scripts/gen-agreement-vectors`
//! writes from those packages.

mod cohen;
mod fleiss;
mod icc;
mod krippendorff;

pub use cohen::{cohen_kappa, Weights};
pub use fleiss::fleiss_kappa;
pub use icc::{icc, IccForm};
pub use krippendorff::{krippendorff_alpha, Level, MAX_RATIO_VALUES};

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The most cells (rows x columns) a matrix given to an agreement statistic may have:
/// 100 million (800 MB of `f64`).
pub const MAX_CELLS: usize = 100_000_000;

/// The largest rating (or count) in size an agreement statistic takes: 10^15. Sums of squares
/// of larger values could overflow to infinity, which would read as "no variation"; no rating
/// scale or count of raters comes near it.
pub const MAX_RATING: f64 = 1e15;

/// The rows of a `rows x cols` matrix whose cells are given row by row (a flat buffer, as a
/// typed array or a C-order array holds them), for the statistics that take rows. A matrix of
/// no columns is one empty row at most, whatever `rows` says (every statistic refuses an
/// empty row; a hundred million of them are not made to be refused).
///
/// # Errors
///
/// [`Error::InvalidInput`] naming `what` when `cells` does not hold `rows x cols` values.
///
/// ```
/// use care_core::agreement::rows;
/// let cells = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
/// assert_eq!(rows("matrix", &cells, 2, 3)?, [&cells[..3], &cells[3..]]);
/// let e = rows("matrix", &cells, 4, 2).unwrap_err();
/// assert_eq!(e.to_string(), "invalid matrix: data has 6 values, but rows x cols is 4 x 2");
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn rows<'a>(what: &str, cells: &'a [f64], rows: usize, cols: usize) -> Result<Vec<&'a [f64]>> {
    if rows.checked_mul(cols) != Some(cells.len()) {
        let n = cells.len();
        return Err(Error::invalid_input(format!(
            "invalid {what}: data has {n} values, but rows x cols is {rows} x {cols}"
        )));
    }
    Ok(match cols {
        0 => vec![&[][..]; rows.min(1)],
        _ => cells.chunks_exact(cols).collect(),
    })
}

/// The options of the agreement statistics read in one step, as a binding takes them: the
/// same keys as Python's keyword arguments (each statistic takes only its own key).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementOptions {
    /// [`krippendorff_alpha`]'s level of measurement; interval when left out.
    pub level: Option<Level>,
    /// [`icc`]'s form, `"1,1"`, `"2,1"` or `"3,1"`; ICC(2,1) when left out.
    pub kind: Option<String>,
    /// [`cohen_kappa`]'s weights; unweighted when left out.
    pub weights: Option<Weights>,
}

impl AgreementOptions {
    /// The level of measurement given, interval when left out.
    pub fn level(&self) -> Level {
        self.level.unwrap_or_default()
    }

    /// The ICC form given, ICC(2,1) when left out.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a kind that is not `"1,1"`, `"2,1"` or `"3,1"`.
    pub fn icc_form(&self) -> Result<IccForm> {
        self.kind
            .as_deref()
            .map_or(Ok(IccForm::default()), str::parse)
    }
}

/// Why a statistic has no value for the data it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Undefined {
    /// Fewer than two raters: agreement needs someone to agree with.
    OneRater,
    /// Every rating is the same (or every unit falls in one category): the expected
    /// disagreement is zero, and the statistic divides by it.
    NoVariation,
    /// Fewer units than the statistic needs (ICC needs two).
    TooFewUnits,
    /// No unit was rated by two raters or more (Krippendorff's alpha pairs ratings within a
    /// unit).
    NoPairableUnits,
}

impl Undefined {
    /// The reason in a sentence.
    pub fn sentence(self) -> &'static str {
        match self {
            Undefined::OneRater => "there is only one rater; agreement needs two or more",
            Undefined::NoVariation => {
                "every rating is the same, so agreement expected by chance is total and the statistic divides by zero"
            }
            Undefined::TooFewUnits => "there are too few units; the statistic needs at least two",
            Undefined::NoPairableUnits => {
                "no unit was rated by two raters or more, so no ratings can be compared"
            }
        }
    }
}

impl fmt::Display for Undefined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.sentence())
    }
}

/// The answer of an agreement statistic: a value, or why there is none.
///
/// Exactly one of `value` and `undefined` is set. `undefined_reason` is
/// `undefined`'s sentence, kept in the JSON for readers that do not know the codes.
/// [`Agreement::get`] turns it into a `Result`-like answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Agreement {
    /// The statistic, e.g. `krippendorff_alpha_interval`, `fleiss_kappa`, `cohen_kappa_linear`,
    /// `icc2_1`.
    pub statistic: String,
    /// The value, when the statistic is defined for the data.
    pub value: Option<f64>,
    /// Why there is no value.
    pub undefined: Option<Undefined>,
    /// [`Undefined::sentence`] of `undefined`.
    pub undefined_reason: Option<String>,
    /// The units that counted (for Krippendorff's alpha, the units rated at least twice).
    pub units: usize,
    /// The raters.
    pub raters: usize,
}

impl Agreement {
    pub(crate) fn defined(statistic: &str, value: f64, units: usize, raters: usize) -> Agreement {
        if !value.is_finite() {
            // A finite input whose arithmetic still overflowed: say so rather than answer NaN.
            return Agreement::undefined(statistic, Undefined::NoVariation, units, raters);
        }
        Agreement {
            statistic: statistic.to_string(),
            value: Some(value),
            undefined: None,
            undefined_reason: None,
            units,
            raters,
        }
    }

    pub(crate) fn undefined(
        statistic: &str,
        why: Undefined,
        units: usize,
        raters: usize,
    ) -> Agreement {
        Agreement {
            statistic: statistic.to_string(),
            value: None,
            undefined: Some(why),
            undefined_reason: Some(why.sentence().to_string()),
            units,
            raters,
        }
    }

    /// The value, or why there is none.
    ///
    /// # Errors
    ///
    /// The [`Undefined`] reason when the statistic has no value for the data.
    pub fn get(&self) -> std::result::Result<f64, Undefined> {
        match (self.value, self.undefined) {
            (Some(v), _) => Ok(v),
            (None, Some(u)) => Err(u),
            (None, None) => Err(Undefined::NoVariation),
        }
    }
}

impl fmt::Display for Agreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.value, self.undefined) {
            (Some(v), _) => write!(f, "{} = {v:.4}", self.statistic),
            (None, why) => write!(
                f,
                "{} undefined: {}",
                self.statistic,
                why.unwrap_or(Undefined::NoVariation)
            ),
        }
    }
}

/// Checks a matrix's shape and cells and returns (rows, columns). `what` names the input
/// (`ratings`), `row_name` / `col_name` its dimensions (`rater`, `unit`). `NaN` is allowed
/// when `allow_nan`; infinities and values over [`MAX_RATING`] in size never.
pub(crate) fn check_matrix<R: AsRef<[f64]>>(
    what: &'static str,
    rows: &[R],
    row_name: &str,
    col_name: &str,
    allow_nan: bool,
) -> Result<(usize, usize)> {
    let Some(first) = rows.first() else {
        return Err(Error::invalid_input(format!(
            "{what} is empty: give at least one {row_name} (a row)"
        )));
    };
    let cols = first.as_ref().len();
    if cols == 0 {
        return Err(Error::invalid_input(format!(
            "{what} has no {col_name}s: row 0 is empty"
        )));
    }
    let cells = rows.len().saturating_mul(cols);
    if cells > MAX_CELLS {
        return Err(Error::TooLarge {
            what,
            limit: MAX_CELLS,
            actual: cells,
        });
    }
    for (r, row) in rows.iter().enumerate() {
        let row = row.as_ref();
        if row.len() != cols {
            return Err(Error::invalid_input(format!(
                "{what} is ragged: row {r} ({row_name} {r}) has {} values but row 0 has {cols}; give every row the same length{}",
                row.len(),
                if allow_nan { " (NaN for a missing rating)" } else { "" }
            )));
        }
        // One branch-free (vectorizable) pass finds whether the row has a bad value; only a
        // row that has one is scanned again to name it.
        let bad = if allow_nan {
            row.iter()
                .fold(false, |bad, x| bad | (x.abs() > MAX_RATING))
        } else {
            row.iter()
                .fold(false, |bad, x| bad | x.is_nan() | (x.abs() > MAX_RATING))
        };
        if !bad {
            continue;
        }
        for (c, &x) in row.iter().enumerate() {
            if x.is_nan() && !allow_nan {
                return Err(Error::invalid_input(format!(
                    "{what}[{r}][{c}] is NaN; this statistic takes no missing values"
                )));
            }
            if x.is_infinite() {
                return Err(Error::invalid_input(format!(
                    "{what}[{r}][{c}] is {x}; give a finite number"
                )));
            }
            if x.abs() > MAX_RATING {
                return Err(Error::invalid_input(format!(
                    "{what}[{r}][{c}] is {x:e}; give ratings of at most {MAX_RATING:e} in size (rescale them)"
                )));
            }
        }
    }
    Ok((rows.len(), cols))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_split_a_flat_matrix_or_name_its_wrong_shape() {
        assert_eq!(rows("m", &[], 3, 0).unwrap(), vec![&[] as &[f64]; 1]);
        assert_eq!(rows("m", &[], 0, 5).unwrap().len(), 0);
        assert_eq!(rows("m", &[1.0, 2.0], 2, 1).unwrap(), [[1.0], [2.0]]);
        assert_eq!(rows("m", &[], usize::MAX, 0).unwrap().len(), 1);
        let e = rows("counts", &[1.0; 3], usize::MAX, 2).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
        assert!(e
            .to_string()
            .starts_with("invalid counts: data has 3 values"));
    }

    #[test]
    fn options_read_in_one_step_with_defaults() {
        let read = |v| crate::policy::from_value::<AgreementOptions>("options", v);
        let o = read(serde_json::json!({})).unwrap();
        assert_eq!(
            (o.level(), o.icc_form().unwrap(), o.weights),
            (Level::Interval, IccForm::Icc2, None)
        );
        let o = read(serde_json::json!({ "level": "nominal", "kind": "3,1", "weights": "linear" }));
        let o = o.unwrap();
        assert_eq!(
            (o.level(), o.icc_form().unwrap()),
            (Level::Nominal, IccForm::Icc3)
        );
        assert_eq!(o.weights, Some(Weights::Linear));
        let bad = read(serde_json::json!({ "kind": "4,1" }))
            .unwrap()
            .icc_form()
            .unwrap_err();
        assert_eq!(bad.kind(), crate::ErrorKind::InvalidInput);
        assert!(read(serde_json::json!({ "levle": "nominal" })).is_err());
    }

    #[test]
    fn bad_matrices_name_the_input() {
        let e = check_matrix::<Vec<f64>>("ratings", &[], "rater", "unit", true).unwrap_err();
        assert_eq!(
            e.to_string(),
            "ratings is empty: give at least one rater (a row)"
        );
        let e = check_matrix(
            "ratings",
            &[vec![1.0, 2.0], vec![1.0]],
            "rater",
            "unit",
            true,
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "ratings is ragged: row 1 (rater 1) has 1 values but row 0 has 2; give every row the same length (NaN for a missing rating)");
        let e =
            check_matrix("counts", &[vec![1.0, f64::NAN]], "unit", "category", false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "counts[0][1] is NaN; this statistic takes no missing values"
        );
        let e = check_matrix("ratings", &[vec![f64::INFINITY]], "rater", "unit", true).unwrap_err();
        assert!(e.to_string().contains("inf; give a finite number"), "{e}");
        // Too large to square and sum without overflow (which would read as no variation).
        let huge = [vec![1e300, -1e300], vec![1.0, f64::NAN]];
        let e = check_matrix("ratings", &huge, "rater", "unit", true).unwrap_err();
        let expected =
            "ratings[0][0] is 1e300; give ratings of at most 1e15 in size (rescale them)";
        assert_eq!(e.to_string(), expected);
        assert!(check_matrix(
            "ratings",
            &[vec![MAX_RATING, -MAX_RATING, f64::NAN]],
            "r",
            "u",
            true
        )
        .is_ok());
        let e = check_matrix("ratings", &[Vec::<f64>::new()], "rater", "unit", true).unwrap_err();
        assert_eq!(e.to_string(), "ratings has no units: row 0 is empty");
    }

    #[test]
    fn undefined_is_a_typed_answer_not_nan() {
        let a = Agreement::undefined("fleiss_kappa", Undefined::OneRater, 3, 1);
        assert_eq!(a.get(), Err(Undefined::OneRater));
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["value"], serde_json::Value::Null);
        assert_eq!(json["undefined"], "one_rater");
        assert!(a
            .to_string()
            .starts_with("fleiss_kappa undefined: there is only one rater"));
        let a = Agreement::defined("x", f64::NAN, 1, 2);
        assert!(a.value.is_none());
    }
}

//! Intraclass correlations ICC(1,1), ICC(2,1) and ICC(3,1) (Shrout and Fleiss, 1979).

use super::{check_matrix, Agreement, Undefined};
use crate::error::Result;
use serde::{Deserialize, Serialize};

/// Which intraclass correlation, by Shrout and Fleiss' numbering (pingouin's `ICC1`, `ICC2`,
/// `ICC3`), each for a single rater's rating. The default is ICC(2,1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum IccForm {
    /// ICC(1,1): one-way random effects; each unit rated by its own random raters.
    #[serde(rename = "icc1_1")]
    Icc1,
    /// ICC(2,1): two-way random effects, absolute agreement (pingouin's `ICC(A,1)`).
    #[serde(rename = "icc2_1")]
    #[default]
    Icc2,
    /// ICC(3,1): two-way mixed effects, consistency (pingouin's `ICC(C,1)`).
    #[serde(rename = "icc3_1")]
    Icc3,
}

/// Reads Shrout and Fleiss' numbering as the bindings take it: `"1,1"`, `"2,1"` or `"3,1"`.
impl std::str::FromStr for IccForm {
    type Err = crate::error::Error;

    fn from_str(kind: &str) -> Result<IccForm> {
        match kind.trim() {
            "1,1" => Ok(IccForm::Icc1),
            "2,1" => Ok(IccForm::Icc2),
            "3,1" => Ok(IccForm::Icc3),
            _ => Err(crate::error::Error::invalid_input(format!(
                "kind {kind:?} is not an ICC: give \"1,1\", \"2,1\" or \"3,1\""
            ))),
        }
    }
}

/// The intraclass correlation `form` of `ratings`, a units x raters matrix of complete
/// ratings (one row per unit, one column per rater; no `NaN`).
///
/// From the two-way ANOVA of the matrix (`n` units, `k` raters): `MSR` between units,
/// `MSC` between raters, `MSE` residual, `MSW = (SSC + SSE) / (n (k - 1))` within units:
///
/// - ICC(1,1) = `(MSR - MSW) / (MSR + (k - 1) MSW)`;
/// - ICC(2,1) = `(MSR - MSE) / (MSR + (k - 1) MSE + k (MSC - MSE) / n)`;
/// - ICC(3,1) = `(MSR - MSE) / (MSR + (k - 1) MSE)`.
///
/// Undefined: fewer than two raters ([`Undefined::OneRater`]) or units
/// ([`Undefined::TooFewUnits`]); a zero denominator, as when every rating is the same
/// ([`Undefined::NoVariation`]).
///
/// ```
/// use care_core::agreement::{icc, IccForm};
/// let r = [[9.0, 2.0, 5.0, 8.0], [6.0, 1.0, 3.0, 2.0], [8.0, 4.0, 6.0, 8.0],
///          [7.0, 1.0, 2.0, 6.0], [10.0, 5.0, 6.0, 9.0], [6.0, 2.0, 4.0, 7.0]];
/// // Shrout and Fleiss (1979), table 4: 0.17, 0.29, 0.71.
/// assert!((icc(&r, IccForm::Icc1).unwrap().value.unwrap() - 0.17).abs() < 5e-3);
/// assert!((icc(&r, IccForm::Icc2).unwrap().value.unwrap() - 0.29).abs() < 5e-3);
/// assert!((icc(&r, IccForm::Icc3).unwrap().value.unwrap() - 0.71).abs() < 5e-3);
/// ```
///
/// # Errors
///
/// [`Error::InvalidInput`](crate::Error::InvalidInput) naming `ratings` when it is empty,
/// ragged, or holds `NaN` or an infinity; [`Error::TooLarge`](crate::Error::TooLarge) over
/// [`super::MAX_CELLS`] cells.
pub fn icc<R: AsRef<[f64]>>(ratings: &[R], form: IccForm) -> Result<Agreement> {
    let stat = match form {
        IccForm::Icc1 => "icc1_1",
        IccForm::Icc2 => "icc2_1",
        IccForm::Icc3 => "icc3_1",
    };
    let (n, k) = check_matrix("ratings", ratings, "unit", "rater", false)?;
    if k < 2 {
        return Ok(Agreement::undefined(stat, Undefined::OneRater, n, k));
    }
    if n < 2 {
        return Ok(Agreement::undefined(stat, Undefined::TooFewUnits, n, k));
    }
    let (nf, kf) = (n as f64, k as f64);
    let grand = ratings
        .iter()
        .map(|r| r.as_ref().iter().sum::<f64>())
        .sum::<f64>()
        / (nf * kf);
    let row_means: Vec<f64> = ratings
        .iter()
        .map(|r| r.as_ref().iter().sum::<f64>() / kf)
        .collect();
    let mut col_means = vec![0.0; k];
    for r in ratings {
        for (c, x) in col_means.iter_mut().zip(r.as_ref()) {
            *c += x;
        }
    }
    for c in &mut col_means {
        *c /= nf;
    }
    let ssr = kf
        * row_means
            .iter()
            .map(|m| (m - grand) * (m - grand))
            .sum::<f64>();
    let ssc = nf
        * col_means
            .iter()
            .map(|m| (m - grand) * (m - grand))
            .sum::<f64>();
    let mut sse = 0.0;
    for (r, rm) in ratings.iter().zip(&row_means) {
        for (x, cm) in r.as_ref().iter().zip(&col_means) {
            let e = x - rm - cm + grand;
            sse += e * e;
        }
    }
    let msr = ssr / (nf - 1.0);
    let msc = ssc / (kf - 1.0);
    let mse = sse / ((nf - 1.0) * (kf - 1.0));
    let msw = (ssc + sse) / (nf * (kf - 1.0));
    let (num, den) = match form {
        IccForm::Icc1 => (msr - msw, msr + (kf - 1.0) * msw),
        IccForm::Icc2 => (msr - mse, msr + (kf - 1.0) * mse + kf * (msc - mse) / nf),
        IccForm::Icc3 => (msr - mse, msr + (kf - 1.0) * mse),
    };
    if den == 0.0 {
        return Ok(Agreement::undefined(stat, Undefined::NoVariation, n, k));
    }
    Ok(Agreement::defined(stat, num / den, n, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_by_their_numbering() {
        let read = |k: &str| k.parse::<IccForm>();
        assert_eq!(read("1,1").ok(), Some(IccForm::Icc1));
        assert_eq!(read(" 2,1").ok(), Some(IccForm::Icc2));
        assert_eq!(read("3,1").ok(), Some(IccForm::Icc3));
        let e = read("2,2").unwrap_err();
        assert_eq!(
            e.to_string(),
            "kind \"2,2\" is not an ICC: give \"1,1\", \"2,1\" or \"3,1\""
        );
        assert_eq!(e.kind(), crate::error::ErrorKind::InvalidInput);
    }

    #[test]
    fn undefined_cases() {
        let a = icc(&[[1.0], [2.0]], IccForm::Icc1).unwrap();
        assert_eq!(a.undefined, Some(Undefined::OneRater));
        let a = icc(&[[1.0, 2.0]], IccForm::Icc2).unwrap();
        assert_eq!(a.undefined, Some(Undefined::TooFewUnits));
        let a = icc(&[[3.0, 3.0], [3.0, 3.0]], IccForm::Icc3).unwrap();
        assert_eq!(a.undefined, Some(Undefined::NoVariation));
        let e = icc(&[[3.0, f64::NAN], [3.0, 3.0]], IccForm::Icc3).unwrap_err();
        assert_eq!(
            e.to_string(),
            "ratings[0][1] is NaN; this statistic takes no missing values"
        );
    }
}

//! Fleiss' kappa: agreement of a fixed number of raters sorting units into categories.

use super::{check_matrix, Agreement, Undefined};
use crate::error::{Error, Result};

/// Fleiss' kappa of `counts`, a units x categories matrix: `counts[u][c]` is how many raters
/// put unit `u` in category `c`. Every unit must have the same number of ratings.
///
/// `kappa = (P - P_e) / (1 - P_e)` with `P` the mean over units of the share of agreeing
/// rater pairs, `(sum_c n_uc^2 - n) / (n (n - 1))`, and `P_e = sum_c p_c^2` with `p_c` the
/// share of all ratings in category `c` (statsmodels' `fleiss_kappa`, method `fleiss`).
///
/// Undefined: fewer than two ratings per unit ([`Undefined::OneRater`]); every rating in one
/// category ([`Undefined::NoVariation`]).
///
/// ```
/// use care_core::agreement::fleiss_kappa;
/// // 3 units, 3 raters, categories yes / no.
/// let k = fleiss_kappa(&[[3.0, 0.0], [0.0, 3.0], [2.0, 1.0]]).unwrap();
/// assert!((k.value.unwrap() - 0.55).abs() < 1e-12);
/// ```
///
/// # Errors
///
/// [`Error::InvalidInput`] naming `counts` when it is empty or ragged, when a count is `NaN`,
/// infinite, negative or not a whole number, when units have different numbers of ratings,
/// or when there are no ratings at all; [`Error::TooLarge`] over [`super::MAX_CELLS`] cells.
pub fn fleiss_kappa<R: AsRef<[f64]>>(counts: &[R]) -> Result<Agreement> {
    const STAT: &str = "fleiss_kappa";
    let (units, categories) = check_matrix("counts", counts, "unit", "category", false)?;
    let mut per_unit: Option<f64> = None;
    let mut totals = vec![0.0; categories];
    for (u, row) in counts.iter().enumerate() {
        let row = row.as_ref();
        for (c, &x) in row.iter().enumerate() {
            if x < 0.0 || x.fract() != 0.0 {
                return Err(Error::invalid_input(format!(
                    "counts[{u}][{c}] is {x}; a count is a whole number of ratings, 0 or more"
                )));
            }
            totals[c] += x;
        }
        let sum: f64 = row.iter().sum();
        match per_unit {
            None => per_unit = Some(sum),
            Some(first) if first != sum => {
                return Err(Error::invalid_input(format!(
                    "counts row {u} has {sum} ratings but row 0 has {first}; Fleiss' kappa needs the same number of ratings for every unit"
                )))
            }
            Some(_) => {}
        }
    }
    let n = per_unit.unwrap_or(0.0);
    if n == 0.0 {
        return Err(Error::invalid_input(
            "counts holds no ratings: every count is 0",
        ));
    }
    if n < 2.0 {
        return Ok(Agreement::undefined(STAT, Undefined::OneRater, units, 1));
    }
    let raters = n as usize;
    let all = n * units as f64;
    let p_exp: f64 = totals.iter().map(|t| (t / all) * (t / all)).sum();
    let p_mean = counts
        .iter()
        .map(|row| {
            let sq: f64 = row.as_ref().iter().map(|x| x * x).sum();
            (sq - n) / (n * (n - 1.0))
        })
        .sum::<f64>()
        / units as f64;
    if 1.0 - p_exp == 0.0 {
        return Ok(Agreement::undefined(
            STAT,
            Undefined::NoVariation,
            units,
            raters,
        ));
    }
    Ok(Agreement::defined(
        STAT,
        (p_mean - p_exp) / (1.0 - p_exp),
        units,
        raters,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fleiss_1971_example() {
        // Wikipedia's worked example: 10 units, 14 raters, 5 categories, kappa 0.210.
        let t = [
            [0., 0., 0., 0., 14.],
            [0., 2., 6., 4., 2.],
            [0., 0., 3., 5., 6.],
            [0., 3., 9., 2., 0.],
            [2., 2., 8., 1., 1.],
            [7., 7., 0., 0., 0.],
            [3., 2., 6., 3., 0.],
            [2., 5., 3., 2., 2.],
            [6., 5., 2., 1., 0.],
            [0., 2., 2., 3., 7.],
        ];
        let k = fleiss_kappa(&t).unwrap();
        assert!((k.value.unwrap() - 0.20993).abs() < 1e-5);
        assert_eq!((k.units, k.raters), (10, 14));
    }

    #[test]
    fn bad_counts_and_undefined() {
        let e = fleiss_kappa(&[[1.0, -1.0]]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "counts[0][1] is -1; a count is a whole number of ratings, 0 or more"
        );
        let e = fleiss_kappa(&[[1.5, 1.5]]).unwrap_err();
        assert!(e.to_string().contains("counts[0][0] is 1.5"), "{e}");
        let e = fleiss_kappa(&[[1.0, 2.0], [3.0, 1.0]]).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("counts row 1 has 4 ratings but row 0 has 3"),
            "{e}"
        );
        let e = fleiss_kappa(&[[0.0, 0.0]]).unwrap_err();
        assert!(e.to_string().contains("no ratings"), "{e}");
        let k = fleiss_kappa(&[[1.0, 0.0], [0.0, 1.0]]).unwrap();
        assert_eq!(k.undefined, Some(Undefined::OneRater));
        let k = fleiss_kappa(&[[3.0, 0.0], [3.0, 0.0]]).unwrap();
        assert_eq!(k.undefined, Some(Undefined::NoVariation));
    }
}

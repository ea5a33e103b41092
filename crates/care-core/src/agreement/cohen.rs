//! Cohen's kappa of two raters, unweighted or weighted.

use super::{Agreement, Undefined, MAX_CELLS};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// How much a disagreement between category `i` and category `j` weighs, by their places in
/// the sorted list of every label either rater used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Weights {
    /// Every disagreement weighs 1 (plain Cohen's kappa).
    #[default]
    Unweighted,
    /// `|i - j|`.
    Linear,
    /// `(i - j)^2`.
    Quadratic,
}

/// Cohen's kappa of two raters who rated the same units: `a[u]` and `b[u]` are their labels
/// for unit `u` (numbers; they are categories, ordered by value for the weights).
///
/// `kappa = 1 - sum w O / sum w E`, with `O` the confusion matrix of the labels, `E` the
/// matrix expected from the raters' own label frequencies and `w` the [`Weights`]
/// (scikit-learn's `cohen_kappa_score`). The sums are computed from label counts and
/// prefix sums, without building the matrices.
///
/// Undefined ([`Undefined::NoVariation`]) when chance alone gives full agreement (both raters
/// used one and the same label throughout).
///
/// ```
/// use care_core::agreement::{cohen_kappa, Weights};
/// let a = [1.0, 1.0, 0.0, 0.0, 1.0];
/// let b = [1.0, 0.0, 0.0, 0.0, 1.0];
/// let k = cohen_kappa(&a, &b, Weights::Unweighted).unwrap();
/// assert!((k.value.unwrap() - 0.6154).abs() < 1e-4);
/// ```
///
/// # Errors
///
/// [`Error::InvalidInput`] when `a` or `b` is empty, they differ in length, or a label is `NaN`
/// or infinite (naming `a[3]`...); [`Error::TooLarge`] over [`MAX_CELLS`] labels.
pub fn cohen_kappa(a: &[f64], b: &[f64], weights: Weights) -> Result<Agreement> {
    let stat = match weights {
        Weights::Unweighted => "cohen_kappa",
        Weights::Linear => "cohen_kappa_linear",
        Weights::Quadratic => "cohen_kappa_quadratic",
    };
    if a.is_empty() || b.is_empty() {
        return Err(Error::invalid_input(format!(
            "{} is empty: give each rater's label for at least one unit",
            if a.is_empty() { "a" } else { "b" }
        )));
    }
    if a.len() != b.len() {
        return Err(Error::invalid_input(format!(
            "a has {} labels but b has {}; give both raters' labels for the same units",
            a.len(),
            b.len()
        )));
    }
    if a.len() > MAX_CELLS {
        return Err(Error::TooLarge {
            what: "labels",
            limit: MAX_CELLS,
            actual: a.len(),
        });
    }
    for (name, xs) in [("a", a), ("b", b)] {
        if let Some(i) = xs.iter().position(|x| !x.is_finite()) {
            return Err(Error::invalid_input(format!(
                "{name}[{i}] is {}; Cohen's kappa takes a finite label for every unit, no missing ones",
                xs[i]
            )));
        }
    }
    let mut labels: Vec<f64> = a.iter().chain(b).map(|x| x + 0.0).collect();
    labels.sort_unstable_by(f64::total_cmp);
    labels.dedup();
    let k = labels.len();
    let index = |x: f64| labels.partition_point(|l| *l < x + 0.0);
    let w = |i: usize, j: usize| -> f64 {
        let d = i.abs_diff(j) as f64;
        match weights {
            Weights::Unweighted => f64::from(u8::from(i != j)),
            Weights::Linear => d,
            Weights::Quadratic => d * d,
        }
    };
    let (mut rows, mut cols) = (vec![0.0; k], vec![0.0; k]);
    let mut observed = 0.0;
    for (&x, &y) in a.iter().zip(b) {
        let (i, j) = (index(x), index(y));
        rows[i] += 1.0;
        cols[j] += 1.0;
        observed += w(i, j);
    }
    let n = a.len() as f64;
    // sum_{i,j} w(i,j) rows_i cols_j, in O(k).
    let expected_sum = match weights {
        Weights::Unweighted => n * n - rows.iter().zip(&cols).map(|(r, c)| r * c).sum::<f64>(),
        Weights::Quadratic => {
            let moment = |v: &[f64], p: i32| -> f64 {
                v.iter()
                    .enumerate()
                    .map(|(i, c)| c * (i as f64).powi(p))
                    .sum()
            };
            moment(&rows, 2) * n + n * moment(&cols, 2) - 2.0 * moment(&rows, 1) * moment(&cols, 1)
        }
        Weights::Linear => {
            // For each column j: sum_i |i - j| rows_i from prefix counts and moments.
            let total_count: f64 = rows.iter().sum();
            let total_moment: f64 = rows.iter().enumerate().map(|(i, r)| i as f64 * r).sum();
            let (mut below_count, mut below_moment) = (0.0, 0.0);
            let mut s = 0.0;
            for (j, &c) in cols.iter().enumerate() {
                let jf = j as f64;
                let left = jf * below_count - below_moment;
                let at_or_below_count = below_count + rows[j];
                let at_or_below_moment = below_moment + jf * rows[j];
                let right =
                    (total_moment - at_or_below_moment) - jf * (total_count - at_or_below_count);
                s += c * (left + right);
                below_count = at_or_below_count;
                below_moment = at_or_below_moment;
            }
            s
        }
    };
    let expected = expected_sum / n;
    if expected <= 0.0 {
        return Ok(Agreement::undefined(
            stat,
            Undefined::NoVariation,
            a.len(),
            2,
        ));
    }
    Ok(Agreement::defined(
        stat,
        1.0 - observed / expected,
        a.len(),
        2,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_and_errors() {
        let a = [0.0, 1.0, 2.0, 2.0, 1.0, 0.0];
        let b = [0.0, 2.0, 2.0, 1.0, 1.0, 0.0];
        // Brute force over the k x k matrices.
        for weights in [Weights::Unweighted, Weights::Linear, Weights::Quadratic] {
            let k = 3;
            let mut o = vec![vec![0.0; k]; k];
            for (x, y) in a.iter().zip(&b) {
                o[*x as usize][*y as usize] += 1.0;
            }
            let r: Vec<f64> = (0..k).map(|i| o[i].iter().sum()).collect();
            let c: Vec<f64> = (0..k).map(|j| (0..k).map(|i| o[i][j]).sum()).collect();
            let (mut so, mut se) = (0.0, 0.0);
            for i in 0..k {
                for j in 0..k {
                    let d = (i as f64 - j as f64).abs();
                    let w = match weights {
                        Weights::Unweighted => f64::from(u8::from(i != j)),
                        Weights::Linear => d,
                        Weights::Quadratic => d * d,
                    };
                    so += w * o[i][j];
                    se += w * r[i] * c[j] / 6.0;
                }
            }
            let got = cohen_kappa(&a, &b, weights).unwrap().value.unwrap();
            assert!((got - (1.0 - so / se)).abs() < 1e-12, "{weights:?}");
        }
        let e = cohen_kappa(&[1.0], &[1.0, 2.0], Weights::Linear).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a has 1 labels but b has 2; give both raters' labels for the same units"
        );
        let e = cohen_kappa(&[1.0, f64::NAN], &[1.0, 2.0], Weights::Linear).unwrap_err();
        assert!(e.to_string().starts_with("a[1] is NaN"), "{e}");
        let e = cohen_kappa(&[], &[], Weights::Linear).unwrap_err();
        assert!(e.to_string().starts_with("a is empty"), "{e}");
        let k = cohen_kappa(&[1.0, 1.0], &[1.0, 1.0], Weights::Unweighted).unwrap();
        assert_eq!(k.undefined, Some(Undefined::NoVariation));
    }
}

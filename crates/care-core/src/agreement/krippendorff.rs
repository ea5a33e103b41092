//! Krippendorff's alpha for nominal, ordinal, interval and ratio data with missing ratings.
//!
//! `alpha = 1 - D_o / D_e`: the disagreement observed within units over the disagreement
//! expected when the same values are paired at random. Only *pairable* values count: those of
//! units rated by two raters or more. With `n` pairable values and `m_u` in unit `u`,
//!
//! ```text
//! alpha = 1 - (n - 1) * sum_u [ sum_{i != j in u} d(v_i, v_j) / (m_u - 1) ]
//!                     / sum_{i != j in all pairable values} d(v_i, v_j)
//! ```
//!
//! which is the coincidence-matrix definition without building the matrix. The sums over
//! pairs are computed without visiting pairs:
//!
//! - interval, `d = (a - b)^2`: `sum_{i != j} (v_i - v_j)^2 = 2 m sum_i (v_i - mean)^2`, so each
//!   unit and the pool cost one pass over their values;
//! - ordinal, `d(c, k) = (sum_{g=c..=k} n_g - (n_c + n_k) / 2)^2` with `n_g` the pooled count of
//!   value `g`: that is `(pos(k) - pos(c))^2` with `pos(v)` = the count of values below `v` plus
//!   half the count of `v`, so ordinal is interval on positions (one sort of the pool);
//! - nominal, `d = [a != b]`: `sum_{i != j} [v_i != v_j] = m^2 - sum_c n_c^2` (one sort);
//! - ratio, `d = ((a - b) / (a + b))^2` (0 when `a + b = 0`): pairs within each unit, and
//!   pairs of *distinct* pooled values weighted by their counts, so it costs the square of the
//!   number of distinct values (at most [`MAX_RATIO_VALUES`]).
//!
//! Everything else is linear in the cells, plus one sort for ordinal, nominal and ratio data.

use super::{check_matrix, Agreement, Undefined};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// The most distinct values ratio-level alpha takes: its expected disagreement visits every
/// pair of distinct values.
pub const MAX_RATIO_VALUES: usize = 20_000;

/// The level of measurement of the ratings: which differences count as how much disagreement.
/// The default is interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Categories: two ratings agree or they do not.
    Nominal,
    /// Ranks: disagreement grows with how many ratings lie between the two.
    Ordinal,
    /// Numbers on a scale: disagreement is the squared difference.
    #[default]
    Interval,
    /// Non-negative numbers with a true zero: the squared difference relative to the sum.
    Ratio,
}

impl Level {
    fn statistic(self) -> &'static str {
        match self {
            Level::Nominal => "krippendorff_alpha_nominal",
            Level::Ordinal => "krippendorff_alpha_ordinal",
            Level::Interval => "krippendorff_alpha_interval",
            Level::Ratio => "krippendorff_alpha_ratio",
        }
    }
}

/// Krippendorff's alpha of `ratings`, a raters x units matrix (one row per rater, one column
/// per unit) in which `NaN` is a missing rating.
///
/// Undefined (an [`Agreement`] without a value): fewer than two raters
/// ([`Undefined::OneRater`]), no unit rated twice ([`Undefined::NoPairableUnits`]), every
/// pairable rating the same ([`Undefined::NoVariation`]).
///
/// ```
/// use care_core::agreement::{krippendorff_alpha, Level};
/// let nan = f64::NAN;
/// // Krippendorff's own example (2011): 4 raters, 12 units.
/// let ratings = [
///     vec![1.0, 2.0, 3.0, 3.0, 2.0, 1.0, 4.0, 1.0, 2.0, nan, nan, nan],
///     vec![1.0, 2.0, 3.0, 3.0, 2.0, 2.0, 4.0, 1.0, 2.0, 5.0, nan, 3.0],
///     vec![nan, 3.0, 3.0, 3.0, 2.0, 3.0, 4.0, 2.0, 2.0, 5.0, 1.0, nan],
///     vec![1.0, 2.0, 3.0, 3.0, 2.0, 4.0, 4.0, 1.0, 2.0, 5.0, 1.0, nan],
/// ];
/// let a = krippendorff_alpha(&ratings, Level::Nominal).unwrap();
/// assert!((a.value.unwrap() - 0.743).abs() < 1e-3);
/// ```
///
/// # Errors
///
/// [`Error::InvalidInput`] naming `ratings` when it is empty, ragged or holds an infinity, or
/// (ratio level) a negative rating; [`Error::TooLarge`] over [`super::MAX_CELLS`] cells or
/// (ratio level) over [`MAX_RATIO_VALUES`] distinct values.
pub fn krippendorff_alpha<R: AsRef<[f64]>>(ratings: &[R], level: Level) -> Result<Agreement> {
    let (raters, units) = check_matrix("ratings", ratings, "rater", "unit", true)?;
    let statistic = level.statistic();
    if level == Level::Ratio {
        for (r, row) in ratings.iter().enumerate() {
            if let Some(c) = row.as_ref().iter().position(|&x| x < 0.0) {
                return Err(Error::invalid_input(format!(
                    "ratings[{r}][{c}] is {}: ratio data cannot be negative",
                    row.as_ref()[c]
                )));
            }
        }
    }
    if raters < 2 {
        return Ok(Agreement::undefined(
            statistic,
            Undefined::OneRater,
            0,
            raters,
        ));
    }
    if level == Level::Interval {
        return Ok(interval_streamed(ratings, units, raters));
    }
    // The pairable values, unit after unit; `ends[u]` is where pairable unit u ends.
    let mut pooled: Vec<f64> = Vec::with_capacity(raters * units);
    let mut ends: Vec<usize> = Vec::with_capacity(units);
    for u in 0..units {
        let start = pooled.len();
        for row in ratings {
            let v = row.as_ref()[u];
            if !v.is_nan() {
                // + 0.0 turns -0.0 into 0.0, so that equal ratings compare equal.
                pooled.push(v + 0.0);
            }
        }
        if pooled.len() - start < 2 {
            pooled.truncate(start);
        } else {
            ends.push(pooled.len());
        }
    }
    if ends.is_empty() {
        return Ok(Agreement::undefined(
            statistic,
            Undefined::NoPairableUnits,
            0,
            raters,
        ));
    }
    let pairable = ends.len();
    let (observed, expected) = match level {
        Level::Interval | Level::Ordinal => {
            let positions = ordinal_positions(&pooled);
            interval(&positions, &ends)
        }
        Level::Nominal => nominal(&pooled, &ends),
        Level::Ratio => ratio(&pooled, &ends)?,
    };
    if expected <= 0.0 {
        return Ok(Agreement::undefined(
            statistic,
            Undefined::NoVariation,
            pairable,
            raters,
        ));
    }
    let n = pooled.len() as f64;
    Ok(Agreement::defined(
        statistic,
        1.0 - (n - 1.0) * observed / expected,
        pairable,
        raters,
    ))
}

/// How many units [`interval_streamed`] accumulates at a time: its per-unit sums (4 x 8 KiB)
/// stay in the L1 cache while the rows stream through.
const BLOCK: usize = 256;

/// Interval alpha in one pass over the matrix, without gathering the pairable values.
///
/// Units are taken [`BLOCK`] at a time; for each, every rater's row slice adds to each unit's
/// count, sum and sum of squares, all *shifted* by the unit's first rating so that ratings far
/// from zero with a small spread keep their precision. A unit's sum of squared deviations is
/// then `ss - s^2 / m` and its share of the observed disagreement `2 m SS_u / (m - 1)`. The
/// pooled sum of squares is `sum_u SS_u + sum_u m_u (mean_u - mean)^2` (the within- and
/// between-unit parts), with the unit means kept relative to the first unit's shift and the
/// pooled mean taken in a second, short pass over the units.
fn interval_streamed<R: AsRef<[f64]>>(ratings: &[R], units: usize, raters: usize) -> Agreement {
    let statistic = Level::Interval.statistic();
    let mut observed = 0.0;
    let mut within = 0.0;
    // (count, mean relative to `origin`) of each pairable unit.
    let mut means: Vec<(f64, f64)> = Vec::with_capacity(units);
    let mut origin: Option<f64> = None;
    let mut start = 0;
    while start < units {
        let width = BLOCK.min(units - start);
        let mut shift = [f64::NAN; BLOCK];
        let mut count = [0.0f64; BLOCK];
        let mut sum = [0.0f64; BLOCK];
        let mut squares = [0.0f64; BLOCK];
        for row in ratings {
            let Some(row) = row.as_ref().get(start..start + width) else {
                continue;
            };
            // Equal-length slices, so the loop has no bounds checks and vectorizes.
            let (shift, count) = (&mut shift[..row.len()], &mut count[..row.len()]);
            let (sum, squares) = (&mut sum[..row.len()], &mut squares[..row.len()]);
            for i in 0..row.len() {
                let v = row[i];
                // The first rating of the unit becomes its shift (NaN until there is one).
                let base = if shift[i].is_nan() { v } else { shift[i] };
                shift[i] = base;
                let rated = !v.is_nan();
                let d = if rated { v - base } else { 0.0 };
                count[i] += if rated { 1.0 } else { 0.0 };
                sum[i] += d;
                squares[i] += d * d;
            }
        }
        for i in 0..width {
            let m = count[i];
            if m < 2.0 {
                continue;
            }
            let mean = sum[i] / m;
            let ss = (squares[i] - sum[i] * mean).max(0.0);
            observed += 2.0 * m * ss / (m - 1.0);
            within += ss;
            let origin = *origin.get_or_insert(shift[i]);
            means.push((m, (shift[i] - origin) + mean));
        }
        start += width;
    }
    if means.is_empty() {
        return Agreement::undefined(statistic, Undefined::NoPairableUnits, 0, raters);
    }
    let n: f64 = means.iter().map(|(m, _)| m).sum();
    let pooled_mean = means.iter().map(|(m, x)| m * x).sum::<f64>() / n;
    let between: f64 = means
        .iter()
        .map(|(m, x)| m * (x - pooled_mean) * (x - pooled_mean))
        .sum();
    let expected = 2.0 * n * (within + between);
    let pairable = means.len();
    if expected <= 0.0 {
        return Agreement::undefined(statistic, Undefined::NoVariation, pairable, raters);
    }
    Agreement::defined(
        statistic,
        1.0 - (n - 1.0) * observed / expected,
        pairable,
        raters,
    )
}

/// Calls `f(unit values)` for each pairable unit.
fn for_units(values: &[f64], ends: &[usize], mut f: impl FnMut(&[f64])) {
    let mut start = 0;
    for &end in ends {
        f(&values[start..end]);
        start = end;
    }
}

/// `sum_{i != j} (v_i - v_j)^2` = `2 m sum (v_i - mean)^2`.
fn squared_pairs(values: &[f64]) -> f64 {
    let m = values.len() as f64;
    let mean = values.iter().sum::<f64>() / m;
    2.0 * m * values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>()
}

/// (sum over units of within-unit pair disagreement / (m_u - 1), pooled pair disagreement).
fn interval(values: &[f64], ends: &[usize]) -> (f64, f64) {
    let mut observed = 0.0;
    for_units(values, ends, |unit| {
        observed += squared_pairs(unit) / (unit.len() as f64 - 1.0);
    });
    (observed, squared_pairs(values))
}

fn sorted(values: &[f64]) -> Vec<f64> {
    let mut s = values.to_vec();
    s.sort_unstable_by(f64::total_cmp);
    s
}

/// The distinct values of a sorted slice with their counts.
fn runs(sorted: &[f64]) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    for &v in sorted {
        match out.last_mut() {
            Some((last, count)) if *last == v => *count += 1.0,
            _ => out.push((v, 1.0)),
        }
    }
    out
}

/// Each value's ordinal position: the pooled count of smaller values plus half its own count.
fn ordinal_positions(values: &[f64]) -> Vec<f64> {
    let distinct = runs(&sorted(values));
    let mut pos = Vec::with_capacity(distinct.len());
    let mut below = 0.0;
    for &(_, count) in &distinct {
        pos.push(below + count / 2.0);
        below += count;
    }
    values
        .iter()
        .map(|v| {
            let i = distinct.partition_point(|(d, _)| d < v);
            pos.get(i).copied().unwrap_or(0.0)
        })
        .collect()
}

/// `m^2 - sum_c n_c^2` of a sorted slice: ordered pairs of different values.
fn unequal_pairs(sorted: &[f64]) -> f64 {
    let m = sorted.len() as f64;
    m * m - runs(sorted).iter().map(|(_, c)| c * c).sum::<f64>()
}

fn nominal(values: &[f64], ends: &[usize]) -> (f64, f64) {
    let mut observed = 0.0;
    let mut buf = Vec::new();
    for_units(values, ends, |unit| {
        buf.clear();
        buf.extend_from_slice(unit);
        buf.sort_unstable_by(f64::total_cmp);
        observed += unequal_pairs(&buf) / (unit.len() as f64 - 1.0);
    });
    (observed, unequal_pairs(&sorted(values)))
}

fn ratio_d(a: f64, b: f64) -> f64 {
    let s = a + b;
    if s == 0.0 {
        0.0
    } else {
        let r = (a - b) / s;
        r * r
    }
}

fn ratio(values: &[f64], ends: &[usize]) -> Result<(f64, f64)> {
    let distinct = runs(&sorted(values));
    if distinct.len() > MAX_RATIO_VALUES {
        return Err(Error::TooLarge {
            what: "distinct values of ratio-level ratings",
            limit: MAX_RATIO_VALUES,
            actual: distinct.len(),
        });
    }
    let mut observed = 0.0;
    for_units(values, ends, |unit| {
        let mut within = 0.0;
        for (i, &a) in unit.iter().enumerate() {
            for &b in &unit[i + 1..] {
                within += 2.0 * ratio_d(a, b);
            }
        }
        observed += within / (unit.len() as f64 - 1.0);
    });
    let mut expected = 0.0;
    for (i, &(a, na)) in distinct.iter().enumerate() {
        for &(b, nb) in &distinct[i + 1..] {
            expected += 2.0 * na * nb * ratio_d(a, b);
        }
    }
    Ok((observed, expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAN: f64 = f64::NAN;

    fn example() -> Vec<Vec<f64>> {
        // Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the 4 x 12 example.
        vec![
            vec![1., 2., 3., 3., 2., 1., 4., 1., 2., NAN, NAN, NAN],
            vec![1., 2., 3., 3., 2., 2., 4., 1., 2., 5., NAN, 3.],
            vec![NAN, 3., 3., 3., 2., 3., 4., 2., 2., 5., 1., NAN],
            vec![1., 2., 3., 3., 2., 4., 4., 1., 2., 5., 1., NAN],
        ]
    }

    fn alpha(level: Level) -> f64 {
        krippendorff_alpha(&example(), level)
            .unwrap()
            .value
            .unwrap()
    }

    #[test]
    fn the_published_example() {
        // The paper gives 0.743 (nominal), 0.815 (ordinal), 0.849 (interval), 0.797 (ratio).
        assert!((alpha(Level::Nominal) - 0.743).abs() < 5e-4);
        assert!((alpha(Level::Ordinal) - 0.815).abs() < 5e-4);
        assert!((alpha(Level::Interval) - 0.849).abs() < 5e-4);
        assert!((alpha(Level::Ratio) - 0.797).abs() < 5e-4);
        let a = krippendorff_alpha(&example(), Level::Nominal).unwrap();
        assert_eq!((a.units, a.raters), (11, 4));
    }

    #[test]
    fn undefined_cases_say_why() {
        let one = krippendorff_alpha(&[vec![1.0, 2.0]], Level::Interval).unwrap();
        assert_eq!(one.undefined, Some(Undefined::OneRater));
        let same = krippendorff_alpha(&[vec![3.0, 3.0], vec![3.0, 3.0]], Level::Nominal).unwrap();
        assert_eq!(same.undefined, Some(Undefined::NoVariation));
        let apart = krippendorff_alpha(&[vec![1.0, NAN], vec![NAN, 2.0]], Level::Ordinal).unwrap();
        assert_eq!(apart.undefined, Some(Undefined::NoPairableUnits));
        let e = krippendorff_alpha(&[vec![1.0, -1.0], vec![1.0, 2.0]], Level::Ratio).unwrap_err();
        assert_eq!(
            e.to_string(),
            "ratings[0][1] is -1: ratio data cannot be negative"
        );
    }

    #[test]
    fn too_many_distinct_ratio_values_is_too_large() {
        let row: Vec<f64> = (0..=MAX_RATIO_VALUES).map(|i| i as f64).collect();
        let e = krippendorff_alpha(&[row.clone(), row], Level::Ratio).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::TooLarge);
        assert!(
            e.to_string()
                .starts_with("distinct values of ratio-level ratings is too large"),
            "{e}"
        );
    }

    /// Interval alpha by its definition: every ordered pair within each unit and every ordered
    /// pair of pooled values (exact for ratings whose differences are exact).
    fn pairwise_interval(r: &[Vec<f64>]) -> f64 {
        let mut pooled = Vec::new();
        let mut observed = 0.0;
        for u in 0..r[0].len() {
            let vals: Vec<f64> = r.iter().map(|row| row[u]).filter(|v| !v.is_nan()).collect();
            if vals.len() < 2 {
                continue;
            }
            let mut s = 0.0;
            for a in &vals {
                for b in &vals {
                    s += (a - b) * (a - b);
                }
            }
            observed += s / (vals.len() as f64 - 1.0);
            pooled.extend(vals);
        }
        let mut expected = 0.0;
        for a in &pooled {
            for b in &pooled {
                expected += (a - b) * (a - b);
            }
        }
        1.0 - (pooled.len() as f64 - 1.0) * observed / expected
    }

    /// `raters` x `units` ratings `offset + 0..spread` in steps of 0.25, some missing.
    fn offset_matrix(
        raters: usize,
        units: usize,
        offset: f64,
        spread: u64,
        seed: u64,
    ) -> Vec<Vec<f64>> {
        let mut x = seed;
        let mut next = move || {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            x >> 33
        };
        (0..raters)
            .map(|_| {
                (0..units)
                    .map(|_| {
                        if next() % 5 == 0 {
                            NAN
                        } else {
                            offset + (next() % (4 * spread)) as f64 / 4.0
                        }
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn interval_streaming_keeps_precision_far_from_zero() {
        // Around 1e9 with a spread of 10: the pairwise differences are exact, so the
        // definition is the reference; a sum of squares not shifted would lose ~all digits.
        for (seed, units) in [(1, 7), (2, 300), (3, 1_000)] {
            for offset in [0.0, 1e9, -1e9, 1e12] {
                let r = offset_matrix(5, units, offset, 10, seed);
                let fast = krippendorff_alpha(&r, Level::Interval)
                    .unwrap()
                    .value
                    .unwrap();
                let exact = pairwise_interval(&r);
                assert!(
                    (fast - exact).abs() < 1e-9,
                    "offset {offset}: {fast} vs {exact}"
                );
            }
        }
        // Units at very different offsets (between-unit spread dominates).
        let mut r = offset_matrix(4, 600, 0.0, 5, 9);
        for row in &mut r {
            for (u, v) in row.iter_mut().enumerate() {
                *v += 1e9 + (u % 3) as f64 * 1e3;
            }
        }
        let fast = krippendorff_alpha(&r, Level::Interval)
            .unwrap()
            .value
            .unwrap();
        assert!((fast - pairwise_interval(&r)).abs() < 1e-9);
    }

    #[test]
    fn interval_blocks_do_not_change_the_answer() {
        // Unit counts around the block size, with whole columns missing and one-rating units.
        for units in [1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 17] {
            let mut r = offset_matrix(3, units, 40.0, 60, units as u64);
            for row in &mut r {
                if let Some(v) = row.get_mut(units / 2) {
                    *v = NAN;
                }
            }
            r[1][0] = NAN;
            r[2][0] = NAN;
            let a = krippendorff_alpha(&r, Level::Interval).unwrap();
            match a.value {
                Some(fast) => assert!((fast - pairwise_interval(&r)).abs() < 1e-9, "{units}"),
                None => assert_eq!(units, 1),
            }
        }
    }

    #[test]
    fn perfect_agreement_is_one() {
        let r = [vec![1.0, 2.0, 3.0, NAN], vec![1.0, 2.0, 3.0, 4.0]];
        for level in [
            Level::Nominal,
            Level::Ordinal,
            Level::Interval,
            Level::Ratio,
        ] {
            let a = krippendorff_alpha(&r, level).unwrap();
            assert_eq!(a.value, Some(1.0), "{level:?}");
        }
    }
}

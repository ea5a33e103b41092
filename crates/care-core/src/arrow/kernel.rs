//! The certification kernels: a block of rows of score columns classified into per-row pass
//! and fail counts.

#[allow(unused_imports)]
use super::*;

/// The common case read in one pass over the rows: five score columns of one type (with
/// their validity as masks when some have nulls).
pub(super) enum Fused<'a> {
    U8([&'a [u8]; 5]),
    I64([&'a [i64]; 5]),
    F64([&'a [f64]; 5]),
}

impl<'a> Fused<'a> {
    pub(super) fn of(inputs: &[ScoreInput<'a>]) -> Option<Fused<'a>> {
        if inputs.len() != 5 {
            return None;
        }
        macro_rules! all {
            ($variant:ident) => {{
                let mut cols = [&[][..]; 5];
                for (c, i) in cols.iter_mut().zip(inputs) {
                    match i.column {
                        ScoreColumn::$variant(v) => *c = v,
                        _ => return None,
                    }
                }
                cols
            }};
        }
        match inputs.first()?.column {
            ScoreColumn::U8(_) => Some(Fused::U8(all!(U8))),
            ScoreColumn::I64(_) => Some(Fused::I64(all!(I64))),
            ScoreColumn::F64(_) => Some(Fused::F64(all!(F64))),
            _ => None,
        }
    }
}

/// Counts passes and fails of rows `r` of five columns in one pass (a loop LLVM vectorises);
/// returns whether a score was invalid.
#[inline(always)]
pub(super) fn fused_block<T: Native>(
    cols: &[&[T]; 5],
    r: std::ops::Range<usize>,
    marks: &[Marks],
    passes: &mut [u8],
    fails: &mut [u8],
) -> bool {
    let m = |k: usize| {
        marks
            .get(k)
            .map_or((T::marks(&EMPTY), T::marks(&EMPTY)).0, T::marks)
    };
    let (m0, m1, m2, m3, m4) = (m(0), m(1), m(2), m(3), m(4));
    let col = |k: usize| cols[k].get(r.clone()).unwrap_or(&[]);
    let (c0, c1, c2, c3, c4) = (col(0), col(1), col(2), col(3), col(4));
    let mut bad = false;
    let it = passes
        .iter_mut()
        .zip(fails.iter_mut())
        .zip(c0.iter().zip(c1))
        .zip(c2.iter().zip(c3.iter().zip(c4)));
    for (((p, f), (&a, &b)), (&c, (&d, &e))) in it {
        let mut pp = 0u8;
        let mut ff = 0u8;
        for (v, (lo, hi, pass)) in [(a, m0), (b, m1), (c, m2), (d, m3), (e, m4)] {
            bad |= (v < lo) | (v > hi);
            pp += u8::from(v >= pass);
            ff += u8::from(v < pass);
        }
        *p = pp;
        *f = ff;
    }
    bad
}

/// [`fused_block`], or its masked twin when some column has nulls.
#[inline(always)]
pub(super) fn fused_any<T: Native>(
    cols: &[&[T]; 5],
    r: std::ops::Range<usize>,
    marks: &[Marks],
    masks: Option<&[[u8; BLOCK]; 5]>,
    passes: &mut [u8],
    fails: &mut [u8],
) -> bool {
    match masks {
        None => fused_block(cols, r, marks, passes, fails),
        Some(masks) => fused_block_masked(cols, r, marks, masks, passes, fails),
    }
}

/// [`fused_block`] with each column's validity mask (0xFF taken, 0 null).
#[inline(always)]
pub(super) fn fused_block_masked<T: Native>(
    cols: &[&[T]; 5],
    r: std::ops::Range<usize>,
    marks: &[Marks],
    masks: &[[u8; BLOCK]; 5],
    passes: &mut [u8],
    fails: &mut [u8],
) -> bool {
    let m = |k: usize| marks.get(k).map_or(T::marks(&EMPTY), T::marks);
    let (m0, m1, m2, m3, m4) = (m(0), m(1), m(2), m(3), m(4));
    let col = |k: usize| cols[k].get(r.clone()).unwrap_or(&[]);
    let (c0, c1, c2, c3, c4) = (col(0), col(1), col(2), col(3), col(4));
    let [k0, k1, k2, k3, k4] = masks;
    let mut bad = 0u8;
    let it = passes
        .iter_mut()
        .zip(fails.iter_mut())
        .zip(c0.iter().zip(c1).zip(k0.iter().zip(k1)))
        .zip(
            c2.iter()
                .zip(c3.iter().zip(c4))
                .zip(k2.iter().zip(k3.iter().zip(k4))),
        );
    for (((p, f), ((&a, &b), (&ka, &kb))), ((&c, (&d, &e)), (&kc, (&kd, &ke)))) in it {
        let mut pp = 0u8;
        let mut ff = 0u8;
        for (v, k, (lo, hi, pass)) in [
            (a, ka, m0),
            (b, kb, m1),
            (c, kc, m2),
            (d, kd, m3),
            (e, ke, m4),
        ] {
            bad |= u8::from((v < lo) | (v > hi)) & k;
            pp += u8::from(v >= pass) & k;
            ff += u8::from(v < pass) & k;
        }
        *p = pp;
        *f = ff;
    }
    bad != 0
}

/// Marks under which every taken score is invalid (never used: a policy's marks exist for
/// every call).
pub(super) const EMPTY: Marks = Marks {
    lo_i: 1,
    hi_i: 0,
    pass_i: 0,
    lo_f: 1.0,
    hi_f: 0.0,
    pass_f: 0.0,
};

/// Per-block scratch: pass and fail counts per row, a validity mask per row, f64 values.
pub(super) struct Scratch {
    pub(super) passes: [u8; BLOCK],
    pub(super) fails: [u8; BLOCK],
    pub(super) mask: [u8; BLOCK],
    pub(super) values: [f64; BLOCK],
    /// The five columns' validity masks of the one-pass path (0xFF taken, 0 null).
    pub(super) masks: [[u8; BLOCK]; 5],
}

/// Adds one column's block to the counts; returns whether any taken score was invalid.
/// `mask[i]` is 0xFF for a taken (non-null) score and 0 for a null one.
#[inline(always)]
pub(super) fn count_block<T: Native>(
    vals: &[T],
    (lo, hi, pass): (T, T, T),
    mask: &[u8],
    passes: &mut [u8],
    fails: &mut [u8],
) -> bool {
    let mut bad = 0u8;
    for (((&s, &m), p), f) in vals.iter().zip(mask).zip(passes).zip(fails) {
        // NaN compares false with everything: neither invalid nor a pass nor a fail.
        bad |= u8::from((s < lo) | (s > hi)) & m;
        *p += u8::from(s >= pass) & m;
        *f += u8::from(s < pass) & m;
    }
    bad != 0
}

/// [`count_block`] for a column with no nulls (no mask to read).
#[inline(always)]
pub(super) fn count_block_all<T: Native>(
    vals: &[T],
    (lo, hi, pass): (T, T, T),
    passes: &mut [u8],
    fails: &mut [u8],
) -> bool {
    let mut bad = false;
    for ((&s, p), f) in vals.iter().zip(passes).zip(fails) {
        bad |= (s < lo) | (s > hi);
        *p += u8::from(s >= pass);
        *f += u8::from(s < pass);
    }
    bad
}

pub(super) fn count_native<T: Native>(
    vals: &[T],
    marks: &Marks,
    mask: Option<&[u8]>,
    passes: &mut [u8],
    fails: &mut [u8],
) -> bool {
    let m = T::marks(marks);
    match mask {
        Some(mask) => count_block(vals, m, mask, passes, fails),
        None => count_block_all(vals, m, passes, fails),
    }
}

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

/// Adds the codes of eight `f64` scores of one column ([`PASS_CODE`] at or above `pass`,
/// [`FAIL_CODE`] below it, 0 for NaN or a null) to their rows' code sums, and widens the
/// lanes' range with them. `mask` is 0xFF for a taken score and 0 for a null one; a null's
/// value still widens the range (see [`fused_f64`]). Lane by lane over fixed-size arrays,
/// so that LLVM turns it into vector comparisons, one pack to bytes and a vector min and max.
#[inline(always)]
fn add_codes_8(c: &[f64; 8], pass: f64, mask: &[u8; 8], range: &mut Range8, sums: &mut [u8; 8]) {
    let mut codes = [0u8; 8];
    for (code, &s) in codes.iter_mut().zip(c) {
        *code = (u8::from(s >= pass) * PASS_CODE) | (u8::from(s < pass) * FAIL_CODE);
    }
    range.widen(c);
    for ((sum, code), m) in sums.iter_mut().zip(codes).zip(mask) {
        *sum = sum.wrapping_add(code & m);
    }
}

/// The columnar kernel of five `f64` columns: one flat pass per column adds each score's
/// code to its row's sum in `sums` (passes in bits 0-2, fails in bits 3-5), and the range of
/// the column's values is checked once per block. A column with nulls (`masks[k]`) whose
/// range fails is checked again value by value, ignoring the nulls' values (an Arrow null
/// may hold any value). Returns whether a taken score was invalid.
pub(super) fn fused_f64(
    cols: &[&[f64]; 5],
    r: std::ops::Range<usize>,
    marks: &[Marks],
    masks: [Option<&[u8]>; 5],
    sums: &mut [u8],
) -> bool {
    const ALL: [u8; 8] = [0xFF; 8];
    sums.fill(0);
    let mut bad = false;
    for ((col, m), mask) in cols.iter().zip(marks).zip(masks) {
        let col = col.get(r.clone()).unwrap_or(&[]);
        let mut range = Range8::new();
        let chunks = col.chunks_exact(8);
        let tail = chunks.remainder();
        let full = col.len() - tail.len();
        let sum_chunks = sums.chunks_exact_mut(8);
        match mask {
            None => {
                for (c, s) in chunks.zip(sum_chunks) {
                    if let (Ok(c), Ok(s)) = (<&[f64; 8]>::try_from(c), s.try_into()) {
                        add_codes_8(c, m.pass_f, &ALL, &mut range, s);
                    }
                }
            }
            Some(mask) => {
                for ((c, s), k) in chunks.zip(sum_chunks).zip(mask.chunks_exact(8)) {
                    if let (Ok(c), Ok(s), Ok(k)) =
                        (<&[f64; 8]>::try_from(c), s.try_into(), k.try_into())
                    {
                        add_codes_8(c, m.pass_f, k, &mut range, s);
                    }
                }
            }
        }
        if !tail.is_empty() {
            // The block's last rows, padded with NaN (pending, never invalid).
            let mut c = [f64::NAN; 8];
            let mut k = [0u8; 8];
            for (i, &v) in tail.iter().enumerate() {
                c[i] = v;
                k[i] = mask.map_or(0xFF, |mask| mask.get(full + i).copied().unwrap_or(0));
            }
            let mut s = [0u8; 8];
            s[..tail.len()].copy_from_slice(&sums[full..full + tail.len()]);
            add_codes_8(&c, m.pass_f, &k, &mut range, &mut s);
            sums[full..full + tail.len()].copy_from_slice(&s[..tail.len()]);
        }
        if range.out_of(m.lo_f, m.hi_f) {
            bad |= match mask {
                None => true,
                Some(mask) => col
                    .iter()
                    .zip(mask)
                    .any(|(&s, &k)| k != 0 && (s < m.lo_f || s > m.hi_f)),
            };
        }
    }
    bad
}

/// Expands `n` validity bits of `nulls` from bit `start` into `mask` (0xFF taken, 0 null):
/// a byte at a time through a table when the bits start on a byte, else bit by bit.
pub(super) fn expand_validity(nulls: &NullBuffer, start: usize, n: usize, mask: &mut [u8]) {
    let bits = nulls.inner();
    let at = bits.offset() + start;
    let bytes = bits.values().get(at / 8..).unwrap_or(&[]);
    if at % 8 == 0 {
        let mut out = mask.get_mut(..n).unwrap_or(&mut []).chunks_mut(8);
        for (&byte, m) in bytes.iter().zip(&mut out) {
            let word = SPREAD[usize::from(byte)].to_le_bytes();
            m.copy_from_slice(&word[..m.len()]);
        }
    } else {
        let bits = bits.slice(start, n);
        for (m, v) in mask.iter_mut().zip(bits.iter()) {
            *m = 0u8.wrapping_sub(u8::from(v));
        }
    }
}

/// Each byte's eight bits as eight bytes of 0xFF (bit set) or 0, least significant first.
static SPREAD: [u64; 256] = spread();

const fn spread() -> [u64; 256] {
    let mut t = [0u64; 256];
    let mut b = 0;
    while b < 256 {
        let mut word = 0u64;
        let mut j = 0;
        while j < 8 {
            if b & (1 << j) != 0 {
                word |= 0xFF << (8 * j);
            }
            j += 1;
        }
        t[b] = word;
        b += 1;
    }
    t
}

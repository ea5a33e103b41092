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
    /// Rows per block: [`FUSED_BYTES`] of each column.
    pub(super) fn block_rows(&self) -> usize {
        let width = match self {
            Fused::U8(_) => 1,
            Fused::I64(_) | Fused::F64(_) => 8,
        };
        (FUSED_BYTES / width).min(FUSED)
    }

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

/// Per-block scratch of the general path: pass and fail counts per row, a validity mask
/// per row, f64 values.
pub(super) struct Scratch {
    pub(super) passes: [u8; BLOCK],
    pub(super) fails: [u8; BLOCK],
    pub(super) mask: [u8; BLOCK],
    pub(super) values: [f64; BLOCK],
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

/// The validity bits of rows `start..start + n` of a column, a byte per eight rows (bit `k`
/// of byte `j` is row `start + 8 j + k`; 1 taken, 0 null), read from the bitmap a byte at a
/// time (two bytes shifted when the rows do not start on a byte). Bits past `n` are
/// whatever the bitmap holds; the kernel never writes those rows.
#[inline(always)]
pub(super) fn validity_bytes(
    nulls: &NullBuffer,
    start: usize,
    n: usize,
    out: &mut [u8; FUSED / 8],
) {
    let bits = nulls.inner();
    let at = bits.offset() + start;
    let bytes = bits.values().get(at / 8..).unwrap_or(&[]);
    let used = n.div_ceil(8).min(out.len());
    let shift = at % 8;
    if shift == 0 {
        let src = bytes.get(..used).unwrap_or(bytes);
        out[..src.len()].copy_from_slice(src);
    } else {
        for (j, o) in out[..used].iter_mut().enumerate() {
            let lo = bytes.get(j).copied().unwrap_or(0) >> shift;
            let hi = bytes.get(j + 1).copied().unwrap_or(0) << (8 - shift);
            *o = lo | hi;
        }
    }
}

/// A score's code: [`PASS_CODE`] at or above `pass`, [`FAIL_CODE`] below it, 0 for NaN.
#[inline(always)]
fn code<T: Native>(s: T, pass: T) -> u8 {
    (u8::from(s >= pass) * PASS_CODE) | (u8::from(s < pass) * FAIL_CODE)
}

/// One column's scores of a block added to their rows' code sums as they are, nulls' slots
/// included (see [`add_column`]), in one flat loop LLVM vectorises; returns whether a value
/// was outside `lo..=hi`.
#[inline(always)]
fn plain_column<T: Native>(col: &[T], (lo, hi, pass): (T, T, T), sums: &mut [u8]) -> bool {
    let mut bad = false;
    for (sum, &s) in sums.iter_mut().zip(col) {
        bad |= (s < lo) | (s > hi);
        *sum = sum.wrapping_add(code(s, pass));
    }
    bad
}

/// A kernel of one column's block without nulls: scores, their marks `(lo, hi, pass)` and
/// the rows' code sums to add to; returns whether a value was outside `lo..=hi`.
type ColumnKernel<T> = fn(&[T], (T, T, T), &mut [u8]) -> bool;

/// One column's scores of a block into their rows' code sums; returns whether a taken score
/// was invalid. Every slot goes through the column kernel `plain` as it is, nulls' slots too
/// (a null's slot may hold any value); then, for a column with nulls, the validity bitmap
/// is read a 64-bit word at a time (`valid`, [`validity_bytes`]) and only the nulls' codes,
/// a zero bit at a time, are taken back out. Only when `plain` saw a value out of range are
/// the taken scores checked one by one, so a null's slot never makes a row invalid.
#[inline(always)]
fn add_column<T: Native>(
    col: &[T],
    marks: (T, T, T),
    valid: Option<&[u8; FUSED / 8]>,
    sums: &mut [u8],
    plain: ColumnKernel<T>,
) -> bool {
    let out_of_range = plain(col, marks, sums);
    let Some(valid) = valid else {
        return out_of_range;
    };
    let (lo, hi, pass) = marks;
    // The block's rows' words only (a block of a wide type fills part of `valid`).
    let words = valid.get(..col.len().div_ceil(64) * 8).unwrap_or(valid);
    for (w, bytes) in words.chunks_exact(8).enumerate() {
        let word = <[u8; 8]>::try_from(bytes).map_or(u64::MAX, u64::from_le_bytes);
        let mut nulls = !word;
        while nulls != 0 {
            let i = w * 64 + nulls.trailing_zeros() as usize;
            nulls &= nulls - 1;
            // Rows past the block's end (the last block) are not there: nothing to undo.
            if let (Some(sum), Some(&s)) = (sums.get_mut(i), col.get(i)) {
                *sum = sum.wrapping_sub(code(s, pass));
            }
        }
    }
    out_of_range
        && col.iter().enumerate().any(|(i, &s)| {
            let taken = valid.get(i / 8).is_some_and(|b| b & (1 << (i % 8)) != 0);
            taken & ((s < lo) | (s > hi))
        })
}

/// An `f64` column's block (as [`plain_column`]), through the batch kernel's own classifier
/// ([`crate::certification::classify_8`]: codes and a running range per lane, NaN pending
/// and never out of range); the range is checked once per block.
#[inline(always)]
fn add_column_f64(col: &[f64], (lo, hi, pass): (f64, f64, f64), sums: &mut [u8]) -> bool {
    let mut range = Range8::new();
    let mut code = [0u8; 8];
    let chunks = col.chunks_exact(8);
    let tail = chunks.remainder();
    let full = col.len() - tail.len();
    for (c, s) in chunks.zip(sums.chunks_exact_mut(8)) {
        if let Ok(c) = <&[f64; 8]>::try_from(c) {
            classify_8(c, pass, &mut range, &mut code);
            s.iter_mut()
                .zip(code)
                .for_each(|(s, c)| *s = s.wrapping_add(c));
        }
    }
    if !tail.is_empty() {
        let mut c = [f64::NAN; 8];
        c[..tail.len()].copy_from_slice(tail);
        classify_8(&c, pass, &mut range, &mut code);
        let rest = sums.get_mut(full..).unwrap_or(&mut []);
        rest.iter_mut()
            .zip(code)
            .for_each(|(s, c)| *s = s.wrapping_add(c));
    }
    range.out_of(lo, hi)
}

/// The fused kernel: the five columns of rows `r` into each row's code sum in `sums`
/// (passes in bits 0-2, fails in bits 3-5, as the batch kernel's), one flat pass per column;
/// `valid[k]` is column `k`'s validity bytes when it has nulls. Returns whether a taken score
/// was invalid.
pub(super) fn fused_sums(
    cols: &Fused<'_>,
    r: std::ops::Range<usize>,
    marks: &[Marks],
    valid: &[Option<[u8; FUSED / 8]>; 5],
    sums: &mut [u8],
) -> bool {
    fn run<T: Native>(
        cols: &[&[T]; 5],
        r: std::ops::Range<usize>,
        marks: &[Marks],
        valid: &[Option<[u8; FUSED / 8]>; 5],
        sums: &mut [u8],
        plain: ColumnKernel<T>,
    ) -> bool {
        let mut bad = false;
        for ((col, m), v) in cols.iter().zip(marks).zip(valid) {
            let col = col.get(r.clone()).unwrap_or(&[]);
            bad |= add_column(col, T::marks(m), v.as_ref(), sums, plain);
        }
        bad
    }
    sums.fill(0);
    match cols {
        Fused::U8(c) => run(c, r, marks, valid, sums, plain_column),
        Fused::I64(c) => run(c, r, marks, valid, sums, plain_column),
        Fused::F64(c) => run(c, r, marks, valid, sums, add_column_f64),
    }
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

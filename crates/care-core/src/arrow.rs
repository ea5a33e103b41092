//! Arrow in and out (cargo feature `arrow`): certification and escalation over
//! [`arrow_array::RecordBatch`]es, for services that already hold Arrow data and for the
//! Python package's `evaluate_arrow` / `escalation_arrow`.
//!
//! # Certification
//!
//! [`CertArrow::evaluate`] reads one score column per call (by default `call1` ...
//! `call5`, [`default_score_columns`]) and returns a batch of [`STATUS`], [`PASSES`],
//! [`PASS_RATE`] and [`DECIDED_EARLY`], one row per input row, with the same answers as
//! [`crate::certification::evaluate_batch_into`] on the same scores. A **null** score is a
//! call not taken yet (as are NaN floats). Integer (8 to 64 bits, signed or not), float (32
//! and 64 bits) and decimal (32 to 256 bits) columns are read; a dictionary-encoded column of
//! those is read through its dictionary; a column of Arrow's null type is all "not taken";
//! any other type is [`Error::InvalidInput`] naming the column. Fixed-width columns are read
//! in place, a block of rows at a time (no copy of a column; five `uint8`, `int64` or
//! `float64` columns without nulls in one pass over the rows); the outputs are written into
//! new buffers that become the arrays without a copy. A score outside 0 to 100 (or a coached
//! call scored otherwise than the policy says) is [`Error::InvalidScore`] naming the row
//! and the column, and then no output is returned for that batch.
//!
//! # Escalation
//!
//! [`EscalationArrow::evaluate`] reads a `date32` (or `date64`) start column and an optional
//! completion date column and returns [`STAGE`] (the number of the ladder's steps due as of
//! one date, as a dictionary of `none` and the steps' ids), [`EXPECTED_COMPLETION`] and one
//! due-date column per step ([`due_column`]), the same rule as
//! [`crate::escalation::status`] for an agent with no excused days. A null start gives
//! nulls; a null completion means not completed.
//!
//! # Streams
//!
//! [`CertStream`] and [`EscalationStream`] wrap any iterator of batches (an
//! [`arrow_array::RecordBatchReader`]) and evaluate one batch at a time, in constant memory;
//! row numbers in errors count from the start of the stream.

use crate::calendar::{epoch_day, Calendar, FIRST_SUPPORTED, LAST_SUPPORTED};
use crate::certification::{call_verdict, CertPolicy, PreparedCertPolicy, Status};
use crate::error::{Error, Result};
use crate::escalation::{EscalationPolicy, StepCode};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    ArrowDictionaryKeyType, Date32Type, Date64Type, Decimal128Type, Decimal256Type, Decimal32Type,
    Decimal64Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type,
    UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, DictionaryArray, PrimitiveArray, RecordBatch,
    StringArray, UInt8Array,
};
use arrow_buffer::{i256, ArrowNativeType, BooleanBuffer, NullBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use jiff::civil::Date;
use std::sync::Arc;

/// The output column of status names: a dictionary of `uint8` codes (0 in progress,
/// 1 certified, 2 failed, as [`Status::code`]) over the names [`Status::name`].
pub const STATUS: &str = "status";
/// The output column of passing calls (`uint8`).
pub const PASSES: &str = "passes";
/// The output column of pass rates, whole percent (`uint8`).
pub const PASS_RATE: &str = "pass_rate";
/// The output column that says whether the status was decided with calls still to take
/// (`bool`).
pub const DECIDED_EARLY: &str = "decided_early";
/// The prefix of the default score columns: `call1`, `call2`, ...
pub const CALL_PREFIX: &str = "call";
/// The default name of the start-date column of [`EscalationArrow`].
pub const START: &str = "start";
/// The output column of escalation stages: a dictionary of `uint8` step codes (the number of
/// steps due, [`StepCode`]) over `none` and the policy's step ids.
pub const STAGE: &str = "stage";
/// The output column of the last day to complete certs and TBTs (`date32`).
pub const EXPECTED_COMPLETION: &str = "expected_completion";
/// The suffix of the due-date columns, one per step: `coaching_due`, `written_cap_due`...
pub const DUE_SUFFIX: &str = "_due";
/// The most rows one batch may have (the largest count 32-bit Arrow offsets can index):
/// a larger batch is [`Error::TooLarge`]; split it (a stream of batches has no limit).
pub const MAX_BATCH_ROWS: usize = i32::MAX as usize;

/// Rows per block of the certification kernel: each score column's block is classified in
/// one flat (vectorised) loop into per-row pass and fail counts.
const BLOCK: usize = 1024;

/// The default score column names for `calls` calls: `call1` ... `callN`.
pub fn default_score_columns(calls: u8) -> Vec<String> {
    (1..=calls).map(|i| format!("{CALL_PREFIX}{i}")).collect()
}

/// The due-date column of the step with id `step_id`: the id with `-` as `_`, then
/// [`DUE_SUFFIX`] (`written-cap` gives `written_cap_due`).
pub fn due_column(step_id: &str) -> String {
    format!("{}{DUE_SUFFIX}", step_id.replace('-', "_"))
}

fn check_rows(rows: usize) -> Result<()> {
    if rows > MAX_BATCH_ROWS {
        return Err(Error::TooLarge {
            what: "record batch (rows)",
            limit: MAX_BATCH_ROWS,
            actual: rows,
        });
    }
    Ok(())
}

fn find_column(schema: &Schema, name: &str, role: &str) -> Result<usize> {
    schema.index_of(name).map_err(|_| {
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        let hint = crate::suggest::closest(name, names.iter().copied())
            .map(|s| format!("; did you mean {s}?"))
            .unwrap_or_default();
        Error::invalid_input(format!(
            "no column {name} ({role}) in the input; its columns are {}{hint}",
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        ))
    })
}

// ---------------------------------------------------------------------------------------
// Certification

/// How a score column's type is read.
fn score_type_ok(t: &DataType) -> bool {
    match t {
        DataType::Null
        | DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Float32
        | DataType::Float64
        | DataType::Decimal32(_, _)
        | DataType::Decimal64(_, _)
        | DataType::Decimal128(_, _)
        | DataType::Decimal256(_, _) => true,
        DataType::Dictionary(k, v) => k.is_dictionary_key_type() && score_type_ok(v),
        _ => false,
    }
}

/// The integer and float thresholds of one call's column.
#[derive(Debug, Clone, Copy)]
struct Marks {
    /// Valid taken integer scores: `lo_i..=hi_i` (empty when `lo_i > hi_i`).
    lo_i: i64,
    hi_i: i64,
    /// An integer score passes from this (the pass mark rounded up).
    pass_i: i64,
    /// Valid float scores: `lo_f..=hi_f`.
    lo_f: f64,
    hi_f: f64,
    /// A float score passes from the pass mark itself.
    pass_f: f64,
}

/// A native score type read in place: compared with the column's marks in its own type.
trait Native: Copy + PartialOrd {
    /// The marks in this type: (lo, hi, pass); `None` when every taken value is invalid
    /// (an empty range) is expressed as lo > hi.
    fn marks(m: &Marks) -> (Self, Self, Self);
    fn to_f64(self) -> f64;
}

macro_rules! native_int {
    ($($t:ty),*) => {$(
        impl Native for $t {
            #[inline(always)]
            fn marks(m: &Marks) -> ($t, $t, $t) {
                // Every mark is within 0..=101, so it fits every integer type.
                let c = |x: i64| <$t>::try_from(x).unwrap_or(0);
                (c(m.lo_i), c(m.hi_i), c(m.pass_i))
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}
native_int!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Native for f64 {
    #[inline(always)]
    fn marks(m: &Marks) -> (f64, f64, f64) {
        (m.lo_f, m.hi_f, m.pass_f)
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self
    }
}

impl Native for f32 {
    #[inline(always)]
    fn marks(m: &Marks) -> (f32, f32, f32) {
        // f32 scores are compared exactly as their f64 values would be: the marks are
        // rounded to the f32 values that split the f32 scores the same way.
        (
            f32_at_least(m.lo_f),
            f32_at_most(m.hi_f),
            f32_at_least(m.pass_f),
        )
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

/// The least f32 whose f64 value is at least `x` (`x` is a mark, 0 to 100).
fn f32_at_least(x: f64) -> f32 {
    let r = x as f32;
    if f64::from(r) >= x {
        r
    } else {
        // r >= 0 here: the next f32 up is the next bit pattern.
        f32::from_bits(r.to_bits() + 1)
    }
}

/// The greatest f32 whose f64 value is at most `x` (`x` is a mark, 0 to 100).
fn f32_at_most(x: f64) -> f32 {
    let r = x as f32;
    if f64::from(r) <= x || r <= 0.0 {
        r
    } else {
        f32::from_bits(r.to_bits() - 1)
    }
}

/// One score column of a batch, ready to be read a block at a time.
enum ScoreColumn<'a> {
    /// All null (Arrow's null type, or a column of nulls only).
    Null,
    I8(&'a [i8]),
    I16(&'a [i16]),
    I32(&'a [i32]),
    I64(&'a [i64]),
    U8(&'a [u8]),
    U16(&'a [u16]),
    U32(&'a [u32]),
    U64(&'a [u64]),
    F32(&'a [f32]),
    F64(&'a [f64]),
    /// Anything read through f64 values: decimals (value, then divided by 10^scale) and
    /// dictionaries (the dictionary's values, gathered by key).
    Gather(Box<dyn Fn(usize) -> f64 + 'a>),
}

struct ScoreInput<'a> {
    name: &'a str,
    column: ScoreColumn<'a>,
    nulls: Option<&'a NullBuffer>,
}

impl ScoreInput<'_> {
    /// The score of row `i` as f64 (NaN when null), for error messages.
    fn value(&self, i: usize) -> f64 {
        if self.nulls.is_some_and(|n| n.is_null(i)) {
            return f64::NAN;
        }
        match &self.column {
            ScoreColumn::Null => f64::NAN,
            ScoreColumn::I8(s) => s.get(i).map_or(f64::NAN, |v| v.to_f64()),
            ScoreColumn::I16(s) => s.get(i).map_or(f64::NAN, |v| v.to_f64()),
            ScoreColumn::I32(s) => s.get(i).map_or(f64::NAN, |v| v.to_f64()),
            ScoreColumn::I64(s) => s.get(i).map_or(f64::NAN, |v| v.to_f64()),
            ScoreColumn::U8(s) => s.get(i).map_or(f64::NAN, |v| v.to_f64()),
            ScoreColumn::U16(s) => s.get(i).map_or(f64::NAN, |v| v.to_f64()),
            ScoreColumn::U32(s) => s.get(i).map_or(f64::NAN, |v| v.to_f64()),
            ScoreColumn::U64(s) => s.get(i).map_or(f64::NAN, |v| v.to_f64()),
            ScoreColumn::F32(s) => s.get(i).map_or(f64::NAN, |v| v.to_f64()),
            ScoreColumn::F64(s) => s.get(i).copied().unwrap_or(f64::NAN),
            ScoreColumn::Gather(f) => f(i),
        }
    }
}

/// 10^scale as f64 (exact for the scales scores use), or its inverse for a negative scale.
fn decimal_reader<'a, T: Copy + 'a>(
    values: &'a [T],
    scale: i8,
    to_f64: fn(T) -> f64,
) -> ScoreColumn<'a> {
    let factor = 10f64.powi(i32::from(scale.unsigned_abs()));
    if scale >= 0 {
        // Dividing two exact integers rounds once: 8470 / 100 is exactly the f64 of 84.7.
        ScoreColumn::Gather(Box::new(move |i| {
            values.get(i).map_or(f64::NAN, |v| to_f64(*v) / factor)
        }))
    } else {
        ScoreColumn::Gather(Box::new(move |i| {
            values.get(i).map_or(f64::NAN, |v| to_f64(*v) * factor)
        }))
    }
}

fn i256_to_f64(v: i256) -> f64 {
    // Scores are small: a value beyond i128 is far outside 0 to 100 anyway.
    v.to_i128().map_or(f64::INFINITY, |x| x as f64)
}

/// The f64 value of every entry of a dictionary's values array (NaN for a null), read once
/// per batch; `None` for a type that is not a score type.
fn dictionary_values(values: &dyn Array) -> Option<Vec<f64>> {
    let input = score_input("dictionary values", values).ok()?;
    Some((0..values.len()).map(|i| input.value(i)).collect())
}

fn dictionary_reader<'a, K: ArrowDictionaryKeyType>(
    array: &'a DictionaryArray<K>,
) -> Option<ScoreColumn<'a>> {
    let values = dictionary_values(array.values().as_ref())?;
    let keys = array.keys().values();
    Some(ScoreColumn::Gather(Box::new(move |i| {
        keys.get(i)
            .and_then(|k| values.get(k.as_usize()).copied())
            .unwrap_or(f64::NAN)
    })))
}

fn score_input<'a>(name: &'a str, array: &'a dyn Array) -> Result<ScoreInput<'a>> {
    let bad_type = || {
        Error::invalid_input(format!(
            "column {name} is {}: scores must be integers, floats or decimals (null = not taken yet)",
            array.data_type()
        ))
    };
    let nulls = array.nulls();
    let column = match array.data_type() {
        DataType::Null => ScoreColumn::Null,
        DataType::Int8 => ScoreColumn::I8(array.as_primitive::<Int8Type>().values()),
        DataType::Int16 => ScoreColumn::I16(array.as_primitive::<Int16Type>().values()),
        DataType::Int32 => ScoreColumn::I32(array.as_primitive::<Int32Type>().values()),
        DataType::Int64 => ScoreColumn::I64(array.as_primitive::<Int64Type>().values()),
        DataType::UInt8 => ScoreColumn::U8(array.as_primitive::<UInt8Type>().values()),
        DataType::UInt16 => ScoreColumn::U16(array.as_primitive::<UInt16Type>().values()),
        DataType::UInt32 => ScoreColumn::U32(array.as_primitive::<UInt32Type>().values()),
        DataType::UInt64 => ScoreColumn::U64(array.as_primitive::<UInt64Type>().values()),
        DataType::Float32 => ScoreColumn::F32(array.as_primitive::<Float32Type>().values()),
        DataType::Float64 => ScoreColumn::F64(array.as_primitive::<Float64Type>().values()),
        DataType::Decimal32(_, s) => decimal_reader(
            array.as_primitive::<Decimal32Type>().values(),
            *s,
            f64::from,
        ),
        DataType::Decimal64(_, s) => {
            decimal_reader(array.as_primitive::<Decimal64Type>().values(), *s, |v| {
                v as f64
            })
        }
        DataType::Decimal128(_, s) => {
            decimal_reader(array.as_primitive::<Decimal128Type>().values(), *s, |v| {
                v as f64
            })
        }
        DataType::Decimal256(_, s) => decimal_reader(
            array.as_primitive::<Decimal256Type>().values(),
            *s,
            i256_to_f64,
        ),
        DataType::Dictionary(k, _) => {
            let reader = match k.as_ref() {
                DataType::Int8 => dictionary_reader(array.as_dictionary::<Int8Type>()),
                DataType::Int16 => dictionary_reader(array.as_dictionary::<Int16Type>()),
                DataType::Int32 => dictionary_reader(array.as_dictionary::<Int32Type>()),
                DataType::Int64 => dictionary_reader(array.as_dictionary::<Int64Type>()),
                DataType::UInt8 => dictionary_reader(array.as_dictionary::<UInt8Type>()),
                DataType::UInt16 => dictionary_reader(array.as_dictionary::<UInt16Type>()),
                DataType::UInt32 => dictionary_reader(array.as_dictionary::<UInt32Type>()),
                DataType::UInt64 => dictionary_reader(array.as_dictionary::<UInt64Type>()),
                _ => None,
            };
            reader.ok_or_else(bad_type)?
        }
        _ => return Err(bad_type()),
    };
    // A column of nulls only is read as the null type (nothing to compare).
    let column = if nulls.is_some_and(|n| n.null_count() == array.len()) {
        ScoreColumn::Null
    } else {
        column
    };
    Ok(ScoreInput {
        name,
        column,
        nulls,
    })
}

/// The common case read in one pass over the rows: five score columns of one type (with
/// their validity as masks when some have nulls).
enum Fused<'a> {
    U8([&'a [u8]; 5]),
    I64([&'a [i64]; 5]),
    F64([&'a [f64]; 5]),
}

impl<'a> Fused<'a> {
    fn of(inputs: &[ScoreInput<'a>]) -> Option<Fused<'a>> {
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
fn fused_block<T: Native>(
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
fn fused_any<T: Native>(
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
fn fused_block_masked<T: Native>(
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
const EMPTY: Marks = Marks {
    lo_i: 1,
    hi_i: 0,
    pass_i: 0,
    lo_f: 1.0,
    hi_f: 0.0,
    pass_f: 0.0,
};

/// Per-block scratch: pass and fail counts per row, a validity mask per row, f64 values.
struct Scratch {
    passes: [u8; BLOCK],
    fails: [u8; BLOCK],
    mask: [u8; BLOCK],
    values: [f64; BLOCK],
    /// The five columns' validity masks of the one-pass path (0xFF taken, 0 null).
    masks: [[u8; BLOCK]; 5],
}

/// Adds one column's block to the counts; returns whether any taken score was invalid.
/// `mask[i]` is 0xFF for a taken (non-null) score and 0 for a null one.
#[inline(always)]
fn count_block<T: Native>(
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
fn count_block_all<T: Native>(
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

fn count_native<T: Native>(
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

/// A certification policy and the score columns to read, ready for many record batches.
///
/// ```
/// use arrow_array::{RecordBatch, UInt8Array};
/// use care_core::arrow::CertArrow;
/// use care_core::CertPolicy;
/// use std::sync::Arc;
///
/// let col = |v: u8| Arc::new(UInt8Array::from(vec![100, v])) as _;
/// let batch = RecordBatch::try_from_iter([
///     ("call1", col(100)), ("call2", col(90)), ("call3", col(84)),
///     ("call4", col(88)), ("call5", col(92)),
/// ]).unwrap();
/// let out = CertArrow::new(&CertPolicy::default(), None).unwrap().evaluate(&batch).unwrap();
/// assert_eq!(out.num_rows(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct CertArrow {
    prepared: PreparedCertPolicy,
    columns: Vec<String>,
    marks: Vec<Marks>,
    rates: Vec<u8>,
    schema: SchemaRef,
}

impl CertArrow {
    /// Checks the policy once; `columns` names the score columns in call order (default
    /// `call1` ... `callN`, N the policy's calls); there must be one per call.
    pub fn new(policy: &CertPolicy, columns: Option<&[String]>) -> Result<CertArrow> {
        CertArrow::prepared(policy.prepare()?, columns)
    }

    /// [`CertArrow::new`] from a policy already checked.
    pub fn prepared(prepared: PreparedCertPolicy, columns: Option<&[String]>) -> Result<CertArrow> {
        let policy = prepared.policy();
        let calls = policy.calls;
        let columns = match columns {
            Some(c) => c.to_vec(),
            None => default_score_columns(calls),
        };
        if columns.len() != usize::from(calls) {
            return Err(Error::invalid_input(format!(
                "{} score columns given ({}); the policy has {calls} calls: name one column per call, in call order",
                columns.len(),
                columns.join(", ")
            )));
        }
        for (i, c) in columns.iter().enumerate() {
            if columns[..i].contains(c) {
                return Err(Error::invalid_input(format!(
                    "score column {c} is named twice: name one column per call"
                )));
            }
        }
        let (pass_from, coached, coached_u8) = prepared.integer_limits();
        let marks = (0..columns.len())
            .map(|c| {
                let (lo_i, hi_i, lo_f, hi_f) = if coached == Some(c) {
                    let cs = policy.coached_score;
                    let (lo, hi) = if coached_u8 == crate::certification::NOT_TAKEN {
                        (1, 0)
                    } else {
                        (i64::from(coached_u8), i64::from(coached_u8))
                    };
                    (lo, hi, cs, cs)
                } else {
                    (0, 100, 0.0, 100.0)
                };
                Marks {
                    lo_i,
                    hi_i,
                    pass_i: i64::from(pass_from),
                    lo_f,
                    hi_f,
                    pass_f: policy.pass_mark,
                }
            })
            .collect();
        let rates = (0..=calls)
            .map(|p| crate::certification::pass_rate(p, calls))
            .collect::<Result<_>>()?;
        Ok(CertArrow {
            prepared,
            columns,
            marks,
            rates,
            schema: cert_schema(),
        })
    }

    /// `100 / calls` when it is exact (the pass rate is then `passes * step`).
    fn rate_step(&self) -> Option<u8> {
        let calls = self.prepared.policy().calls;
        (calls > 0 && 100 % calls == 0).then(|| 100 / calls)
    }

    /// The score columns read, in call order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The schema of the batches [`CertArrow::evaluate`] returns.
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// Checks that `schema` has every score column, of a score type.
    pub fn check_schema(&self, schema: &Schema) -> Result<()> {
        for name in &self.columns {
            let i = find_column(schema, name, "a score column")?;
            let t = schema.field(i).data_type();
            if !score_type_ok(t) {
                return Err(Error::invalid_input(format!(
                    "column {name} is {t}: scores must be integers, floats or decimals (null = not taken yet)"
                )));
            }
        }
        Ok(())
    }

    /// Evaluates every row of `batch`.
    pub fn evaluate(&self, batch: &RecordBatch) -> Result<RecordBatch> {
        self.evaluate_from(batch, 0)
    }

    /// [`CertArrow::evaluate`] for a batch whose first row is row `first_row` of a stream
    /// (errors name rows from the start of the stream).
    pub fn evaluate_from(&self, batch: &RecordBatch, first_row: u64) -> Result<RecordBatch> {
        let rows = batch.num_rows();
        check_rows(rows)?;
        let schema = batch.schema();
        self.check_schema(&schema)?;
        let mut inputs = Vec::with_capacity(self.columns.len());
        for name in &self.columns {
            let i = find_column(&schema, name, "a score column")?;
            inputs.push(score_input(name, batch.column(i).as_ref())?);
        }
        let mut status = vec![0u8; rows];
        let mut passes = vec![0u8; rows];
        let mut rate = vec![0u8; rows];
        // decided_early is packed into bits a block at a time (no byte per row).
        let mut early = vec![0u8; rows.div_ceil(8)];
        let mut early_block = [false; BLOCK];
        let fused = Fused::of(&inputs);
        let step = self.rate_step();
        let mut scratch = Box::new(Scratch {
            passes: [0; BLOCK],
            fails: [0; BLOCK],
            mask: [0; BLOCK],
            values: [0.0; BLOCK],
            masks: [[0xFF; BLOCK]; 5],
        });
        let fused_nulls: Vec<Option<&NullBuffer>> = inputs
            .iter()
            .map(|i| i.nulls.filter(|n| n.null_count() > 0))
            .collect();
        let any_nulls = fused_nulls.iter().any(Option::is_some);
        let calls = self.prepared.policy().calls;
        let mut start = 0;
        while start < rows {
            let end = rows.min(start + BLOCK);
            let n = end - start;
            let s = &mut *scratch;
            s.passes[..n].fill(0);
            s.fails[..n].fill(0);
            let mut bad = false;
            let (p, f) = (&mut s.passes[..n], &mut s.fails[..n]);
            if fused.is_some() && any_nulls {
                for (mask, nulls) in s.masks.iter_mut().zip(&fused_nulls) {
                    if let Some(nulls) = nulls {
                        let bits = nulls.inner().slice(start, n);
                        for (m, v) in mask.iter_mut().zip(bits.iter()) {
                            *m = 0u8.wrapping_sub(u8::from(v));
                        }
                    }
                }
            }
            let masks = any_nulls.then_some(&s.masks);
            let r = start..end;
            let done = match &fused {
                Some(Fused::U8(c)) => Some(fused_any(c, r, &self.marks, masks, p, f)),
                Some(Fused::I64(c)) => Some(fused_any(c, r, &self.marks, masks, p, f)),
                Some(Fused::F64(c)) => Some(fused_any(c, r, &self.marks, masks, p, f)),
                None => None,
            };
            if let Some(b) = done {
                bad = b;
            }
            for (input, marks) in inputs.iter().zip(&self.marks) {
                if done.is_some() || matches!(input.column, ScoreColumn::Null) {
                    continue;
                }
                let mask = match input.nulls {
                    Some(nulls) if nulls.null_count() > 0 => {
                        let bits = nulls.inner().slice(start, n);
                        for (m, v) in s.mask.iter_mut().zip(bits.iter()) {
                            *m = 0u8.wrapping_sub(u8::from(v));
                        }
                        Some(&s.mask[..n])
                    }
                    _ => None,
                };
                let (p, f) = (&mut s.passes[..n], &mut s.fails[..n]);
                let r = start..end;
                bad |= match &input.column {
                    ScoreColumn::Null => false,
                    ScoreColumn::I8(v) => count_native(&v[r], marks, mask, p, f),
                    ScoreColumn::I16(v) => count_native(&v[r], marks, mask, p, f),
                    ScoreColumn::I32(v) => count_native(&v[r], marks, mask, p, f),
                    ScoreColumn::I64(v) => count_native(&v[r], marks, mask, p, f),
                    ScoreColumn::U8(v) => count_native(&v[r], marks, mask, p, f),
                    ScoreColumn::U16(v) => count_native(&v[r], marks, mask, p, f),
                    ScoreColumn::U32(v) => count_native(&v[r], marks, mask, p, f),
                    ScoreColumn::U64(v) => count_native(&v[r], marks, mask, p, f),
                    ScoreColumn::F32(v) => count_native(&v[r], marks, mask, p, f),
                    ScoreColumn::F64(v) => count_native(&v[r], marks, mask, p, f),
                    ScoreColumn::Gather(g) => {
                        for (k, x) in s.values[..n].iter_mut().enumerate() {
                            *x = g(start + k);
                        }
                        count_native(&s.values[..n], marks, mask, p, f)
                    }
                };
            }
            if bad {
                return Err(self.block_error(&inputs, start, end, first_row));
            }
            let it = s.passes[..n]
                .iter()
                .zip(&s.fails[..n])
                .zip(status[start..end].iter_mut().zip(&mut passes[start..end]))
                .zip(&mut early_block[..n]);
            for (((&p, &f), (st, ps)), e) in it {
                let pending = calls.wrapping_sub(p).wrapping_sub(f);
                let code = self.prepared.status_code(p, f, pending);
                *st = code;
                *ps = p;
                *e = (pending != 0) & (code != 0);
            }
            let rates = rate[start..end].iter_mut().zip(&s.passes[..n]);
            match step {
                // The pass rate is p * 100 / calls: a multiply when calls divides 100.
                Some(step) => rates.for_each(|(pr, &p)| *pr = p.wrapping_mul(step)),
                None => rates.for_each(|(pr, &p)| {
                    *pr = self.rates.get(usize::from(p)).copied().unwrap_or(0);
                }),
            }
            // BLOCK is a multiple of 8, so a block's bits start on a byte.
            let bytes = early.get_mut(start / 8..).unwrap_or(&mut []);
            for (byte, bits) in bytes.iter_mut().zip(early_block[..n].chunks(8)) {
                *byte = bits
                    .iter()
                    .enumerate()
                    .fold(0u8, |acc, (k, &b)| acc | (u8::from(b) << k));
            }
            start = end;
        }
        let early = BooleanBuffer::new(arrow_buffer::Buffer::from_vec(early), 0, rows);
        cert_batch(&self.schema, status, passes, rate, early)
    }

    #[cold]
    #[inline(never)]
    fn block_error(
        &self,
        inputs: &[ScoreInput<'_>],
        start: usize,
        end: usize,
        first: u64,
    ) -> Error {
        for row in start..end {
            for (c, input) in inputs.iter().enumerate() {
                let s = input.value(row);
                if s.is_nan() {
                    continue;
                }
                let number = u8::try_from(c + 1).unwrap_or(u8::MAX);
                let Some(m) = self.marks.get(c) else { continue };
                let invalid = if is_float(input) {
                    s < m.lo_f || s > m.hi_f
                } else {
                    s < m.lo_i as f64 || s > m.hi_i as f64
                };
                if invalid {
                    let message = match call_verdict(number, s, self.prepared.policy()) {
                        Err(Error::InvalidScore { message, .. }) => message,
                        _ => format!("{s} is not a valid score for call {number}"),
                    };
                    return Error::invalid_score(
                        format!(
                            "row {}, column {} (call {number})",
                            first + row as u64,
                            input.name
                        ),
                        message,
                    );
                }
            }
        }
        Error::invalid_input(format!(
            "rows {} to {}: invalid scores",
            first + start as u64,
            first + end as u64 - 1
        ))
    }
}

fn is_float(input: &ScoreInput<'_>) -> bool {
    matches!(
        input.column,
        ScoreColumn::F32(_) | ScoreColumn::F64(_) | ScoreColumn::Gather(_)
    )
}

fn status_dictionary() -> ArrayRef {
    Arc::new(StringArray::from(
        Status::ALL.iter().map(|s| s.name()).collect::<Vec<_>>(),
    ))
}

fn cert_schema() -> SchemaRef {
    let dict = DataType::Dictionary(Box::new(DataType::UInt8), Box::new(DataType::Utf8));
    Arc::new(Schema::new(vec![
        Field::new(STATUS, dict, false),
        Field::new(PASSES, DataType::UInt8, false),
        Field::new(PASS_RATE, DataType::UInt8, false),
        Field::new(DECIDED_EARLY, DataType::Boolean, false),
    ]))
}

fn arrow_err(e: arrow_schema::ArrowError) -> Error {
    Error::invalid_input(format!("internal: building the output batch failed: {e}"))
}

fn cert_batch(
    schema: &SchemaRef,
    status: Vec<u8>,
    passes: Vec<u8>,
    rate: Vec<u8>,
    early: BooleanBuffer,
) -> Result<RecordBatch> {
    // Vec -> ScalarBuffer -> array: the buffers are moved, not copied.
    let keys = UInt8Array::new(ScalarBuffer::from(status), None);
    let status =
        DictionaryArray::<UInt8Type>::try_new(keys, status_dictionary()).map_err(arrow_err)?;
    let columns: Vec<ArrayRef> = vec![
        Arc::new(status),
        Arc::new(UInt8Array::new(ScalarBuffer::from(passes), None)),
        Arc::new(UInt8Array::new(ScalarBuffer::from(rate), None)),
        Arc::new(BooleanArray::new(early, None)),
    ];
    RecordBatch::try_new(schema.clone(), columns).map_err(arrow_err)
}

/// Evaluates every row of `batch` under `policy`; `columns` names the score columns in call
/// order (default `call1` ... `callN`). See the [module docs](self).
pub fn evaluate_arrow(
    batch: &RecordBatch,
    columns: Option<&[String]>,
    policy: &CertPolicy,
) -> Result<RecordBatch> {
    CertArrow::new(policy, columns)?.evaluate(batch)
}

// ---------------------------------------------------------------------------------------
// Escalation

/// An escalation policy, a calendar, an as-of date and the date columns to read, ready for
/// many record batches.
#[derive(Debug, Clone)]
pub struct EscalationArrow {
    start: String,
    completed: Option<String>,
    as_of_day: i32,
    as_of_rank: u32,
    /// The step code of each post-training day number, up to the last step's day.
    code_by_day: Vec<u8>,
    /// The post-training day of each output date: expected completion, then each step.
    date_days: Vec<u32>,
    calendar: Calendar,
    stage_names: ArrayRef,
    schema: SchemaRef,
}

impl EscalationArrow {
    /// Checks the policy and the as-of date once; `start` names the start-date column and
    /// `completed` the optional completion-date column.
    pub fn new(
        start: &str,
        as_of: Date,
        completed: Option<&str>,
        calendar: &Calendar,
        policy: &EscalationPolicy,
    ) -> Result<EscalationArrow> {
        policy.validate()?;
        let as_of_day = epoch_day(as_of);
        let as_of_rank = calendar.rank_inclusive_epoch(as_of_day).ok_or_else(|| {
            Error::invalid_date(
                as_of.to_string(),
                format!(
                    "the as-of date is outside the calendar's supported range {FIRST_SUPPORTED} to {LAST_SUPPORTED}"
                ),
            )
        })?;
        let max_day = policy.steps.last().map_or(0, |s| s.day);
        let code_by_day = (0..=max_day)
            .map(|day| {
                let due = policy.steps.iter().take_while(|s| s.day <= day).count();
                u8::try_from(due).unwrap_or(u8::MAX)
            })
            .collect();
        let mut names = vec![StepCode::None.name().to_string()];
        names.extend(policy.steps.iter().map(|s| s.id.clone()));
        let mut fields = vec![
            Field::new(
                STAGE,
                DataType::Dictionary(Box::new(DataType::UInt8), Box::new(DataType::Utf8)),
                true,
            ),
            Field::new(EXPECTED_COMPLETION, DataType::Date32, true),
        ];
        let mut date_days = vec![policy.budgets.combined_business_days.max(1)];
        for s in &policy.steps {
            let name = due_column(&s.id);
            if fields.iter().any(|f| f.name() == &name) {
                return Err(Error::invalid_input(format!(
                    "two output columns would be named {name}: give the steps ids that differ in more than - and _"
                )));
            }
            fields.push(Field::new(name, DataType::Date32, true));
            date_days.push(s.day.max(1));
        }
        Ok(EscalationArrow {
            start: start.to_string(),
            completed: completed.map(str::to_string),
            as_of_day,
            as_of_rank,
            code_by_day,
            date_days,
            calendar: calendar.clone(),
            stage_names: Arc::new(StringArray::from(names)),
            schema: Arc::new(Schema::new(fields)),
        })
    }

    /// The schema of the batches [`EscalationArrow::evaluate`] returns.
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// Checks that `schema` has the date columns, of a date type.
    pub fn check_schema(&self, schema: &Schema) -> Result<()> {
        let mut cols = vec![(&self.start, "the start dates")];
        if let Some(c) = &self.completed {
            cols.push((c, "the completion dates"));
        }
        for (name, role) in cols {
            let i = find_column(schema, name, role)?;
            let t = schema.field(i).data_type();
            if !matches!(t, DataType::Date32 | DataType::Date64 | DataType::Null) {
                return Err(Error::invalid_input(format!(
                    "column {name} is {t}: {role} must be dates (date32 or date64)"
                )));
            }
        }
        Ok(())
    }

    /// Evaluates every row of `batch`.
    pub fn evaluate(&self, batch: &RecordBatch) -> Result<RecordBatch> {
        self.evaluate_from(batch, 0)
    }

    /// [`EscalationArrow::evaluate`] for a batch whose first row is row `first_row` of a
    /// stream.
    pub fn evaluate_from(&self, batch: &RecordBatch, first_row: u64) -> Result<RecordBatch> {
        let rows = batch.num_rows();
        check_rows(rows)?;
        let schema = batch.schema();
        self.check_schema(&schema)?;
        let starts = DateColumn::new(batch.column(find_column(&schema, &self.start, "")?));
        let completed = match &self.completed {
            Some(c) => Some(DateColumn::new(batch.column(find_column(&schema, c, "")?))),
            None => None,
        };
        let mut stage = vec![0u8; rows];
        let mut dates: Vec<Vec<i32>> = vec![vec![0i32; rows]; self.date_days.len()];
        let mut valid = vec![true; rows];
        let cal = &self.calendar;
        let place = |col: &str, row: usize| format!("row {}, column {col}", first_row + row as u64);
        for row in 0..rows {
            let Some(start) = starts.day(row) else {
                valid[row] = false;
                continue;
            };
            let out_of_range = || {
                Error::invalid_date(
                    place(&self.start, row),
                    format!(
                        "the start date (day {start} since 1970-01-01) is outside the calendar's supported range {FIRST_SUPPORTED} to {LAST_SUPPORTED}"
                    ),
                )
            };
            // Post-training day 1 is the first business day on or after the start: its rank
            // is the number of business days before the start.
            let r1 = cal.rank_epoch(start).ok_or_else(out_of_range)?;
            let mut effective = self.as_of_day;
            if let Some(done) = completed.as_ref().and_then(|c| c.day(row)) {
                if done < start {
                    return Err(Error::invalid_input(format!(
                        "{}: the completion is before the start; certs and TBTs cannot be completed before the agent starts",
                        place(self.completed.as_deref().unwrap_or(""), row)
                    )));
                }
                effective = effective.min(done);
            }
            let through = if effective == self.as_of_day {
                Some(self.as_of_rank)
            } else {
                cal.rank_inclusive_epoch(effective)
            };
            let day = through.ok_or_else(out_of_range)?.saturating_sub(r1);
            let top = self.code_by_day.len().saturating_sub(1);
            stage[row] = self
                .code_by_day
                .get((day as usize).min(top))
                .copied()
                .unwrap_or(0);
            for (col, &n) in dates.iter_mut().zip(&self.date_days) {
                col[row] = cal
                    .business_day_epoch(r1 + n - 1)
                    .ok_or_else(out_of_range)?;
            }
        }
        let nulls = if valid.iter().all(|v| *v) {
            None
        } else {
            Some(NullBuffer::from(valid))
        };
        let keys = UInt8Array::new(ScalarBuffer::from(stage), nulls.clone());
        let stage = DictionaryArray::<UInt8Type>::try_new(keys, self.stage_names.clone())
            .map_err(arrow_err)?;
        let mut columns: Vec<ArrayRef> = vec![Arc::new(stage)];
        for d in dates {
            columns.push(Arc::new(Date32Array::new(
                ScalarBuffer::from(d),
                nulls.clone(),
            )));
        }
        RecordBatch::try_new(self.schema.clone(), columns).map_err(arrow_err)
    }
}

/// A date column as days since 1970-01-01.
enum DateColumn<'a> {
    Null,
    Date32(&'a PrimitiveArray<Date32Type>),
    Date64(&'a PrimitiveArray<Date64Type>),
}

impl<'a> DateColumn<'a> {
    fn new(array: &'a ArrayRef) -> DateColumn<'a> {
        match array.data_type() {
            DataType::Date32 => DateColumn::Date32(array.as_primitive::<Date32Type>()),
            DataType::Date64 => DateColumn::Date64(array.as_primitive::<Date64Type>()),
            _ => DateColumn::Null,
        }
    }

    #[inline]
    fn day(&self, row: usize) -> Option<i32> {
        match self {
            DateColumn::Null => None,
            DateColumn::Date32(a) => a.is_valid(row).then(|| a.value(row)),
            DateColumn::Date64(a) => a
                .is_valid(row)
                .then(|| i32::try_from(a.value(row).div_euclid(86_400_000)).unwrap_or(i32::MAX)),
        }
    }
}

/// The escalation of every row of `batch` as of `as_of`: see the [module docs](self).
pub fn escalation_arrow(
    batch: &RecordBatch,
    start: &str,
    as_of: Date,
    completed: Option<&str>,
    calendar: &Calendar,
    policy: &EscalationPolicy,
) -> Result<RecordBatch> {
    EscalationArrow::new(start, as_of, completed, calendar, policy)?.evaluate(batch)
}

// ---------------------------------------------------------------------------------------
// Streams

/// What a stream evaluates each batch with.
pub trait BatchRule {
    /// The output schema.
    fn schema(&self) -> SchemaRef;
    /// Checks an input schema before any batch is read.
    fn check_schema(&self, schema: &Schema) -> Result<()>;
    /// Evaluates one batch whose first row is row `first_row` of the stream.
    fn evaluate_from(&self, batch: &RecordBatch, first_row: u64) -> Result<RecordBatch>;
}

impl BatchRule for CertArrow {
    fn schema(&self) -> SchemaRef {
        CertArrow::schema(self)
    }
    fn check_schema(&self, schema: &Schema) -> Result<()> {
        CertArrow::check_schema(self, schema)
    }
    fn evaluate_from(&self, batch: &RecordBatch, first_row: u64) -> Result<RecordBatch> {
        CertArrow::evaluate_from(self, batch, first_row)
    }
}

impl BatchRule for EscalationArrow {
    fn schema(&self) -> SchemaRef {
        EscalationArrow::schema(self)
    }
    fn check_schema(&self, schema: &Schema) -> Result<()> {
        EscalationArrow::check_schema(self, schema)
    }
    fn evaluate_from(&self, batch: &RecordBatch, first_row: u64) -> Result<RecordBatch> {
        EscalationArrow::evaluate_from(self, batch, first_row)
    }
}

/// A stream of evaluated batches over a stream of input batches, one batch at a time: the
/// first error (from the input or from a rule) ends it.
pub struct RuleStream<R, I> {
    rule: R,
    input: I,
    rows: u64,
    batches: u64,
    done: bool,
}

/// [`RuleStream`] of certification.
pub type CertStream<I> = RuleStream<CertArrow, I>;
/// [`RuleStream`] of escalation.
pub type EscalationStream<I> = RuleStream<EscalationArrow, I>;

impl<R: BatchRule, I> RuleStream<R, I>
where
    I: Iterator<Item = std::result::Result<RecordBatch, arrow_schema::ArrowError>>,
{
    /// Checks the input's schema, then evaluates its batches as they are read.
    pub fn new(rule: R, input_schema: &Schema, input: I) -> Result<RuleStream<R, I>> {
        rule.check_schema(input_schema)?;
        Ok(RuleStream {
            rule,
            input,
            rows: 0,
            batches: 0,
            done: false,
        })
    }

    /// The output schema.
    pub fn schema(&self) -> SchemaRef {
        self.rule.schema()
    }
}

impl<R: BatchRule, I> Iterator for RuleStream<R, I>
where
    I: Iterator<Item = std::result::Result<RecordBatch, arrow_schema::ArrowError>>,
{
    type Item = Result<RecordBatch>;

    fn next(&mut self) -> Option<Result<RecordBatch>> {
        if self.done {
            return None;
        }
        let r = match self.input.next()? {
            Ok(batch) => {
                let out = self.rule.evaluate_from(&batch, self.rows);
                self.rows += batch.num_rows() as u64;
                self.batches += 1;
                out
            }
            Err(e) => Err(Error::invalid_input(format!(
                "the input stream failed after {} batches ({} rows): {e}",
                self.batches, self.rows
            ))),
        };
        if r.is_err() {
            self.done = true;
        }
        Some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certification::evaluate_batch;
    use arrow_array::{Decimal128Array, Float64Array, Int64Array, NullArray};

    fn u8_batch(rows: &[[u8; 5]]) -> RecordBatch {
        let cols = (0..5).map(|c| {
            let v: Vec<Option<u8>> = rows.iter().map(|r| (r[c] != 255).then_some(r[c])).collect();
            (
                format!("call{}", c + 1),
                Arc::new(UInt8Array::from(v)) as ArrayRef,
            )
        });
        RecordBatch::try_from_iter(cols).unwrap()
    }

    fn codes(out: &RecordBatch) -> (Vec<u8>, Vec<u8>, Vec<u8>, Vec<bool>) {
        let st = out
            .column(0)
            .as_dictionary::<UInt8Type>()
            .keys()
            .values()
            .to_vec();
        let ps = out.column(1).as_primitive::<UInt8Type>().values().to_vec();
        let pr = out.column(2).as_primitive::<UInt8Type>().values().to_vec();
        let e = out
            .column(3)
            .as_boolean()
            .iter()
            .map(|b| b.unwrap())
            .collect();
        (st, ps, pr, e)
    }

    #[test]
    fn agrees_with_evaluate_batch_on_every_small_row() {
        // Every row of scores from a few interesting values, pending included.
        let vals = [255u8, 0, 84, 85, 100];
        let mut rows = Vec::new();
        for a in [100u8, 255] {
            for b in vals {
                for c in vals {
                    for d in vals {
                        for e in vals {
                            rows.push([a, b, c, d, e]);
                        }
                    }
                }
            }
        }
        let policy = CertPolicy::default();
        let flat: Vec<u8> = rows.iter().flatten().copied().collect();
        let want = evaluate_batch(&flat, &policy).unwrap();
        let out = evaluate_arrow(&u8_batch(&rows), None, &policy).unwrap();
        let (st, ps, pr, early) = codes(&out);
        assert_eq!(st, want.status);
        assert_eq!(ps, want.passes);
        assert_eq!(pr, want.pass_rate);
        for (i, r) in rows.iter().enumerate() {
            let pending = r.contains(&255);
            assert_eq!(early[i], pending && st[i] != 0, "row {i}");
        }
    }

    #[test]
    fn the_one_pass_path_agrees_too() {
        // Five columns of one type and no nulls take the fused path: u8, i64 and f64.
        let policy = CertPolicy::default();
        let mut rows = Vec::new();
        for i in 0..3000u32 {
            let v = |k: u32| [0u8, 60, 84, 85, 90, 100][((i * 7 + k * 13) % 6) as usize];
            rows.push([100, v(1), v(2), v(3), v(4)]);
        }
        let flat: Vec<u8> = rows.iter().flatten().copied().collect();
        let want = evaluate_batch(&flat, &policy).unwrap();
        let batch = u8_batch(&rows);
        assert!(batch.column(0).nulls().is_none());
        let cast = |f: &dyn Fn(u8) -> ArrayRef| {
            let cols = (0..5).map(|c| {
                let name = format!("call{}", c + 1);
                (name, f(c))
            });
            RecordBatch::try_from_iter(cols).unwrap()
        };
        let i64s = cast(&|c| {
            Arc::new(Int64Array::from(
                rows.iter()
                    .map(|r| i64::from(r[usize::from(c)]))
                    .collect::<Vec<_>>(),
            )) as ArrayRef
        });
        let f64s = cast(&|c| {
            Arc::new(Float64Array::from(
                rows.iter()
                    .map(|r| f64::from(r[usize::from(c)]))
                    .collect::<Vec<_>>(),
            )) as ArrayRef
        });
        for b in [&batch, &i64s, &f64s] {
            let (st, ps, pr, _) = codes(&evaluate_arrow(b, None, &policy).unwrap());
            assert_eq!(
                (st, ps, pr),
                (
                    want.status.clone(),
                    want.passes.clone(),
                    want.pass_rate.clone()
                )
            );
        }
        let mut bad = rows.clone();
        bad[2500][3] = 101;
        let e = evaluate_arrow(&u8_batch(&bad), None, &policy).unwrap_err();
        assert!(e.to_string().contains("row 2500, column call4"), "{e}");
    }

    #[test]
    fn types_and_errors_name_the_column() {
        let policy = CertPolicy::default();
        let f = |v: Vec<Option<f64>>| Arc::new(Float64Array::from(v)) as ArrayRef;
        let batch = RecordBatch::try_from_iter([
            (
                "call1",
                Arc::new(Int64Array::from(vec![100, 100])) as ArrayRef,
            ),
            ("call2", f(vec![Some(84.5), None])),
            (
                "call3",
                Arc::new(
                    Decimal128Array::from(vec![8500, 9000])
                        .with_precision_and_scale(5, 2)
                        .unwrap(),
                ) as ArrayRef,
            ),
            ("call4", Arc::new(NullArray::new(2)) as ArrayRef),
            ("call5", f(vec![Some(101.0), Some(90.0)])),
        ])
        .unwrap();
        let e = evaluate_arrow(&batch, None, &policy).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidScore);
        assert!(e.to_string().contains("row 0, column call5"), "{e}");
        let ok = batch.slice(1, 1);
        let (st, ps, ..) = codes(&evaluate_arrow(&ok, None, &policy).unwrap());
        assert_eq!((st[0], ps[0]), (0, 3));
        let text = Arc::new(StringArray::from(vec!["1", "2"])) as ArrayRef;
        let bad = RecordBatch::try_from_iter([("call1", text)]).unwrap();
        let e = evaluate_arrow(&bad, Some(&["call1".into()]), &policy).unwrap_err();
        assert!(e.to_string().contains("policy has 5 calls"), "{e}");
        let e = evaluate_arrow(&bad, None, &policy).unwrap_err();
        assert!(e.to_string().contains("call1 is Utf8"), "{e}");
    }

    #[test]
    fn escalation_agrees_with_status() {
        let cal = Calendar::us_federal("America/New_York").unwrap();
        let policy = EscalationPolicy::default();
        let as_of = jiff::civil::date(2026, 7, 20);
        let starts: Vec<Option<i32>> = (0..40)
            .map(|i| (i % 7 != 3).then(|| epoch_day(jiff::civil::date(2026, 6, 15)) + i))
            .collect();
        let done: Vec<Option<i32>> = starts
            .iter()
            .enumerate()
            .map(|(i, s)| s.filter(|_| i % 3 == 0).map(|s| s + (i as i32 % 9)))
            .collect();
        let batch = RecordBatch::try_from_iter([
            (
                "start",
                Arc::new(Date32Array::from(starts.clone())) as ArrayRef,
            ),
            (
                "done",
                Arc::new(Date32Array::from(done.clone())) as ArrayRef,
            ),
        ])
        .unwrap();
        let out = escalation_arrow(&batch, START, as_of, Some("done"), &cal, &policy).unwrap();
        let stage = out.column(0).as_dictionary::<UInt8Type>().keys();
        for (i, s) in starts.iter().enumerate() {
            let Some(s) = s else {
                assert!(stage.is_null(i));
                continue;
            };
            let d = crate::calendar::date_from_epoch_day(*s).unwrap();
            let c = done[i].map(|c| {
                crate::escalation::Moment::Date(crate::calendar::date_from_epoch_day(c).unwrap())
            });
            let st = crate::escalation::status(d, &as_of.into(), c.as_ref(), &cal, &[], &policy)
                .unwrap();
            assert_eq!(stage.value(i), st.step_code, "row {i}");
            let tl = crate::escalation::timeline(d, &cal, &[], &policy).unwrap();
            let ec = out.column(1).as_primitive::<Date32Type>().value(i);
            assert_eq!(ec, epoch_day(tl.expected_completion));
            for (k, step) in tl.steps.iter().enumerate() {
                let due = out.column(2 + k).as_primitive::<Date32Type>().value(i);
                assert_eq!(due, epoch_day(step.date), "row {i} step {k}");
            }
        }
        assert_eq!(out.schema().field(3).name(), "written_cap_due");
    }
}

#[cfg(test)]
mod timing {
    use super::*;

    /// `cargo test --release -p care-core --features arrow --lib timing -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn time_arrow_vs_batch() {
        let n = 10_000_000usize;
        let mut flat = vec![0u8; n * 5];
        let mut x = 1u32;
        for (i, s) in flat.iter_mut().enumerate() {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            *s = if i % 5 == 0 {
                100
            } else {
                60 + (x >> 24) as u8 % 41
            };
        }
        let cols = (0..5).map(|c| {
            let v: Vec<u8> = flat.iter().skip(c).step_by(5).copied().collect();
            (
                format!("call{}", c + 1),
                Arc::new(UInt8Array::from(v)) as ArrayRef,
            )
        });
        let batch = RecordBatch::try_from_iter(cols).unwrap();
        let policy = CertPolicy::default();
        let rule = CertArrow::new(&policy, None).unwrap();
        let prepared = policy.prepare().unwrap();
        for _ in 0..3 {
            let t = std::time::Instant::now();
            let a = rule.evaluate(&batch).unwrap();
            let ta = t.elapsed();
            let t = std::time::Instant::now();
            let b = prepared.evaluate_batch(&flat).unwrap();
            let tb = t.elapsed();
            println!(
                "arrow {ta:?} batch {tb:?} ({} {})",
                a.num_rows(),
                b.status.len()
            );
        }
    }
}

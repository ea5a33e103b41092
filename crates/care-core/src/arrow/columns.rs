//! Score columns read in place: which types are scores, their marks, and a reader per type
//! (native slices, decimals and dictionaries through f64).

#[allow(unused_imports)]
use super::*;

/// How a score column's type is read.
pub(super) fn score_type_ok(t: &DataType) -> bool {
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
pub(super) struct Marks {
    /// Valid taken integer scores: `lo_i..=hi_i` (empty when `lo_i > hi_i`).
    pub(super) lo_i: i64,
    pub(super) hi_i: i64,
    /// An integer score passes from this (the pass mark rounded up).
    pub(super) pass_i: i64,
    /// Valid float scores: `lo_f..=hi_f`.
    pub(super) lo_f: f64,
    pub(super) hi_f: f64,
    /// A float score passes from the pass mark itself.
    pub(super) pass_f: f64,
}

/// A native score type read in place: compared with the column's marks in its own type.
pub(super) trait Native: Copy + PartialOrd {
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
pub(super) fn f32_at_least(x: f64) -> f32 {
    let r = x as f32;
    if f64::from(r) >= x {
        r
    } else {
        // r >= 0 here: the next f32 up is the next bit pattern.
        f32::from_bits(r.to_bits() + 1)
    }
}

/// The greatest f32 whose f64 value is at most `x` (`x` is a mark, 0 to 100).
pub(super) fn f32_at_most(x: f64) -> f32 {
    let r = x as f32;
    if f64::from(r) <= x || r <= 0.0 {
        r
    } else {
        f32::from_bits(r.to_bits() - 1)
    }
}

/// One score column of a batch, ready to be read a block at a time.
pub(super) enum ScoreColumn<'a> {
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

pub(super) struct ScoreInput<'a> {
    pub(super) name: &'a str,
    pub(super) column: ScoreColumn<'a>,
    pub(super) nulls: Option<&'a NullBuffer>,
}

impl ScoreInput<'_> {
    /// The score of row `i` as f64 (NaN when null), for error messages.
    pub(super) fn value(&self, i: usize) -> f64 {
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
pub(super) fn decimal_reader<'a, T: Copy + 'a>(
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

pub(super) fn i256_to_f64(v: i256) -> f64 {
    // Scores are small: a value beyond i128 is far outside 0 to 100 anyway.
    v.to_i128().map_or(f64::INFINITY, |x| x as f64)
}

/// The f64 value of every entry of a dictionary's values array (NaN for a null), read once
/// per batch; `None` for a type that is not a score type.
pub(super) fn dictionary_values(values: &dyn Array) -> Option<Vec<f64>> {
    let input = score_input("dictionary values", values).ok()?;
    Some((0..values.len()).map(|i| input.value(i)).collect())
}

pub(super) fn dictionary_reader<'a, K: ArrowDictionaryKeyType>(
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

pub(super) fn score_input<'a>(name: &'a str, array: &'a dyn Array) -> Result<ScoreInput<'a>> {
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

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
//! in place, a block of rows at a time (no copy of a column). Five `uint8`, `int64` or
//! `float64` columns (with or without nulls) take the fused kernel: the batch kernel's
//! score codes summed column by column (`f64` through the batch kernel's own classifier),
//! nulls taken back out a validity word at a time, and each block's outputs written by the
//! batch kernel's own output stage; the outputs are written into new buffers that become
//! the arrays without a copy. A score outside 0 to 100 (or a coached
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
//! # Kept columns
//!
//! [`CertArrow::keep`] and [`EscalationArrow::keep`] name input columns to pass through:
//! each output batch starts with them, unchanged (the input's arrays, shared, not copied),
//! then care-core's columns, so that an id column stays beside its answers
//! ([`CertArrow::output_schema`] is the schema for an input schema). A kept name missing
//! from the input, or equal to one of care-core's output columns, is
//! [`Error::InvalidInput`] naming it.
//!
//! # Streams
//!
//! [`CertStream`] and [`EscalationStream`] wrap any iterator of batches (an
//! [`arrow_array::RecordBatchReader`]) and evaluate one batch at a time, in constant memory;
//! row numbers in errors count from the start of the stream.
//!
//! # Files
//!
//! `columns` reads score columns in place (types, nulls, decimals, dictionaries);
//! `kernel` classifies blocks of rows; `certify` is [`CertArrow`]; `escalation` is
//! [`EscalationArrow`]; `keep` passes kept columns through; `stream` evaluates streams of
//! batches.

use crate::calendar::{epoch_day, Calendar, FIRST_SUPPORTED, LAST_SUPPORTED};
use crate::certification::{
    call_verdict, classify_8, finish_sums_5, CertPolicy, PreparedCertPolicy, Range8, Status,
    FAIL_CODE, PASS_CODE,
};
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

mod certify;
mod columns;
mod escalation;
mod keep;
mod kernel;
mod stream;
#[cfg(test)]
mod tests;

pub use certify::{evaluate_arrow, CertArrow};
use columns::*;
pub use escalation::{escalation_arrow, EscalationArrow};
use keep::*;
use kernel::*;
pub use stream::{BatchRule, CertStream, EscalationStream, RuleStream};

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
pub(super) const BLOCK: usize = 256;

/// Bytes of each column per block of the fused kernel (five columns of one type): each
/// column's block is a long sequential read (128 KiB of `f64`, 2,048 rows of which used
/// to be a block), so that the five columns stream from memory nearly as fast as the batch
/// kernel's one row-major slice: with short reads the hardware prefetcher barely gets going
/// on one column before the kernel moves to the next (measured: about 12% less time in the
/// `f64` kernel than with 16 KiB, and no gain past 128 KiB).
pub(super) const FUSED_BYTES: usize = 128 * 1024;

/// The most rows per block of the fused kernel (`uint8` columns; wider types take
/// [`FUSED_BYTES`] of each column): a block's code sums (16 KiB) stay in the second-level
/// cache at worst.
pub(super) const FUSED: usize = 16 * 1024;

/// The default score column names for `calls` calls: `call1` ... `callN`.
pub fn default_score_columns(calls: u8) -> Vec<String> {
    (1..=calls).map(|i| format!("{CALL_PREFIX}{i}")).collect()
}

/// The due-date column of the step with id `step_id`: the id with `-` as `_`, then
/// [`DUE_SUFFIX`] (`written-cap` gives `written_cap_due`).
pub fn due_column(step_id: &str) -> String {
    format!("{}{DUE_SUFFIX}", step_id.replace('-', "_"))
}

pub(super) fn check_rows(rows: usize) -> Result<()> {
    if rows > MAX_BATCH_ROWS {
        return Err(Error::TooLarge {
            what: "record batch (rows)",
            limit: MAX_BATCH_ROWS,
            actual: rows,
        });
    }
    Ok(())
}

/// The index of column `name` ([`find_column`]), whose type `ok` accepts; otherwise an
/// error naming the column, its type and what it `must` be.
pub(super) fn typed_column(
    schema: &Schema,
    name: &str,
    role: &str,
    ok: impl Fn(&arrow_schema::DataType) -> bool,
    must: &str,
) -> Result<usize> {
    let i = find_column(schema, name, role)?;
    let t = schema.field(i).data_type();
    if ok(t) {
        Ok(i)
    } else {
        Err(Error::invalid_input(format!(
            "column {name} is {t}: {must}"
        )))
    }
}

pub(super) fn find_column(schema: &Schema, name: &str, role: &str) -> Result<usize> {
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

pub(super) fn arrow_err(e: arrow_schema::ArrowError) -> Error {
    Error::invalid_input(format!("internal: building the output batch failed: {e}"))
}

//! [`CertArrow`]: certification of record batches.

#[allow(unused_imports)]
use super::*;

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
///
/// Kept columns ([`CertArrow::keep`]) come first in the output, unchanged:
///
/// ```
/// use arrow_array::{ArrayRef, RecordBatch, StringArray, UInt8Array};
/// use care_core::arrow::CertArrow;
/// use care_core::CertPolicy;
/// use std::sync::Arc;
///
/// let id = Arc::new(StringArray::from(vec!["a-1", "a-2"])) as ArrayRef;
/// let col = |v: u8| Arc::new(UInt8Array::from(vec![100, v])) as ArrayRef;
/// let batch = RecordBatch::try_from_iter([
///     ("agent", id.clone()), ("call1", col(100)), ("call2", col(90)),
///     ("call3", col(84)), ("call4", col(88)), ("call5", col(92)),
/// ]).unwrap();
/// let rule = CertArrow::new(&CertPolicy::default(), None).unwrap()
///     .keep(&["agent".to_string()]).unwrap();
/// let out = rule.evaluate(&batch).unwrap();
/// assert_eq!(out.schema().field(0).name(), "agent");
/// assert_eq!(out.schema().field(1).name(), "status");
/// assert!(Arc::ptr_eq(out.column(0), &id)); // the same array, not a copy
/// let e = rule.evaluate(&batch.project(&[1, 2, 3, 4, 5]).unwrap()).unwrap_err();
/// assert!(e.to_string().contains("no column agent (a kept column)"));
/// ```
#[derive(Debug, Clone)]
pub struct CertArrow {
    prepared: PreparedCertPolicy,
    columns: Vec<String>,
    marks: Vec<Marks>,
    rates: Vec<u8>,
    schema: SchemaRef,
    keep: Vec<String>,
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
            keep: Vec::new(),
        })
    }

    /// Passes the input columns `names` through: each output batch starts with them, in
    /// this order, unchanged (the input's arrays, not copies), then care-core's columns. A
    /// name equal to an output column (`status`...) or named twice is
    /// [`Error::InvalidInput`]; so is an input without one of them, when evaluated.
    pub fn keep(mut self, names: &[String]) -> Result<CertArrow> {
        self.keep = kept_names(names, &self.schema)?;
        Ok(self)
    }

    /// The kept columns ([`CertArrow::keep`]), in output order.
    pub fn kept(&self) -> &[String] {
        &self.keep
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

    /// The schema of care-core's columns in the batches [`CertArrow::evaluate`] returns
    /// (after any kept columns: [`CertArrow::output_schema`]).
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// The schema of the batches [`CertArrow::evaluate`] returns for input `schema`: the
    /// kept columns (as in the input), then [`CertArrow::schema`].
    pub fn output_schema(&self, schema: &Schema) -> Result<SchemaRef> {
        self.check_schema(schema)?;
        kept_schema(&self.keep, schema, &self.schema)
    }

    /// Checks that `schema` has every score column, of a score type, and every kept column.
    pub fn check_schema(&self, schema: &Schema) -> Result<()> {
        let must = "scores must be integers, floats or decimals (null = not taken yet)";
        for name in &self.columns {
            typed_column(schema, name, "a score column", score_type_ok, must)?;
        }
        check_kept(&self.keep, schema)
    }

    /// Evaluates every row of `batch`.
    pub fn evaluate(&self, batch: &RecordBatch) -> Result<RecordBatch> {
        self.evaluate_from(batch, 0)
    }

    /// [`CertArrow::evaluate`] for a batch whose first row is row `first_row` of a stream
    /// (errors name rows from the start of the stream).
    pub fn evaluate_from(&self, batch: &RecordBatch, first_row: u64) -> Result<RecordBatch> {
        with_kept(&self.keep, batch, self.evaluate_rule(batch, first_row)?)
    }

    /// care-core's columns of [`CertArrow::evaluate_from`].
    fn evaluate_rule(&self, batch: &RecordBatch, first_row: u64) -> Result<RecordBatch> {
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
        if let Some(fused) = Fused::of(&inputs) {
            let outs = (
                &mut status[..],
                &mut passes[..],
                &mut rate[..],
                &mut early[..],
            );
            self.evaluate_fused(&fused, &inputs, outs, first_row)?;
            let early = BooleanBuffer::new(arrow_buffer::Buffer::from_vec(early), 0, rows);
            return cert_batch(&self.schema, status, passes, rate, early);
        }
        let mut early_block = [false; BLOCK];
        let step = self.rate_step();
        let mut scratch = Box::new(Scratch {
            passes: [0; BLOCK],
            fails: [0; BLOCK],
            mask: [0; BLOCK],
            values: [0.0; BLOCK],
        });
        let calls = self.prepared.policy().calls;
        let mut start = 0;
        while start < rows {
            let end = rows.min(start + BLOCK);
            let n = end - start;
            let s = &mut *scratch;
            s.passes[..n].fill(0);
            s.fails[..n].fill(0);
            let mut bad = false;
            for (input, marks) in inputs.iter().zip(&self.marks) {
                if matches!(input.column, ScoreColumn::Null) {
                    continue;
                }
                let mask = match input.nulls {
                    Some(nulls) if nulls.null_count() > 0 => {
                        expand_validity(nulls, start, n, &mut s.mask);
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
                let mut word = [0u8; 8];
                word.iter_mut()
                    .zip(bits)
                    .for_each(|(w, &b)| *w = u8::from(b));
                *byte = pack_bits(word);
            }
            start = end;
        }
        let early = BooleanBuffer::new(arrow_buffer::Buffer::from_vec(early), 0, rows);
        cert_batch(&self.schema, status, passes, rate, early)
    }

    /// The fused path: five columns of one type ([`Fused`]) through the columnar kernel
    /// ([`fused_sums`]: the batch kernel's codes, summed column by column, nulls read from
    /// the validity bitmaps a byte per eight rows), and each block's outputs written straight
    /// from the sums by the batch kernel's own output stage
    /// ([`crate::certification::finish_sums_5`]).
    fn evaluate_fused(
        &self,
        fused: &Fused<'_>,
        inputs: &[ScoreInput<'_>],
        (status, passes, rate, early): (&mut [u8], &mut [u8], &mut [u8], &mut [u8]),
        first_row: u64,
    ) -> Result<()> {
        let limits = self.prepared.limits();
        let nulls: Vec<Option<&NullBuffer>> = inputs
            .iter()
            .map(|i| i.nulls.filter(|n| n.null_count() > 0))
            .collect();
        let mut valid: [Option<[u8; FUSED / 8]>; 5] = [None; 5];
        let mut sums = [0u8; FUSED];
        let mut flags = [0u8; FUSED];
        let block = fused.block_rows();
        let blocks = status
            .chunks_mut(block)
            .zip(passes.chunks_mut(block))
            .zip(rate.chunks_mut(block).zip(early.chunks_mut(block / 8)));
        for (b, ((st, ps), (pr, early))) in blocks.enumerate() {
            let start = b * block;
            let n = st.len();
            for (v, nulls) in valid.iter_mut().zip(&nulls) {
                if let Some(nulls) = nulls {
                    validity_bytes(nulls, start, n, v.get_or_insert([0; FUSED / 8]));
                }
            }
            let sums = &mut sums[..n];
            if fused_sums(fused, start..start + n, &self.marks, &valid, sums) {
                return Err(self.block_error(inputs, start, start + n, first_row));
            }
            finish_sums_5(limits, sums, (&mut *st, ps, pr));
            // Decided early: calls still pending (fewer than 5 codes) and a status decided;
            // a flat loop into a byte per row, then eight bytes to a byte of bits.
            let flags = flags.get_mut(..n.next_multiple_of(8)).unwrap_or(&mut []);
            for ((f, &sum), &code) in flags.iter_mut().zip(&*sums).zip(&*st) {
                *f = u8::from(((sum & 7) + (sum >> 3) < 5) & (code != 0));
            }
            flags.get_mut(n..).unwrap_or(&mut []).fill(0);
            for (byte, w) in early.iter_mut().zip(flags.chunks_exact(8)) {
                *byte = <[u8; 8]>::try_from(w).map_or(0, pack_bits);
            }
        }
        Ok(())
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

/// Eight 0/1 bytes to eight bits (byte k to bit k) by one multiply: each byte's product
/// lands in the top byte at its own bit, and no two carry.
#[inline(always)]
pub(super) fn pack_bits(word: [u8; 8]) -> u8 {
    (u64::from_le_bytes(word).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

pub(super) fn is_float(input: &ScoreInput<'_>) -> bool {
    matches!(
        input.column,
        ScoreColumn::F32(_) | ScoreColumn::F64(_) | ScoreColumn::Gather(_)
    )
}

pub(super) fn status_dictionary() -> ArrayRef {
    Arc::new(StringArray::from(
        Status::ALL.iter().map(|s| s.name()).collect::<Vec<_>>(),
    ))
}

pub(super) fn cert_schema() -> SchemaRef {
    let dict = DataType::Dictionary(Box::new(DataType::UInt8), Box::new(DataType::Utf8));
    Arc::new(Schema::new(vec![
        Field::new(STATUS, dict, false),
        Field::new(PASSES, DataType::UInt8, false),
        Field::new(PASS_RATE, DataType::UInt8, false),
        Field::new(DECIDED_EARLY, DataType::Boolean, false),
    ]))
}

pub(super) fn cert_batch(
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

//! The batch kernels: millions of agents' scores in flat slices, results into caller-owned
//! columns, one decision table shared with [`decide`].

#[allow(unused_imports)]
use super::*;

/// The batch results as owned columns, one entry per agent row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BatchColumns {
    /// [`Status`] codes: 0 in progress, 1 certified, 2 failed.
    pub status: Vec<u8>,
    /// Passing calls.
    pub passes: Vec<u8>,
    /// Pass rate, whole percent.
    pub pass_rate: Vec<u8>,
}

impl BatchColumns {
    /// The columns' names as serde writes them, in the order of [`BatchColumns::into_named`]
    /// and [`BatchOut::from_named`]: a binding takes them from here instead of spelling them.
    pub const NAMES: [&'static str; 3] = ["status", "passes", "pass_rate"];

    /// The columns with their [`NAMES`](BatchColumns::NAMES), in that order.
    pub fn into_named(self) -> [(&'static str, Vec<u8>); 3] {
        let [status, passes, pass_rate] = BatchColumns::NAMES;
        [
            (status, self.status),
            (passes, self.passes),
            (pass_rate, self.pass_rate),
        ]
    }

    /// Columns of `rows` zeros.
    pub fn zeroed(rows: usize) -> BatchColumns {
        BatchColumns {
            status: vec![0; rows],
            passes: vec![0; rows],
            pass_rate: vec![0; rows],
        }
    }

    /// The columns as a [`BatchOut`] to write into.
    pub fn as_out(&mut self) -> BatchOut<'_> {
        BatchOut {
            status: &mut self.status,
            passes: &mut self.passes,
            pass_rate: &mut self.pass_rate,
        }
    }
}

/// Where the batch functions write: three caller-owned columns of one entry per agent row
/// (a binding can pass the buffers of freshly made numpy or typed arrays).
#[derive(Debug)]
pub struct BatchOut<'a> {
    /// [`Status`] codes: 0 in progress, 1 certified, 2 failed.
    pub status: &'a mut [u8],
    /// Passing calls.
    pub passes: &'a mut [u8],
    /// Pass rate, whole percent.
    pub pass_rate: &'a mut [u8],
}

impl<'a> BatchOut<'a> {
    /// Columns given in the order of [`BatchColumns::NAMES`].
    pub fn from_named([status, passes, pass_rate]: [&'a mut [u8]; 3]) -> BatchOut<'a> {
        BatchOut {
            status,
            passes,
            pass_rate,
        }
    }
}

/// The numbers the batch functions compare scores with, derived from a validated policy in
/// O(calls) (no tables): building them costs a few nanoseconds, so a batch of one agent is
/// cheap even without [`PreparedCertPolicy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Calls per row.
    calls: usize,
    /// The lowest passing `u8` score: the pass mark rounded up (an integer score `s` passes
    /// exactly when `s >= ceil(pass_mark)`).
    pass_from: u8,
    /// The coached call's column (0-based), if the session has one.
    coached: Option<usize>,
    /// The coached call's only valid `u8` score; [`NOT_TAKEN`] when the coached score is not
    /// an integer, so that no taken `u8` score is valid there.
    coached_u8: u8,
    /// Passes that certify.
    need: u8,
    /// Fails that still leave certification in reach.
    allowed: u8,
    /// Whether sessions are decided early.
    early: bool,
}

impl Limits {
    pub(crate) fn new(policy: &CertPolicy) -> Result<Limits> {
        policy.validate()?;
        // validate() keeps both marks within 0 to 100, so the casts are exact.
        let pass_from = policy.pass_mark.ceil() as u8;
        let coached_u8 = if policy.coached_score.fract() == 0.0 {
            policy.coached_score as u8
        } else {
            NOT_TAKEN
        };
        Ok(Limits {
            calls: usize::from(policy.calls),
            pass_from,
            coached: usize::from(policy.coached_call).checked_sub(1),
            coached_u8,
            need: policy.passes_needed,
            allowed: policy.fails_allowed(),
            early: policy.early_decision,
        })
    }

    /// The valid taken `u8` scores of column `c` as `lo..=lo + span` (wrapping): 0 to 100,
    /// or only the coached score on the coached call.
    #[inline(always)]
    fn range_u8(&self, c: usize) -> (u8, u8) {
        if self.coached == Some(c) {
            (self.coached_u8, 0)
        } else {
            (0, 100)
        }
    }

    /// [`decide`] without branches, for lanes of counts (the same rule; a test checks every
    /// count under many policies).
    #[inline(always)]
    pub(crate) fn status_code(&self, passes: u8, fails: u8, pending: u8) -> u8 {
        let open = (pending != 0) & !self.early;
        let certified = !open & (passes >= self.need);
        let failed = !open & !certified & ((fails > self.allowed) | (pending == 0));
        u8::from(certified) | (u8::from(failed) << 1)
    }

    fn rows(&self, len: usize, out: &BatchOut<'_>) -> Result<usize> {
        if len % self.calls != 0 {
            return Err(Error::invalid_input(format!(
                "{len} scores do not make whole rows of {} calls",
                self.calls
            )));
        }
        let rows = len / self.calls;
        let lens = [out.status.len(), out.passes.len(), out.pass_rate.len()];
        for (name, col) in BatchColumns::NAMES.into_iter().zip(lens) {
            if col != rows {
                return Err(Error::invalid_input(format!(
                    "output column {name} has {col} entries; the scores make {rows} rows"
                )));
            }
        }
        Ok(rows)
    }
}

/// Rows of 5 calls are processed in blocks of this many rows: the scores of a block are
/// classified in one flat (vectorised) pass, then summed per row.
pub(crate) const BLOCK: usize = 256;
/// Batches of fewer rows than this take the plain per-row path, which needs no buffers.
pub(crate) const SMALL: usize = 32;
/// A call's code in a block's code buffer: passes count in bits 0-2, fails in bits 3-5, so
/// five codes sum to one byte.
pub(crate) const PASS_CODE: u8 = 1;
pub(crate) const FAIL_CODE: u8 = 8;

/// The sum of the five codes of the row starting at `at` (the bytes after them are ignored:
/// the multiply adds bytes 0 to 4 into byte 4, and no partial sum can carry).
#[inline(always)]
pub(crate) fn row_sum(codes: &[u8; BLOCK * 5 + 8], at: usize) -> u8 {
    let word = codes
        .get(at..at + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map_or(0, u64::from_le_bytes);
    (word.wrapping_mul(0x01_0101_0101) >> 32) as u8
}

/// Writes the outputs of a block's first `rows` rows (5 calls a row) from their codes.
#[inline(always)]
pub(crate) fn finish_block_5(
    limits: &Limits,
    codes: &[u8; BLOCK * 5 + 8],
    sums: &mut [u8; BLOCK],
    rows: usize,
    (st, ps, pr): (&mut [u8], &mut [u8], &mut [u8]),
) {
    // All BLOCK sums, also past `rows` in a last short block (those are never read): a
    // loop of constant length needs no bounds checks.
    for (i, sum) in sums.iter_mut().enumerate() {
        *sum = row_sum(codes, i * 5);
    }
    finish_sums_5(limits, sums.get(..rows).unwrap_or(&[]), (st, ps, pr));
}

/// Writes each row's status, passes and pass rate from its code sum (passes in bits 0-2,
/// fails in bits 3-5; 5 calls a row): the output stage of the batch kernel, shared with the
/// `arrow` feature's columnar kernel, which sums the same codes column by column.
#[inline(always)]
pub(crate) fn finish_sums_5(
    limits: &Limits,
    sums: &[u8],
    (st, ps, pr): (&mut [u8], &mut [u8], &mut [u8]),
) {
    // The pass rate of p passes out of 5 calls is p * 100 / 5 = 20 p exactly ([`pass_rate`]).
    const RATE_STEP: u8 = 100 / 5;
    for ((&sum, st), (ps, pr)) in sums.iter().zip(st).zip(ps.iter_mut().zip(pr)) {
        let passes = sum & 7;
        let fails = sum >> 3;
        let pending = 5u8.wrapping_sub(passes).wrapping_sub(fails);
        *st = limits.status_code(passes, fails, pending);
        *ps = passes;
        *pr = passes.wrapping_mul(RATE_STEP);
    }
}

/// The least and greatest scores seen in each of eight lanes. NaN compares false with
/// everything, so it never replaces a bound: a pending call is never out of range.
pub(crate) struct Range8 {
    min: [f64; 8],
    max: [f64; 8],
}

impl Range8 {
    /// No score seen yet.
    pub(crate) fn new() -> Range8 {
        Range8 {
            min: [f64::INFINITY; 8],
            max: [f64::NEG_INFINITY; 8],
        }
    }

    /// Whether a score seen was below `lo` or above `hi` (an infinity is; -0 is not below 0).
    pub(crate) fn out_of(&self, lo: f64, hi: f64) -> bool {
        self.min.iter().any(|&m| m < lo) | self.max.iter().any(|&m| m > hi)
    }
}

/// Eight scores' codes ([`PASS_CODE`] at or above `mark`, [`FAIL_CODE`] below it, 0 for
/// NaN) and their range. Written lane by lane over fixed-size arrays so that LLVM turns it
/// into a few vector comparisons, one pack of the masks to bytes and a vector min and max
/// (`a < b ? a : b` is exactly `minpd`), with no branch.
#[inline(always)]
pub(crate) fn classify_8(c: &[f64; 8], mark: f64, range: &mut Range8, code: &mut [u8; 8]) {
    for (((&s, code), min), max) in c
        .iter()
        .zip(code.iter_mut())
        .zip(range.min.iter_mut())
        .zip(range.max.iter_mut())
    {
        *code = (u8::from(s >= mark) * PASS_CODE) | (u8::from(s < mark) * FAIL_CODE);
        *min = if s < *min { s } else { *min };
        *max = if s > *max { s } else { *max };
    }
}

pub(crate) struct Plan<'a> {
    policy: &'a CertPolicy,
    limits: Limits,
}

impl Plan<'_> {
    fn run_u8(&self, scores: &[u8], out: &mut BatchOut<'_>) -> Result<()> {
        let rows = self.limits.rows(scores.len(), out)?;
        if self.limits.calls == 5 && rows >= SMALL {
            self.run_u8_5(scores, out)
        } else {
            self.run_u8_any(scores, out)
        }
    }

    fn run_f64(&self, scores: &[f64], out: &mut BatchOut<'_>) -> Result<()> {
        let rows = self.limits.rows(scores.len(), out)?;
        if self.limits.calls == 5 && rows >= SMALL {
            self.run_f64_5(scores, out)
        } else {
            self.run_f64_any(scores, out)
        }
    }

    /// The fast path for sessions of 5 calls. Per block: every score becomes a code (pass 1,
    /// fail 8, pending 0) and an invalid flag, OR-reduced over the block, in one flat loop
    /// that LLVM vectorises; each row's five codes are summed by one multiply; the outputs
    /// are computed from the sums without branches. Only a block with an invalid score is
    /// looked at again, to name the first one.
    fn run_u8_5(&self, scores: &[u8], out: &mut BatchOut<'_>) -> Result<()> {
        const N: usize = 5;
        let l = &self.limits;
        let mut lo = [0u8; BLOCK * N];
        let mut span = [0u8; BLOCK * N];
        for (i, (lo, span)) in lo.iter_mut().zip(span.iter_mut()).enumerate() {
            (*lo, *span) = l.range_u8(i % N);
        }
        let mut codes = [0u8; BLOCK * N + 8];
        let mut sums = [0u8; BLOCK];
        let pass_from = l.pass_from;
        let blocks = scores
            .chunks(BLOCK * N)
            .zip(out.status.chunks_mut(BLOCK))
            .zip(
                out.passes
                    .chunks_mut(BLOCK)
                    .zip(out.pass_rate.chunks_mut(BLOCK)),
            );
        for (block_index, ((block, st), (ps, pr))) in blocks.enumerate() {
            let mut bad = 0u8;
            for (((code, &s), &lo), &span) in codes.iter_mut().zip(block).zip(&lo).zip(&span) {
                let taken = s != NOT_TAKEN;
                bad |= u8::from(taken & (s.wrapping_sub(lo) > span));
                let pass = taken & (s >= pass_from);
                let fail = s < pass_from;
                *code = (u8::from(pass) * PASS_CODE) | (u8::from(fail) * FAIL_CODE);
            }
            if bad != 0 {
                // Rows before the first invalid one are written, as the docs promise.
                let (row, e) = self.block_error_u8(block_index * BLOCK, block);
                finish_block_5(l, &codes, &mut sums, row, (st, ps, pr));
                return Err(e);
            }
            let rows = st.len();
            finish_block_5(l, &codes, &mut sums, rows, (st, ps, pr));
        }
        Ok(())
    }

    /// Like [`Plan::run_u8_5`] for `f64` scores: NaN is pending. Scores are classified
    /// eight at a time ([`classify_8`]): two comparisons with the pass mark give each
    /// score's code, and a running minimum and maximum per lane (NaN never replaces them)
    /// check the 0 to 100 range once per block; the coached call's column, a fifth of the
    /// scores, is compared with the coached score in a second, strided pass.
    fn run_f64_5(&self, scores: &[f64], out: &mut BatchOut<'_>) -> Result<()> {
        const N: usize = 5;
        let mut codes = [0u8; BLOCK * N + 8];
        let mut sums = [0u8; BLOCK];
        let mark = self.policy.pass_mark;
        let coached = self.limits.coached;
        let coached_score = self.policy.coached_score;
        let blocks = scores
            .chunks(BLOCK * N)
            .zip(out.status.chunks_mut(BLOCK))
            .zip(
                out.passes
                    .chunks_mut(BLOCK)
                    .zip(out.pass_rate.chunks_mut(BLOCK)),
            );
        for (block_index, ((block, st), (ps, pr))) in blocks.enumerate() {
            let mut range = Range8::new();
            let chunks = block.chunks_exact(8);
            let tail = chunks.remainder();
            for (c, code) in chunks.zip(codes.chunks_exact_mut(8)) {
                if let (Ok(c), Ok(code)) = (<&[f64; 8]>::try_from(c), code.try_into()) {
                    classify_8(c, mark, &mut range, code);
                }
            }
            if !tail.is_empty() {
                // The last block's last scores, padded with NaN (pending, never invalid).
                let at = block.len() - tail.len();
                let mut c = [f64::NAN; 8];
                c.iter_mut().zip(tail).for_each(|(c, &s)| *c = s);
                if let Some(Ok(code)) = codes.get_mut(at..at + 8).map(<&mut [u8; 8]>::try_from) {
                    classify_8(&c, mark, &mut range, code);
                }
            }
            let mut bad = range.out_of(0.0, 100.0);
            if let Some(c) = coached {
                for &s in block.iter().skip(c).step_by(N) {
                    // NaN is pending; any other score must be the coached score.
                    bad |= (s != coached_score) & !s.is_nan();
                }
            }
            if bad {
                // Rows before the first invalid one are written, as the docs promise.
                let (row, e) = self.block_error_f64(block_index * BLOCK, block);
                finish_block_5(&self.limits, &codes, &mut sums, row, (st, ps, pr));
                return Err(e);
            }
            let rows = st.len();
            finish_block_5(&self.limits, &codes, &mut sums, rows, (st, ps, pr));
        }
        Ok(())
    }

    /// Any number of calls, one row at a time; also every small batch.
    fn run_u8_any(&self, scores: &[u8], out: &mut BatchOut<'_>) -> Result<()> {
        let l = &self.limits;
        let it = scores
            .chunks_exact(l.calls)
            .zip(out.status.iter_mut())
            .zip(out.passes.iter_mut().zip(out.pass_rate.iter_mut()));
        for (row_index, ((row, st), (ps, pr))) in it.enumerate() {
            let (mut passes, mut fails, mut invalid) = (0u8, 0u8, false);
            for (c, &s) in row.iter().enumerate() {
                let (lo, span) = l.range_u8(c);
                let taken = s != NOT_TAKEN;
                invalid |= taken & (s.wrapping_sub(lo) > span);
                passes += u8::from(taken & (s >= l.pass_from));
                fails += u8::from(s < l.pass_from);
            }
            if invalid {
                return Err(self.row_error_u8(row_index, row));
            }
            self.finish_row(passes, fails, st, ps, pr);
        }
        Ok(())
    }

    fn run_f64_any(&self, scores: &[f64], out: &mut BatchOut<'_>) -> Result<()> {
        let policy = self.policy;
        let it = scores
            .chunks_exact(self.limits.calls)
            .zip(out.status.iter_mut())
            .zip(out.passes.iter_mut().zip(out.pass_rate.iter_mut()));
        for (row_index, ((row, st), (ps, pr))) in it.enumerate() {
            let (mut passes, mut fails) = (0u8, 0u8);
            for (c, &s) in row.iter().enumerate() {
                if s.is_nan() {
                    continue;
                }
                let number = u8::try_from(c + 1).unwrap_or(u8::MAX);
                match classify(number, s, policy) {
                    Some(Verdict::Pass) => passes += 1,
                    Some(Verdict::Fail) => fails += 1,
                    Some(Verdict::Pending) => {}
                    None => return Err(self.score_error_f64(row_index, c, s)),
                }
            }
            self.finish_row(passes, fails, st, ps, pr);
        }
        Ok(())
    }

    #[inline(always)]
    fn finish_row(&self, passes: u8, fails: u8, st: &mut u8, ps: &mut u8, pr: &mut u8) {
        let pending = self
            .policy
            .calls
            .saturating_sub(passes)
            .saturating_sub(fails);
        *st = decide_counts(passes, fails, pending, self.policy)
            .status
            .code();
        *ps = passes;
        *pr = pass_rate_of(passes, self.policy.calls);
    }

    /// The first invalid row of a block whose first row is `first_row` (its index in the
    /// block) and the error naming it.
    #[cold]
    #[inline(never)]
    fn block_error_u8(&self, first_row: usize, block: &[u8]) -> (usize, Error) {
        for (i, row) in block.chunks_exact(self.limits.calls).enumerate() {
            let invalid = row.iter().enumerate().any(|(c, &s)| {
                let (lo, span) = self.limits.range_u8(c);
                s != NOT_TAKEN && s.wrapping_sub(lo) > span
            });
            if invalid {
                return (i, self.row_error_u8(first_row + i, row));
            }
        }
        let e = Error::invalid_input(format!("agent rows from {first_row}: invalid scores"));
        (0, e)
    }

    #[cold]
    #[inline(never)]
    fn block_error_f64(&self, first_row: usize, block: &[f64]) -> (usize, Error) {
        for (i, row) in block.chunks_exact(self.limits.calls).enumerate() {
            for (c, &s) in row.iter().enumerate() {
                let number = u8::try_from(c + 1).unwrap_or(u8::MAX);
                if !s.is_nan() && classify(number, s, self.policy).is_none() {
                    return (i, self.score_error_f64(first_row + i, c, s));
                }
            }
        }
        let e = Error::invalid_input(format!("agent rows from {first_row}: invalid scores"));
        (0, e)
    }

    #[cold]
    #[inline(never)]
    fn row_error_u8(&self, row_index: usize, row: &[u8]) -> Error {
        for (c, &s) in row.iter().enumerate() {
            let number = u8::try_from(c + 1).unwrap_or(u8::MAX);
            if s != NOT_TAKEN && classify(number, f64::from(s), self.policy).is_none() {
                return self.score_error(row_index, c, f64::from(s));
            }
        }
        Error::invalid_input(format!("agent row {row_index}: invalid scores"))
    }

    #[cold]
    #[inline(never)]
    fn score_error(&self, row_index: usize, c: usize, score: f64) -> Error {
        let number = u8::try_from(c + 1).unwrap_or(u8::MAX);
        let place = format!("agent row {row_index}, call {number}");
        let message = match call_verdict(number, score, self.policy) {
            Err(Error::InvalidScore { message, .. }) => message,
            _ => "not a valid score".to_string(),
        };
        if score > 100.0 && score < f64::from(NOT_TAKEN) {
            Error::invalid_score(place, format!("{message} ({NOT_TAKEN} means not taken)"))
        } else {
            Error::invalid_score(place, message)
        }
    }

    #[cold]
    #[inline(never)]
    fn score_error_f64(&self, row_index: usize, c: usize, score: f64) -> Error {
        let number = u8::try_from(c + 1).unwrap_or(u8::MAX);
        match call_verdict(number, score, self.policy) {
            Err(Error::InvalidScore { message, .. }) => {
                Error::invalid_score(format!("agent row {row_index}, call {number}"), message)
            }
            Err(e) => e,
            Ok(_) => Error::invalid_input("internal: score classified twice"),
        }
    }
}

/// A certification policy checked once and ready for many batch calls: a binding can keep
/// one per policy and skip the validation on every call. Cheap to clone; serialises as its
/// policy (and deserialising checks it again).
///
/// ```
/// use care_core::certification::{BatchColumns, CertPolicy};
/// let prepared = CertPolicy::default().prepare().unwrap();
/// let mut cols = BatchColumns::zeroed(1);
/// prepared.evaluate_batch_into(&[100, 90, 84, 88, 92], &mut cols.as_out()).unwrap();
/// assert_eq!((cols.status[0], cols.passes[0], cols.pass_rate[0]), (1, 4, 80));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(try_from = "CertPolicy", into = "CertPolicy")]
pub struct PreparedCertPolicy {
    policy: CertPolicy,
    limits: Limits,
}

impl PreparedCertPolicy {
    /// The policy it was prepared from.
    pub fn policy(&self) -> &CertPolicy {
        &self.policy
    }

    /// [`evaluate_batch_into`] under this policy.
    pub fn evaluate_batch_into(&self, scores: &[u8], out: &mut BatchOut<'_>) -> Result<()> {
        self.plan().run_u8(scores, out)
    }

    /// [`evaluate_batch_f64_into`] under this policy.
    pub fn evaluate_batch_f64_into(&self, scores: &[f64], out: &mut BatchOut<'_>) -> Result<()> {
        self.plan().run_f64(scores, out)
    }

    /// [`evaluate_batch`] under this policy.
    pub fn evaluate_batch(&self, scores: &[u8]) -> Result<BatchColumns> {
        let mut cols = BatchColumns::zeroed(scores.len() / self.limits.calls.max(1));
        self.evaluate_batch_into(scores, &mut cols.as_out())?;
        Ok(cols)
    }

    /// [`evaluate_batch_f64`] under this policy.
    pub fn evaluate_batch_f64(&self, scores: &[f64]) -> Result<BatchColumns> {
        let mut cols = BatchColumns::zeroed(scores.len() / self.limits.calls.max(1));
        self.evaluate_batch_f64_into(scores, &mut cols.as_out())?;
        Ok(cols)
    }

    /// Where a session whose calls 1, 2, ... scored `scores` stands, in numbers only (NaN =
    /// not taken yet; calls past the end of `scores` are not taken yet either): exactly one
    /// row of [`evaluate_batch_f64_into`], with its status named and the fails, pending calls
    /// and early decision that follow from it. For dashboards that poll one agent often.
    pub fn standing(&self, scores: &[f64]) -> Result<Standing> {
        let calls = usize::from(self.policy.calls);
        if scores.len() > calls {
            return Err(Error::invalid_input(format!(
                "the session has {} calls; the policy has {calls}",
                scores.len()
            )));
        }
        let mut row = [f64::NAN; MAX_CALLS as usize];
        row[..scores.len()].copy_from_slice(scores);
        let row = &row[..calls];
        let (mut status, mut passes, mut pass_rate) = ([0u8], [0u8], [0u8]);
        self.evaluate_batch_f64_into(
            row,
            &mut BatchOut {
                status: &mut status,
                passes: &mut passes,
                pass_rate: &mut pass_rate,
            },
        )
        .map_err(|e| match e {
            // One session: name the call as `evaluate` does, not the batch row.
            Error::InvalidScore { place, message } => Error::InvalidScore {
                place: place
                    .strip_prefix("agent row 0, ")
                    .map_or(place.clone(), str::to_string),
                message,
            },
            other => other,
        })?;
        let status = Status::from_code(status[0]).unwrap_or(Status::InProgress);
        let pending = u8::try_from(row.iter().filter(|s| s.is_nan()).count()).unwrap_or(u8::MAX);
        let fails = self
            .policy
            .calls
            .saturating_sub(passes[0])
            .saturating_sub(pending);
        Ok(Standing {
            status,
            decided_early: pending > 0 && status != Status::InProgress,
            passes: passes[0],
            fails,
            pending,
            pass_rate: pass_rate[0],
        })
    }

    /// The status code of a row with these counts ([`decide`] without branches), for the
    /// columnar kernels of other modules (`arrow`).
    #[cfg(feature = "arrow")]
    #[inline(always)]
    pub(crate) fn status_code(&self, passes: u8, fails: u8, pending: u8) -> u8 {
        self.limits.status_code(passes, fails, pending)
    }

    /// The numbers the batch kernels compare with, for the columnar kernel of the `arrow`
    /// feature (which shares [`finish_sums_5`]).
    #[cfg(feature = "arrow")]
    #[inline(always)]
    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The lowest passing integer score (the pass mark rounded up), the coached call's column
    /// (0-based) and its only valid integer score ([`NOT_TAKEN`] when the coached score is not
    /// a whole number), for the columnar kernels of other modules (`arrow`).
    #[cfg(feature = "arrow")]
    pub(crate) fn integer_limits(&self) -> (u8, Option<usize>, u8) {
        (
            self.limits.pass_from,
            self.limits.coached,
            self.limits.coached_u8,
        )
    }

    fn plan(&self) -> Plan<'_> {
        Plan {
            policy: &self.policy,
            limits: self.limits,
        }
    }
}

/// Where a session stands, in numbers only: see [`PreparedCertPolicy::standing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Standing {
    /// In progress, certified or failed.
    pub status: Status,
    /// Whether the status was decided while calls were still to be taken.
    pub decided_early: bool,
    /// Passing calls.
    pub passes: u8,
    /// Failing calls.
    pub fails: u8,
    /// Calls not taken yet.
    pub pending: u8,
    /// Passes as a whole percent of the policy's calls.
    pub pass_rate: u8,
}

/// [`PreparedCertPolicy::standing`] under `policy`.
pub fn standing(scores: &[f64], policy: &CertPolicy) -> Result<Standing> {
    policy.prepare()?.standing(scores)
}

impl TryFrom<CertPolicy> for PreparedCertPolicy {
    type Error = Error;
    fn try_from(policy: CertPolicy) -> Result<PreparedCertPolicy> {
        let limits = Limits::new(&policy)?;
        Ok(PreparedCertPolicy { policy, limits })
    }
}

impl From<PreparedCertPolicy> for CertPolicy {
    fn from(p: PreparedCertPolicy) -> CertPolicy {
        p.policy
    }
}

impl CertPolicy {
    /// Validates the policy once and returns it ready for many batch calls.
    pub fn prepare(&self) -> Result<PreparedCertPolicy> {
        PreparedCertPolicy::try_from(self.clone())
    }
}

pub(crate) fn plan(policy: &CertPolicy) -> Result<Plan<'_>> {
    Ok(Plan {
        policy,
        limits: Limits::new(policy)?,
    })
}

/// Evaluates many agents at once: `scores` holds `rows x calls` `u8` scores, row-major (one
/// row per agent, calls 1, 2, ... in order); [`NOT_TAKEN`] (255) marks a call not taken yet.
/// Writes each row's status code, passes and pass rate into `out`, whose columns must have
/// one entry per row. Allocates nothing. For many calls under one policy,
/// [`CertPolicy::prepare`] checks the policy once.
///
/// The call mix (PDP/MAPD) is not checked: a row carries scores only. A score from 101 to
/// 254, or a coached call scored otherwise than the policy says, is an error naming the agent
/// row (0-based) and call (1-based); rows before it have been written.
pub fn evaluate_batch_into(
    scores: &[u8],
    policy: &CertPolicy,
    out: &mut BatchOut<'_>,
) -> Result<()> {
    plan(policy)?.run_u8(scores, out)
}

/// [`evaluate_batch_into`] into new columns.
///
/// # Errors
///
/// [`Error::InvalidPolicy`] for an invalid policy; [`Error::InvalidInput`] for a slice whose
/// length is not a multiple of the policy's calls; [`Error::InvalidScore`] naming the agent
/// row and call of the first score that is neither 0 to 100 nor [`NOT_TAKEN`].
///
/// ```
/// use care_core::certification::{evaluate_batch, CertPolicy};
/// let p = CertPolicy::default();
/// let cols = evaluate_batch(&[100, 90, 84, 88, 92, 100, 70, 80, 255, 255], &p)?;
/// assert_eq!(cols.status, [1, 2]); // certified, failed
/// assert_eq!(cols.pass_rate, [80, 20]);
/// assert!(evaluate_batch(&[100, 90, 84, 88, 101], &p).is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn evaluate_batch(scores: &[u8], policy: &CertPolicy) -> Result<BatchColumns> {
    let calls = usize::from(policy.calls.max(1));
    let mut cols = BatchColumns::zeroed(scores.len() / calls);
    evaluate_batch_into(scores, policy, &mut cols.as_out())?;
    Ok(cols)
}

/// Like [`evaluate_batch_into`] for `f64` scores (a numpy `float64` array as it is): NaN
/// marks a call not taken yet; an infinity, or a score outside 0 to 100, is an error naming
/// the agent row and call. Fractional scores are compared with the pass mark as they are.
pub fn evaluate_batch_f64_into(
    scores: &[f64],
    policy: &CertPolicy,
    out: &mut BatchOut<'_>,
) -> Result<()> {
    plan(policy)?.run_f64(scores, out)
}

/// [`evaluate_batch_f64_into`] into new columns.
pub fn evaluate_batch_f64(scores: &[f64], policy: &CertPolicy) -> Result<BatchColumns> {
    let calls = usize::from(policy.calls.max(1));
    let mut cols = BatchColumns::zeroed(scores.len() / calls);
    evaluate_batch_f64_into(scores, policy, &mut cols.as_out())?;
    Ok(cols)
}

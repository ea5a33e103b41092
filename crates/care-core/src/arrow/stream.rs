//! Streams of batches evaluated one batch at a time.

#[allow(unused_imports)]
use super::*;

/// What a stream evaluates each batch with.
pub trait BatchRule {
    /// The schema of care-core's output columns (without kept columns).
    fn schema(&self) -> SchemaRef;
    /// The output schema for input `schema`: kept columns, then care-core's.
    fn output_schema(&self, schema: &Schema) -> Result<SchemaRef>;
    /// Checks an input schema before any batch is read.
    fn check_schema(&self, schema: &Schema) -> Result<()>;
    /// Evaluates one batch whose first row is row `first_row` of the stream.
    fn evaluate_from(&self, batch: &RecordBatch, first_row: u64) -> Result<RecordBatch>;
}

impl BatchRule for CertArrow {
    fn schema(&self) -> SchemaRef {
        CertArrow::schema(self)
    }
    fn output_schema(&self, schema: &Schema) -> Result<SchemaRef> {
        CertArrow::output_schema(self, schema)
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
    fn output_schema(&self, schema: &Schema) -> Result<SchemaRef> {
        EscalationArrow::output_schema(self, schema)
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
    schema: SchemaRef,
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
        let schema = rule.output_schema(input_schema)?;
        Ok(RuleStream {
            rule,
            schema,
            input,
            rows: 0,
            batches: 0,
            done: false,
        })
    }

    /// The output schema: kept columns (as in the input schema), then care-core's.
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
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

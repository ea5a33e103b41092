//! Arrow in and out: `evaluate_arrow` and `escalation_arrow` over anything that implements
//! the Arrow PyCapsule interface (`__arrow_c_array__` or `__arrow_c_stream__`: pyarrow,
//! Polars, DuckDB, arro3...), through pyo3-arrow (no pyarrow needed). Every rule and every
//! output column name is care-core's (`care_core::arrow`); this file converts and nothing else.
//!
//! A record batch in gives a record batch out (pyo3-arrow's `RecordBatch`, which implements
//! `__arrow_c_array__`); a stream in gives an `ArrowStream` out, which evaluates one batch
//! each time its reader asks for one (constant memory) and implements `__arrow_c_stream__`
//! and Python iteration. The GIL is released while care-core works.

use care_core::arrow::{CertArrow, EscalationArrow, RuleStream, START};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::{PyRecordBatch, PyRecordBatchReader, PySchema};
use std::sync::Mutex;

use arrow_array::{RecordBatch, RecordBatchReader};
use arrow_schema::{ArrowError, SchemaRef};

use crate::errors::{care, invalid, raise, run};
use crate::values::{Arg, Opt};

/// The batches of an evaluated stream, read one at a time.
type Batches = Box<dyn Iterator<Item = care_core::Result<RecordBatch>> + Send>;

/// The input as a batch or a stream; anything else is an `InvalidInputError`.
fn input(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<AnyRecordBatch> {
    data.extract::<AnyRecordBatch>().map_err(|e| {
        let give = "give a record batch, table or stream implementing the Arrow PyCapsule interface \
                    (__arrow_c_array__ or __arrow_c_stream__: pyarrow, Polars, DuckDB, arro3)";
        invalid(py, format!("data is {}: {give} ({e})", crate::values::type_name(data)))
    })
}

/// Runs `rule` over `data`: a batch now, or a stream as it is read.
fn apply<'py, R>(py: Python<'py>, rule: R, data: AnyRecordBatch) -> PyResult<Bound<'py, PyAny>>
where
    R: care_core::arrow::BatchRule + Send + Sync + 'static,
{
    match data {
        AnyRecordBatch::RecordBatch(batch) => {
            let batch = batch.into_inner();
            let out = py.detach(|| run(|| rule.evaluate_from(&batch, 0))).map_err(|e| raise(py, e))?;
            Ok(Bound::new(py, PyRecordBatch::new(out))?.into_any())
        }
        AnyRecordBatch::Stream(stream) => {
            let reader = stream.into_reader()?;
            let in_schema = reader.schema();
            let batches = care(py, || RuleStream::new(rule, &in_schema, reader))?;
            let schema = batches.schema();
            Ok(Bound::new(py, ArrowStream { batches: Mutex::new(Some(Box::new(batches))), schema })?
                .into_any())
        }
    }
}

/// The evaluated stream as an Arrow reader (for `__arrow_c_stream__`): care-core's errors
/// become Arrow errors with care-core's message whole.
struct Reader {
    batches: Batches,
    schema: SchemaRef,
}

impl Iterator for Reader {
    type Item = Result<RecordBatch, ArrowError>;
    fn next(&mut self) -> Option<Self::Item> {
        let next = run(|| Ok(self.batches.next())).unwrap_or_else(|f| {
            Some(Err(match f {
                Ok(e) => e,
                Err(panic) => {
                    care_core::Error::invalid_input(format!("internal error in care-core: {panic}"))
                }
            }))
        })?;
        Some(next.map_err(|e| ArrowError::InvalidArgumentError(format!("{} ({})", e, e.kind().code()))))
    }
}

impl RecordBatchReader for Reader {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}

/// A stream of evaluated record batches: each batch is evaluated when it is read, by an
/// Arrow consumer (`__arrow_c_stream__`: `pyarrow.table(s)`, `polars.DataFrame(s)`...) or
/// by iterating in Python (each item a record batch implementing `__arrow_c_array__`).
/// It can be read once. An error raises care-core's exception when iterating in Python, and
/// the consumer's error with care-core's message through `__arrow_c_stream__`.
#[pyclass(frozen, module = "care_core")]
pub struct ArrowStream {
    batches: Mutex<Option<Batches>>,
    schema: SchemaRef,
}

impl ArrowStream {
    fn take(&self, py: Python<'_>) -> PyResult<Batches> {
        let batches = self.batches.try_lock().ok().and_then(|mut b| b.take());
        batches.ok_or_else(|| invalid(py, "this stream has already been read"))
    }
}

#[pymethods]
impl ArrowStream {
    /// The Arrow C stream of the evaluated batches (the PyCapsule interface).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self, py: Python<'py>, requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let batches = self.take(py)?;
        let reader = PyRecordBatchReader::new(Box::new(Reader { batches, schema: self.schema.clone() }));
        let requested = requested_schema.filter(|s| s.cast::<PyCapsule>().is_ok());
        Bound::new(py, reader)?.call_method1("__arrow_c_stream__", (requested,))
    }

    /// The Arrow C schema of the evaluated batches (the PyCapsule interface), so that a
    /// consumer that asks for the schema first (DuckDB's `FROM stream`) can read the stream.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Bound::new(py, PySchema::new(self.schema.clone()))?.call_method0("__arrow_c_schema__")
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        // try_lock: waiting here with the GIL held could deadlock with a reader that has
        // released it.
        let mut guard =
            self.batches.try_lock().map_err(|_| invalid(py, "this stream is being read elsewhere"))?;
        let Some(batches) = guard.as_mut() else {
            return Ok(None);
        };
        let next = py.detach(|| run(|| batches.next().transpose()));
        match next {
            Ok(Some(batch)) => Ok(Some(Bound::new(py, PyRecordBatch::new(batch))?.into_any())),
            Ok(None) => {
                *guard = None;
                Ok(None)
            }
            Err(e) => {
                *guard = None;
                Err(raise(py, e))
            }
        }
    }

    /// () -> list[str]
    /// The output's column names.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema.fields().iter().map(|f| f.name().to_string()).collect()
    }

    fn __repr__(&self) -> String {
        format!("ArrowStream({})", self.column_names().join(", "))
    }
}

/// (data: Any, columns: Sequence[str] | None = None, policy: CertPolicy | None = None, keep: Sequence[str] | None = None) -> Any
/// Evaluates the certification of every row of `data` (anything implementing the Arrow
/// PyCapsule interface): one score column per call, `call1` ... `call5` by default or
/// `columns` in call order; integers, floats or decimals, null = not taken yet. Returns a
/// record batch (for a batch) or an `ArrowStream` (for a stream) of `status` (dictionary of
/// names), `passes`, `pass_rate` and `decided_early`, one row per input row, after the
/// input columns named in `keep` (passed through first, unchanged: an agent id beside its
/// answers; a name missing from the input or equal to an output column is an error).
#[pyfunction]
#[pyo3(signature = (data, columns=None, policy=None, keep=None))]
fn evaluate_arrow<'py>(
    py: Python<'py>, data: &Bound<'py, PyAny>, columns: Opt<'_, 'py>, policy: Opt<'_, 'py>,
    keep: Opt<'_, 'py>,
) -> PyResult<Bound<'py, PyAny>> {
    let prepared = <&care_core::certification::PreparedCertPolicy>::arg(py, "policy", policy)?.clone();
    let columns = Option::<Vec<String>>::arg(py, "columns", columns)?;
    let keep = Option::<Vec<String>>::arg(py, "keep", keep)?.unwrap_or_default();
    let rule = care(py, || CertArrow::prepared(prepared, columns.as_deref())?.keep(&keep))?;
    let data = input(py, data)?;
    apply(py, rule, data)
}

/// (data: Any, start: str | None = None, *, as_of: datetime.date | str, completed: str | None = None, calendar: Calendar | None = None, policy: EscalationPolicy | None = None, keep: Sequence[str] | None = None) -> Any
/// The escalation of every row of `data` as of `as_of`: a `date32` start column (`start` by
/// default) and an optional completion date column (`completed`; null = not completed).
/// Returns a record batch or an `ArrowStream` of `stage` (dictionary of `none` and the
/// policy's step ids), `expected_completion` and one `<step>_due` date column per step,
/// after the input columns named in `keep` (passed through first, unchanged).
// Each argument is a Python keyword argument of the signature above.
#[allow(clippy::too_many_arguments)]
#[pyfunction]
#[pyo3(signature = (data, start=None, *, as_of, completed=None, calendar=None, policy=None, keep=None))]
fn escalation_arrow<'py>(
    py: Python<'py>, data: &Bound<'py, PyAny>, start: Opt<'_, 'py>, as_of: &Bound<'py, PyAny>,
    completed: Opt<'_, 'py>, calendar: Opt<'_, 'py>, policy: Opt<'_, 'py>, keep: Opt<'_, 'py>,
) -> PyResult<Bound<'py, PyAny>> {
    let calendar = <&care_core::calendar::Calendar>::arg(py, "calendar", calendar)?;
    let policy = <&care_core::escalation::EscalationPolicy>::arg(py, "policy", policy)?;
    let (start, completed) =
        (Option::<String>::arg(py, "start", start)?, Option::<String>::arg(py, "completed", completed)?);
    let (as_of, start) =
        (jiff::civil::Date::arg(py, "as_of", Some(as_of))?, start.as_deref().unwrap_or(START));
    let keep = Option::<Vec<String>>::arg(py, "keep", keep)?.unwrap_or_default();
    let rule =
        care(py, || EscalationArrow::new(start, as_of, completed.as_deref(), calendar, policy)?.keep(&keep))?;
    let data = input(py, data)?;
    apply(py, rule, data)
}

crate::register! {
    [ArrowStream],
    [evaluate_arrow, escalation_arrow]
}

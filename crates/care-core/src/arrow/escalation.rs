//! [`EscalationArrow`]: escalation stages and due dates of record batches.

#[allow(unused_imports)]
use super::*;

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
    keep: Vec<String>,
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
            keep: Vec::new(),
        })
    }

    /// Passes the input columns `names` through, first and unchanged, as
    /// [`CertArrow::keep`]: a name equal to an output column (`stage`...) or named twice is
    /// [`Error::InvalidInput`]; so is an input without one of them, when evaluated.
    ///
    /// ```
    /// use arrow_array::{ArrayRef, Date32Array, Int64Array, RecordBatch};
    /// use care_core::arrow::EscalationArrow;
    /// use care_core::calendar::Calendar;
    /// use care_core::escalation::EscalationPolicy;
    /// use std::sync::Arc;
    ///
    /// let batch = RecordBatch::try_from_iter([
    ///     ("id", Arc::new(Int64Array::from(vec![7, 8])) as ArrayRef),
    ///     ("start", Arc::new(Date32Array::from(vec![20_600, 20_610])) as ArrayRef),
    /// ]).unwrap();
    /// let cal = Calendar::us_federal("America/New_York").unwrap();
    /// let as_of = jiff::civil::date(2026, 7, 20);
    /// let rule = EscalationArrow::new("start", as_of, None, &cal, &EscalationPolicy::default())
    ///     .unwrap()
    ///     .keep(&["id".to_string()])
    ///     .unwrap();
    /// let out = rule.evaluate(&batch).unwrap();
    /// assert_eq!(out.schema().field(0).name(), "id");
    /// assert_eq!(out.schema().field(1).name(), "stage");
    /// ```
    pub fn keep(mut self, names: &[String]) -> Result<EscalationArrow> {
        self.keep = kept_names(names, &self.schema)?;
        Ok(self)
    }

    /// The kept columns ([`EscalationArrow::keep`]), in output order.
    pub fn kept(&self) -> &[String] {
        &self.keep
    }

    /// The schema of care-core's columns in the batches [`EscalationArrow::evaluate`]
    /// returns (after any kept columns: [`EscalationArrow::output_schema`]).
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// The schema of the batches [`EscalationArrow::evaluate`] returns for input `schema`:
    /// the kept columns (as in the input), then [`EscalationArrow::schema`].
    pub fn output_schema(&self, schema: &Schema) -> Result<SchemaRef> {
        self.check_schema(schema)?;
        kept_schema(&self.keep, schema, &self.schema)
    }

    /// Checks that `schema` has the date columns, of a date type, and every kept column.
    pub fn check_schema(&self, schema: &Schema) -> Result<()> {
        let mut cols = vec![(&self.start, "the start dates")];
        if let Some(c) = &self.completed {
            cols.push((c, "the completion dates"));
        }
        for (name, role) in cols {
            let dates =
                |t: &DataType| matches!(t, DataType::Date32 | DataType::Date64 | DataType::Null);
            typed_column(
                schema,
                name,
                role,
                dates,
                &format!("{role} must be dates (date32 or date64)"),
            )?;
        }
        check_kept(&self.keep, schema)
    }

    /// Evaluates every row of `batch`.
    pub fn evaluate(&self, batch: &RecordBatch) -> Result<RecordBatch> {
        self.evaluate_from(batch, 0)
    }

    /// [`EscalationArrow::evaluate`] for a batch whose first row is row `first_row` of a
    /// stream.
    pub fn evaluate_from(&self, batch: &RecordBatch, first_row: u64) -> Result<RecordBatch> {
        with_kept(&self.keep, batch, self.evaluate_rule(batch, first_row)?)
    }

    /// care-core's columns of [`EscalationArrow::evaluate_from`].
    fn evaluate_rule(&self, batch: &RecordBatch, first_row: u64) -> Result<RecordBatch> {
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
pub(super) enum DateColumn<'a> {
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

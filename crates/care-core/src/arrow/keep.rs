//! Kept columns: input columns passed through, first and unchanged, before care-core's.

#[allow(unused_imports)]
use super::*;

/// The kept column names `names`, checked against the output columns of `out`: a name
/// that is an output column, or named twice, is [`Error::InvalidInput`] naming it.
pub(super) fn kept_names(names: &[String], out: &Schema) -> Result<Vec<String>> {
    for (i, name) in names.iter().enumerate() {
        if out.index_of(name).is_ok() {
            let outputs: Vec<&str> = out.fields().iter().map(|f| f.name().as_str()).collect();
            return Err(Error::invalid_input(format!(
                "kept column {name} has the name of an output column ({}): rename it in the input",
                outputs.join(", ")
            )));
        }
        if names[..i].contains(name) {
            return Err(Error::invalid_input(format!(
                "kept column {name} is named twice: name each kept column once"
            )));
        }
    }
    Ok(names.to_vec())
}

/// Checks that `schema` has every kept column (of any type).
pub(super) fn check_kept(keep: &[String], schema: &Schema) -> Result<()> {
    for name in keep {
        find_column(schema, name, "a kept column")?;
    }
    Ok(())
}

/// The output schema for input `schema`: the kept fields (as in the input), then `out`'s.
pub(super) fn kept_schema(keep: &[String], schema: &Schema, out: &SchemaRef) -> Result<SchemaRef> {
    if keep.is_empty() {
        return Ok(out.clone());
    }
    let mut fields = Vec::with_capacity(keep.len() + out.fields().len());
    for name in keep {
        let i = find_column(schema, name, "a kept column")?;
        fields.push(schema.fields()[i].clone());
    }
    fields.extend(out.fields().iter().cloned());
    Ok(Arc::new(Schema::new(fields)))
}

/// `out` with the kept columns of `input` before its own (the input's arrays, shared).
pub(super) fn with_kept(
    keep: &[String],
    input: &RecordBatch,
    out: RecordBatch,
) -> Result<RecordBatch> {
    if keep.is_empty() {
        return Ok(out);
    }
    let schema = kept_schema(keep, &input.schema(), out.schema_ref())?;
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(schema.fields().len());
    for name in keep {
        let i = find_column(&input.schema(), name, "a kept column")?;
        columns.push(input.column(i).clone());
    }
    columns.extend(out.columns().iter().cloned());
    RecordBatch::try_new(schema, columns).map_err(arrow_err)
}

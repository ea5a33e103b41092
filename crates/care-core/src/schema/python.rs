//! The fields of the data types with their Python types: the attributes that the Python
//! binding's stub generator (`bindings/python/stubgen.py`) declares on each result class.

use serde_json::{json, Value};

/// Every type of [`definitions`](super::definitions) with its fields, each as `[name, Python
/// type, description or null]`, the type as pythonize writes the values (a nested object is
/// a `dict[str, Any]`).
///
/// ```
/// let fields = care_core::schema::python_fields();
/// let agent = &fields["Evaluation"].as_array().unwrap()[0];
/// assert_eq!(agent[0], "agent");
/// assert_eq!(agent[1], "str");
/// ```
pub fn python_fields() -> Value {
    let defs = super::definitions();
    let defs = &defs["$defs"];
    let types = defs.as_object().into_iter().flatten().map(|(name, s)| {
        let props = s["properties"].as_object().into_iter().flatten();
        let fields = props.map(|(k, p)| json!([k, py(p, defs, 0), p["description"]]));
        (name.clone(), Value::Array(fields.collect()))
    });
    Value::Object(types.collect())
}

/// The Python type of the values that match schema `s` (`$ref`s resolved in `defs`, three
/// deep at most).
fn py(s: &Value, defs: &Value, depth: usize) -> String {
    if let Some(target) = s["$ref"].as_str() {
        let target = &defs[target.rsplit('/').next().unwrap_or(target)];
        return match depth > 2 || target.get("properties").is_some() || target["type"] == "object" {
            true => "dict[str, Any]".into(),
            false => py(target, defs, depth + 1),
        };
    }
    let union = [&s["oneOf"], &s["anyOf"]]
        .into_iter()
        .filter_map(Value::as_array)
        .find(|u| !u.is_empty());
    if let Some(union) = union {
        let mut names: Vec<String> = Vec::new();
        for name in union.iter().map(|u| py(u, defs, depth + 1)) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        return names.join(" | ");
    }
    if s.get("const").is_some() || s.get("enum").is_some() {
        let values = s["enum"]
            .as_array()
            .cloned()
            .unwrap_or_else(|| vec![s["const"].clone()]);
        return format!(
            "Literal[{}]",
            values.iter().map(repr).collect::<Vec<_>>().join(", ")
        );
    }
    let kinds = match &s["type"] {
        Value::String(kind) => vec![kind.as_str()],
        Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let names: Vec<String> = kinds
        .into_iter()
        .map(|kind| match kind {
            "array" => format!("list[{}]", py(&s["items"], defs, depth + 1)),
            "object" if s["additionalProperties"].is_object() => {
                format!(
                    "dict[str, {}]",
                    py(&s["additionalProperties"], defs, depth + 1)
                )
            }
            "object" => "dict[str, Any]".into(),
            "string" => "str".into(),
            "integer" => "int".into(),
            "number" => "float".into(),
            "boolean" => "bool".into(),
            "null" => "None".into(),
            _ => "Any".into(),
        })
        .collect();
    match names.is_empty() {
        true => "Any".into(),
        false => names.join(" | "),
    }
}

/// A JSON value as Python writes it in a `Literal[...]` (text with quotes, backslashes or
/// control characters as JSON writes it, which Python reads the same).
fn repr(value: &Value) -> String {
    match value {
        Value::String(s) if !s.contains(|c: char| c == '\'' || c == '\\' || c.is_control()) => {
            format!("'{s}'")
        }
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        other => other.to_string(),
    }
}

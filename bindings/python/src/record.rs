//! Results: `Record`, a read-only object over a care-core value, with attributes from its
//! JSON keys, `to_dict()` giving exactly what serde writes, a readable `repr` and an HTML table
//! for notebooks. Specific result classes subclass it (see [`record_class!`]) to give typed,
//! documented attributes.

use pyo3::exceptions::{PyAttributeError, PyKeyError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};
use serde::Serialize;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use crate::errors::to_pyerr;

/// A care-core value that can be written as JSON (any `Serialize` type).
pub trait AsJson: Send + Sync {
    /// The value as serde writes it.
    fn json(&self) -> Result<String, String>;
    /// The value itself, for methods of a specific record class.
    fn as_any(&self) -> &dyn std::any::Any;
    /// The top-level field `key` as a Python object, when the value can give it without
    /// being written out whole (see [`Scalars`]); `None` reads it from the dict.
    fn scalar<'py>(&self, _py: Python<'py>, _key: &str) -> Option<PyResult<Bound<'py, PyAny>>> {
        None
    }
    /// The value as a new dict built directly (see [`Scalars::plain`]); `None` goes through
    /// its JSON.
    fn plain<'py>(&self, _py: Python<'py>) -> Option<PyResult<Bound<'py, PyDict>>> {
        None
    }
}

/// A value some of whose top-level fields are cheap to read directly: a record over it
/// answers those attributes without building its dict. Each answer must equal the dict's
/// value for the key (what serde writes).
pub trait Scalars {
    /// The field `key` as a Python object, or `None` for "read it from the dict".
    fn scalar<'py>(&self, py: Python<'py>, key: &str) -> Option<PyResult<Bound<'py, PyAny>>>;

    /// The whole value as a new dict built directly, equal to `json.loads` of its JSON (a
    /// test compares them); `None` for "go through the JSON". Writing the JSON and parsing it
    /// back costs about 20 µs for an evaluation; building the dict, a few.
    fn plain<'py>(&self, _py: Python<'py>) -> Option<PyResult<Bound<'py, PyDict>>> {
        None
    }
}

impl<T: Serialize + Send + Sync + 'static> AsJson for T {
    fn json(&self) -> Result<String, String> {
        serde_json::to_string(self).map_err(|e| e.to_string())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A [`Scalars`] value in a record (see [`Record::with_scalars`]).
struct WithScalars<T>(T);

impl<T: Serialize + Scalars + Send + Sync + 'static> AsJson for WithScalars<T> {
    fn json(&self) -> Result<String, String> {
        serde_json::to_string(&self.0).map_err(|e| e.to_string())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        &self.0
    }
    fn scalar<'py>(&self, py: Python<'py>, key: &str) -> Option<PyResult<Bound<'py, PyAny>>> {
        self.0.scalar(py, key)
    }
    fn plain<'py>(&self, py: Python<'py>) -> Option<PyResult<Bound<'py, PyDict>>> {
        self.0.plain(py)
    }
}

static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static JSON_DUMPS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `json.loads(text)`: Python objects exactly as the JSON says, keys in serde's field order.
pub fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    JSON_LOADS.import(py, "json", "loads")?.call1((text,))
}

/// `json.dumps(obj)`: a Python value (dicts, lists, str, numbers, None) as JSON text, for
/// care-core to parse with its own error messages.
pub fn dumps(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = obj.py();
    let text = JSON_DUMPS.import(py, "json", "dumps")?.call1((obj,))?;
    text.extract()
}

/// How deep [`to_value`] follows nested dicts and lists (a self-containing dict would
/// otherwise recurse until the stack overflows).
const MAX_DEPTH: usize = 128;

/// A Python value (dicts, lists, tuples, str, int, float, bool, None, numpy scalars) as a
/// JSON value for care-core's `policy::from_value`, without going through JSON text: a NaN
/// or infinite float becomes the string `"NaN"`, `"Infinity"` or `"-Infinity"`, which
/// care-core reads back as that float where a score may be one (and rejects as an invalid
/// score), instead of a JSON parse error at some column of text the user never wrote.
pub fn to_value(obj: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    value_at(obj, 0)
}

fn value_at(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<serde_json::Value> {
    use pyo3::types::{PyBool, PyFloat, PyInt, PyList, PyTuple};
    use serde_json::Value;
    if depth > MAX_DEPTH {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "the value is nested more than {MAX_DEPTH} levels deep (or contains itself)"
        )));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return float_value(obj.extract::<f64>()?);
    }
    if obj.is_instance_of::<PyFloat>() {
        return float_value(obj.extract::<f64>()?);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.extract::<String>()?));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = serde_json::Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = match k.cast::<PyString>() {
                Ok(s) => s.extract::<String>()?,
                // Like json.dumps: numbers, bools and None as keys become their JSON text.
                Err(_) => match value_at(&k, depth + 1)? {
                    Value::String(s) => s,
                    Value::Array(_) | Value::Object(_) => {
                        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                            "keys must be str, int, float, bool or None, not {}",
                            k.get_type().name()?
                        )))
                    }
                    other => other.to_string(),
                },
            };
            map.insert(key, value_at(&v, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for item in obj.try_iter()? {
            items.push(value_at(&item?, depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    // numpy scalars (numpy.float64 is a float, but numpy.int64 and numpy.bool_ are not).
    if obj.hasattr("item")? && obj.hasattr("dtype")? {
        let plain = obj.call_method0("item")?;
        if !plain.is(obj) {
            return value_at(&plain, depth + 1);
        }
    }
    Err(pyo3::exceptions::PyTypeError::new_err(format!(
        "Object of type {} is not JSON serializable",
        obj.get_type().name()?
    )))
}

fn float_value(x: f64) -> PyResult<serde_json::Value> {
    Ok(match serde_json::Number::from_f64(x) {
        Some(n) => serde_json::Value::Number(n),
        None if x.is_nan() => serde_json::Value::String("NaN".into()),
        None if x > 0.0 => serde_json::Value::String("Infinity".into()),
        None => serde_json::Value::String("-Infinity".into()),
    })
}

enum Source {
    /// A Rust value, turned into Python objects on first use.
    Rust(Arc<dyn AsJson>),
    /// A part of another record (a nested object).
    Python(Py<PyDict>),
}

/// A read-only result: attributes from the value's keys, `to_dict()` for the JSON.
#[pyclass(subclass, frozen, module = "care_core")]
pub struct Record {
    name: Cow<'static, str>,
    source: Source,
    json: OnceLock<Result<String, String>>,
    dict: PyOnceLock<Py<PyDict>>,
}

impl Record {
    /// A record named `name` (the class name shown by `repr`) over `value`.
    pub fn new<T: Serialize + Send + Sync + 'static>(name: &'static str, value: T) -> Record {
        Record {
            name: Cow::Borrowed(name),
            source: Source::Rust(Arc::new(value)),
            json: OnceLock::new(),
            dict: PyOnceLock::new(),
        }
    }

    /// [`Record::new`] over a value that answers some attributes itself ([`Scalars`]).
    pub fn with_scalars<T: Serialize + Scalars + Send + Sync + 'static>(
        name: &'static str,
        value: T,
    ) -> Record {
        Record {
            name: Cow::Borrowed(name),
            source: Source::Rust(Arc::new(WithScalars(value))),
            json: OnceLock::new(),
            dict: PyOnceLock::new(),
        }
    }

    fn nested(name: String, dict: Bound<'_, PyDict>) -> Record {
        Record {
            name: Cow::Owned(name),
            source: Source::Python(dict.unbind()),
            json: OnceLock::new(),
            dict: PyOnceLock::new(),
        }
    }

    /// The Rust value behind the record, if it is a `T`.
    pub fn value<T: 'static>(&self) -> Option<&T> {
        match &self.source {
            Source::Rust(v) => v.as_any().downcast_ref::<T>(),
            Source::Python(_) => None,
        }
    }

    /// The value as JSON text.
    pub fn json_text(&self, py: Python<'_>) -> PyResult<String> {
        match &self.source {
            Source::Rust(v) => match self.json.get_or_init(|| v.json()) {
                Ok(s) => Ok(s.clone()),
                Err(msg) => Err(to_pyerr(
                    py,
                    &care_core::Error::invalid_input(format!("cannot write JSON: {msg}")),
                )),
            },
            Source::Python(d) => dumps(d.bind(py).as_any()),
        }
    }

    /// The value as a (shared, cached) Python dict.
    pub fn dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        match &self.source {
            Source::Python(d) => Ok(d.bind(py).clone()),
            Source::Rust(v) => {
                let d = self.dict.get_or_try_init(py, || -> PyResult<Py<PyDict>> {
                    if let Some(d) = v.plain(py) {
                        return d.map(Bound::unbind);
                    }
                    let text = self.json_text(py)?;
                    let obj = loads(py, &text)?;
                    match obj.cast_into::<PyDict>() {
                        Ok(d) => Ok(d.unbind()),
                        Err(other) => {
                            // A value that is not an object: keep it under `value`.
                            let d = PyDict::new(py);
                            d.set_item("value", other.into_inner())?;
                            Ok(d.unbind())
                        }
                    }
                })?;
                Ok(d.bind(py).clone())
            }
        }
    }

    /// The attribute `key`: nested objects become records, lists of objects lists of records.
    pub fn attr<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        if let Source::Rust(v) = &self.source {
            if let Some(value) = v.scalar(py, key) {
                return value.map(Some);
            }
        }
        let d = self.dict(py)?;
        match d.get_item(key)? {
            Some(v) => Ok(Some(wrap(py, key, v)?)),
            None => Ok(None),
        }
    }
}

fn class_name_for(key: &str) -> String {
    // `reasons` -> `Reason`, `next_steps` -> `NextStep`, `policy` -> `Policy`.
    let singular = key.strip_suffix('s').unwrap_or(key);
    singular
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn wrap<'py>(py: Python<'py>, key: &str, v: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if let Ok(d) = v.cast::<PyDict>() {
        let r = Record::nested(class_name_for(key), d.clone());
        return Ok(Bound::new(py, r)?.into_any());
    }
    if let Ok(l) = v.cast::<PyList>() {
        if l.iter().any(|x| x.is_instance_of::<PyDict>()) {
            let out = PyList::empty(py);
            for x in l.iter() {
                out.append(wrap(py, key, x)?)?;
            }
            return Ok(out.into_any());
        }
        // A list of plain values: a copy, so the record stays read-only.
        return Ok(PyList::new(py, l.iter())?.into_any());
    }
    Ok(v)
}

fn python_key(key: &str) -> &str {
    // `from_` reads the key `from` (a Python keyword).
    key.strip_suffix('_').unwrap_or(key)
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
}

#[pymethods]
impl Record {
    /// The value as plain Python objects, exactly the JSON serde writes (a fresh copy).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        if let Source::Rust(v) = &self.source {
            if let Some(d) = v.plain(py) {
                return d.map(Bound::into_any);
            }
        }
        let text = self.json_text(py)?;
        loads(py, &text)
    }

    /// The value as JSON text (what `to_dict()` holds, as `care --json` would print it).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        self.json_text(py)
    }

    /// The names of the value's fields.
    fn keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.dict(py)?
            .keys()
            .into_any()
            .cast_into::<PyList>()
            .map_err(Into::into)
    }

    fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        if name.starts_with("__") {
            return Err(PyAttributeError::new_err(name.to_string()));
        }
        match self.attr(py, python_key(name))? {
            Some(v) => Ok(v),
            None => Err(PyAttributeError::new_err(format!(
                "{} has no attribute {name:?}",
                self.name
            ))),
        }
    }

    fn __getitem__<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Bound<'py, PyAny>> {
        match self.attr(py, key)? {
            Some(v) => Ok(v),
            None => Err(PyKeyError::new_err(key.to_string())),
        }
    }

    fn __contains__(&self, py: Python<'_>, key: &str) -> PyResult<bool> {
        self.dict(py)?.contains(key)
    }

    fn __dir__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyList>> {
        let py = slf.py();
        let out = PyList::empty(py);
        for k in slf.get().dict(py)?.keys() {
            let k: String = k.extract()?;
            let name = if k == "from" || k == "type" || k == "in" {
                format!("{k}_")
            } else {
                k
            };
            out.append(name)?;
        }
        for m in ["to_dict", "to_json", "keys"] {
            out.append(m)?;
        }
        Ok(out)
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        match other.cast::<Record>() {
            Ok(o) => self.dict(py)?.eq(o.get().dict(py)?),
            Err(_) => Ok(false),
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let d = self.dict(py)?;
        let mut parts = Vec::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key: String = k.extract()?;
            let shown = if v.is_instance_of::<PyDict>() {
                format!("{}(...)", class_name_for(&key))
            } else if let Ok(l) = v.cast::<PyList>() {
                if l.iter().any(|x| x.is_instance_of::<PyDict>()) {
                    format!("[{} {}]", l.len(), class_name_for(&key))
                } else {
                    v.repr()?.to_string()
                }
            } else {
                v.repr()?.to_string()
            };
            parts.push(format!("{key}={shown}"));
        }
        Ok(format!("{}({})", self.name, parts.join(", ")))
    }

    /// An HTML table of the fields, for notebooks.
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        let d = self.dict(py)?;
        let mut s = format!(
            "<table class=\"care-record\"><caption>{}</caption><tbody>",
            html_escape(&self.name)
        );
        for (k, v) in d.iter() {
            let key: String = k.extract()?;
            let shown: String = if v.is_instance_of::<PyString>() {
                v.extract()?
            } else {
                dumps(&v)?
            };
            s.push_str(&format!(
                "<tr><th style=\"text-align:left\">{}</th><td style=\"text-align:left\">{}</td></tr>",
                html_escape(&key),
                html_escape(&shown)
            ));
        }
        s.push_str("</tbody></table>");
        Ok(s)
    }
}

/// Declares a `Record` subclass with one typed getter per field, e.g.
/// `record_class!(Reason, "Reason", "One step of an explanation.", [rule, input, message]);`.
/// A field whose JSON key is a Python keyword is written `from_ => "from"`; more methods of
/// the class follow in a trailing `{ ... }` block.
#[macro_export]
macro_rules! record_class {
    ($ty:ident, $pyname:literal, $doc:literal, [$($field:ident $(=> $key:literal)?),* $(,)?] $(, { $($extra:tt)* })?) => {
        #[doc = $doc]
        #[pyo3::pyclass(extends = $crate::record::Record, frozen, module = "care_core", name = $pyname)]
        pub struct $ty;

        impl $ty {
            /// A new object of this class over `value`.
            #[allow(dead_code)]
            pub fn create<T: serde::Serialize + Send + Sync + 'static>(
                py: pyo3::Python<'_>,
                value: T,
            ) -> pyo3::PyResult<pyo3::Py<$ty>> {
                Self::from_record(py, $crate::record::Record::new($pyname, value))
            }

            /// A new object of this class over a record made by the caller.
            #[allow(dead_code)]
            pub fn from_record(
                py: pyo3::Python<'_>,
                record: $crate::record::Record,
            ) -> pyo3::PyResult<pyo3::Py<$ty>> {
                pyo3::Py::new(py, pyo3::PyClassInitializer::from(record).add_subclass($ty))
            }
        }

        #[pyo3::pymethods]
        impl $ty {
            $(
                #[getter]
                fn $field<'py>(slf: &pyo3::Bound<'py, Self>) -> pyo3::PyResult<pyo3::Bound<'py, pyo3::PyAny>> {
                    let key = $crate::record_class!(@key $field $(=> $key)?);
                    let py = slf.py();
                    let base = slf.as_super();
                    match base.get().attr(py, key)? {
                        Some(v) => Ok(v),
                        None => Ok(py.None().into_bound(py)),
                    }
                }
            )*
            $($($extra)*)?
        }
    };
    (@key $field:ident => $key:literal) => { $key };
    (@key $field:ident) => { stringify!($field) };
}

/// `value` as plain Python objects, exactly the JSON serde writes.
pub fn to_plain<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    match serde_json::to_string(value) {
        Ok(text) => loads(py, &text),
        Err(e) => Err(to_pyerr(
            py,
            &care_core::Error::invalid_input(format!("cannot write JSON: {e}")),
        )),
    }
}

/// `value` as JSON text.
pub fn to_json_text<T: Serialize>(py: Python<'_>, value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| {
        to_pyerr(
            py,
            &care_core::Error::invalid_input(format!("cannot write JSON: {e}")),
        )
    })
}
